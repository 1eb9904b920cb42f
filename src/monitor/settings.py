"""Settings: defaults shipped in the package, overlaid by monitor.toml, then MONITOR_* env.

`load_settings()` returns a plain nested dict. Environment variables override single keys:
MONITOR_RUN__BATCH_SIZE=32 sets settings["run"]["batch_size"] (values parsed as TOML when they
parse, else kept as strings).
"""

from __future__ import annotations

import copy
import os
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


class SettingsError(ValueError):
    """A settings file or variable that cannot be read."""


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    text = resources.files("monitor").joinpath("defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


def _parse_env_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def config_path(cwd: Path | None = None) -> Path:
    """The user's settings file: $MONITOR_CONFIG, else ./monitor.toml."""
    env = os.environ.get("MONITOR_CONFIG")
    if env:
        return Path(env)
    return (cwd or Path.cwd()) / "monitor.toml"


def load_settings(path: Path | None = None, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Defaults, then the user's TOML file (if it exists), then MONITOR_SECTION__KEY variables."""
    settings = _defaults()
    path = path or config_path()
    if path.exists():
        try:
            settings = _merge(settings, tomllib.loads(path.read_text("utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: {exc}") from exc
    else:
        settings = copy.deepcopy(settings)
    env = os.environ if env is None else env
    for name, raw in env.items():
        if not name.startswith("MONITOR_") or "__" not in name:
            continue
        section, _, key = name[len("MONITOR_"):].lower().partition("__")
        settings.setdefault(section, {})[key] = _parse_env_value(raw)
    return settings

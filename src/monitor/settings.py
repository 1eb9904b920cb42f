"""Settings, typed once: the defaults shipped in the package (defaults.toml) say which keys
exist and of what type; monitor.toml, then MONITOR_* environment variables, override them.

`load_settings()` returns a frozen `Settings`: `settings.run.batch_size` or
`settings["run"]["batch_size"]`, never assigned to. Code reads its values and restates no
default. An environment variable overrides one key: MONITOR_RUN__BATCH_SIZE=32 sets
[run] batch_size (its value read as TOML when it parses, else as a string). A key or section
defaults.toml does not have, or a value of the wrong type, is a SettingsError naming it.
Lists become tuples (frozen too).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


class SettingsError(ValueError):
    """A settings file or variable that cannot be read."""


class Section(Mapping[str, Any]):
    """One [section] of the settings: read-only, by key or attribute."""

    __slots__ = ("_name", "_values")

    def __init__(self, name: str, values: dict[str, Any]) -> None:
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_values", values)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"no setting [{self._name}] {key}") from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("settings are read-only")

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Section({self._name!r}, {self._values!r})"


class Settings(Section):
    """Every section of the settings."""


def _defaults_text() -> str:
    return resources.files("monitor").joinpath("defaults.toml").read_text("utf-8")


@lru_cache(maxsize=1)
def defaults() -> dict[str, dict[str, Any]]:
    """defaults.toml as TOML reads it: every section and key there is."""
    return tomllib.loads(_defaults_text())


def _parse_env_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _typed(where: str, default: Any, value: Any) -> Any:
    """`value` as the type of the key's default, or a SettingsError naming `where`."""
    kind = type(default)
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "on", "off"):
            return value.lower() in ("true", "yes", "on")
        raise SettingsError(f"{where}: expected true or false, got {value!r}")
    if kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise SettingsError(f"{where}: expected a whole number, got {value!r}")
    if kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise SettingsError(f"{where}: expected a number, got {value!r}")
    if kind is str:
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # a number given where a name is expected (an env variable)
        raise SettingsError(f"{where}: expected a string, got {value!r}")
    if kind is list:
        if isinstance(value, (list, tuple)):
            return tuple(value)
        raise SettingsError(f"{where}: expected a list, got {value!r}")
    return value


def config_path(cwd: Path | None = None) -> Path:
    """The user's settings file: $MONITOR_CONFIG, else ./monitor.toml."""
    env = os.environ.get("MONITOR_CONFIG")
    if env:
        return Path(env)
    return (cwd or Path.cwd()) / "monitor.toml"


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Defaults, then the user's TOML file (if it exists), then MONITOR_SECTION__KEY variables."""
    base = defaults()
    values = {section: dict(keys) for section, keys in base.items()}
    path = path or config_path()
    overrides: list[tuple[str, str, str, Any]] = []  # (where from, section, key, value)
    if path.exists():
        try:
            user = tomllib.loads(path.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: {exc}") from exc
        for section, keys in user.items():
            if not isinstance(keys, dict):
                raise SettingsError(f"{path}: {section} is not a [section]")
            overrides += [(str(path), section, key, value) for key, value in keys.items()]
    env = os.environ if env is None else env
    for name, raw in env.items():
        if not name.startswith("MONITOR_") or "__" not in name:
            continue
        section, _, key = name[len("MONITOR_"):].lower().partition("__")
        overrides.append((name, section, key, _parse_env_value(raw)))
    for origin, section, key, value in overrides:
        if section not in base:
            raise SettingsError(f"{origin}: no settings section [{section}] "
                                f"(there are: {', '.join(base)})")
        if key not in base[section]:
            raise SettingsError(f"{origin}: no setting [{section}] {key} "
                                f"(there are: {', '.join(base[section])})")
        values[section][key] = _typed(f"{origin}: [{section}] {key}", base[section][key], value)
    for section, keys in values.items():
        for key, value in keys.items():
            if isinstance(value, list):
                keys[key] = tuple(value)
    return Settings("settings", {name: Section(name, keys) for name, keys in values.items()})

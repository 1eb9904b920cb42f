"""Settings are typed once, in defaults.toml: every key is documented, the documented defaults
are the shipped ones, and what a user sets is checked against them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from monitor.settings import SettingsError, defaults, load_settings

REPO = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| `(\w+)\.(\w+)` \| (.+?) \|", re.MULTILINE)


def _documented() -> dict[tuple[str, str], str]:
    text = (REPO / "docs" / "settings.md").read_text("utf-8")
    return {(section, key): cell for section, key, cell in ROW.findall(text)}


def test_every_setting_is_documented_with_its_shipped_default() -> None:
    documented = _documented()
    shipped = {(s, k): v for s, keys in defaults().items() for k, v in keys.items()}
    assert set(documented) == set(shipped), (
        f"undocumented: {sorted(set(shipped) - set(documented))}; "
        f"documented but not in defaults.toml: {sorted(set(documented) - set(shipped))}"
    )
    for (section, key), cell in documented.items():
        if cell == "see defaults.toml":
            continue
        value = tomllib.loads(f"v = {cell.strip('`')}")["v"]
        default = shipped[(section, key)]
        assert (value, type(value)) == (default, type(default)), f"{section}.{key}: {cell}"
    readme = (REPO / "README.md").read_text("utf-8")
    assert "docs/settings.md" in readme


def test_what_a_user_sets_is_typed_as_the_default_and_frozen(tmp_path) -> None:
    config = tmp_path / "monitor.toml"
    config.write_text("[run]\nbatch_size = 16\nlock_wait = 5\n")
    settings = load_settings(config, env={
        "MONITOR_RUN__WORKERS": "2", "MONITOR_PROCESSES__QUICK_EXIT": "false",
        "MONITOR_FETCH__USER_AGENT": "42", "MONITOR_LANGUAGE__EXPECTED": '["en","fr"]',
    })
    assert settings.run.batch_size == settings["run"]["batch_size"] == 16
    assert settings.run.lock_wait == 5.0 and isinstance(settings.run.lock_wait, float)
    assert settings.run.workers == 2 and settings.processes.quick_exit is False
    assert settings.fetch.user_agent == "42"
    assert settings.language.expected == ("en", "fr")
    assert settings.run.land_docs == defaults()["run"]["land_docs"]  # not set: the default
    with pytest.raises(AttributeError):
        settings.run.batch_size = 3
    with pytest.raises(TypeError):
        settings["run"]["batch_size"] = 3


@pytest.mark.parametrize("env, says", [
    ({"MONITOR_RUN__BATCH_SIZ": "3"}, "no setting [run] batch_siz"),
    ({"MONITOR_RUNS__BATCH_SIZE": "3"}, "no settings section [runs]"),
    ({"MONITOR_RUN__BATCH_SIZE": "many"}, "[run] batch_size: expected a whole number"),
    ({"MONITOR_PROCESSES__QUICK_EXIT": "maybe"}, "[processes] quick_exit: expected true or false"),
    ({"MONITOR_LANGUAGE__EXPECTED": "en"}, "[language] expected: expected a list"),
])
def test_a_setting_that_does_not_exist_or_fit_is_refused(tmp_path, env, says) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path / "none.toml", env=env)
    assert says in str(caught.value)


def test_a_misspelt_key_in_monitor_toml_is_refused(tmp_path) -> None:
    config = tmp_path / "monitor.toml"
    config.write_text("[run]\nbatchsize = 16\n")
    with pytest.raises(SettingsError, match=r"monitor.toml: no setting \[run\] batchsize"):
        load_settings(config, env={})

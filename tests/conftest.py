"""Shared fixtures: one temporary Prefect API for the session, and a warehouse built from the seeds."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis's timing checks (a slow example, slow input generation) measure the machine, not
# the code: on a shared two-core runner under load they fail property tests at random (one did,
# generating five integers in 1.2 s while two suites ran). Speed lives in the benchmarks.
settings.register_profile("monitor", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("monitor")

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


# Modules started before everything else. The stories benchmark is one module fixture of ~3 min
# (its floors run when the dev sets are there, as in CI's run beside ../shared): started late,
# it would be the last test running while the other worker idles. Started first, it runs
# while the other worker takes the rest of the suite.
START_FIRST = ("test_stories_benchmark.py",)


def pytest_collection_modifyitems(config, items):
    """START_FIRST modules to the front, in their order; the rest keeps pytest-randomly's
    (which ran before this hook, so a seed still replays a run). xdist's worksteal gives the
    first worker the front of the collection, and nobody steals a running test."""
    items.sort(key=lambda item: item.path.name not in START_FIRST)  # stable


# A suite started as a background job (`make test &`, nohup) inherits Ctrl-C ignored: the
# shell ignores SIGINT for asynchronous commands, and Python then installs no handler of its
# own. The Ctrl-C tests (and the runs they start, which inherit it) need Python's default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# The signal handlers as the suite found them (Ctrl-C as above), before any fixture ran.
_SUITE_HANDLERS = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}


def _restore_handlers() -> None:
    for sig, handler in _SUITE_HANDLERS.items():
        if signal.getsignal(sig) is not handler and handler is not None:
            signal.signal(sig, handler)


@pytest.fixture(autouse=True)
def _leave_the_process_as_found():
    """Each test gets, and leaves, the process as the suite found it: the signal handlers and
    the environment a test (or the code it calls: `monitor run -v`, a pool's set-up) changed
    are put back, so no test passes or fails because of the ones that ran before it. The
    handlers are the suite's, taken before any fixture ran, and are also put back before the
    test: a module- or session-scoped fixture set up just before it must not hand it a
    changed handler."""
    _restore_handlers()
    environ = dict(os.environ)
    yield
    _restore_handlers()
    if os.environ != environ:
        os.environ.clear()
        os.environ.update(environ)


@pytest.fixture(scope="session")
def prefect_api():
    """A real Prefect API (temporary server) shared by every flow run in the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def seed_run(prefect_api, tmp_path_factory):
    """The ingest flow run once over a copy of the seeds; returns (summary, warehouse, workdir)."""
    from monitor.flows.ingest import ingest

    work = tmp_path_factory.mktemp("seedrun")
    shutil.copytree(SEEDS, work / "seeds")
    warehouse = work / "warehouse" / "monitor.duckdb"
    summary = ingest(sources=["seeds"], warehouse=str(warehouse), cwd=str(work))
    return summary, warehouse, work


@pytest.fixture()
def copy_seeds(tmp_path):
    """A private copy of the seeds to edit."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path


@pytest.fixture
def fresh_number_patterns():
    """numbers' compiled patterns and word sets built afresh for the test, not taken from the
    process's cache. Behaviour is the same (they are built from data/numbers.toml alone); the
    point is mutation testing: mutmut forks its workers after the first build, so a planted bug
    in the building is only seen by tests that build again (docs/mutation.md)."""
    from monitor import numbers

    cached = (numbers._patterns, numbers._context_words, numbers._stopwords, numbers._change_words)
    for f in cached:
        f.cache_clear()
    yield
    for f in cached:
        f.cache_clear()

"""The suite's own promise (issue 24): a test starts with the process as the suite found it,
whatever a higher-scoped fixture set up just before it changed."""

from __future__ import annotations

import signal

import pytest


@pytest.fixture(scope="module")
def fixture_that_ignores_ctrl_c():
    """Stands for a module fixture whose code leaves Ctrl-C ignored (a run's worker set-up
    done in this process); it is set up before the per-test fixture of the first test."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    yield
    signal.signal(signal.SIGINT, signal.default_int_handler)


def test_a_test_starts_with_the_suites_ctrl_c_handler(fixture_that_ignores_ctrl_c) -> None:
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler

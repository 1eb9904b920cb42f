"""Shared fixtures: one temporary Prefect API for the session, and a warehouse built from the seeds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def prefect_api():
    """A real Prefect API (temporary server) shared by every flow run in the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def seed_run(prefect_api, tmp_path_factory):
    """The ingest flow run once over a copy of the seeds; returns (summary, warehouse, workdir)."""
    from flows.ingest import ingest

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

"""`monitor serve` runs the ingest deployment on its schedule; prefect.yaml loads the same flow.

The serve test starts the real command in its own process group with its own PREFECT_HOME, so
it starts (and must stop) its own Prefect server; nothing may be left running afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import yaml

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
DEADLINE = 150.0  # seconds for the server to start and two scheduled runs to complete


def completed_runs(warehouse: Path) -> int:
    """Completed runs in the warehouse; 0 while it does not exist or a run holds it."""
    if not warehouse.exists():
        return 0
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return 0  # the run holds the file for a moment; ask again later
    try:
        return con.execute("SELECT count(*) FROM runs WHERE status = 'completed'").fetchone()[0]
    except duckdb.Error:
        return 0  # schema not there yet
    finally:
        con.close()


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    # Zombies still count for killpg; look for live members of the group instead.
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def wait_gone(proc: subprocess.Popen, timeout: float) -> bool:
    """Wait until no process of the group is alive; True when none is."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        proc.poll()
        if not group_alive(proc.pid):
            return True
        time.sleep(0.2)
    return False


def kill_group(proc: subprocess.Popen) -> None:
    """Cleanup whatever happened: SIGKILL the whole group."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def test_serve_runs_the_deployment_on_its_schedule(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    warehouse = tmp_path / "w.duckdb"
    home = tmp_path / "prefect-home"
    env = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("PREFECT_", "MONITOR_"))
    }
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        GX_ANALYTICS_ENABLED="false",
        MONITOR_SERVE_LOG_LEVEL="WARNING",
    )
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", "serve", "--interval", "5",
         "--warehouse", str(warehouse), str(tmp_path / "seeds")],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    started = time.monotonic()
    try:
        while completed_runs(warehouse) < 2:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")
            if time.monotonic() - started > DEADLINE:
                pytest.fail(
                    f"fewer than 2 scheduled runs in {DEADLINE:.0f} s:\n"
                    + (tmp_path / "serve.log").read_text(errors="replace")[-4000:]
                )
            time.sleep(1)
        # Stopping `monitor serve` (as a service manager would: SIGTERM to the main process)
        # stops the Prefect server it started too.
        os.kill(proc.pid, signal.SIGTERM)
        stopped = wait_gone(proc, 40)
    finally:
        kill_group(proc)
        log.close()
    assert stopped, "monitor serve left processes running after SIGTERM"
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        flows = con.execute(
            "SELECT count(DISTINCT flow_run_id) FROM runs WHERE status = 'completed'"
        ).fetchone()[0]
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        running = con.execute("SELECT count(*) FROM runs WHERE status = 'running'").fetchone()[0]
    finally:
        con.close()
    assert flows >= 2, "each scheduled run is its own Prefect flow run"
    assert articles == 5, "scheduled re-runs over the same seeds land nothing twice"
    assert running <= 1  # a run cut off by the stop may be left; the next run marks it aborted


def test_prefect_yaml_entrypoint_loads_the_ingest_flow():
    from prefect.flows import load_flow_from_entrypoint

    spec = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    (deployment,) = [d for d in spec["deployments"] if d["name"] == "scheduled-ingest"]
    assert deployment["concurrency_limit"] == 1, "two scheduled runs never write at once"
    assert deployment["schedules"] and deployment["schedules"][0]["interval"] > 0
    cwd = os.getcwd()
    os.chdir(REPO)  # entrypoints are relative to the project folder, as a worker sees it
    try:
        flow = load_flow_from_entrypoint(deployment["entrypoint"])
    finally:
        os.chdir(cwd)
    assert flow.name == "ingest"
    assert set(flow.parameters.properties) == {"sources", "warehouse", "cwd"}

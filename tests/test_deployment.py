"""The README's "Under a Prefect server with a worker", end to end, as a Prefect user runs it.

`prefect server start` (on a free port, with its own PREFECT_HOME), a process work pool,
`prefect deploy --all` from a fresh copy of the repository's deployable files, `prefect
deployment ls`, `prefect deployment run`, and a worker with `--run-once` that runs the flow in
$MONITOR_HOME: the seeds land in $MONITOR_HOME/warehouse/monitor.duckdb. With Prefect 3.8.8 on
the FastAPI installed here, `prefect deploy --all` exited 1 with a 422 traceback and so did
`prefect deployment ls`. Every process started here is ended, test passed or not.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

REPO = Path(__file__).resolve().parent.parent
PREFECT = str(Path(sys.executable).parent / "prefect")
TRACEBACK = re.compile(r"Traceback|Unprocessable Entity")

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """End the process and everything it started (its own session)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)


@pytest.fixture()
def server(tmp_path: Path):
    """`prefect server start` on a free 127.0.0.1 port; yields the environment of a terminal
    where PREFECT_API_URL is exported."""
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")},
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",  # nothing here looks at it; it costs start-up time
        # The hourly schedule's first run would be due at once and, one run at a time
        # (concurrency_limit 1), could take the run-once worker's turn from the run started here.
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
    }
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp_path, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            assert time.monotonic() < deadline, "prefect server not healthy after 120 s"
            time.sleep(0.5)
        yield {**env, "PREFECT_API_URL": api}
    finally:
        _stop(proc)
        log.close()


def prefect(env: dict, cwd: Path, *args: str, timeout: float = 120) -> str:
    """A `prefect` command as typed in a terminal; it must exit 0 without a traceback."""
    proc = subprocess.Popen(
        [PREFECT, *args], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        out, _ = proc.communicate(timeout=timeout)
    finally:
        _stop(proc)
    assert proc.returncode == 0, f"prefect {' '.join(args)} exited {proc.returncode}:\n{out}"
    assert not TRACEBACK.search(out), f"prefect {' '.join(args)}:\n{out}"
    return out


def test_the_flow_is_in_the_package_and_no_top_level_flows_module_is_installed(tmp_path):
    """prefect.yaml's entrypoint file only imports monitor.flows.ingest; installing monitor
    puts no `flows` module on the path (a name any project could hold)."""
    probe = ("import importlib.util as u; print(u.find_spec('flows'), "
             "u.find_spec('monitor.flows.ingest') is not None)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.split() == ["None", "True"]
    entry = (REPO / "flows" / "ingest.py").read_text("utf-8")
    assert "from monitor.flows.ingest import ingest" in entry
    assert not (REPO / "flows" / "__init__.py").exists()


def fresh_clone(where: Path) -> Path:
    """What `prefect deploy` and the worker read of a clone: prefect.yaml, flows/ (its
    entrypoint file), seeds/."""
    home = where / "monitor"
    home.mkdir()
    shutil.copy(REPO / "prefect.yaml", home)
    shutil.copytree(REPO / "flows", home / "flows", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "seeds", home / "seeds")
    return home


def test_the_readme_deployment_path_runs_the_seeds_into_the_warehouse(server, tmp_path):
    home = fresh_clone(tmp_path)
    env = {**server, "MONITOR_HOME": str(home)}

    prefect(env, home, "work-pool", "create", "monitor", "--type", "process")
    prefect(env, home, "deploy", "--all")
    listed = prefect(env, home, "deployment", "ls")
    assert "ingest/scheduled-ingest" in listed
    started = prefect(env, home, "deployment", "run", "ingest/scheduled-ingest")
    flow_run_id = re.search(r"UUID: ([0-9a-f-]{36})", started).group(1)
    # the worker starts anywhere: the deployment's pull step takes the run to $MONITOR_HOME
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    worked = prefect(env, elsewhere, "worker", "start", "--pool", "monitor", "--run-once",
                     timeout=240)  # fmt: skip

    run = httpx.get(f"{env['PREFECT_API_URL']}/flow_runs/{flow_run_id}", timeout=10).json()
    assert run["state"]["type"] == "COMPLETED", (run["state"], worked)
    warehouse = home / "warehouse" / "monitor.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        origins = [r[0] for r in con.execute("SELECT origin FROM articles ORDER BY 1").fetchall()]
        runs = con.execute("SELECT flow_run_id, status, n_new FROM runs").fetchall()
    assert origins == sorted(f"seeds/{p.name}" for p in (REPO / "seeds").glob("*.txt"))
    assert (flow_run_id, "completed", 5) in runs
    assert (home / "warehouse" / "reports" / "index.html").is_file()

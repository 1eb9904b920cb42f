"""Serving the ingest flow on a schedule from one process.

Schedules only fire against a real Prefect API: when PREFECT_API_URL is not set, a local
`prefect server` is started for the lifetime of `monitor serve` (about 20 s on a cold machine).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEPLOYMENT = "scheduled-ingest"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(api_url: str) -> bool:
    import httpx

    try:
        return httpx.get(f"{api_url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def prefect_api(startup_timeout: float = 120.0) -> Iterator[str]:
    """The Prefect API to serve against: PREFECT_API_URL if set, else a local server we start."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect"))
    home.mkdir(parents=True, exist_ok=True)
    log = open(home / "monitor-serve-server.log", "ab")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PREFECT_UI_ENABLED": "false"},
    )
    try:
        deadline = time.monotonic() + startup_timeout
        while not _healthy(api_url):
            if proc.poll() is not None:
                raise RuntimeError(f"prefect server exited ({proc.returncode}); see {log.name}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"prefect server not healthy after {startup_timeout:.0f} s")
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = api_url
        yield api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def serve(interval_seconds: int, sources: list[str] | None, warehouse: str | None) -> None:
    """Run the ingest deployment every `interval_seconds`, one run at a time, until stopped."""
    with prefect_api():
        from prefect.settings import (
            PREFECT_API_URL,
            PREFECT_RUNNER_POLL_FREQUENCY,
            temporary_settings,
        )

        # The runner looks for due runs every 10 s by default: a shorter interval would start
        # its runs late and bunched, so poll at least as often as runs are due.
        poll = min(int(PREFECT_RUNNER_POLL_FREQUENCY.value()), max(1, interval_seconds))
        with temporary_settings({
            PREFECT_API_URL: os.environ["PREFECT_API_URL"], PREFECT_RUNNER_POLL_FREQUENCY: poll,
        }):
            from monitor.flows.ingest import ingest

            params = {"sources": sources, "warehouse": warehouse, "cwd": str(Path.cwd())}
            ingest.serve(
                name=DEPLOYMENT,
                interval=interval_seconds,
                parameters={k: v for k, v in params.items() if v is not None},
                limit=1,  # two scheduled runs never write the warehouse at once
                print_starting_message=True,
            )

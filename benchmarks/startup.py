"""Start-up of `monitor run`: against a running Prefect server and with the temporary one.

Each is `monitor run` in a fresh process as a user runs it: over an empty folder (the README's
start-up figure) and over the seeds already landed (a re-run that finds nothing new). Prints
each run's wall seconds and the peak memory of its whole process tree (RSS summed / PSS), then
the medians. Reproduce with `.venv/bin/python benchmarks/startup.py --repeat 5`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import REPO, monitor_run, start_server


def _line(label: str, runs: list[dict]) -> str:
    secs = [r["seconds"] for r in runs]
    rss = max(r["peak_rss"] for r in runs) / 1e6
    pss = max(r["peak_pss"] for r in runs) / 1e6
    each = ", ".join(f"{s:.1f}" for s in secs)
    return (f"{label:<42} median {statistics.median(secs):5.2f} s  "
            f"(min {min(secs):.2f}, max {max(secs):.2f}; {each})  "
            f"peak {rss:.0f} / {pss:.0f} MB")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="monitor-startup-"))
    empty, seeds = work / "empty", work / "seeds"
    empty.mkdir()
    shutil.copytree(REPO / "seeds", seeds)
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect-home"),
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
    env.pop("PREFECT_API_URL", None)
    landed = work / "landed.duckdb"
    monitor_run([str(seeds)], landed, env)  # lands the seeds; migrates Prefect's database
    results: dict[str, list[dict]] = {}
    server, url = start_server(env)
    try:
        senv = {**env, "PREFECT_API_URL": url}
        monitor_run([str(empty)], work / "warm.duckdb", senv)
        for i in range(args.repeat):  # alternated, so drift in the machine's speed hits both
            for name, run_env in (("running server", senv), ("temporary server", env)):
                results.setdefault(f"{name}, empty folder", []).append(
                    monitor_run([str(empty)], work / f"e-{name[:4]}-{i}.duckdb", run_env))
                again = monitor_run([str(seeds)], landed, run_env)
                assert again["summary"]["new"] == 0 and again["summary"]["unchanged"] == 5
                results.setdefault(f"{name}, seeds already landed", []).append(again)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for label, runs in results.items():
        print(_line(label, runs))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

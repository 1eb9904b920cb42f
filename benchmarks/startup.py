"""Start-up of `monitor run`: against a running Prefect server and with the temporary one.

Each is `monitor run` in a fresh process as a user runs it: over an empty folder (the README's
start-up figure) and over the seeds already landed (a re-run that finds nothing new). Prints
each run's wall seconds and the peak memory of its whole process tree (RSS summed / PSS), then
the medians. Reproduce with `.venv/bin/python benchmarks/startup.py --repeat 5`.

`--other PYTHONPATH` measures another Prefect beside it in the same session, alternated run by
run, each with its own server and PREFECT_HOME (on a shared machine, figures from different
sessions differ by more than the versions do). For Prefect 3.8.8 as pinned before:
`pip install --no-deps --target /tmp/p38 prefect==3.8.8 fastapi==0.154.0 sqlalchemy==2.0.58`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import throughput
from throughput import REPO, start_server


def monitor_run(sources: list[str], warehouse: Path, env: dict[str, str]) -> dict:
    """throughput.monitor_run, plus the CPU seconds of the run's process and the processes it
    waited for (less sensitive than wall time to other work on a shared machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = throughput.monitor_run(sources, warehouse, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    run["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return run


def _line(label: str, runs: list[dict]) -> str:
    secs = [r["seconds"] for r in runs]
    rss = max(r["peak_rss"] for r in runs) / 1e6
    pss = max(r["peak_pss"] for r in runs) / 1e6
    each = ", ".join(f"{s:.1f}" for s in secs)
    cpu = statistics.median(r["cpu"] for r in runs)
    return (f"{label:<58} median {statistics.median(secs):5.2f} s  "
            f"(min {min(secs):.2f}, max {max(secs):.2f}; {each})  CPU {cpu:.2f} s  "
            f"peak {rss:.0f} / {pss:.0f} MB")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--other", help="PYTHONPATH of another Prefect to measure beside this one")
    ap.add_argument("--server-only", action="store_true", help="skip the temporary server")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="monitor-startup-"))
    empty, seeds = work / "empty", work / "seeds"
    empty.mkdir()
    shutil.copytree(REPO / "seeds", seeds)
    base = {**os.environ, "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
    base.pop("PREFECT_API_URL", None)
    variants = {"": {**base, "PREFECT_HOME": str(work / "prefect-home")}}
    if args.other:
        variants["other Prefect, "] = {**base, "PREFECT_HOME": str(work / "prefect-home-other"),
                                       "PYTHONPATH": args.other}
    results: dict[str, list[dict]] = {}
    servers, envs = [], []
    try:
        for tag, env in variants.items():
            landed = work / f"landed{len(envs)}.duckdb"
            monitor_run([str(seeds)], landed, env)  # lands the seeds; migrates Prefect's DB
            server, url = start_server(env)
            servers.append(server)
            senv = {**env, "PREFECT_API_URL": url}
            monitor_run([str(empty)], work / f"warm{len(envs)}.duckdb", senv)
            pairs = [("running server", senv)] + ([] if args.server_only else [
                ("temporary server", env)])
            envs.append((tag, landed, pairs))
        for i in range(args.repeat):  # alternated, so drift in the machine's speed hits all
            for tag, landed, pairs in envs:
                for name, run_env in pairs:
                    results.setdefault(f"{tag}{name}, empty folder", []).append(monitor_run(
                        [str(empty)], work / f"e-{len(tag)}-{name[:4]}-{i}.duckdb", run_env))
                    again = monitor_run([str(seeds)], landed, run_env)
                    assert again["summary"]["new"] == 0 and again["summary"]["unchanged"] == 5
                    results.setdefault(f"{tag}{name}, seeds already landed", []).append(again)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for label, runs in results.items():
        print(_line(label, runs))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

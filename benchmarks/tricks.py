"""What each process trick buys: first runs with one `[processes]` switch off, alternated.

    python benchmarks/tricks.py [--docs 700] [--repeat 3] [--switches a,b,...]

Each `[processes]` switch (src/monitor/defaults.toml) is one process trick of `monitor run`.
This benchmark times whole first runs (`monitor run` in a fresh process into an empty
warehouse, against a running Prefect server, as `benchmarks/throughput.py` does) of the
corpus that benchmark builds: with every switch on, and with each chosen switch off
(`MONITOR_PROCESSES__<KEY>=false`). The configurations are alternated within each repeat, in
an order that rotates from repeat to repeat, so the drift of a shared machine falls on all of
them alike; medians are compared. A trick "buys" the share of the all-on run's time that the
run takes longer without it. The plain trafilatura + langdetect loop is timed once per repeat
beside them (the Prefect server paused), so each line also reads as throughput.py's ratio
(both run times minus the median start-up of an empty run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import REPO, baseline, build_corpus, compile_sources, monitor_run, start_server


def switches() -> list[str]:
    """The `[processes]` switches, in defaults.toml's order."""
    with open(REPO / "src" / "monitor" / "defaults.toml", "rb") as fh:
        return list(tomllib.load(fh)["processes"])


def _median(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=700)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--switches", help="comma-separated [processes] keys (default: all)")
    args = ap.parse_args()
    known = switches()
    chosen = args.switches.split(",") if args.switches else known
    unknown = sorted(set(chosen) - set(known))
    if unknown:
        raise SystemExit(f"not a [processes] switch: {', '.join(unknown)} (known: {known})")

    compile_sources()
    work = Path(tempfile.mkdtemp(prefix="monitor-tricks-"))
    corpus, empty = work / "corpus", work / "empty"
    empty.mkdir()
    size = build_corpus(corpus, args.docs)
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect-home"),
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
    env.pop("PREFECT_API_URL", None)
    for key in known:
        env.pop(f"MONITOR_PROCESSES__{key.upper()}", None)
    print(f"corpus: {args.docs} documents, {size / 1e6:.1f} MB; {os.cpu_count()} cores; "
          f"{args.repeat} repeats")
    monitor_run([str(empty)], work / "warm.duckdb", env)  # first start migrates Prefect's DB
    server, url = start_server(env)
    configs = ["all on", *chosen]
    times: dict[str, list[float]] = {c: [] for c in configs}
    starts: list[float] = []
    bases: list[float] = []
    try:
        senv = {**env, "PREFECT_API_URL": url}
        monitor_run([str(empty)], work / "warm2.duckdb", senv)
        for i in range(args.repeat):
            starts.append(monitor_run([str(empty)], work / f"start{i}.duckdb", senv)["seconds"])
            server.send_signal(signal.SIGSTOP)
            try:
                bases.append(baseline(corpus)["seconds"])
            finally:
                server.send_signal(signal.SIGCONT)
            shift = i % len(configs)
            for config in configs[shift:] + configs[:shift]:
                cenv = dict(senv)
                if config != "all on":
                    cenv[f"MONITOR_PROCESSES__{config.upper()}"] = "false"
                run = monitor_run([str(corpus)], work / f"run-{config}-{i}.duckdb", cenv)
                times[config].append(run["seconds"])
                print(f"  repeat {i + 1}, {config}: {run['seconds']:.2f} s", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    s0, base = _median(starts), _median(bases)
    on = _median(times["all on"])
    print(f"\nstart-up (empty run) median {s0:.2f} s; baseline median {base:.2f} s "
          f"({args.docs / base:.1f} docs/s)")
    print("\n| switched off | first run (median) | each run | vs baseline | what the trick buys |")
    print("|---|---|---|---|---|")
    for config in configs:
        t = _median(times[config])
        ratio = (args.docs / max(t - s0, 1e-9)) / (args.docs / base)
        buys = "" if config == "all on" else f"{(t - on) / on:+.1%} of the run's time"
        each = ", ".join(f"{x:.2f}" for x in times[config])
        name = "none (all on)" if config == "all on" else f"`{config}`"
        print(f"| {name} | {t:.2f} s | {each} | {ratio:.3f}x | {buys} |")


if __name__ == "__main__":
    main()

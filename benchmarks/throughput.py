"""Throughput benchmark: the whole pipeline against plain trafilatura + langdetect.

    python benchmarks/throughput.py [--docs 700] [--temporary-server]

Builds a corpus of N distinct documents from the extraction benchmark's real pages and the
seeds (each gets a unique paragraph, so nothing is a duplicate), then measures, each in a fresh
process as a user would run it, against a running Prefect server (as scheduled deployments
run; the benchmark starts one):

- start-up: `monitor run` on an empty folder (imports, Prefect's API, schema), the median of
  two before and one beside each first run; and once with Prefect's temporary server (no
  PREFECT_API_URL), for reference;
- first run into an empty warehouse, and a re-run over the same inputs (after each first run);
- the baseline in the same session: `trafilatura.extract(html, include_comments=False)` plus
  one seeded `langdetect.detect` per document, in one process.

First runs (each into a new empty warehouse, then re-run) and baselines alternate `--repeat`
times (default 3) and the medians are compared: on a shared two-core machine one run of
either can be 10-15 % off. The Prefect server is paused (SIGSTOP) while a baseline runs, so
its idle loops do not weigh on the baseline. Run figures are reported with the start-up
subtracted. The timed runs are not observed: peak memory comes from one more start-up,
first run and re-run made for it after the timed ones (the sampler's ~0.7 s of CPU would
otherwise weigh on the timed run and not on the baseline). Peak memory is the largest sum
over the run's process tree (pool workers, lingua's server and the validation process included),
sampled as resident set size
(RSS: pages shared between processes count once per process) and as proportional set size
(PSS: shared pages split between the processes sharing them, which adds up to what the run
takes from the machine). `--temporary-server` runs the first run and the
re-run with Prefect's temporary server instead (its ~230 MB process is then in the tree).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = Path(os.environ.get("MONITOR_BENCH_DIR", REPO.parent / "shared" / "bench"))
PAGES = BENCH / "extraction-dev" / "html"


def build_corpus(folder: Path, n: int) -> int:
    """Write n distinct documents (HTML pages and text snapshots) into folder; returns bytes."""
    templates: list[tuple[str, str]] = []
    for page in sorted(PAGES.glob("*.html.gz")):
        templates.append(("html", gzip.decompress(page.read_bytes()).decode("utf-8", "replace")))
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        templates.append(("txt", seed.read_text("utf-8")))
    if not templates:
        raise SystemExit(f"no pages under {PAGES}: set MONITOR_BENCH_DIR")
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        kind, text = templates[i % len(templates)]
        unique = (
            f"Corpus document {i} notes that {i % 97 + 3} analysts reviewed {i * 7 + 11} filings "
            f"in batch {i // len(templates)}."
        )
        if kind == "html":
            at = text.find("</p>")
            body = (text[: at + 4] + f"<p>{unique}</p>" + text[at + 4 :]) if at >= 0 else (
                text.replace("</body>", f"<p>{unique}</p></body>")
            )
        else:
            lines = text.split("\n")
            lines.insert(min(3, len(lines)), unique)
            body = "\n".join(lines)
        data = body.encode("utf-8")
        (folder / f"doc{i:05d}.{kind}").write_bytes(data)
        total += len(data)
    return total


class MemorySampler(threading.Thread):
    """Peaks of the summed RSS and PSS of a process and all its descendants.

    The sampler shares the two cores with the run it measures, so it must be cheap: RSS every
    0.1 s from /proc/<pid>/statm (the tree from /proc/<pid>/task/*/children), PSS once a second
    (smaps_rollup walks every page table: ~5 ms per large process). Reading everything every
    50 ms, as this did at first, took about a third of a core from the run.
    """

    RSS_EVERY, PSS_EVERY = 0.1, 1.0

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_rss, self.peak_pss, self._halt = pid, 0, 0, threading.Event()
        self.cpu = 0.0  # the sampler's own CPU seconds, reported so its cost is visible

    def run(self) -> None:
        c0 = time.thread_time()
        last_pss = 0.0
        while not self._halt.is_set():
            pids = tree_pids(self.pid)
            self.peak_rss = max(self.peak_rss, sum(_rss(p) for p in pids))
            if time.monotonic() - last_pss >= self.PSS_EVERY:
                self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in pids))
                last_pss = time.monotonic()
            self._halt.wait(self.RSS_EVERY)
        self.cpu = time.thread_time() - c0

    def stop(self) -> tuple[int, int]:
        self._halt.set()
        self.join()
        return self.peak_rss, self.peak_pss


PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_pids(root: int) -> list[int]:
    """`root` and its descendants, from the kernel's per-thread children lists."""
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
            except OSError:
                pass
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def compile_sources() -> None:
    """Write the package's bytecode before anything is timed. A user's runs read it from
    `__pycache__` after their first; with PYTHONDONTWRITEBYTECODE set (this machine's shell
    has it) a module edited since its last bytecode is compiled again in every process of
    every run (~0.1-0.3 s each for the larger modules), which would be timed as the code's."""
    import compileall

    compileall.compile_dir(str(REPO / "src"), quiet=1)


def monitor_run(
    sources: list[str], warehouse: Path, env: dict[str, str], memory: bool = False
) -> dict:
    """One `monitor run` in a fresh process: wall seconds, its summary and, with `memory`,
    its peak RSS and PSS (the sampler then shares the cores with the run: time such a run
    for nothing)."""
    cmd = [sys.executable, "-m", "monitor.cli", "run", "--json", "--warehouse", str(warehouse),
           *sources]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            text=True)
    sampler = MemorySampler(proc.pid) if memory else None
    if sampler:
        sampler.start()
    out, errs = proc.communicate()
    seconds = time.perf_counter() - t0
    peak_rss, peak_pss = sampler.stop() if sampler else (0, 0)
    if proc.returncode != 0:
        raise SystemExit(f"monitor run failed ({proc.returncode}):\n{errs[-3000:]}")
    summary = json.loads(out.strip().splitlines()[-1])
    return {"seconds": seconds, "peak_rss": peak_rss, "peak_pss": peak_pss, "summary": summary,
            "sampler_cpu": sampler.cpu if sampler else 0.0}


def baseline(folder: Path) -> dict:
    """Plain trafilatura + one seeded langdetect call per document, in this process."""
    import trafilatura
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    detect("warm up")
    files = sorted(folder.iterdir())
    t0 = time.perf_counter()
    for f in files:
        raw = f.read_text("utf-8", "replace")
        text = trafilatura.extract(raw, include_comments=False) if f.suffix == ".html" else raw
        try:
            detect(text or raw[:2000])
        except LangDetectException:
            pass
    return {"seconds": time.perf_counter() - t0, "docs": len(files)}


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    sys.path.insert(0, str(REPO))
    from monitor.flows.serve import _free_port, _healthy

    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port",
         str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    deadline = time.monotonic() + 180
    while not _healthy(url):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise SystemExit("prefect server did not start")
        time.sleep(0.5)
    return proc, url


def _mb(run: dict) -> str:
    return f"{run['peak_rss'] / 1e6:.0f} / {run['peak_pss'] / 1e6:.0f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=700)
    ap.add_argument("--temporary-server", action="store_true",
                    help="first run and re-run with Prefect's temporary server")
    ap.add_argument("--no-baseline", action="store_true", help="skip the baseline (memory runs)")
    ap.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    ap.add_argument("--repeat", type=int, default=3,
                    help="first runs and baselines, alternated; medians are compared")
    args = ap.parse_args()
    compile_sources()

    work = args.keep or Path(tempfile.mkdtemp(prefix="monitor-bench-"))
    corpus, empty = work / "corpus", work / "empty"
    empty.mkdir(parents=True, exist_ok=True)
    if corpus.exists():
        shutil.rmtree(corpus)
    for old in work.glob("*.duckdb*"):  # --keep: every run starts from an empty warehouse
        old.unlink()
    size = build_corpus(corpus, args.docs)
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect-home"),
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
    env.pop("PREFECT_API_URL", None)
    print(f"corpus: {args.docs} documents, {size / 1e6:.1f} MB in {corpus}; {os.cpu_count()} cores")

    monitor_run([str(empty)], work / "warm.duckdb", env)  # first start migrates Prefect's DB
    temp_start = monitor_run([str(empty)], work / "startup-temp.duckdb", env, memory=True)
    server, url = start_server(env)
    try:
        senv = {**env, "PREFECT_API_URL": url}
        monitor_run([str(empty)], work / "warm2.duckdb", senv)
        starts = [monitor_run([str(empty)], work / f"startup{i}.duckdb", senv) for i in range(2)]
        renv = env if args.temporary_server else senv
        firsts, agains, bases = [], [], []
        for i in range(max(1, args.repeat)):
            # a start-up beside each first run: the machine's speed drifts over a session
            starts.append(monitor_run([str(empty)], work / f"startup-{i}.duckdb", senv))
            firsts.append(monitor_run([str(corpus)], work / f"bench{i}.duckdb", renv))
            agains.append(monitor_run([str(corpus)], work / f"bench{i}.duckdb", renv))
            if not args.no_baseline:
                server.send_signal(signal.SIGSTOP)
                try:
                    bases.append(baseline(corpus))
                finally:
                    server.send_signal(signal.SIGCONT)
        # memory, in runs of their own: the sampler's CPU stays out of the timed runs
        mem_start = monitor_run([str(empty)], work / "startup-mem.duckdb", senv, memory=True)
        mem_first = monitor_run([str(corpus)], work / "bench-mem.duckdb", renv, memory=True)
        mem_again = monitor_run([str(corpus)], work / "bench-mem.duckdb", renv, memory=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    def _with_memory(run: dict, sampled: dict) -> dict:
        return {**run, "peak_rss": sampled["peak_rss"], "peak_pss": sampled["peak_pss"],
                "sampler_cpu": sampled["sampler_cpu"]}

    start = _with_memory(sorted(starts, key=lambda r: r["seconds"])[len(starts) // 2], mem_start)
    s0 = temp_start["seconds"] if args.temporary_server else start["seconds"]
    first = _with_memory(sorted(firsts, key=lambda r: r["seconds"])[len(firsts) // 2], mem_first)
    again = _with_memory(sorted(agains, key=lambda r: r["seconds"])[len(agains) // 2], mem_again)
    base = sorted(bases, key=lambda r: r["seconds"])[len(bases) // 2] if bases else None

    n = args.docs
    run1 = max(first["seconds"] - s0, 1e-9)
    run2 = max(again["seconds"] - s0, 0.0)
    rate = n / run1
    server_kind = "temporary Prefect server" if args.temporary_server else "running Prefect server"
    rows = [
        ("start-up, running Prefect server", f"{start['seconds']:.2f} s", "", _mb(start)),
        ("start-up, temporary Prefect server", f"{temp_start['seconds']:.2f} s", "",
         _mb(temp_start)),
    ]
    median = " (median)" if len(firsts) > 1 else ""
    if base is not None:
        rows.append((f"baseline: trafilatura + langdetect{median}", f"{base['seconds']:.2f} s",
                     f"{n / base['seconds']:.1f}", ""))
    rows += [
        (f"first run (minus start-up){median}", f"{run1:.2f} s", f"{rate:.1f}", _mb(first)),
        (f"re-run, unchanged (minus start-up){median}", f"{run2:.2f} s", "", _mb(again)),
    ]
    print(f"\nruns against the {server_kind}; memory: peak RSS / PSS of the run's process tree")
    print(f"\n| {'phase':<46} | {'time':>10} | {'docs/s':>8} | {'peak RSS / PSS':>17} |")
    print(f"|{'-' * 48}|{'-' * 12}|{'-' * 10}|{'-' * 19}|")
    for name, t, r, m in rows:
        print(f"| {name:<46} | {t:>10} | {r:>8} | {m:>17} |")
    if len(firsts) > 1:
        print("\neach first run (minus start-up), docs/s: " + ", ".join(
            f"{n / max(r['seconds'] - s0, 1e-9):.1f}" for r in firsts))
        print("each re-run (minus start-up), seconds: " + ", ".join(
            f"{max(r['seconds'] - s0, 0.0):.2f}" for r in agains))
        if bases:
            print("each baseline, docs/s: " + ", ".join(f"{n / b['seconds']:.1f}" for b in bases))
    if base is not None:
        ratio = rate / (n / base["seconds"])  # three decimals: 1.196 is not 1.2
        print(f"\nthroughput vs baseline: {ratio:.3f}x (target >= 1.2x: {_met(ratio >= 1.2)})")
    print(f"re-run / first run: {run2 / run1:.1%} (target <= 10%: {_met(run2 <= run1 / 10)}); "
          f"re-run in all {again['seconds']:.2f} s")
    rss = first["peak_rss"]
    at_scale = _met(rss <= 1.5e9) if n >= 10_000 else "applies at 10,000 documents"
    print(f"peak memory, first run: RSS {rss / 1e9:.3f} GB ({rss / 2**30:.2f} GiB), PSS "
          f"{first['peak_pss'] / 1e9:.3f} GB (target: RSS <= 1.5 GB at 10,000 documents: "
          f"{at_scale})")
    print(f"start-up with a running Prefect server: {start['seconds']:.2f} s "
          f"(target <= 5 s: {_met(start['seconds'] <= 5)})")
    print(f"(memory from untimed runs of its own; the sampler used {first['sampler_cpu']:.2f} s "
          "CPU during that first run)")
    print("seconds per stage, first run (summed over workers):")
    for stage, sec in first["summary"].get("timings", {}).items():
        print(f"  {stage:<14} {sec:8.2f}")
    s = first["summary"]
    print(f"first run: new {s['new']}, rejected {s['rejected']}; re-run: unchanged "
          f"{again['summary']['unchanged']}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


if __name__ == "__main__":
    main()

"""Two `monitor run`s on one warehouse never corrupt or duplicate; `monitor query` works meanwhile.

The runs are real `python -m monitor.cli run` processes against the session's Prefect API; the
warehouse they leave is compared with one clean run's (ignoring run ids and timestamps).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from test_crash_safety import child_env, content, kill_group, peek, start_run, write_corpus
from typer.testing import CliRunner

from monitor.cli import app
from monitor.warehouse import Warehouse

pytestmark = pytest.mark.slow

N_GENERATED = 40


@pytest.fixture(scope="module")
def clean(prefect_api, tmp_path_factory):
    """A corpus and the warehouse one clean in-process run makes of it."""
    from monitor.flows.ingest import ingest

    work = tmp_path_factory.mktemp("concurrency")
    n = write_corpus(work / "corpus", N_GENERATED)
    wh = work / "clean" / "w.duckdb"
    summary = ingest(sources=["corpus"], warehouse=str(wh), cwd=str(work))
    assert summary["status"] == "completed" and summary["new"] == n, summary
    return work, wh, n


def summary_of(log: Path) -> dict | None:
    lines = [x for x in log.read_text(errors="replace").splitlines() if x.startswith('{"run_id"')]
    return json.loads(lines[-1]) if lines else None


def two_runs(work: Path, wh: Path, **env: str) -> list[tuple[int, Path]]:
    """Start two runs on one warehouse at the same moment; (exit code, log) of each."""
    procs = []
    for i in (1, 2):
        log = wh.parent / f"run{i}.log"
        wh.parent.mkdir(parents=True, exist_ok=True)
        procs.append((start_run(work, wh, child_env(**env), log), log))
    out = []
    for proc, log in procs:
        try:
            out.append((proc.wait(timeout=240), log))
        finally:
            if proc.poll() is None:
                kill_group(proc)
    return out


def test_a_second_run_waits_for_the_first_and_lands_nothing_twice(clean):
    work, clean_wh, n = clean
    wh = work / "waiting" / "w.duckdb"
    results = two_runs(work, wh, MONITOR_RUN__LOCK_WAIT="180")
    for code, log in results:
        assert code == 0, log.read_text()[-3000:]
    summaries = sorted((summary_of(log) for _, log in results), key=lambda s: -s["new"])
    first, second = summaries
    assert (first["new"], first["unchanged"]) == (n, 0), first
    assert (second["new"], second["changed"], second["unchanged"]) == (0, 0, n), second
    con = duckdb.connect(str(wh), read_only=True)
    runs = con.execute(
        "SELECT started_at, finished_at, status FROM runs ORDER BY started_at"
    ).fetchall()
    con.close()
    assert [r[2] for r in runs] == ["completed", "completed"]
    assert runs[1][0] >= runs[0][1], "the second run started writing after the first finished"
    assert content(wh) == content(clean_wh)


def test_a_second_run_that_cannot_wait_exits_with_a_clear_message(clean):
    """A run that finds another writer on the warehouse and may not wait exits 2 with one line,
    records nothing, and the warehouse later fills exactly as a clean run's.

    The writer is this test holding the run lock, as a run holds it from start to end: two
    runs started together could not show this reliably, since the first can finish before the
    second has imported Prefect (the waiting case above is the two-real-runs one)."""
    work, clean_wh, n = clean
    wh = work / "impatient" / "w.duckdb"
    writer = Warehouse(wh)
    writer.acquire_run_lock(wait=0)
    try:
        log = wh.parent / "refused.log"
        busy = start_run(work, wh, child_env(MONITOR_RUN__LOCK_WAIT="0.5"), log).wait(timeout=240)
    finally:
        writer.release_run_lock()
    message = " ".join(log.read_text(errors="replace").split())
    assert busy == 2, message[-3000:]
    assert f"another `monitor run` (pid {os.getpid()}) is writing" in message, message[-3000:]
    assert "Traceback" not in message, "a busy warehouse is one line, not a stack trace"
    assert peek(wh, "SELECT count(*) FROM runs") is None, "the refused run wrote nothing"
    ok_log = wh.parent / "ok.log"
    ok = start_run(work, wh, child_env(), ok_log).wait(timeout=240)
    assert ok == 0, ok_log.read_text()[-3000:]
    assert summary_of(ok_log)["new"] == n
    assert peek(wh, "SELECT count(*) FROM runs") == 1
    assert content(wh) == content(clean_wh)


def test_query_answers_while_a_run_is_writing(clean):
    work, _, n = clean
    wh = work / "queried" / "w.duckdb"
    wh.parent.mkdir()
    log = wh.parent / "run.log"
    proc = start_run(work, wh, child_env(MONITOR_RUN__BATCH_SIZE="2", MONITOR_RUN__LAND_DOCS="2"), log)
    runner = CliRunner()
    answers = []
    try:
        deadline = time.monotonic() + 120
        while (peek(wh, "SELECT count(*) FROM articles") or 0) < 4:
            assert proc.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, "the run landed nothing in 120 s"
            time.sleep(0.05)
        while proc.poll() is None and len(answers) < 3:
            result = runner.invoke(
                app, ["query", "SELECT count(*) AS n FROM articles", "--warehouse", str(wh),
                      "--format", "json"],
            )
            assert result.exit_code == 0, result.output
            answers.append((json.loads(result.output)[0]["n"], proc.poll() is None))
        assert proc.wait(timeout=180) == 0, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            kill_group(proc)
    during = [a for a, running in answers if running]
    assert during, f"no query answered while the run was going: {answers}"
    assert all(0 < a <= n for a in during), answers
    assert peek(wh, "SELECT count(*) FROM articles") == n


def test_query_on_a_busy_file_waits_then_fails_in_one_line(clean, tmp_path):
    """A writer that never lets go: query gives up after its wait with a readable message."""
    _, clean_wh, _ = clean
    wh = tmp_path / "held.duckdb"
    wh.write_bytes(clean_wh.read_bytes())
    holder = subprocess.Popen(
        [sys.executable, "-c",
         (f"import duckdb, time; c = duckdb.connect({str(wh)!r}); print(1, flush=True); "
         "time.sleep(60)")],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == b"1"
        from monitor.warehouse import Warehouse, WarehouseBusy

        started = time.monotonic()
        with pytest.raises(WarehouseBusy, match="in use by another process"):
            Warehouse(wh, lock_timeout=1.0).query("SELECT 1")
        assert time.monotonic() - started >= 1.0, "it waited for the writer first"
    finally:
        holder.kill()
        holder.wait()

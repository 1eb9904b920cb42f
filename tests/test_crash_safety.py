"""A run killed at any moment (SIGKILL) leaves a consistent warehouse; the next run repairs it.

Each run is the real `python -m monitor.cli run` in its own process group (its process pool
included), against the session's Prefect API so it starts fast. The warehouse after kills and
a final run must hold exactly the rows one clean run lands, ignoring run ids and timestamps.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from test_serve import group_alive
from typer.testing import CliRunner

from monitor.cli import app

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

CITIES = ["Lisbon", "Oslo", "Vienna", "Prague", "Dublin", "Riga", "Tallinn", "Zagreb", "Malmo",
          "Porto", "Turin", "Leeds", "Lyon", "Graz", "Aarhus"]
TOPICS = [
    ("budget", "approved a budget of {a} million euros, up {b} percent on last year"),
    ("housing", "said {a} new homes were finished in the year to June, {b} more than planned"),
    ("transport", "reported {a} thousand passengers a day on its trams, up {b} percent"),
    ("schools", "hired {a} teachers and opened {b} new classrooms this autumn"),
    ("health", "cut hospital waiting lists by {a} patients, a fall of {b} percent"),
]
# Columns that say when or in which run a row was written, not what it says.
VOLATILE = {"run_id", "flow_run_id", "first_seen_at", "last_seen_at", "fetched_at",
            "scored_at", "checked_at", "rejected_at", "quarantined_at", "started_at",
            "finished_at"}
CONTENT_TABLES = ("sources", "articles", "article_versions", "segments", "removed_blocks",
                  "claims", "numbers", "number_checks", "fetch_state")


def write_corpus(folder: Path, n: int) -> int:
    """The seeds plus generated text and HTML articles (each unique) and two bad files.

    Returns how many inputs should land as articles.
    """
    shutil.copytree(SEEDS, folder)
    for i in range(n):
        city = CITIES[i % len(CITIES)]
        topic, sentence = TOPICS[i % len(TOPICS)]
        a, b = 100 + 7 * i, 2 + i % 9
        paragraphs = [
            f"{city} city council {sentence.format(a=a, b=b)}, officials said on Tuesday.",
            (f"According to the mayor's office, the {topic} plan number {i} will be reviewed "
            f"in {2026 + i % 3}, and a further {a // 2} residents were consulted."),
            f"Critics said the figures for {city} were optimistic; story {i} of the series.",
        ]
        if i % 3 == 0:
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            (folder / f"gen_{i:03d}.html").write_text(
                f"<html><head><title>{city} {topic} {i}</title></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
                f"<article><h1>{city} {topic} report {i}</h1>{body}</article>"
                "<footer>© City Press. Contact us.</footer></body></html>",
                encoding="utf-8",
            )
        else:
            (folder / f"gen_{i:03d}.txt").write_text(
                f"{city} {topic} report {i}\n\n" + "\n\n".join(paragraphs), encoding="utf-8"
            )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "noise.txt").write_bytes(bytes(range(256)) * 8)
    return 5 + n


def content(warehouse: Path) -> dict[str, list[tuple]]:
    """Every content table's rows without run ids and timestamps; scores of the latest run."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        out: dict[str, list[tuple]] = {}
        for table in CONTENT_TABLES:
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            keep = ", ".join(f'"{c}"' for c in cols if c not in VOLATILE)
            out[table] = sorted(
                con.execute(f"SELECT {keep} FROM {table}").fetchall(), key=repr
            )
        cols = [r[0] for r in con.execute("DESCRIBE source_scores").fetchall()]
        keep = ", ".join(f's."{c}"' for c in cols if c not in VOLATILE)
        out["source_scores"] = sorted(
            con.execute(
                f"""SELECT {keep} FROM source_scores s WHERE s.run_id = (
                      SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1)"""
            ).fetchall(),
            key=repr,
        )
        out["rejects"] = sorted(
            con.execute("SELECT DISTINCT origin, reason FROM rejects").fetchall()
        )
        return out
    finally:
        con.close()


def peek(warehouse: Path, sql: str) -> int | None:
    """One number from the warehouse, or None while the run holds the file or has no schema."""
    if not warehouse.exists():
        return None
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return None
    try:
        return con.execute(sql).fetchone()[0]
    except duckdb.Error:
        return None
    finally:
        con.close()


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a `monitor run` child: this session's Prefect API, quiet logs."""
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update(
        PREFECT_API_URL=str(PREFECT_API_URL.value()),
        PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        GX_ANALYTICS_ENABLED="false",
        **extra,
    )
    return env


def start_run(cwd: Path, warehouse: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    """`monitor run corpus` as a child in its own process group."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "monitor.cli", "run", "corpus", "--warehouse", str(warehouse),
             "--json"],
            cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the run and its pool workers, as a power cut would."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def kill_when(proc: subprocess.Popen, ready: Callable[[], bool], log: Path,
              timeout: float = 120.0) -> None:
    """SIGKILL the run's process group as soon as `ready()` is true."""
    deadline = time.monotonic() + timeout
    try:
        while not ready():
            if proc.poll() is not None:
                pytest.fail(f"the run ended before the kill point:\n{log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"kill point not reached in {timeout:.0f} s")
            time.sleep(0.05)
    finally:
        kill_group(proc)


def validate_passes(warehouse: Path) -> None:
    result = CliRunner().invoke(app, ["validate", "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output


def test_runs_killed_at_several_moments_end_with_the_rows_of_one_clean_run(
    prefect_api, tmp_path, monkeypatch
):
    from monitor.flows.ingest import ingest

    n_articles = write_corpus(tmp_path / "corpus", 100)
    monkeypatch.setenv("MONITOR_RUN__BATCH_SIZE", "5")
    clean_wh = tmp_path / "clean" / "w.duckdb"
    clean = ingest(sources=["corpus"], warehouse=str(clean_wh), cwd=str(tmp_path))
    assert clean["status"] == "completed" and clean["new"] == n_articles, clean

    wh = tmp_path / "crash" / "w.duckdb"
    env = child_env(MONITOR_RUN__BATCH_SIZE="5", MONITOR_RUN__LAND_DOCS="5")
    log = tmp_path / "runs.log"
    articles = "SELECT count(*) FROM articles"
    running_runs = "SELECT count(*) FROM runs WHERE status = 'running'"
    # Each kill point counts from what the runs before it landed: a killed run may land more
    # than its kill point (its first batches go while it starts up), and a later point must be
    # reached by the run it is meant for, not by the articles already there.
    kill_points = [
        ("run recorded, nothing landed", None),
        ("a few batches landed", lambda before: before + 10),
        ("most batches landed", lambda before: max(before + 10, n_articles * 3 // 4)),
    ]
    for moment, at_least in kill_points:
        target = at_least(peek(wh, articles) or 0) if at_least else None

        def ready(target=target) -> bool:
            if target is None:
                return peek(wh, running_runs) == 1
            return (peek(wh, articles) or 0) >= target

        proc = start_run(tmp_path, wh, env, log)
        kill_when(proc, ready, log)
        assert proc.returncode == -signal.SIGKILL, moment
        landed = peek(wh, articles)
        assert landed is not None, f"warehouse does not open after a kill ({moment})"
        # (on a fast machine the last kill may come after landing, during checks or validation:
        # as good a moment as any, as long as the run had not finished)
        assert landed <= n_articles, moment
        validate_passes(wh)
        running = peek(wh, running_runs)
        assert running == 1, "the killed run is left running until the next run starts"

    proc = start_run(tmp_path, wh, env, log)
    assert proc.wait(timeout=180) == 0, log.read_text()[-3000:]
    con = duckdb.connect(str(wh), read_only=True)
    statuses = dict(con.execute("SELECT status, count(*) FROM runs GROUP BY 1").fetchall())
    checks_by = con.execute("SELECT DISTINCT run_id FROM number_checks").fetchall()
    con.close()
    assert statuses == {"aborted": len(kill_points), "completed": 1}
    validate_passes(wh)
    got, want = content(wh), content(clean_wh)
    for table in want:
        assert len(got[table]) == len(want[table]), table
        assert got[table] == want[table], table

    # Once a run has completed after the crashes, a re-run with nothing changed is as cheap as
    # after a clean run: the number checks are not made again.
    again = ingest(sources=["corpus"], warehouse=str(wh), cwd=str(tmp_path))
    assert again["unchanged"] == n_articles and again["new"] == again["changed"] == 0, again
    assert peek(wh, "SELECT count(DISTINCT run_id) FROM number_checks") == len(checks_by)
    assert peek(wh, "SELECT min(run_id) FROM number_checks") == min(r[0] for r in checks_by)


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return out


def _descendants(pid: int) -> list[int]:
    """Children, theirs, and so on (pool workers after the first are forked from it)."""
    out, todo = [], [pid]
    while todo:
        kids = _children(todo.pop())
        out += kids
        todo += kids
    return out


def _running(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_while_running(proc, log, ready, failure: str, timeout: float = 120) -> None:
    """Wait until `ready()`; the run must not end first, nor take longer than `timeout`."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, failure
        time.sleep(0.05)


def test_a_run_killed_alone_takes_its_workers_with_it(prefect_api, tmp_path):
    """The OOM killer hits the run's process only: its pool workers (the first, and those
    forked from it) and its helper processes must not live on (each holds hundreds of MB),
    nor keep the warehouse open."""
    write_corpus(tmp_path / "corpus", 100)
    wh = tmp_path / "w.duckdb"
    log = tmp_path / "run.log"
    proc = start_run(tmp_path, wh, child_env(
        MONITOR_RUN__BATCH_SIZE="5", MONITOR_RUN__LAND_DOCS="5", MONITOR_RUN__WORKERS="2"), log)
    try:
        # landed: the first worker has done its first batch and forked the second
        wait_while_running(proc, log, lambda: (peek(wh, "SELECT count(*) FROM articles") or 0) >= 5,
                           "the run landed nothing in 120 s")
        workers = _descendants(proc.pid)
        assert any(_children(w) for w in workers), "no worker forked from the first"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        alive = workers
        while alive and time.monotonic() < deadline:
            time.sleep(0.2)
            alive = [p for p in workers if _running(p)]
        assert alive == [], "workers outlived their run"
    finally:
        kill_group(proc)


def test_ctrl_c_stops_the_run_promptly_and_marks_it_aborted(prefect_api, tmp_path):
    """Ctrl-C reaches the whole foreground group (run and pool workers): the run ends in
    seconds with exit 130, says it was aborted, and leaves nothing running."""
    # Enough documents that the run is still going when the signal comes: with 60, a run
    # could land its last batch between the check below and the signal, and complete; with
    # 400 a run once completed first on a loaded machine (two test workers beside a
    # 10,000-document benchmark; the check reads the warehouse only between the run's
    # batches). The signal comes at 10 landed, so more documents cost nothing when it does.
    write_corpus(tmp_path / "corpus", 1500)
    wh = tmp_path / "w.duckdb"
    log = tmp_path / "run.log"
    proc = start_run(tmp_path, wh, child_env(MONITOR_RUN__BATCH_SIZE="5", MONITOR_RUN__LAND_DOCS="5"), log)
    try:
        wait_while_running(proc, log, lambda: (peek(wh, "SELECT count(*) FROM articles") or 0) >= 10,
                           "the run landed nothing in 120 s")
        os.killpg(proc.pid, signal.SIGINT)
        stopped = time.monotonic()
        code = proc.wait(timeout=30)  # promptly: within 30 s, or the test fails here
        while group_alive(proc.pid) and time.monotonic() - stopped < 20:
            time.sleep(0.1)
        leftover = group_alive(proc.pid)
    finally:
        kill_group(proc)
    assert code == 130, log.read_text()[-3000:]
    assert not leftover, "pool workers outlived the interrupted run"
    assert peek(wh, "SELECT status FROM runs") == "aborted"
    validate_passes(wh)

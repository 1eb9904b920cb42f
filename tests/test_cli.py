"""The `monitor` command as users call it: run, query, validate, report, explain."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from monitor.cli import app
from monitor.warehouse import Warehouse

pytestmark = pytest.mark.slow
runner = CliRunner()


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result


def test_run_prints_a_summary_and_exits_zero_with_rejects(prefect_api, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.txt").write_text(
        "Officials said the port handled 1.2 million containers in 2024.\n", encoding="utf-8"
    )
    (tmp_path / "inbox" / "b.docx").write_bytes(b"PK\x03\x04")
    result = invoke("run", "inbox", "--warehouse", tmp_path / "w.duckdb")
    assert result.exit_code == 0, result.output
    assert "inputs" in result.output and "rejected" in result.output
    assert "inbox/b.docx: unsupported file type .docx" in result.output
    result = invoke("run", "inbox", "--warehouse", tmp_path / "w.duckdb", "--json")
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert (summary["unchanged"], summary["rejected"], summary["new"]) == (1, 1, 0)


def test_ctrl_c_exits_130_even_when_prefect_turns_it_into_another_error(monkeypatch, tmp_path):
    """Prefect's task engine, interrupted while it creates a task run, raises "Task run is not
    set" in place of the KeyboardInterrupt (a race CI hit). Scripts watching the exit code must
    still see 130 (interrupted), not 1 (failed)."""
    import os
    import signal

    import monitor.flows.ingest

    def interrupted_inside_prefect(**_):
        try:
            os.kill(os.getpid(), signal.SIGINT)
            signal.sigtimedwait([], 0)  # let the handler run here, not later
        except KeyboardInterrupt:
            raise ValueError("Task run is not set") from None
        raise AssertionError("no interrupt")

    monkeypatch.setattr(monitor.flows.ingest, "ingest", interrupted_inside_prefect)
    result = runner.invoke(app, ["run", "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 130, result.output
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handler restored


def test_the_command_skips_teardown_but_not_exit_handlers_output_or_exit_code(seed_run, tmp_path):
    """`monitor` ends without Python's teardown (over a second after a run), but only after
    every library's exit handler has run, with its output flushed into a pipe and its code."""
    _, wh, _ = seed_run
    marker = tmp_path / "handler-ran"
    script = textwrap.dedent(f"""
        import atexit, sys
        import monitor.cli
        atexit.register(lambda: open({str(marker)!r}, "w").write("flushed"))  # as a library's
        sys.argv = ["monitor", *sys.argv[1:]]
        monitor.cli.main()
    """)

    def call(*args):
        return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, check=False,
                              text=True, timeout=120)

    ok = call("query", "SELECT count(*) AS n FROM sources", "--warehouse", str(wh),
              "--format", "csv")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines() == ["n", "5"]
    assert marker.read_text() == "flushed"
    marker.unlink()
    bad = call("query", "SELECT nope FROM articles", "--warehouse", str(wh))
    assert bad.returncode == 2 and "error:" in bad.stderr + bad.stdout
    assert marker.read_text() == "flushed"


def test_query_formats(seed_run):
    _, wh, _ = seed_run
    sql = "SELECT source_id FROM sources ORDER BY source_id"
    table = invoke("query", sql, "--warehouse", wh)
    assert table.exit_code == 0 and "wsj.com" in table.output and "5 rows" in table.output
    csv_out = invoke("query", sql, "--warehouse", wh, "--format", "csv")
    assert csv_out.output.splitlines()[0] == "source_id" and len(csv_out.output.splitlines()) == 6
    js = json.loads(invoke("query", sql, "--warehouse", wh, "--format", "json").output)
    assert {"source_id": "wsj.com"} in js


def test_query_is_read_only_and_errors_are_one_line(seed_run):
    _, wh, _ = seed_run
    result = invoke("query", "DELETE FROM articles", "--warehouse", wh)
    assert result.exit_code == 2
    assert "read-only" in result.output.lower()
    result = invoke("query", "SELECT nope FROM articles", "--warehouse", wh)
    assert result.exit_code == 2 and "error:" in result.output
    assert invoke("query", "SELECT 1", "--warehouse", wh.parent / "none.duckdb").exit_code == 2


def test_validate_passes_on_the_seeds(seed_run):
    _, wh, _ = seed_run
    result = invoke("validate", "--warehouse", wh)
    assert result.exit_code == 0, result.output
    assert "0 critical failed" in result.output


@pytest.mark.parametrize(
    "breakage, named",
    [
        ("UPDATE source_scores SET quality_score = 1.7 WHERE source_id = 'wsj.com'",
         "source_scores"),
        (("INSERT INTO segments (article_id, seq, text, lang) VALUES ('no-such-article', 0, "
          "'An orphan paragraph.', 'en')"), "segments"),
    ],
)
def test_validate_fails_on_a_broken_warehouse(seed_run, tmp_path, breakage, named):
    _, wh, _ = seed_run
    broken = tmp_path / "broken.duckdb"
    shutil.copy(wh, broken)
    con = duckdb.connect(str(broken))
    con.execute(breakage)
    con.close()
    result = invoke("validate", "--warehouse", broken)
    assert result.exit_code == 1, result.output
    assert named in result.output and "critical" in result.output


def test_run_writes_the_report_and_data_docs_next_to_the_warehouse(seed_run):
    summary, wh, _ = seed_run
    reports = wh.parent / "reports"
    assert (reports / "index.html").is_file()
    assert (reports / "data-docs" / "index.html").is_file()
    page = (reports / "index.html").read_text("utf-8")
    assert "The Wall Street Journal" in page and "$56.4 billion" in page
    assert summary["reports"]["report"] == str(reports / "index.html")


def test_report_headline_counts_are_the_warehouse_counts(seed_run):
    """The figures at the top of the report are the whole warehouse's, not what the report
    happened to load (it once showed 0 claims, since it never reads the claims table)."""
    import re

    _, wh, _ = seed_run
    con = duckdb.connect(str(wh), read_only=True)
    claims = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    checks = con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT mention_id, other_mention_id FROM number_checks)"
    ).fetchone()[0]
    conflicts = con.execute(
        "SELECT count(*) FROM number_checks WHERE verdict = 'conflict'"
    ).fetchone()[0]
    con.close()
    page = (wh.parent / "reports" / "index.html").read_text("utf-8")
    kpis = {k: int(v) for v, k in re.findall(r"<b>(\d+)</b><span>([a-z ]+)</span>", page)}
    assert claims > 0 and checks > 0 and conflicts == 1
    assert (kpis["claims"], kpis["number checks"], kpis["conflicts"]) == (claims, checks, 1)


def test_report_command_writes_where_asked(seed_run, tmp_path):
    _, wh, _ = seed_run
    result = invoke("report", "--warehouse", wh, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "index.html").stat().st_size > 10_000


def test_explain_shows_scores_and_the_evidence(seed_run):
    _, wh, _ = seed_run
    result = invoke("explain", "wsj", "--warehouse", wh)
    assert result.exit_code == 0, result.output
    assert "The Wall Street Journal" in result.output
    for label in ("attribution", "number consistency", "quality"):
        assert label in result.output
    assert "Michael Frank" in result.output or "Morgan Stanley" in result.output
    toutiao = invoke("explain", "toutiao.com", "--warehouse", wh, "--limit", "40")
    assert "$56.4 billion" in toutiao.output  # the conflict that lowered its score
    assert invoke("explain", "unknown", "--warehouse", wh).exit_code == 2  # ambiguous
    assert invoke("explain", "nobody-at-all", "--warehouse", wh).exit_code == 2


def test_every_command_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"monitor {name}" in readme, f"README does not show `monitor {name}`"


def test_a_command_line_run_validates_in_a_process_of_its_own(seed_run, copy_seeds):
    """`monitor run` with documents to read sets up Great Expectations in a process of its own
    as the run opens (as every run does: monitor.processes), and its first pool worker; this process never loads GX, the run's
    batches go to that worker (and the one forked from it), and the run records the same
    results, quarantine and Data Docs as a run that validates in itself (the seed run)."""
    from prefect.settings import PREFECT_API_URL

    summary_seed, seed_wh, _ = seed_run
    wh = copy_seeds / "w" / "monitor.duckdb"
    script = textwrap.dedent("""
        import atexit, sys
        import monitor.cli
        from monitor.processes import RunProcesses
        atexit.register(lambda: print("GX loaded here:", "great_expectations" in sys.modules,
                                      file=sys.stderr))
        take = RunProcesses.pool_for
        def taken(self, work):
            early = "pool" in self.pids()
            pool = take(self, work)
            print("early pool taken:", early and pool is not None, file=sys.stderr)
            atexit.register(lambda: print("batches begun before the run planned them:",
                                          pool.head_taken, file=sys.stderr))
            return pool
        RunProcesses.pool_for = taken
        sys.argv = ["monitor", *sys.argv[1:]]
        monitor.cli.main()
    """)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update(PREFECT_API_URL=str(PREFECT_API_URL.value()), PREFECT_LOGGING_LEVEL="WARNING",
               MONITOR_RUN__WORKERS="2",  # two workers, as on a two-core machine, whatever this has
               MONITOR_RUN__BATCH_SIZE="4")  # batches of one: the 5 seeds make work for a pool
    done = subprocess.run(
        [sys.executable, "-c", script, "run", "seeds", "--warehouse", str(wh), "--json"],
        cwd=copy_seeds, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "GX loaded here: False" in done.stderr
    assert "early pool taken: True" in done.stderr
    # 5 batches of one; the first worker began the first 4 (the pool's window) while the run
    # started up, and the run took those results instead of processing the seeds again
    assert "batches begun before the run planned them: 4" in done.stderr
    summary = json.loads(done.stdout.splitlines()[-1])
    assert (summary["new"], summary["dq_failed"]) == (5, summary_seed["dq_failed"])
    docs = Path(summary["reports"]["data docs"])
    assert docs == wh.parent / "reports" / "data-docs" / "index.html" and docs.is_file()
    # The validation process builds the Data Docs while the report renders: the report still
    # links them, and each suite's page of this run (a first run has no other), all there.
    page = Path(summary["reports"]["report"]).read_text("utf-8")
    assert 'href="data-docs/index.html"' in page
    details = re.findall(r'href="(data-docs/validations/[^"]+\.html)"', page)
    built = sorted((docs.parent / "validations").glob("*/*/*/*.html"))
    assert len(details) == len(built) == 15
    assert sorted(docs.parent.parent / d for d in details) == built

    def recorded(path):
        with duckdb.connect(str(path), read_only=True) as con:
            return [con.execute(
                f"SELECT {cols} FROM {table} ORDER BY ALL").fetchall() for table, cols in (
                    ("dq_results", "suite, expectation, column_name, success, observed"),
                    ("quarantine", "table_name, reason"))]

    assert recorded(wh) == recorded(seed_wh)
    assert len(recorded(wh)[0]) > 100


def test_new_files_are_counted_before_a_run_without_reading_them(seed_run, tmp_path):
    """What decides whether a run opens with its helper processes: files the warehouse has not
    landed (URLs and changed files are only known once the run looks)."""
    from monitor.processes import unlanded_files

    _, wh, work = seed_run
    seeds = work / "seeds"

    def origins(specs, cwd, path):
        target = Warehouse(path)
        target.ensure_schema()
        return [item.origin for item in unlanded_files(specs, cwd, target)]

    assert origins(["seeds"], work, str(wh)) == []  # all landed
    assert len(origins(["seeds"], work, str(tmp_path / "new.duckdb"))) == 5
    (tmp_path / "a").mkdir()
    for name in ("1.txt", "2.html", "3.pdf"):
        (tmp_path / "a" / name).write_text("x")
    specs = [str(tmp_path / "a"), str(seeds), "https://example.com/feed", "missing"]
    new = origins(specs, tmp_path, str(wh))
    assert new[:2] == ["a/1.txt", "a/2.html"] and len(new) == 2 + 5  # seeds by another path
    assert origins(["seeds", str(tmp_path / "a")], work, str(wh)) == [
        str(tmp_path / "a" / "1.txt"), str(tmp_path / "a" / "2.html")]

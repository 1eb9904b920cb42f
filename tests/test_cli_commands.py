"""The `monitor` commands run in-process (typer.testing.CliRunner): exit codes and what a user reads.

Fast: DuckDB files filled by hand, no Prefect. `monitor run` and `monitor serve` get a stand-in
for the flow (`run_once`, `serve`) so their own part can be checked: the settings and the lock
taken before the flow, what a failed run or a busy warehouse exits with, what is printed. The
real flows behind them are run by the slow tests (test_cli.py, test_serve.py, test_concurrency.py).
0 = done, 1 = the run or the data failed, 2 = the user's input or the warehouse's state is wrong.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import sys
import threading
import types
from pathlib import Path

import duckdb
import pytest
import test_cli_exit_codes
from typer.testing import CliRunner

from monitor import cli, progress
from monitor.cli import app
from monitor.settings import SettingsError
from monitor.warehouse import Warehouse, WarehouseError

wh = test_cli_exit_codes.wh  # the fixture: a warehouse with three sources, nothing run yet



@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    """Commands set Prefect's variables and read ./monitor.toml: keep both to this test. The
    console is made wide so table cells are not folded across lines."""
    saved = dict(os.environ)
    for name in list(os.environ):
        if name.startswith(("MONITOR_", "PREFECT_")) or name in ("GX_ANALYTICS_ENABLED", "DO_NOT_TRACK"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli.console, "_width", 250)
    monkeypatch.setattr(cli.err, "_width", 250)
    monkeypatch.setattr(cli, "_exit_code", None)
    yield
    os.environ.clear()
    os.environ.update(saved)
    progress.clear_hook()


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def flat(text: str) -> str:
    return " ".join(text.split())


def cells(output: str) -> list[str]:
    """Each printed line with table borders dropped and spaces collapsed."""
    return [flat(line.translate({ord(c): " " for c in "│┃"})) for line in output.splitlines()]


def _article(con, article_id, source_id, sentences):
    text = "\n".join(sentences)
    con.execute(
        """INSERT INTO articles (article_id, source_id, origin, clean_text, content_hash,
           first_seen_at, last_seen_at, run_id, language, languages)
           VALUES (?, ?, ?, ?, ?, now(), now(), 'r1', 'en', ['en'])""",
        [article_id, source_id, f"{article_id}.txt", text, hashlib.sha256(text.encode()).hexdigest()],
    )
    con.executemany(
        "INSERT INTO segments (article_id, seq, text, lang) VALUES (?, ?, ?, 'en')",
        [(article_id, i, t) for i, t in enumerate(sentences)],
    )


@pytest.fixture
def scored(wh):
    """wsj.com scored by one run: two articles, three attributed claims and one without."""
    with Warehouse(wh).write() as con:
        con.execute("INSERT INTO runs (run_id, started_at, status) VALUES ('r0', now() - INTERVAL 1 DAY, 'completed')")
        con.execute("INSERT INTO runs (run_id, started_at, status) VALUES ('r1', now(), 'completed')")
        claims = [
            ("c1", "a1", 0, "Jane Roe said exports rose.", "named", "Jane Roe", "Jane Roe"),
            ("c2", "a1", 1, "She said imports fell.", "named", "Jane Roe", "She"),
            ("c3", "a2", 0, "The minister said growth held.", "named", "Ana Diaz", "the minister"),
            ("c4", "a2", 1, "People familiar said talks stalled.", "anonymous", None, None),
            ("c5", "a2", 2, "Output fell.", "none", None, None),
        ]
        for article in ("a1", "a2"):
            _article(con, article, "wsj.com", [c[3] for c in claims if c[1] == article])
        con.executemany(
            """INSERT INTO claims (claim_id, article_id, seq, sentence, attribution, attributed_to,
               source_span) VALUES (?, ?, ?, ?, ?, ?, ?)""",
            claims,
        )
        row = """INSERT INTO source_scores VALUES ('wsj.com', ?, ?, ?, ?, 2, 5, 4, now(), 3, 1, 1, 6, ?, ?)"""
        con.execute(row, ["r0", 0.1, 0.1, 0.1, 0, "old run"])
        con.execute(row, ["r1", 0.61234, 0.875, 0.7125, 1, "one conflict on $4 billion lowered it"])
    return wh


# -- settings, before any command ---------------------------------------------------------------


def test_a_settings_file_that_does_not_parse_stops_every_command_before_it_starts(wh, tmp_path, monkeypatch):
    bad = tmp_path / "monitor.toml"
    bad.write_text("[run\nwarehouse = 1\n", encoding="utf-8")
    for args in (["query", "SELECT 1", "--warehouse", wh], ["explain", "wsj", "--warehouse", wh],
                 ["run", "--warehouse", tmp_path / "new.duckdb"]):
        result = invoke(*args)
        assert result.exit_code == 2, args
        assert result.output.startswith("error:") and str(bad) in result.output
        assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "new.duckdb").exists() and not (tmp_path / "new.duckdb.lock").exists()
    monkeypatch.setattr(sys, "argv", ["monitor", "query", "--help"])
    helped = invoke("query", "--help")
    assert helped.exit_code == 0 and "Run read-only SQL on the warehouse." in helped.output


def test_a_wrong_setting_is_named_by_the_variable_that_set_it(wh, monkeypatch):
    monkeypatch.setenv("MONITOR_RUN__LOCK_WAIT", "soon")
    result = invoke("query", "SELECT 1", "--warehouse", wh)
    assert result.exit_code == 2
    assert flat(result.output) == "error: MONITOR_RUN__LOCK_WAIT: [run] lock_wait: expected a number, got 'soon'"


def test_the_warehouse_defaults_to_the_setting(wh, monkeypatch):
    monkeypatch.setenv("MONITOR_RUN__WAREHOUSE", str(wh))
    result = invoke("query", "SELECT count(*) AS n FROM sources", "-f", "csv")
    assert result.exit_code == 0 and result.output == "n\n3\n"


def test_a_bad_setting_met_by_a_helper_is_one_line_too(monkeypatch, capsys):
    monkeypatch.setenv("MONITOR_RUN__LOCK_WAIT", "soon")
    with pytest.raises(cli.typer.Exit) as exc:
        cli._warehouse_path(None)
    assert exc.value.exit_code == 2
    assert "lock_wait: expected a number" in capsys.readouterr().err
    assert cli._warehouse_path(Path("given.duckdb")) == Path("given.duckdb")


# -- query ----------------------------------------------------------------------------------------


def test_query_without_a_warehouse_says_to_run_first(tmp_path):
    result = invoke("query", "SELECT 1", "--warehouse", tmp_path / "none.duckdb")
    assert result.exit_code == 2
    assert flat(result.output) == f"error: no warehouse at {tmp_path / 'none.duckdb'} — run `monitor run` first"


def test_query_output_a_script_reads(wh):
    empty = invoke("query", "SELECT * FROM sources WHERE false", "--warehouse", wh)
    assert empty.exit_code == 0 and empty.output.rstrip().endswith("\n0 rows")
    js = invoke("query", "SELECT 'São Paulo' AS city, 1.5::DOUBLE AS x, DATE '2026-01-02' AS d", "--warehouse", wh,
                "-f", "json")
    assert js.output.endswith("\n") and '"São Paulo"' in js.output and '\n  {\n    "city"' in js.output
    assert json.loads(js.output) == [{"city": "São Paulo", "x": 1.5, "d": "2026-01-02"}]
    # DECIMAL (what ROUND and SUM of decimals give) is a number in JSON, not a string
    dec = invoke("query", "SELECT round(2.345, 2) AS r, 3::DECIMAL(4,0) AS n", "--warehouse", wh,
                 "-f", "json")
    assert json.loads(dec.output) == [{"r": 2.35, "n": 3}]
    assert '"n": 3\n' in dec.output  # a whole DECIMAL is written as an integer, not 3.0
    assert invoke("query", "SELECT NULL AS gap, 'x' AS y", "--warehouse", wh, "-f", "csv").output == "gap,y\n,x\n"
    table = invoke("query", "SELECT NULL AS gap, 'kept' AS y", "--warehouse", wh)
    assert "gap" in table.output and "kept" in table.output and "None" not in table.output
    assert table.output.rstrip().endswith("\n1 row")


# -- explain --------------------------------------------------------------------------------------


def test_explain_shows_the_latest_scores_and_what_moved_them(scored):
    result = invoke("explain", "wall street", "--warehouse", scored)
    assert result.exit_code == 0, result.output
    out = result.output
    lines = cells(out)
    assert lines[0] == "The Wall Street Journal (wsj.com)"
    assert lines[2] == "score value evidence"
    assert "effect kind evidence" in lines and "source class claims as written" in lines
    assert "attribution 0.612 5 claims: 3 named, 1 anonymous, 1 unattributed" in lines
    assert "number consistency 0.875 6 checks, 1 conflicts; 4 numbers" in lines
    assert "quality 0.713 2 articles" in lines
    assert "one conflict on $4 billion lowered it" in lines
    assert "old run" not in out
    assert "what moved the quality score most" in out
    assert "People familiar said talks stalled." in out and " pts" in out
    assert "sources its claims cite (pronouns and descriptions resolved)" in flat(out)
    assert "Jane Roe named 2 She" in lines and "Ana Diaz named 1 the minister" in lines
    assert lines[-1] == ("trace in SQL: SELECT * FROM claims JOIN articles USING (article_id) "
                         "WHERE source_id = 'wsj.com'")
    short = invoke("explain", "wsj.com", "--warehouse", scored, "--limit", "1")
    assert short.exit_code == 0
    assert "Jane Roe named 2 She" in cells(short.output) and "Ana Diaz" not in short.output
    assert flat(short.output).count(" pts ") == 1


def test_explain_of_a_source_without_claims_shows_no_empty_tables(wh):
    with Warehouse(wh).write() as con:
        con.execute("INSERT INTO runs (run_id, started_at, status) VALUES ('r1', now(), 'completed')")
        con.execute("""INSERT INTO source_scores VALUES ('local:ai-race-blog', 'r1', 0.5, 0.5, 0.5, 0, 0, 0,
                       now(), 0, 0, 0, 0, 0, NULL)""")
    result = invoke("explain", "local:ai-race-blog", "--warehouse", wh)
    assert result.exit_code == 0
    assert "AI Race Blog" in result.output and "0 claims: 0 named" in result.output
    assert "what moved" not in result.output and "sources its claims cite" not in result.output


def test_explain_on_a_missing_warehouse_exits_2(wh, tmp_path):
    missing = invoke("explain", "wsj", "--warehouse", tmp_path / "none.duckdb")
    assert missing.exit_code == 2 and "no warehouse at" in missing.output


def test_sources_cited_counts_resolved_names_and_lists_what_was_written():
    claims = [
        {"source_id": "s", "attributed_to": "Jane Roe", "attribution": "named", "source_span": "she"},
        {"source_id": "s", "attributed_to": "Jane Roe", "attribution": "named", "source_span": "Jane Roe"},
        {"source_id": "s", "attributed_to": "Jane Roe", "attribution": "named", "source_span": "Ms Roe"},
        {"source_id": "s", "attributed_to": "Jane Roe", "attribution": "named", "source_span": "she"},
        {"source_id": "s", "attributed_to": "officials", "attribution": "anonymous", "source_span": None},
        {"source_id": "s", "attributed_to": "Bob", "attribution": None, "source_span": ""},
        {"source_id": "s", "attributed_to": "Al", "attribution": "named", "source_span": "he"},
        {"source_id": "s", "attributed_to": "", "attribution": "named"},
        {"source_id": "s", "attributed_to": float("nan"), "attribution": "named"},
        {"source_id": "other", "attributed_to": "Jane Roe", "attribution": "named"},
    ]
    assert cli._sources_cited("s", claims) == [
        ("Jane Roe", "named", "4", "Ms Roe, she"),
        ("Al", "named", "1", "he"),
        ("Bob", "", "1", ""),
        ("officials", "anonymous", "1", ""),
    ]


# -- run ------------------------------------------------------------------------------------------


def _summary(status="completed", **extra):
    return {"run_id": "r9", "status": status, "inputs": 3, "new": 1, "changed": 0, "unchanged": 1,
            "rejected": 1, "warehouse": "/x/w.duckdb", **extra}


@pytest.fixture
def flow(monkeypatch):
    """A stand-in for monitor.flows.ingest (which imports Prefect): records how `monitor run`
    called it, whether the warehouse's run lock was held then, and returns `flow.summary`."""
    calls = []
    fake = types.SimpleNamespace(summary=_summary(), raises=None, calls=calls)

    def run_once(**kwargs):
        held = kwargs["warehouse"] and Warehouse(kwargs["warehouse"]).run_in_progress()
        calls.append({**kwargs, "lock_held": held, "hook": dict(progress._hook)})
        if fake.raises is not None:
            raise fake.raises
        return fake.summary

    module = types.ModuleType("monitor.flows.ingest")
    module.run_once = run_once
    monkeypatch.setitem(sys.modules, "monitor.flows.ingest", module)
    return fake


def test_a_run_leaves_the_warehouse_to_the_flow_as_a_deployment_does(flow, tmp_path):
    (tmp_path / "inbox").mkdir()
    path = tmp_path / "w.duckdb"
    result = invoke("run", "inbox", "--warehouse", path)
    assert result.exit_code == 0, result.output
    (call,) = flow.calls
    assert set(call) == {"sources", "warehouse", "cwd", "lock_held", "hook"}
    assert call["sources"] == ["inbox"] and call["warehouse"] == str(path)
    # the command opens nothing itself: the flow takes the lock and starts the run's processes
    # (RunProcesses), the same path a scheduled deployment's run takes
    assert call["cwd"] == str(tmp_path) and not call["lock_held"]
    assert call["hook"] == {}  # no bar outside a terminal
    assert not path.exists()
    assert os.environ["PREFECT_LOGGING_LEVEL"] == "WARNING"
    assert os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] == "120"
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert os.environ["GX_ANALYTICS_ENABLED"] == "false" and os.environ["DO_NOT_TRACK"] == "1"


def test_a_run_uses_the_settings_sources_when_given_none(flow, tmp_path, monkeypatch):
    monkeypatch.setenv("MONITOR_RUN__WAREHOUSE", str(tmp_path / "set.duckdb"))
    monkeypatch.setenv("PREFECT_LOGGING_LEVEL", "ERROR")
    result = invoke("run")
    assert result.exit_code == 0, result.output
    (call,) = flow.calls
    assert call["sources"] is None and call["warehouse"] is None
    assert os.environ["PREFECT_LOGGING_LEVEL"] == "ERROR"  # the user's own setting is kept
    assert not (tmp_path / "set.duckdb.lock").exists()  # the flow opens it, not the command


def test_verbose_shows_prefects_logs(flow, tmp_path):
    assert invoke("run", "--warehouse", tmp_path / "w.duckdb", "-v").exit_code == 0
    assert os.environ["PREFECT_LOGGING_LEVEL"] == "INFO"


def test_a_failed_run_exits_1_and_says_what_failed(flow, tmp_path):
    rejects = [(f"inbox/{i}.docx", "unsupported file type .docx") for i in range(23)]
    flow.summary = _summary(
        "failed", rejects=rejects, dq_failed=["articles: expect_column_values_to_not_be_null"],
        reports={"report": "/x/reports/index.html"},
    )
    result = invoke("run", "--warehouse", tmp_path / "w.duckdb")
    assert result.exit_code == 1
    lines = cells(result.output)
    assert "run r9 — failed" in lines
    assert "inputs new changed unchanged rejected" in lines and "3 1 0 1 1" in lines
    assert "rejected inbox/0.docx: unsupported file type .docx" in lines
    assert "rejected inbox/19.docx: unsupported file type .docx" in lines
    assert not any("inbox/20.docx" in line for line in lines)
    assert "… and 3 more (see the rejects table)" in lines
    assert "data quality articles: expect_column_values_to_not_be_null" in lines
    assert "report: /x/reports/index.html" in lines
    assert lines[-1] == "warehouse: /x/w.duckdb"


def test_a_run_with_twenty_rejects_lists_them_all(flow, tmp_path):
    flow.summary = _summary(rejects=[(f"f{i}", "empty") for i in range(20)])
    result = invoke("run", "--warehouse", tmp_path / "w.duckdb")
    assert result.exit_code == 0 and "f19: empty" in result.output and "more" not in result.output


@pytest.mark.parametrize(("status", "code"), [("completed", 0), ("failed", 1), ("aborted", 1)])
def test_json_summary_for_scripts(flow, tmp_path, status, code):
    flow.summary = _summary(status, started=__import__("datetime").date(2026, 1, 2))
    result = invoke("run", "--warehouse", tmp_path / "w.duckdb", "--json")
    assert result.exit_code == code
    assert result.output.endswith("}\n")
    assert json.loads(result.output) == {**_summary(status), "started": "2026-01-02"}


@pytest.mark.parametrize("error", [WarehouseError("disk full while writing"),
                                   SettingsError("[run] sources: expected a list")])
def test_a_run_the_warehouse_or_settings_stop_exits_2_in_one_line(flow, tmp_path, error):
    flow.raises = error
    result = invoke("run", "--warehouse", tmp_path / "w.duckdb")
    assert result.exit_code == 2 and flat(result.output) == f"error: {error}"


def test_a_bug_in_a_run_is_not_passed_off_as_a_one_line_error(flow, tmp_path):
    # (the flow lets go of the lock however it ends: the Ctrl-C and kill tests of
    # tests/test_crash_safety.py)
    flow.raises = ValueError("a bug")
    with pytest.raises(ValueError, match="a bug"):
        invoke("run", "--warehouse", tmp_path / "w.duckdb")


def test_a_progress_bar_in_a_terminal_and_none_in_json(flow, tmp_path, monkeypatch):
    monkeypatch.setattr(cli.console, "_force_terminal", True)
    assert invoke("run", "--warehouse", tmp_path / "w.duckdb").exit_code == 0
    assert set(flow.calls[0]["hook"]) == {"start", "advance", "finish"}
    assert progress._hook == {}  # cleared after the run
    assert invoke("run", "--warehouse", tmp_path / "w.duckdb", "--json").exit_code == 0
    assert flow.calls[1]["hook"] == {}


def test_the_progress_bar_counts_documents():
    bar = cli._progress_bar()
    try:
        progress.start(5)
        progress.advance(2)
        progress.advance(1)
        (task,) = bar.tasks
        assert (task.description, task.total, task.completed) == ("documents", 5, 3)
        assert bar.live.is_started
        progress.finish()
        assert not bar.live.is_started
    finally:
        progress.clear_hook()


def test_ctrl_c_during_a_command_ends_it_as_interrupted():
    def interrupted_then_other_error():
        with cli._ctrl_c_wins():
            try:
                os.kill(os.getpid(), signal.SIGINT)
                signal.sigtimedwait([], 0)
            except KeyboardInterrupt:
                raise ValueError("Task run is not set") from None

    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        interrupted_then_other_error()
    assert signal.getsignal(signal.SIGINT) is before
    with pytest.raises(ValueError, match="plain"), cli._ctrl_c_wins():  # no Ctrl-C: its own error
        raise ValueError("plain")
    assert signal.getsignal(signal.SIGINT) is before

    seen = []

    def in_a_thread():
        with cli._ctrl_c_wins():
            seen.append(signal.getsignal(signal.SIGINT))

    t = threading.Thread(target=in_a_thread)
    t.start()
    t.join()
    assert seen == [before]  # signal handlers belong to the main thread: left alone


# -- serve ----------------------------------------------------------------------------------------


@pytest.fixture
def served(monkeypatch):
    calls = []
    fake = types.SimpleNamespace(raises=None, calls=calls)

    def serve(every, sources, warehouse):
        calls.append((every, sources, warehouse, os.environ["PREFECT_LOGGING_LEVEL"]))
        if fake.raises is not None:
            raise fake.raises

    module = types.ModuleType("monitor.flows.serve")
    module.serve = serve
    monkeypatch.setitem(sys.modules, "monitor.flows.serve", module)
    return fake


@pytest.mark.parametrize("interval", ["0", "-5"])
def test_serve_refuses_an_interval_below_one_second(served, interval):
    """`--interval 0` used to fall back to the settings' interval (an hour) silently."""
    result = invoke("serve", "--interval", interval)
    assert result.exit_code == 2 and flat(result.output) == "error: --interval must be at least 1 second"
    assert served.calls == []


def test_serve_takes_its_interval_from_the_settings_and_stops_on_ctrl_c(served, monkeypatch, tmp_path):
    monkeypatch.setenv("MONITOR_SCHEDULE__INTERVAL_SECONDS", "7")
    served.raises = KeyboardInterrupt()
    result = invoke("serve")
    assert result.exit_code == 0 and result.output == "stopped\n"
    assert served.calls == [(7, None, None, "INFO")]
    monkeypatch.setenv("MONITOR_SERVE_LOG_LEVEL", "DEBUG")
    served.raises = None
    assert invoke("serve", "-i", "1", "inbox", "feeds.txt", "-w", tmp_path / "w.duckdb").exit_code == 0
    assert served.calls[1] == (1, ["inbox", "feeds.txt"], str(tmp_path / "w.duckdb"), "DEBUG")
    monkeypatch.setenv("MONITOR_SCHEDULE__INTERVAL_SECONDS", "0")
    assert invoke("serve").exit_code == 2 and len(served.calls) == 2


def test_serve_without_a_prefect_api_exits_2_with_why(served):
    served.raises = RuntimeError("cannot reach the Prefect API at http://127.0.0.1:1/api")
    result = invoke("serve", "--interval", "60")
    assert result.exit_code == 2
    assert flat(result.output) == "error: cannot reach the Prefect API at http://127.0.0.1:1/api"


# -- report and validate --------------------------------------------------------------------------


def test_report_writes_next_to_the_warehouse_or_where_asked(scored, tmp_path):
    result = invoke("report", "--warehouse", scored)
    page = tmp_path / "reports" / "index.html"
    assert result.exit_code == 0 and flat(result.output) == f"report: {page}"
    assert "The Wall Street Journal" in page.read_text("utf-8")
    assert "data-docs" not in page.read_text("utf-8")
    docs = tmp_path / "reports" / "data-docs" / "index.html"
    docs.parent.mkdir()
    docs.write_text("<html></html>", encoding="utf-8")
    result = invoke("report", "--warehouse", scored, "-o", tmp_path / "out")
    assert flat(result.output) == f"report: {tmp_path / 'out' / 'index.html'}"
    assert "data-docs/index.html" in (tmp_path / "out" / "index.html").read_text("utf-8")
    missing = invoke("report", "--warehouse", tmp_path / "none.duckdb")
    assert missing.exit_code == 2 and "no warehouse at" in missing.output


def test_validate_reads_only_and_exits_by_critical_failures(scored, tmp_path, monkeypatch):
    before = scored.read_bytes()
    ok = invoke("validate", "--warehouse", scored)
    assert ok.exit_code == 0, ok.output
    last = flat(ok.output.splitlines()[-1])
    n = int(last.split()[0])
    assert last == f"{n} expectations on {scored}: {n} passed, 0 critical failed, 0 warnings"
    assert "failed expectations" not in ok.output
    with Warehouse(scored).write() as con:
        con.execute("UPDATE source_scores SET quality_score = 1.7 WHERE run_id = 'r1'")
    broken = scored.read_bytes()
    bad = invoke("validate", "--warehouse", scored)
    assert bad.exit_code == 1
    lines = cells(bad.output)
    assert "failed expectations" in lines
    assert any(line.startswith("critical source_scores expect_column_values_to_be_between quality_score")
               for line in lines), lines
    assert lines[-1].startswith(f"{n} expectations on {scored}: {n - 1} passed, 1 critical failed, 0 warnings")
    assert scored.read_bytes() == broken  # nothing quarantined, nothing recorded
    assert before != broken
    with duckdb.connect(str(scored), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dq_results").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM quarantine").fetchone() == (0,)
    assert "severity suite expectation column observed" in lines
    assert ("critical source_scores expect_column_values_to_be_between quality_score "
            "1 of 2 rows unexpected, e.g. [1.7]") in lines
    # a warning is listed too; in a terminal, in yellow beside the critical one in red, and in
    # a narrow one long values are folded, never cut
    with Warehouse(scored).write() as con:
        con.execute("INSERT INTO fetch_state (url, fetched_at) VALUES ('ftp://example.com/feed', now())")
    as_colour_terminal(monkeypatch)
    monkeypatch.setattr(cli.console, "_width", 100)
    both = invoke("validate", "--warehouse", scored)
    assert both.exit_code == 1
    assert "\x1b[31mcritical\x1b[0m │ source_scores" in both.output
    assert "\x1b[33mwarning\x1b[0m  │ fetch_state" in both.output
    assert "\x1b[1mseverity\x1b[0m" in both.output  # the header in bold

    def column(i):
        return "".join(line.split("│")[i].replace(" ", "") for line in both.output.splitlines()
                       if line.count("│") == 6)

    assert column(3) == "expect_column_values_to_be_betweenexpect_column_values_to_match_regex"
    assert column(5) == '1of2rowsunexpected,e.g.[1.7]1of1rowsunexpected,e.g.["ftp://example.com/feed"]'
    assert "…" not in both.output
    assert flat(re.sub(r"\x1b\[[0-9;]*m", "", both.output.splitlines()[-1])).endswith(
        f"{n - 2} passed, 1 critical failed, 1 warnings")
    missing = invoke("validate", "--warehouse", tmp_path / "none.duckdb")
    assert missing.exit_code == 2 and "no warehouse at" in missing.output



def test_validate_lists_failures_without_a_column_or_an_observed_value_as_blanks(scored):
    """A story counting more sources than articles fails a two-column expectation (no one
    column to name) and a missing column fails with nothing observed: those cells are blank,
    never filled with a placeholder."""
    with Warehouse(scored).write() as con:
        con.execute("""INSERT INTO stories (story_id, title, n_articles, n_sources, n_languages)
                       VALUES ('s1', 'Exports', 1, 2, 1)""")
        con.execute("ALTER TABLE number_checks DROP COLUMN reason")
    result = invoke("validate", "--warehouse", scored)
    assert result.exit_code == 1, result.output
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in result.output.splitlines()
            if line.count("│") == 6]
    assert ["critical", "stories", "expect_column_pair_values_a_to_be_greater_than_b", "",
            "1 of 1 rows unexpected, e.g. [[1, 2]]"] in rows, rows
    assert ["warning", "number_checks", "expect_column_to_exist", "reason", ""] in rows, rows

# -- the process's end ----------------------------------------------------------------------------


@pytest.mark.parametrize(("argv", "code"), [(["query", "SELECT 1", "-w", "/nonexistent/w.duckdb"], 2),
                                            (["--help"], 0)])
def test_main_keeps_the_exit_code_for_the_quick_exit(monkeypatch, argv, code):
    monkeypatch.setattr(sys, "argv", ["monitor", *argv])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == code and cli._exit_code == code
    ended = []
    monkeypatch.setattr(os, "_exit", ended.append)
    cli._exit_without_teardown()
    assert ended == [code]
    monkeypatch.setenv("MONITOR_PROCESSES__QUICK_EXIT", "false")
    cli._exit_without_teardown()
    assert ended == [code]  # with quick_exit off, Python's own teardown ends the process
    monkeypatch.setenv("MONITOR_PROCESSES__QUICK_EXIT", "maybe")
    cli._exit_without_teardown()
    assert ended == [code, code]  # settings that do not parse: the command has said so already


@pytest.mark.parametrize(("code", "kept"), [(None, 0), ("stopped", 1), (3, 3)])
def test_main_reads_every_kind_of_exit(monkeypatch, code, kept):
    def app_ending():
        raise SystemExit(code)

    monkeypatch.setattr(cli, "app", app_ending)
    with pytest.raises(SystemExit):
        cli.main()
    assert cli._exit_code == kept


def test_no_quick_exit_in_process_or_after_an_uncaught_error(monkeypatch):
    ended = []
    monkeypatch.setattr(os, "_exit", ended.append)
    cli._exit_without_teardown()
    assert ended == []


# -- what a narrow terminal still shows -----------------------------------------------------------


def test_query_in_a_narrow_terminal_folds_long_values_instead_of_cutting_them(wh, monkeypatch):
    monkeypatch.setattr(cli.console, "_width", 40)
    long = "https://example.com/" + "a" * 70
    result = invoke("query", f"SELECT '{long}' AS url, NULL AS gap", "--warehouse", wh)
    assert result.exit_code == 0
    rows = cells(result.output)
    assert "".join(r.split()[0] for r in rows if r.startswith(("https", "aaa"))) == long
    assert "…" not in result.output
    assert "url gap" in rows


def test_query_rejects_an_unknown_format_before_reading(tmp_path):
    result = invoke("query", "SELECT 1", "--warehouse", tmp_path / "none.duckdb", "-f", "xml")
    assert result.exit_code == 2
    assert flat(result.output) == "error: unknown format 'xml': use table, csv or json"


def test_a_null_is_an_empty_cell(wh):
    result = invoke("query", "SELECT NULL AS gap, 'kept' AS y", "--warehouse", wh)
    assert "kept" in cells(result.output)


def test_the_run_summary_in_a_narrow_terminal_keeps_paths_whole(flow, tmp_path, monkeypatch):
    monkeypatch.setattr(cli.console, "_width", 40)
    deep = "/data/" + "inbox/" * 8 + "a-rather-long-file-name.docx"
    flow.summary = _summary(rejects=[(deep, "unsupported file type .docx")] * 21,
                            reports={"report": "/x/" + "reports/" * 6 + "index.html"},
                            warehouse="/x/" + "warehouse/" * 5 + "monitor.duckdb")
    result = invoke("run", "--warehouse", tmp_path / "w.duckdb")
    lines = result.output.splitlines()
    assert f"  rejected {deep}: unsupported file type .docx" in lines
    assert "  report: /x/" + "reports/" * 6 + "index.html" in lines
    assert lines[-1] == "warehouse: /x/" + "warehouse/" * 5 + "monitor.duckdb"
    assert "  … and 1 more (see the rejects table)" in lines  # 21 rejects: 20 shown


def test_the_run_summary_counts_are_right_aligned(flow, tmp_path):
    flow.summary = _summary(inputs=1234)
    result = invoke("run", "--warehouse", tmp_path / "w.duckdb")
    row = next(line for line in result.output.splitlines() if "1234" in line)
    assert row.split("│")[1:-1] == ["   1234 ", "   1 ", "       0 ", "         1 ", "        1 "]


def test_the_quick_exit_happens_even_if_an_output_stream_cannot_be_flushed(monkeypatch):
    class Closed:
        def flush(self):
            raise ValueError("I/O operation on closed file")

    ended = []
    monkeypatch.setattr(os, "_exit", ended.append)
    monkeypatch.setattr(cli, "_exit_code", 1)
    monkeypatch.setattr(sys, "stdout", Closed())
    cli._exit_without_teardown()
    assert ended == [1]


def test_explain_says_why_it_cannot_pick_a_source(wh):
    none = invoke("explain", "nytimes", "--warehouse", wh)
    assert none.exit_code == 2
    assert flat(none.output) == ("error: no source matches 'nytimes' (see: monitor query "
                                 "\"SELECT * FROM sources\")")
    several = invoke("explain", "a", "--warehouse", wh)
    assert several.exit_code == 2
    assert flat(several.output) == ("error: 'a' matches several sources: local:ai-compete (Accelerate AI "
                                    "to Compete), local:ai-race-blog (AI Race Blog), wsj.com (The Wall "
                                    "Street Journal)")
    unscored = invoke("explain", "ai race", "--warehouse", wh)
    assert unscored.exit_code == 0
    assert cells(unscored.output) == ["AI Race Blog (local:ai-race-blog)", "not scored yet: run `monitor run` first"]


def test_sources_cited_skips_other_sources_and_unreadable_spans():
    claims = [
        {"source_id": "other", "attributed_to": "Bob", "attribution": "named", "source_span": "he"},
        {"source_id": "s", "attributed_to": "Al", "attribution": "named", "source_span": float("nan")},
        {"source_id": "s", "attributed_to": "Al", "attribution": "named", "source_span": "he"},
    ]
    assert cli._sources_cited("s", claims) == [("Al", "named", "2", "he")]


@pytest.fixture
def terminal(monkeypatch):
    """The console as a colour terminal sees it (styles written as escape codes)."""
    as_colour_terminal(monkeypatch)


def as_colour_terminal(monkeypatch):
    """From here on in a test, the console writes as to a colour terminal."""
    from rich.console import ColorSystem

    monkeypatch.setattr(cli.console, "_force_terminal", True)
    monkeypatch.setattr(cli.console, "_color_system", ColorSystem.STANDARD)


def test_table_headers_are_bold_in_a_terminal(wh, scored, terminal):
    bold = "\x1b[1m"
    out = invoke("query", "SELECT source_id FROM sources", "--warehouse", wh, "-f", "table").output
    assert f"{bold}source_id" in out
    out = invoke("explain", "wsj.com", "--warehouse", scored).output
    for header in ("score", "effect", "source"):
        assert re.search(rf"\x1b\[1m *{header}", out), header


def test_validate_reads_an_article_whose_languages_are_null(scored):
    """`languages` may be NULL (the schema allows it: a document the detector could not place).
    `monitor validate` read it as pandas' NA and stopped with a TypeError traceback; it is an
    empty list of languages, which the suite accepts."""
    with Warehouse(scored).write() as con:
        con.execute("UPDATE articles SET languages = NULL WHERE article_id = 'a1'")
    result = invoke("validate", "--warehouse", scored)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    assert flat(result.output.splitlines()[-1]).endswith("0 critical failed, 0 warnings")


@pytest.mark.parametrize("command", [["explain", "wsj"], ["report"], ["validate"]])
def test_a_duckdb_file_that_is_no_warehouse_is_a_clear_error(tmp_path, command):
    """Pointed at a DuckDB file without monitor's tables (a typo in -w, another tool's file),
    the read commands say so and exit 2; they showed a traceback of DuckDB's catalog error."""
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    result = invoke(*command, "--warehouse", other)
    assert result.exit_code == 2, result.output
    assert "is not a monitor warehouse" in flat(result.output)
    assert "Traceback" not in result.output


def test_explain_lists_each_piece_of_evidence_with_its_effect_detail_and_id(scored):
    """What moved the score, as a reader checks it: the effect in points, the kind, the sentence
    or the check's explanation, and beneath it the detail and the id to look it up by. A copy
    that changed a figure of the article it republishes takes the blame for the conflict."""
    with Warehouse(scored).write() as con:
        _article(con, "b1", "local:ai-race-blog", ["Exports rose to $5 billion, WSJ reported."])
        con.execute("UPDATE articles SET derived_from = 'a1' WHERE article_id = 'b1'")
        con.execute("""INSERT INTO number_checks (check_id, run_id, kind, article_id, mention_id,
                       other_article_id, other_mention_id, value, other_value, verdict, explanation,
                       confidence, reason)
                       VALUES ('k1', 'r1', 'cross_source', 'a1', 'a1-n0', 'b1', 'b1-n0', 4e9, 5e9,
                       'conflict', '$4 billion vs $5 billion', 1.0, 'same fact')""")
        con.execute("""INSERT INTO source_scores VALUES ('local:ai-race-blog', 'r1', 0.5, 0.4, 0.45,
                       1, 0, 1, now(), 0, 0, 0, 1, 1, NULL)""")
    shown = invoke("explain", "local:ai-race-blog", "--warehouse", scored).output
    assert "┃    effect ┃ kind  ┃" in shown  # points right-aligned under their header
    copy = cells(shown)
    start = copy.index("effect kind evidence")
    assert copy[start - 2] == "what moved the quality score most"  # the table's title, as is
    assert copy[start + 2:start + 4] == [
        "-9.38 pts check $4 billion vs $5 billion",
        ("cross_source conflict: 4000000000.0 vs 5000000000.0; blame 1 (it republishes the other "
         "and changed the figure) id=k1"),
    ]
    original = cells(invoke("explain", "wsj.com", "--warehouse", scored).output)
    start = original.index("source class claims as written")
    assert original[start - 3:start - 1] == ["sources its claims cite (pronouns and",
                                             "descriptions resolved)"]
    start = original.index("effect kind evidence")
    assert original[start + 2:start + 14] == [
        "+3.12 pts check $4 billion vs $5 billion",
        "cross_source conflict: 4000000000.0 vs 5000000000.0; blame 0 (it is the original) id=k1",
        "+2.83 pts claim Jane Roe said exports rose.",
        "named: Jane Roe id=c1",
        "+2.83 pts claim She said imports fell.",
        "named: Jane Roe (as written: “She”) id=c2",
        "+2.83 pts claim The minister said growth held.",
        "named: Ana Diaz (as written: “the minister”) id=c3",
        "-2.72 pts claim Output fell.",
        "none id=c5",
        "-0.50 pts claim People familiar said talks stalled.",
        "anonymous id=c4",
    ]


def test_the_progress_bar_draws_its_columns_on_the_terminal_and_clears_them_at_the_end(monkeypatch):
    """A run in a terminal shows "documents ━━━━ 3/5 0:00:00" while it works, on the command's
    console, and erases the bar when it ends, so the summary stands alone."""
    from rich.console import Console

    screen = io.StringIO()
    monkeypatch.setattr(cli, "console", Console(file=screen, force_terminal=True, width=80,
                                                color_system=None))
    bar = cli._progress_bar()
    try:
        progress.start(5)
        progress.advance(2)
        progress.advance(1)
        bar.refresh()
        shown = screen.getvalue().rsplit("\x1b[2K", 1)[-1]
        assert re.fullmatch(r"documents ━+ +3/5 0:00:0\d", shown), shown
        progress.finish()
    finally:
        progress.clear_hook()
    assert screen.getvalue().endswith("\x1b[1A\x1b[2K")  # the bar's line erased


def test_explain_in_a_narrow_terminal_folds_long_chinese_sentences_and_names_instead_of_cutting_them(
        scored, monkeypatch):
    """Chinese text has no spaces to wrap at: in a narrow terminal a sentence or a source's name
    is folded across lines, never cut with "…" (the reader would lose what was said and by whom)."""
    sentence = "国家统计局新闻发言人付凌晖表示，今年前三季度国内生产总值同比增长百分之五点二。"
    name = "国家统计局新闻发言人付凌晖"
    with Warehouse(scored).write() as con:
        con.execute("""INSERT INTO claims (claim_id, article_id, seq, sentence, attribution,
                       attributed_to, source_span) VALUES ('c6', 'a2', 3, ?, 'named', ?, '发言人')""",
                    [sentence, name])
    monkeypatch.setattr(cli.console, "_width", 60)
    result = invoke("explain", "wsj.com", "--warehouse", scored)
    assert result.exit_code == 0 and "…" not in result.output

    def column(i):
        return "".join(line.split("│")[i].strip() for line in result.output.splitlines()
                       if line.count("│") >= i + 1)

    assert sentence in column(3)  # the evidence column of "what moved the quality score most"
    assert name in column(1)  # the source column of "sources its claims cite"


def test_the_report_goes_next_to_the_warehouse_not_into_the_current_folder(scored, tmp_path,
                                                                          monkeypatch):
    """Beside the warehouse, linking the Data Docs found there; or where asked, linking Data Docs
    found beside it. Its path is printed on one line, whole, however narrow the terminal."""
    elsewhere = tmp_path / "data" / "w.duckdb"
    elsewhere.parent.mkdir()
    scored.rename(elsewhere)
    docs = tmp_path / "data" / "reports" / "data-docs" / "index.html"
    docs.parent.mkdir(parents=True)
    docs.write_text("<html></html>", encoding="utf-8")
    monkeypatch.setattr(cli.console, "_width", 30)
    result = invoke("report", "--warehouse", elsewhere)
    assert result.exit_code == 0
    page = tmp_path / "data" / "reports" / "index.html"
    assert result.output == f"report: {page}\n"
    assert 'href="data-docs/index.html"' in page.read_text("utf-8")
    assert not (tmp_path / "reports").exists()
    assert invoke("report", "--warehouse", elsewhere, "-o", tmp_path / "out").exit_code == 0
    linked = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert 'href="../data/reports/data-docs/index.html"' in linked
    docs.unlink()
    (tmp_path / "out" / "data-docs").mkdir(parents=True)
    (tmp_path / "out" / "data-docs" / "index.html").write_text("<html></html>", encoding="utf-8")
    assert invoke("report", "--warehouse", elsewhere, "-o", tmp_path / "out").exit_code == 0
    assert 'href="data-docs/index.html"' in (tmp_path / "out" / "index.html").read_text("utf-8")

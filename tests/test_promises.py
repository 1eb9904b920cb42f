"""The README's promises, each kept by a real `monitor` process in a scratch folder.

Every test here runs the installed command line (`python -m monitor.cli` in a subprocess) the
way a user does, against the session's Prefect API, and reads the warehouse it leaves with
DuckDB. Exit codes, stdout and the rows on disk are what users and their scripts see.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

ARTICLE = (
    "Harbour traffic recovers\n\n"
    "The port of Valmera handled 1.2 million containers in 2024, its director Ana Ruiz said.\n\n"
    "Shipping lines added 14 weekly services, according to the port authority.\n\n"
    "Special offer: subscribe for one euro a week\n\n"
    "Officials expect volumes to grow by 5 percent next year.\n"
)


@pytest.fixture()
def monitor(prefect_api, tmp_path):
    """Run `monitor ARGS` in `tmp_path` as a user would; returns the CompletedProcess."""
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update(PREFECT_API_URL=str(PREFECT_API_URL.value()), PREFECT_LOGGING_LEVEL="WARNING")

    def call(*args: str, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", "import monitor.cli; monitor.cli.main()", *args],
            cwd=tmp_path, env={**env, **(extra_env or {})}, capture_output=True, text=True,
            timeout=300, check=False, stdin=subprocess.DEVNULL,
        )

    return call


def rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def summary_of(done: subprocess.CompletedProcess) -> dict:
    assert done.stdout.strip(), done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_critical_failure_quarantines_fails_the_run_and_the_input_is_read_again(
    monitor, tmp_path
):
    """A line the cleaner keeps but the data-quality rules call boilerplate: the article and
    its dependent rows move to `quarantine`, the run is `failed`, `monitor run` exits 1, and
    the next run (rules fixed) reads the same input again as new."""
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "port.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "news" / "other.txt").write_text(
        "Rail freight\n\nRail freight volumes rose 3 percent in March, the ministry said.\n",
        encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    strict = {"MONITOR_QUALITY__BOILERPLATE_MARKERS": '["Special offer: .*"]'}

    failed = monitor("run", "news", "-w", str(wh), "--json", extra_env=strict)
    assert failed.returncode == 1, failed.stdout + failed.stderr[-3000:]
    summary = summary_of(failed)
    assert summary["status"] == "failed" and summary["dq_failed"]
    assert any("_no_boilerplate" in f for f in summary["dq_failed"])
    assert rows(wh, "SELECT status FROM runs") == [("failed",)]
    # gone from its table, with everything hanging off it; the other article stays
    assert rows(wh, "SELECT origin FROM articles") == [("news/other.txt",)]
    port_id = rows(wh, "SELECT json_extract_string(row, '$.article_id') FROM quarantine "
                       "WHERE table_name = 'articles'")
    assert len(port_id) == 1
    (pid,) = port_id[0]
    for table in ("segments", "claims", "numbers", "article_versions"):
        assert rows(wh, f"SELECT count(*) FROM {table} WHERE article_id = ?".replace("?", f"'{pid}'")) \
            == [(0,)], table
    reasons = dict(rows(wh, "SELECT table_name, any_value(reason) FROM quarantine GROUP BY ALL"))
    assert "boilerplate" in reasons["articles"]
    assert {"segments", "claims", "numbers"} <= reasons.keys()
    assert all("depends on quarantined" in reasons[t] for t in ("segments", "claims", "numbers"))
    failing = rows(wh, "SELECT suite, column_name, severity FROM dq_results WHERE NOT success")
    assert ("articles", "_no_boilerplate", "critical") in failing

    fixed = monitor("run", "news", "-w", str(wh), "--json")
    assert fixed.returncode == 0, fixed.stderr[-3000:]
    again = summary_of(fixed)
    assert (again["status"], again["new"], again["unchanged"]) == ("completed", 1, 1)
    assert sorted(rows(wh, "SELECT origin FROM articles")) == [
        ("news/other.txt",), ("news/port.txt",)]
    assert rows(wh, "SELECT status FROM runs ORDER BY started_at") == [
        ("failed",), ("completed",)]


def test_a_run_without_arguments_reads_seeds_and_inbox(monitor, tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "note.txt").write_text(
        "Grain prices\n\nWheat rose 4 percent on Monday, traders said.\n", encoding="utf-8")
    done = monitor("run", "--json")
    assert done.returncode == 0, done.stderr[-3000:]
    summary = summary_of(done)
    assert (summary["inputs"], summary["new"], summary["rejected"]) == (6, 6, 0)
    origins = {o for (o,) in rows(tmp_path / "warehouse" / "monitor.duckdb",
                                  "SELECT origin FROM articles")}
    assert "inbox/note.txt" in origins
    assert sum(o.startswith("seeds/") for o in origins) == 5


def test_a_rerun_over_unchanged_inputs_skips_validation_and_json_has_seconds_per_stage(
    monitor, tmp_path
):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    wh = tmp_path / "w.duckdb"
    first = summary_of(monitor("run", "seeds", "-w", str(wh), "--json"))
    stages = first["timings"]
    assert {"plan", "clean", "language", "claims", "numbers", "land", "score", "validate"} <= stages.keys(), stages
    assert all(isinstance(s, (int, float)) and s >= 0 for s in stages.values())
    assert stages["clean"] > 0 and stages["validate"] > 0
    validated = rows(wh, "SELECT count(*), count(DISTINCT run_id) FROM dq_results")[0]
    assert validated[0] > 100 and validated[1] == 1

    second = monitor("run", "seeds", "-w", str(wh), "--json")
    assert second.returncode == 0, second.stderr[-3000:]
    again = summary_of(second)
    assert (again["new"], again["changed"], again["unchanged"]) == (0, 0, 5)
    assert rows(wh, "SELECT count(*), count(DISTINCT run_id) FROM dq_results")[0] == validated
    assert rows(wh, "SELECT count(*) FROM runs") == [(2,)]


def test_validate_changes_nothing_even_when_it_fails(monitor, seed_run, tmp_path):
    _, seed_wh, _ = seed_run
    wh = tmp_path / "broken.duckdb"
    shutil.copy(seed_wh, wh)
    with duckdb.connect(str(wh)) as con:
        con.execute("UPDATE source_scores SET quality_score = 1.7")
    tables = [t for (t,) in rows(wh, "SELECT table_name FROM information_schema.tables "
                                     "WHERE table_schema = 'main' ORDER BY 1")]

    def contents():
        return {t: sorted(map(repr, rows(wh, f"SELECT * FROM {t}"))) for t in tables}

    before = contents()
    done = monitor("validate", "-w", str(wh))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "quality_score" in done.stdout and "critical failed" in done.stdout
    assert contents() == before  # no quarantine, no dq_results, no run row


def test_a_settings_file_that_does_not_parse_stops_every_command_with_exit_2(monitor, tmp_path):
    (tmp_path / "monitor.toml").write_text("[run\nworkers = 2\n", encoding="utf-8")
    for args in (["run", "--json"], ["query", "SELECT 1"], ["validate"], ["report"]):
        done = monitor(*args)
        assert done.returncode == 2, (args, done.stdout, done.stderr[-2000:])
        said = " ".join((done.stderr + done.stdout).split())
        assert "error:" in said and "monitor.toml" in said, (args, said)
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "warehouse" / "monitor.duckdb").exists()  # nothing was run


def test_explain_with_an_ambiguous_term_lists_the_matches_and_exits_2(monitor, seed_run):
    _, wh, _ = seed_run
    done = monitor("explain", "unknown", "-w", str(wh))
    assert done.returncode == 2, done.stdout + done.stderr
    said = " ".join(done.stderr.split())
    assert "matches several sources" in said
    for sid in ("unknown:002_b7517909f6e1d84e", "unknown:003_5377489e718f6736",
                "unknown:004_62b28d1eb86d5baa"):
        assert sid in said
    one = monitor("explain", "content farm", "-w", str(wh))
    assert one.returncode == 0 and "unknown:004_62b28d1eb86d5baa" in one.stdout
    none = monitor("explain", "no such outlet", "-w", str(wh))
    assert none.returncode == 2 and "no source matches" in none.stderr


def test_validating_in_the_validation_process_records_every_expectation_once(monitor, tmp_path):
    """A run with a pool validates in its validation process: its articles as the stories are
    grouped, the run tables already complete while the run process compares
    (steps.EARLY_RUN_TABLES), the checks and scores at the end. Users read one result for every
    expectation of every suite, none lost between the parts, none twice."""
    from monitor.quality import load_suites

    shutil.copytree(SEEDS, tmp_path / "seeds")
    done = monitor("run", "seeds", "-w", "w.duckdb", "--json",
                   extra_env={"MONITOR_RUN__BATCH_SIZE": "1", "MONITOR_RUN__WORKERS": "2"})
    assert done.returncode in (0, 1), done.stderr[-3000:]
    found = rows(tmp_path / "w.duckdb", "SELECT suite, count(*) FROM dq_results GROUP BY suite")
    expected = {name: len(spec["expectations"]) for name, spec in load_suites().items()}
    assert dict(found) == expected

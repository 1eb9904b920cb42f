"""A run never ingests its own output: the warehouse, its WAL and lock, and its reports/.

With the warehouse inside an input folder (`monitor run news/ -w news/w.duckdb`), the first
run rejected `w.duckdb` and its lock as unsupported inputs, and the second ingested the report
and the Data Docs as 30 articles from 30 unknown sources.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from monitor.cli import app
from monitor.sources import discover, is_duckdb_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _warehouse(path: Path) -> Path:
    duckdb.connect(str(path)).close()
    return path


def origins(folder: Path, cwd: Path) -> tuple[list[str], list[str]]:
    items, rejects = discover([folder.name], cwd)
    return [i.origin for i in items], [origin for origin, _ in rejects]


def test_a_warehouse_and_what_runs_write_beside_it_are_not_inputs(tmp_path):
    news = tmp_path / "news"
    (news / "reports" / "data-docs" / "static").mkdir(parents=True)
    (news / "a.html").write_text("<p>a</p>")
    (news / "notes.pdf").write_bytes(b"%PDF")
    _warehouse(news / "w.duckdb")
    for side in ("w.duckdb.wal", "w.duckdb.lock"):
        (news / side).write_bytes(b"")
    (news / "w.duckdb.tmp").mkdir()
    (news / "w.duckdb.tmp" / "spill.block").write_bytes(b"x")
    (news / "reports" / "index.html").write_text("<p>report</p>")
    (news / "reports" / "data-docs" / "index.html").write_text("<p>docs</p>")
    (news / "reports" / "data-docs" / "static" / "s.css").write_text("p{}")

    found, rejected = origins(news, tmp_path)
    assert found == ["news/a.html"]
    assert rejected == ["news/notes.pdf"]  # other files are still rejected with their reason


def test_a_warehouse_deeper_in_the_tree_and_any_name_is_found_by_its_header(tmp_path):
    news = tmp_path / "news"
    (news / "archive" / "reports").mkdir(parents=True)
    _warehouse(news / "archive" / "old.db")
    (news / "archive" / "reports" / "index.html").write_text("<p>old report</p>")
    (news / "archive" / "story.txt").write_text("A story.")
    assert is_duckdb_file(news / "archive" / "old.db")
    assert origins(news, tmp_path) == (["news/archive/story.txt"], [])


def test_reports_folders_without_a_warehouse_beside_them_are_read(tmp_path):
    """Only the warehouse's reports/ is its output: a user's own reports/ folder is input."""
    news = tmp_path / "news"
    (news / "reports").mkdir(parents=True)
    (news / "reports" / "q3.html").write_text("<p>q3</p>")
    (news / "fake.duckdb").write_text("not a database")
    found, rejected = origins(news, tmp_path)
    assert found == ["news/reports/q3.html"]
    assert rejected == ["news/fake.duckdb"]


def test_a_second_run_over_the_folder_holding_its_warehouse_lands_nothing_new(
    prefect_api, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "news")
    runner = CliRunner()

    def run() -> dict:
        import json

        result = runner.invoke(app, ["run", "news/", "-w", "news/w.duckdb", "--json"],
                               catch_exceptions=False)  # fmt: skip
        assert result.exit_code == 0, result.output
        return json.loads(result.output.strip().splitlines()[-1])

    first = run()
    assert (tmp_path / "news" / "reports" / "index.html").is_file()
    assert (tmp_path / "news" / "reports" / "data-docs" / "index.html").is_file()
    second = run()
    assert (first["inputs"], first["new"], first["rejected"]) == (5, 5, 0)
    assert (second["inputs"], second["new"], second["changed"], second["rejected"]) == (5, 0, 0, 0)
    with duckdb.connect(str(tmp_path / "news" / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (5,)
        assert con.execute("SELECT count(*) FROM rejects").fetchone() == (0,)
        assert con.execute(
            "SELECT count(*) FROM sources WHERE source_id LIKE 'unknown:%reports%'"
        ).fetchone() == (0,)


def run_row(report: Path, run_id: str) -> list[str]:
    """The cells of the report's run-history row for this run."""
    import re

    html = report.read_text("utf-8")
    row = re.search(rf"<tr><td><code>{run_id}</code></td>(.*?)</tr>", html, re.DOTALL).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


def test_the_report_shows_the_run_that_wrote_it_as_finished_with_its_counts(
    prefect_api, tmp_path, monkeypatch
):
    """It showed that run as `running` with zero counts: the report is written just before
    the run closes."""
    import json

    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "seeds" / "notes.pdf").write_bytes(b"%PDF")
    result = CliRunner().invoke(app, ["run", "seeds", "-w", "w/w.duckdb", "--json"],
                                catch_exceptions=False)  # fmt: skip
    summary = json.loads(result.output.strip().splitlines()[-1])
    cells = run_row(tmp_path / "w" / "reports" / "index.html", summary["run_id"])
    # started, status, duration, inputs, new, changed, unchanged, rejected
    assert cells[1] == summary["status"] == "completed"
    assert cells[2] != "—"
    assert cells[3:] == ["6", "5", "0", "0", "1"]

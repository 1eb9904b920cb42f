"""What scripts rely on from `monitor query` and `monitor explain`: output formats and exit codes.

Fast (a DuckDB file with three sources, no Prefect run): the slow end-to-end command tests are
in test_cli.py. 0 = done, 2 = the user's input is wrong, with one readable line saying why.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from monitor.cli import app
from monitor.warehouse import Warehouse

SOURCES = [
    ("wsj.com", "The Wall Street Journal", "wsj.com", "https://www.wsj.com", "newspaper"),
    ("local:ai-race-blog", "AI Race Blog", None, None, "blog"),
    ("local:ai-compete", "Accelerate AI to Compete", None, None, "content_farm"),
]


@pytest.fixture
def wh(tmp_path):
    path = tmp_path / "w.duckdb"
    w = Warehouse(path)
    w.ensure_schema()
    with w.write() as con:
        con.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?)", SOURCES)
    return path


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_query_formats(wh):
    sql = "SELECT source_id, domain FROM sources ORDER BY source_id"
    csv = invoke("query", sql, "--warehouse", wh, "--format", "csv")
    assert csv.exit_code == 0
    assert csv.output.splitlines() == [
        "source_id,domain",
        "local:ai-compete,",
        "local:ai-race-blog,",
        "wsj.com,wsj.com",
    ]
    js = invoke("query", sql, "--warehouse", wh, "-f", "json")
    assert js.exit_code == 0
    assert json.loads(js.output) == [
        {"source_id": "local:ai-compete", "domain": None},
        {"source_id": "local:ai-race-blog", "domain": None},
        {"source_id": "wsj.com", "domain": "wsj.com"},
    ]
    table = invoke("query", sql, "--warehouse", wh)
    assert table.exit_code == 0 and table.output.rstrip().endswith("\n3 rows")
    assert "wsj.com" in table.output and "None" not in table.output
    one = invoke("query", "SELECT name FROM sources WHERE source_id = 'wsj.com'", "--warehouse", wh)
    assert one.output.rstrip().endswith("\n1 row") and "The Wall Street Journal" in one.output


@pytest.mark.parametrize(
    ("sql", "fmt", "message"),
    [
        ("SELECT 1", "xml", "unknown format 'xml': use table, csv or json"),
        ("SELECT nope FROM sources", "table", "nope"),
        ("DELETE FROM sources", "table", "read-only"),
    ],
)
def test_query_mistakes_exit_2_with_one_line(wh, sql, fmt, message):
    result = invoke("query", sql, "--warehouse", wh, "--format", fmt)
    assert result.exit_code == 2
    assert result.output.startswith("error:") and message in result.output
    assert invoke(
        "query", "SELECT count(*) FROM sources", "--warehouse", wh, "-f", "csv"
    ).output == ("count_star()\n3\n")


def test_explain_finds_one_source_or_says_why_not(wh):
    none = invoke("explain", "nytimes", "--warehouse", wh)
    assert none.exit_code == 2 and "no source matches 'nytimes'" in none.output
    several = invoke("explain", "ai", "--warehouse", wh)
    assert several.exit_code == 2
    assert "'ai' matches several sources: local:ai-compete (Accelerate AI to Compete), " in (
        " ".join(several.output.split())
    )
    unscored = invoke("explain", "wall street", "--warehouse", wh)
    assert unscored.exit_code == 0
    assert "The Wall Street Journal  (wsj.com)" in unscored.output
    assert "not scored yet: run `monitor run` first" in unscored.output


def test_a_settings_file_that_does_not_parse_stops_every_command(wh, tmp_path, monkeypatch):
    bad = tmp_path / "monitor.toml"
    bad.write_text("[run\nwarehouse = 1\n", encoding="utf-8")
    monkeypatch.setenv("MONITOR_CONFIG", str(bad))
    result = invoke("query", "SELECT 1", "--warehouse", wh)
    assert result.exit_code == 2 and result.output.startswith("error:")
    assert "monitor.toml" in result.output

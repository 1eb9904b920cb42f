"""Data-quality suites: each passes on a realistic warehouse and fails on one broken row.

Real Great Expectations validations (one ephemeral context for the module; GX costs ~3 s to
import and set up).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from sample_warehouse import RUN2, SCHEMA, empty_frames, sha256, warehouse_frames

from monitor.quality import (
    QualityError,
    ValidationOutcome,
    Validator,
    boilerplate_matcher,
    load_suites,
    validate,
)
from monitor.settings import load_settings

TABLES = re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA.read_text("utf-8"))


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def failed(outcome: ValidationOutcome, severity: str | None = None) -> list[dict]:
    return [r for r in outcome.failures if severity in (None, r["severity"])]


def test_one_suite_per_warehouse_table_each_expectation_with_a_severity() -> None:
    suites = load_suites()
    assert sorted(suites) == sorted(TABLES)
    for name, suite in suites.items():
        assert suite["name"] == name
        severities = {e["meta"]["severity"] for e in suite["expectations"]}
        assert severities <= {"critical", "warning"}
        assert "critical" in severities, name


def test_a_suite_without_severity_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sources.json").write_text(
        json.dumps(
            {
                "name": "sources",
                "expectations": [{"type": "expect_column_to_exist", "kwargs": {"column": "x"}}],
            }
        )
    )
    with pytest.raises(QualityError, match="severity"):
        load_suites(tmp_path)


def test_the_sample_warehouse_passes_every_expectation_and_gets_data_docs(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "reports" / "data-docs"
    outcome = validate(warehouse_frames(), docs_dir=docs)
    assert failed(outcome) == []
    assert not outcome.critical_failed and outcome.quarantine == []
    assert {r["suite"] for r in outcome.rows} == set(TABLES)
    assert all(
        set(r) == {"suite", "expectation", "column_name", "success", "observed", "severity"}
        for r in outcome.rows
    )
    assert outcome.docs_index == docs / "index.html"
    html = outcome.docs_index.read_text("utf-8")
    assert all(table in html for table in TABLES)
    assert len(list((docs / "validations").rglob("*.html"))) == len(TABLES)


def test_empty_tables_pass_on_a_first_run(validator: Validator) -> None:
    outcome = validator.run(empty_frames())
    assert failed(outcome) == []


def test_frames_as_duckdb_returns_them_validate(validator: Validator) -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    con.execute(SCHEMA.read_text("utf-8"))
    for name, frame in warehouse_frames().items():
        con.register("frame", frame)
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM frame")
        con.unregister("frame")
    frames = {name: con.sql(f"SELECT * FROM {name}").df() for name in TABLES}
    assert failed(validator.run(frames)) == []
    con.execute(
        "UPDATE source_scores SET quality_score = 1.7 WHERE source_id = 'toutiao.com' "
        f"AND run_id = '{RUN2}'"
    )
    frames["source_scores"] = con.sql("SELECT * FROM source_scores").df()
    con.execute("INSERT INTO segments VALUES ('a-gone', 0, 'Orphan.', 'en', NULL, ['en'])")
    frames["segments"] = con.sql("SELECT * FROM segments").df()
    outcome = validator.run(frames)
    assert outcome.critical_failed
    assert sorted((q["table_name"], str(q["key"])) for q in outcome.quarantine) == [
        ("segments", str({"article_id": "a-gone", "seq": 0})),
        ("source_scores", str({"source_id": "toutiao.com", "run_id": RUN2})),
    ]
    for q in outcome.quarantine:  # the key deletes exactly the failing row
        where = " AND ".join(f"{c} = ?" for c in q["key"])
        table = q["table_name"]
        assert con.execute(f"SELECT count(*) FROM {table} WHERE {where}",
                           list(q["key"].values())).fetchone() == (1,)  # fmt: skip


def _duplicate_source(frames: dict[str, pd.DataFrame]) -> int:
    src = frames["sources"]
    src.loc[len(src)] = {**src.iloc[0].to_dict(), "name": "WSJ (registered twice)"}
    return len(src) - 1


def _set(table: str, column: str, value: object, row: int = 0) -> Callable[[dict], int]:
    def breaker(frames: dict[str, pd.DataFrame]) -> int:
        frames[table][column] = frames[table][column].astype(object)
        frames[table].at[row, column] = value
        return row

    return breaker


def _orphan_segment(frames: dict[str, pd.DataFrame]) -> int:
    seg = frames["segments"]
    seg.loc[len(seg)] = {
        "article_id": "a-deleted",
        "seq": 0,
        "text": "An orphan paragraph.",
        "lang": "en",
        "translation_of": None,
        "langs": ["en"],
    }
    return len(seg) - 1


def _boilerplate_article(frames: dict[str, pd.DataFrame]) -> int:
    art = frames["articles"]
    text = art.at[2, "clean_text"] + "\nPost a Comment"
    art.at[2, "clean_text"], art.at[2, "content_hash"] = text, sha256(text)
    return 2


# One deliberately broken row per suite: (table, how to break it, the rule that must catch it)
BROKEN = {
    "sources": (_duplicate_source, "source_id is unique"),
    "articles": (_boilerplate_article, "no known boilerplate line"),
    "article_versions": (
        _set("article_versions", "content_hash", "0" * 64, 3),
        "content_hash is the sha256 of clean_text",
    ),
    "segments": (_orphan_segment, "points at an article that exists"),
    "removed_blocks": (
        _set("removed_blocks", "article_id", "a-nowhere", 1),
        "points at an article that exists",
    ),
    "claims": (_set("claims", "attribution", "rumour", 2), "attribution is one of"),
    "numbers": (_set("numbers", "value", float("inf"), 3), "value is a finite number"),
    "number_checks": (_set("number_checks", "verdict", "maybe", 1), "verdict is one of"),
    "stories": (_set("stories", "n_articles", 0, 0), "a story has at least one article"),
    "source_scores": (
        _set("source_scores", "quality_score", 1.7, 3),
        "quality_score is a finite score in [0, 1]",
    ),
    "runs": (_set("runs", "status", "exploded", 1), "status is one of"),
    "rejects": (_set("rejects", "reason", None), "reason is never null"),
    "dq_results": (_set("dq_results", "severity", "fatal"), "severity is one of"),
    "fetch_state": (_set("fetch_state", "url", None), "url is never null"),
    "quarantine": (None, "table_name is never null"),
}


@pytest.mark.parametrize("table", TABLES)
def test_each_suite_fails_critically_on_one_broken_row(validator: Validator, table: str) -> None:
    frames = warehouse_frames()
    breaker, rule = BROKEN[table]
    if breaker is None:  # quarantine starts empty: add one bad row
        frames[table] = pd.DataFrame(
            [
                {
                    "run_id": "r",
                    "table_name": None,
                    "row": "{}",
                    "reason": "x",
                    "quarantined_at": pd.Timestamp.now(),
                }
            ]
        )
        row = 0
    else:
        row = breaker(frames)
    expected_row = json.loads(
        json.dumps({k: v for k, v in frames[table].iloc[row].items() if isinstance(v, str)})
    )
    outcome = validator.run(frames)

    assert outcome.critical_failed
    assert {r["suite"] for r in failed(outcome, "critical")} == {table}
    if table == "quarantine":  # reported, not copied into itself again
        assert outcome.quarantine == []
        return
    reasons = [q for q in outcome.quarantine if q["table_name"] == table]
    assert any(rule in q["reason"] for q in reasons), reasons
    quarantined = [json.loads(q["row"]) for q in reasons if rule in q["reason"]]
    assert any(expected_row.items() <= q.items() for q in quarantined)
    others = [q for q in outcome.quarantine if q["table_name"] != table]
    assert all("depends on quarantined" in q["reason"] for q in others), others


# Rules that warn (the row stays, the run goes on): each flags its own broken row and nothing else.
WARNED = {
    ("articles", "_seen_in_order"): _set(
        "articles", "first_seen_at", pd.Timestamp("2026-11-25 09:00:00")
    ),  # first seen after it was last seen
    ("segments", "_translation_ok"): _set("segments", "translation_of", 1, 1),  # itself
    ("source_scores", "_evidence_adds_up"): _set("source_scores", "n_conflicts", 3, 0),  # of 2
    ("number_checks", "_conflict_explained"): _set("number_checks", "explanation", " ", 1),
    # an article last changed by the second run, which counted nothing new or changed
    ("runs", "_landed_within_counts"): _set("articles", "run_id", RUN2, 0),
}


@pytest.mark.parametrize("rule", list(WARNED), ids=lambda r: r[1] if r[1] else r[0])
def test_each_warning_rule_flags_its_broken_row_and_moves_nothing(
    validator: Validator, rule: tuple[str, str]
) -> None:
    frames = warehouse_frames()
    WARNED[rule](frames)
    outcome = validator.run(frames)
    assert not outcome.critical_failed and outcome.quarantine == []
    assert {(r["suite"], r["column_name"]) for r in failed(outcome)} == {rule}
    assert "1 of" in next(r for r in failed(outcome))["observed"]


def _other_value_infinite(frames: dict[str, pd.DataFrame]) -> int:
    return _set("number_checks", "other_value", float("inf"), 1)(frames)


def _other_article_only(frames: dict[str, pd.DataFrame]) -> int:
    """The WSJ article broken, and k2 naming it without a mention (reached by article only)."""
    _set("number_checks", "other_mention_id", None, 1)(frames)
    return _set("articles", "content_hash", "0" * 64, 0)(frames)


@pytest.mark.parametrize(
    ("breaker", "moved"),
    [
        # the WSJ article (its hash broken) takes the check where it is the *other* article
        (_set("articles", "content_hash", "0" * 64, 0), {"k1", "k2"}),
        (_other_article_only, {"k1", "k2"}),
        # a number takes the checks that compare against it, on either side
        (_set("numbers", "value", float("inf"), 1), {"k1"}),  # m-wsj-5640: k1's other mention
        (_set("numbers", "value", float("inf"), 3), {"k2"}),  # m-tt-564: k2's own mention
        (_other_value_infinite, {"k2"}),  # the check itself: its other value is not finite
    ],
    ids=["other-article", "other-article-only", "other-mention", "own-mention", "other-value"],
)
def test_a_quarantined_article_or_number_takes_every_check_that_reads_it(
    validator: Validator, breaker: Callable[[dict], int], moved: set[str]
) -> None:
    frames = warehouse_frames()
    breaker(frames)
    outcome = validator.run(frames)
    assert outcome.critical_failed
    checks = frames["number_checks"]
    gone = {
        checks.iloc[i]["check_id"]
        for q in outcome.quarantine
        if q["table_name"] == "number_checks"
        for i in checks.index[checks["check_id"] == json.loads(q["row"])["check_id"]]
    }
    assert gone == moved


def test_a_score_of_1_7_and_an_orphan_segment_fail_with_readable_results(
    validator: Validator,
) -> None:
    frames = warehouse_frames()
    _set("source_scores", "quality_score", 1.7, 3)(frames)
    _orphan_segment(frames)
    outcome = validator.run(frames)
    critical = {(r["suite"], r["column_name"]): r for r in failed(outcome, "critical")}
    assert set(critical) == {("source_scores", "quality_score"), ("segments", "_article_exists")}
    assert "1.7" in critical["source_scores", "quality_score"]["observed"]
    assert len(outcome.quarantine) == 2
    orphan = next(q for q in outcome.quarantine if q["table_name"] == "segments")
    assert json.loads(orphan["row"])["article_id"] == "a-deleted"
    assert not any(k.startswith("_") for k in json.loads(orphan["row"]))


def test_warnings_are_reported_but_do_not_fail_the_run(validator: Validator) -> None:
    frames = warehouse_frames()
    _set("claims", "attributed_to", None, 0)(frames)  # a 'named' claim naming nobody
    _set("numbers", "unit", "BTC", 0)(frames)  # a unit outside the known list
    outcome = validator.run(frames)
    assert not outcome.critical_failed and outcome.quarantine == []
    warned = {(r["suite"], r["column_name"]) for r in failed(outcome, "warning")}
    assert warned == {("claims", "_named_has_source"), ("numbers", "unit")}


def test_a_missing_table_is_a_critical_failure(validator: Validator) -> None:
    frames = warehouse_frames()
    del frames["claims"]
    outcome = validator.run(frames)
    assert outcome.critical_failed
    assert [(r["suite"], r["expectation"]) for r in failed(outcome)] == [("claims", "table_exists")]


def test_boilerplate_markers_match_whole_lines_only() -> None:
    has = boilerplate_matcher(load_settings()["quality"]["boilerplate_markers"])
    assert has("Real news.\nAdvertisement\nMore news.")
    assert has("  • What to Read Next")
    assert has('Post a Comment for "China Races to Outpace U.S. in AI Leadership"')
    assert has("Post a CommentByteDance Ltd. is a Chinese multinational")
    assert not has("Advertisement spending rose 4% in China, the report said.")
    assert not has("Readers may post a comment below the article.")
    assert not has(None)


def test_rows_depending_on_a_quarantined_article_go_with_it(validator: Validator) -> None:
    frames = warehouse_frames()
    _boilerplate_article(frames)  # the blog post (a-blog) keeps a 'Post a Comment' line
    outcome = validator.run(frames)
    moved = {}
    for q in outcome.quarantine:
        moved.setdefault(q["table_name"], []).append(q)
    assert {t: len(rows) for t, rows in moved.items()} == {
        "articles": 1, "article_versions": 1, "segments": 3, "removed_blocks": 1, "claims": 2,
        "numbers": 1,
    }  # fmt: skip
    assert moved["articles"][0]["key"] == {"article_id": "a-blog"}
    assert moved["segments"][0]["key"] == {"article_id": "a-blog", "seq": 0}
    assert "depends on quarantined articles row 'a-blog'" in moved["claims"][0]["reason"]
    assert {r["suite"] for r in failed(outcome, "critical")} == {"articles"}


def _in_parts(validator: Validator, frames: dict[str, pd.DataFrame]) -> ValidationOutcome:
    """As a run validates: sources, then one article at a time with its rows, then the rest."""
    from monitor.warehouse import Warehouse

    known = {
        "articles": set(frames["articles"]["article_id"]),
        "numbers": set(frames["numbers"]["mention_id"]),
        "sources": set(frames["sources"]["source_id"]),
        "landed_per_run": frames["articles"]["run_id"].value_counts().to_dict(),
    }
    earlier = validator.begin()
    outcome = validator.run({"sources": frames["sources"]}, known, tables=["sources"],
                            publish=False)
    for article_id in frames["articles"]["article_id"]:
        part = {t: frames[t][frames[t]["article_id"] == article_id]
                for t in Warehouse.DOCUMENT_TABLES}
        outcome.merge(validator.run(part, known, tables=Warehouse.DOCUMENT_TABLES,
                                    upstream=outcome.flagged, publish=False))
    rest = {t: frames[t] for t in Warehouse.RUN_TABLES}
    outcome.merge(validator.run(rest, known, tables=Warehouse.RUN_TABLES,
                                upstream=outcome.flagged, publish=False))
    validator.publish(earlier)
    return outcome


def test_a_run_validated_in_parts_finds_and_quarantines_what_one_pass_does(
    validator: Validator,
) -> None:
    """Large runs validate their articles chunk by chunk: same results, same rows moved, and a
    check whose figure an earlier part quarantined goes with it."""
    frames = warehouse_frames()
    _boilerplate_article(frames)  # a-blog fails; its rows go with it
    blog_number = frames["numbers"].loc[frames["numbers"]["article_id"] == "a-blog", "mention_id"]
    frames["number_checks"].at[0, "mention_id"] = blog_number.iloc[0]
    frames["number_checks"].at[0, "article_id"] = "a-blog"
    whole = validator.run(frames)
    parts = _in_parts(validator, frames)

    def moved(outcome: ValidationOutcome) -> set[tuple[str, str]]:
        return {(q["table_name"], q["row"]) for q in outcome.quarantine}

    assert moved(parts) == moved(whole)
    assert ("number_checks", whole.quarantine[-1]["row"]) in moved(parts)
    assert sorted(whole.rows, key=json.dumps) == sorted(parts.rows, key=json.dumps)
    assert len(parts.rows) == len(whole.rows)  # one result per expectation, not per part
    blog = next(r for r in parts.rows if not r["success"] and r["suite"] == "articles")
    assert blog["observed"].startswith("1 of 5 rows unexpected"), blog  # summed over parts


def test_gx_is_set_up_without_the_modules_only_unused_expectations_need(tmp_path: Path) -> None:
    """A fresh process validates every table and builds the Data Docs without importing
    scipy.stats or altair (GX imports them only for expectations and charts no suite here
    uses: ~0.5 s and ~90 MB) or SQLAlchemy (its SQL datasources); an expectation that does use
    scipy still gets the real module, and SQLAlchemy can still be imported after."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        import json, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from sample_warehouse import warehouse_frames
        from monitor.quality import validate
        outcome = validate(warehouse_frames(), docs_dir={str(tmp_path / "docs")!r})
        loaded = {{n: type(sys.modules[n]).__name__ for n in ("scipy.stats", "altair")}}
        no_sql = "sqlalchemy" not in sys.modules
        import sqlalchemy
        from great_expectations.expectations.core import (
            expect_column_kl_divergence_to_be_less_than as kl)
        entropy = float(kl.stats.entropy([0.5, 0.5], [0.9, 0.1]))
        print(json.dumps({{"failed": outcome.critical_failed, "rows": len(outcome.rows),
                          "loaded": loaded, "entropy": entropy,
                          "now": type(sys.modules["scipy.stats"]).__name__,
                          "no_sql": no_sql, "sql_after": sqlalchemy.__version__}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.splitlines()[-1])
    assert not got["failed"] and got["rows"] > 100
    assert got["loaded"] == {"scipy.stats": "_OnFirstUse", "altair": "_OnFirstUse"}
    assert abs(got["entropy"] - 0.5108) < 1e-3 and got["now"] == "module"
    assert got["no_sql"] and got["sql_after"].startswith("2.")
    assert (tmp_path / "docs" / "index.html").is_file()

"""The warehouse as its users see it: real DuckDB files in tmp_path, no Prefect.

What lands, what a re-run keeps or replaces, what quarantine moves out, run status and counts,
the lock that keeps two runs apart, and nothing half-written after an error.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from monitor import warehouse as W
from monitor.models import NumberCheck, SourceScore
from monitor.warehouse import Warehouse, WarehouseBusy, WarehouseError


def article(aid: str, text: str = "Exports rose 5% to $3 billion.", **extra) -> dict:
    row = {
        "article_id": aid, "source_id": extra.pop("source_id", "wsj.com"),
        "origin": extra.pop("origin", f"seeds/{aid}.txt"), "url": extra.pop("url", None),
        "title": f"Title {aid}", "language": "en", "clean_text": text,
        "content_hash": extra.pop("content_hash", f"h:{text}"), "raw_hash": f"r:{text}",
        "derived_from": None,
    }
    row.update(extra)
    return row


def children(aid: str, n: int = 2, tag: str = "") -> dict[str, list[dict]]:
    return {
        "segments": [{"article_id": aid, "seq": i, "text": f"para {i}{tag}", "lang": "en"}
                     for i in range(n)],
        "removed_blocks": [{"article_id": aid, "seq": 0, "text": "Subscribe", "reason": "boilerplate"}],
        "claims": [{"claim_id": f"{aid}-c{i}{tag}", "article_id": aid, "seq": i,
                    "sentence": f"para {i}{tag}", "lang": "en", "attribution": "named"}
                   for i in range(n)],
        "numbers": [{"mention_id": f"{aid}-n{i}{tag}", "article_id": aid, "seq": i,
                     "text": f"{i + 1}%", "value": float(i + 1), "unit": "%",
                     "qualifier": None if i == 0 else "about", "lang": "en", "start_pos": 0,
                     "end_pos": 2} for i in range(n)],
    }


def batch(*arts: dict, **kids) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {"sources": [{"source_id": "wsj.com", "name": "WSJ",
                                                "domain": "wsj.com", "url": None, "kind": None}],
                                   "articles": list(arts)}
    for a in arts:
        for t, r in children(a["article_id"], tag=kids.get("tag", "")).items():
            rows.setdefault(t, []).extend(r)
    return rows


def sql(wh: Warehouse, q: str, *params):
    with duckdb.connect(str(wh.path), read_only=True) as con:
        return con.execute(q, list(params)).fetchall()


@pytest.fixture
def wh(tmp_path):
    w = Warehouse(tmp_path / "data" / "monitor.duckdb", lock_timeout=5)
    w.ensure_schema()
    return w


# -- landing and re-runs -----------------------------------------------------------------------

def test_a_new_article_lands_with_its_rows_and_a_first_version(wh):
    assert wh.land("r1", batch(article("a"), article("b"))) == {"new": 2, "changed": 0, "unchanged": 0}
    assert sql(wh, "SELECT article_id, run_id FROM articles ORDER BY 1") == [("a", "r1"), ("b", "r1")]
    assert sql(wh, "SELECT count(*) FROM segments WHERE article_id = 'a'") == [(2,)]
    assert sql(wh, "SELECT count(*) FROM claims WHERE article_id = 'a'") == [(2,)]
    assert sql(wh, "SELECT count(*) FROM numbers WHERE article_id = 'b'") == [(2,)]
    assert sql(wh, "SELECT count(*) FROM removed_blocks") == [(2,)]
    assert sql(wh, "SELECT article_id, version, run_id FROM article_versions ORDER BY 1") == [
        ("a", 1, "r1"), ("b", 1, "r1")]
    assert sql(wh, "SELECT name, domain FROM sources") == [("WSJ", "wsj.com")]


def test_a_rerun_over_unchanged_content_keeps_rows_run_and_version(wh):
    wh.land("r1", batch(article("a")))
    first = sql(wh, "SELECT first_seen_at, last_seen_at FROM articles")[0]
    # same content, new origin: the input's identity is refreshed, its rows are kept
    again = batch(article("a", origin="inbox/a.txt"), tag="-new")
    assert wh.land("r2", again) == {"new": 0, "changed": 0, "unchanged": 1}
    assert sql(wh, "SELECT origin, run_id FROM articles") == [("inbox/a.txt", "r1")]
    assert sql(wh, "SELECT claim_id FROM claims ORDER BY 1") == [("a-c0",), ("a-c1",)]
    assert sql(wh, "SELECT count(*) FROM article_versions") == [(1,)]
    now = sql(wh, "SELECT first_seen_at, last_seen_at FROM articles")[0]
    assert now[0] == first[0] and now[1] > first[1]
    assert wh.known_inputs() == {"inbox/a.txt": ("a", "r:Exports rose 5% to $3 billion.",
                                                 "h:Exports rose 5% to $3 billion.")}


def test_changed_content_replaces_the_articles_rows_and_adds_a_version(wh):
    wh.land("r1", batch(article("a"), article("b")))
    changed = batch(article("a", "Exports rose 6% to $3 billion."), article("b"), tag="-v2")
    assert wh.land("r2", changed) == {"new": 0, "changed": 1, "unchanged": 1}
    assert sql(wh, "SELECT article_id, run_id FROM articles ORDER BY 1") == [("a", "r2"), ("b", "r1")]
    # a's children are the new ones only; b's are untouched
    assert sql(wh, "SELECT claim_id FROM claims ORDER BY 1") == [
        ("a-c0-v2",), ("a-c1-v2",), ("b-c0",), ("b-c1",)]
    assert sql(wh, "SELECT mention_id FROM numbers WHERE article_id = 'a' ORDER BY 1") == [
        ("a-n0-v2",), ("a-n1-v2",)]
    assert sql(wh, "SELECT text FROM segments WHERE article_id = 'a' ORDER BY seq") == [
        ("para 0-v2",), ("para 1-v2",)]
    assert sql(wh, "SELECT count(*) FROM removed_blocks WHERE article_id = 'a'") == [(1,)]
    assert sql(wh, "SELECT version, content_hash, clean_text, run_id FROM article_versions "
                   "WHERE article_id = 'a' ORDER BY version") == [
        (1, "h:Exports rose 5% to $3 billion.", "Exports rose 5% to $3 billion.", "r1"),
        (2, "h:Exports rose 6% to $3 billion.", "Exports rose 6% to $3 billion.", "r2")]
    assert wh.run_article_ids("r2") == ["a"]
    assert wh.run_article_ids("r1") == ["b"]
    wh.land("r3", batch(article("a", "Exports rose 7% to $3 billion.")))
    assert sql(wh, "SELECT max(version) FROM article_versions WHERE article_id = 'a'") == [(3,)]


def test_duplicates_in_one_batch_land_once_last_one_wins(wh):
    rows = batch(article("a", "old text"))
    rows["articles"].append(article("a", "new text"))
    rows["sources"].append({"source_id": "wsj.com", "name": "The Wall Street Journal",
                            "domain": None, "url": None, "kind": "newspaper"})
    assert wh.land("r1", rows) == {"new": 1, "changed": 0, "unchanged": 0}
    assert sql(wh, "SELECT clean_text FROM articles") == [("new text",)]
    assert sql(wh, "SELECT name, domain, kind FROM sources") == [
        ("The Wall Street Journal", None, "newspaper")]
    # a later batch's source row fills in what it knows and keeps what it does not
    wh.land("r2", {"sources": [{"source_id": "wsj.com", "name": "WSJ", "domain": "wsj.com",
                                "url": "https://www.wsj.com", "kind": None}]})
    assert sql(wh, "SELECT name, domain, url, kind FROM sources") == [
        ("WSJ", "wsj.com", "https://www.wsj.com", "newspaper")]


def test_a_republished_story_points_at_its_original_once_both_are_landed(wh):
    copy = article("copy", "Same story", url="https://toutiao.com/x",
                   derived_from="https://wsj.com/story")
    wh.land("r1", batch(copy))
    assert sql(wh, "SELECT derived_from FROM articles") == [("https://wsj.com/story",)]
    wh.land("r2", batch(article("orig", "Original story", url="https://wsj.com/story")))
    assert sql(wh, "SELECT derived_from FROM articles WHERE article_id = 'copy'") == [("orig",)]
    assert wh.article_ids_by_url() == {"https://toutiao.com/x": "copy",
                                       "https://wsj.com/story": "orig"}


def test_a_republished_story_landed_after_its_original_points_at_it(wh):
    wh.land("r1", batch(article("orig", "Original story", url="https://wsj.com/story")))
    wh.land("r2", batch(article("copy", "Same story", url="https://toutiao.com/x",
                                derived_from="https://wsj.com/story")))
    assert sql(wh, "SELECT derived_from FROM articles WHERE article_id = 'copy'") == [("orig",)]


def test_every_fetched_address_of_a_landed_article_is_known_by_its_article(wh, tmp_path):
    """An alias (an AMP copy that landed as its canonical page's article) is known by that
    article, so the next run asks it only for changes; an address whose article is no longer
    here (quarantined) is not, so the next run downloads it whole; a warehouse made before the
    column existed gets it."""
    page, amp, gone = "https://wsj.com/story", "https://wsj.com/amp/story", "https://x.com/a"
    wh.land("r1", {**batch(article("a1", url=page, origin=page)),
                   "fetch_state": [{"url": page, "etag": "e", "last_modified": None, "article_id": "a1"},
                                   {"url": amp, "etag": "e", "last_modified": None, "article_id": "a1"},
                                   {"url": gone, "etag": "g", "last_modified": None, "article_id": "zz"}]})
    ids = {url: known[0] for url, known in wh.fetched_articles().items()}
    assert ids == {page: "a1", amp: "a1"}
    assert wh.fetched_articles()[amp] == wh.known_inputs()[page]
    old = Warehouse(tmp_path / "old.duckdb", lock_timeout=5)
    with duckdb.connect(str(old.path)) as con:
        con.execute("CREATE TABLE fetch_state (url VARCHAR PRIMARY KEY, etag VARCHAR, "
                    "last_modified VARCHAR, fetched_at TIMESTAMP)")
        con.execute("INSERT INTO fetch_state VALUES ('https://old', 'e0', NULL, now())")
    old.ensure_schema()
    old.land("r1", {"fetch_state": [{"url": amp, "etag": "e", "last_modified": None, "article_id": "a9"}]})
    assert sql(old, "SELECT url, article_id FROM fetch_state ORDER BY url") == [
        ("https://old", None), (amp, "a9")]


def test_fetch_state_and_rejects_land_with_the_batch(wh):
    wh.land("r1", {"fetch_state": [{"url": "https://a", "etag": "e1", "last_modified": "m1"},
                                   {"url": "https://b", "etag": None, "last_modified": "mb"}]},
            rejects=[("inbox/bad.pdf", "not a page")])
    wh.land("r2", {"fetch_state": [{"url": "https://a", "etag": "e2", "last_modified": None}]})
    assert wh.http_validators() == {"https://a": ("e2", None), "https://b": (None, "mb")}
    assert sql(wh, "SELECT count(*) FROM fetch_state WHERE fetched_at IS NULL") == [(0,)]
    wh.record_rejects("r2", [("x.bin", "binary")])
    wh.record_rejects("r3", [])
    assert sql(wh, "SELECT run_id, origin, reason FROM rejects ORDER BY 1") == [
        ("r1", "inbox/bad.pdf", "not a page"), ("r2", "x.bin", "binary")]
    assert sql(wh, "SELECT count(*) FROM rejects WHERE rejected_at IS NULL") == [(0,)]


def test_a_failed_batch_leaves_nothing_behind(wh):
    wh.land("r1", batch(article("a")))
    bad = batch(article("a", "changed text"), article("b"))
    bad["claims"].append({"claim_id": "x", "article_id": "b", "seq": 9, "sentence": "s",
                          "attribution": None})  # NOT NULL
    with pytest.raises(duckdb.ConstraintException):
        wh.land("r2", bad, rejects=[("o", "r")])
    assert sql(wh, "SELECT article_id, clean_text FROM articles") == [
        ("a", "Exports rose 5% to $3 billion.")]
    assert sql(wh, "SELECT count(*) FROM claims") == [(2,)]
    assert sql(wh, "SELECT count(*) FROM article_versions") == [(1,)]
    assert sql(wh, "SELECT count(*) FROM rejects") == [(0,)]
    with pytest.raises(RuntimeError, match="boom"), wh.write() as con:
        con.execute("DELETE FROM articles")
        raise RuntimeError("boom")
    assert sql(wh, "SELECT count(*) FROM articles") == [(1,)]


def test_touch_marks_only_the_given_articles_as_seen(wh, tmp_path):
    wh.land("r1", batch(article("a"), article("b")))
    before = dict(sql(wh, "SELECT article_id, last_seen_at FROM articles"))
    wh.touch("r2", ["a"])
    after = dict(sql(wh, "SELECT article_id, last_seen_at FROM articles"))
    assert after["a"] > before["a"] and after["b"] == before["b"]
    fresh = Warehouse(tmp_path / "never" / "w.duckdb")
    fresh.touch("r1", [])  # nothing to mark: the file is not even opened
    assert not fresh.path.parent.exists()


def test_landed_origins_and_counts(wh, tmp_path):
    assert Warehouse(tmp_path / "none.duckdb").landed_origins() == set()
    duckdb.connect(str(tmp_path / "empty.duckdb")).close()
    assert Warehouse(tmp_path / "empty.duckdb").landed_origins() == set()
    wh.land("r1", batch(article("a"), article("b", origin="inbox/b.html")))
    assert wh.landed_origins() == {"seeds/a.txt", "inbox/b.html"}
    counts = wh.counts()
    assert set(counts) == set(W.TABLES)
    assert (counts["articles"], counts["claims"], counts["quarantine"]) == (2, 4, 0)


# -- runs --------------------------------------------------------------------------------------

def test_a_run_is_recorded_with_its_status_and_counts(wh):
    wh.start_run("r1", "flow-1")
    assert sql(wh, "SELECT run_id, flow_run_id, status, finished_at FROM runs") == [
        ("r1", "flow-1", "running", None)]
    wh.finish_run("r1", "completed", {"inputs": 7, "new": 3, "changed": 2, "unchanged": 1,
                                      "rejected": 1})
    row = sql(wh, "SELECT status, n_inputs, n_new, n_changed, n_unchanged, n_rejected, "
                  "finished_at >= started_at FROM runs")
    assert row == [("completed", 7, 3, 2, 1, 1, True)]
    wh.start_run("r2", None)
    wh.finish_run("r2", "failed", {})
    assert sql(wh, "SELECT status, n_inputs, n_new, n_changed, n_unchanged, n_rejected "
                   "FROM runs WHERE run_id = 'r2'") == [("failed", 0, 0, 0, 0, 0)]


def test_runs_left_running_by_a_killed_process_are_marked_aborted(wh):
    wh.start_run("done", None)
    wh.finish_run("done", "completed", {"inputs": 1})
    wh.start_run("killed1", None)
    wh.start_run("killed2", None)
    assert wh.close_abandoned_runs() == 2
    assert sql(wh, "SELECT run_id, status, finished_at IS NOT NULL FROM runs ORDER BY 1") == [
        ("done", "completed", True), ("killed1", "aborted", True), ("killed2", "aborted", True)]
    assert wh.close_abandoned_runs() == 0


def test_checks_are_stale_after_an_unfinished_run_or_when_never_made(wh):
    wh.start_run("r1", None)
    wh.land("r1", batch(article("a")))
    assert wh.checks_stale("r1")  # numbers but no checks yet
    wh.replace_checks("r1", [check("a-n0", "a-n1")], ["k1"])
    wh.finish_run("r1", "completed", {})
    assert not wh.checks_stale("r2")
    wh.start_run("r2", None)  # killed after landing an article
    wh.land("r2", batch(article("b")))
    wh.start_run("r3", None)
    assert wh.checks_stale("r3")
    assert not wh.checks_stale("r2")  # the run itself does not count
    wh.replace_checks("r3", [check("a-n0", "b-n0")], ["k2"])
    wh.finish_run("r3", "failed", {})
    assert not wh.checks_stale("r4")  # r3's checks compared everything r2 landed


def test_a_new_warehouse_has_no_stale_checks(wh):
    assert not wh.checks_stale("r1")


# -- quality and quarantine --------------------------------------------------------------------

def test_quarantined_rows_move_out_of_their_table_with_the_reason(wh):
    wh.land("r1", batch(article("a"), article("b")))
    results = [{"suite": "numbers", "expectation": "expect_column_values_to_be_between",
                "column_name": "value", "success": False, "observed": "1 bad",
                "severity": "critical"}]
    q = [
        {"table_name": "numbers", "row": W.to_json({"mention_id": "a-n1", "value": 2.0}),
         "reason": "value out of range", "key": {"mention_id": "a-n1"}},
        {"table_name": "segments", "row": "{}", "reason": "orphan",
         "key": {"article_id": "b", "seq": 1}},
        {"table_name": "runs", "row": "{}", "reason": "kept, no key"},
    ]
    wh.record_quality("r1", results, q)
    assert sql(wh, "SELECT mention_id FROM numbers ORDER BY 1") == [("a-n0",), ("b-n0",), ("b-n1",)]
    assert sql(wh, "SELECT article_id, seq FROM segments ORDER BY 1, 2") == [
        ("a", 0), ("a", 1), ("b", 0)]
    got = sql(wh, "SELECT run_id, table_name, \"row\", reason, quarantined_at IS NOT NULL "
                  "FROM quarantine ORDER BY table_name")
    assert got == [
        ("r1", "numbers", '{"mention_id": "a-n1", "value": 2.0}', "value out of range", True),
        ("r1", "runs", "{}", "kept, no key", True),
        ("r1", "segments", "{}", "orphan", True),
    ]
    assert sql(wh, "SELECT run_id, suite, success, severity, checked_at IS NOT NULL "
                   "FROM dq_results") == [("r1", "numbers", False, "critical", True)]
    # validating the run again replaces its results, and quarantine keeps what it moved
    wh.record_quality("r1", results[:0], [])
    assert sql(wh, "SELECT count(*) FROM dq_results") == [(0,)]
    assert sql(wh, "SELECT count(*) FROM quarantine") == [(3,)]
    frames = wh.run_table_frames("r1")
    assert list(frames["quarantine"]["reason"].sort_values()) == [
        "kept, no key", "orphan", "value out of range"]
    assert len(wh.run_table_frames("r2")["quarantine"]) == 0


def test_a_failed_quarantine_moves_nothing(wh):
    wh.land("r1", batch(article("a")))
    q = [{"table_name": "numbers", "row": "{}", "reason": "bad", "key": {"mention_id": "a-n0"}},
         {"table_name": "numbers", "row": "{}", "reason": "bad", "key": {"no_such": 1}}]
    with pytest.raises(duckdb.Error):
        wh.record_quality("r1", [], q)
    assert sql(wh, "SELECT count(*) FROM numbers") == [(2,)]
    assert sql(wh, "SELECT count(*) FROM quarantine") == [(0,)]


def test_to_json_writes_timestamps_lists_and_chinese_as_they_are():
    row = {"t": datetime(2026, 1, 2, 3, 4, 5), "langs": ["en", "zh"], "text": "增长 40%"}
    assert W.to_json(row) == '{"t": "2026-01-02 03:04:05", "langs": ["en", "zh"], "text": "增长 40%"}'


# -- checks, scores, stories -------------------------------------------------------------------

def check(m1: str, m2: str, verdict: str = "conflict", kind: str = "cross_source",
          confidence: float = 1.0) -> NumberCheck:
    return NumberCheck(kind=kind, article_id=m1.split("-")[0], mention_id=m1,
                       other_article_id=m2.split("-")[0], other_mention_id=m2, value=1.0,
                       other_value=2.0, verdict=verdict, explanation=f"{m1} vs {m2}",
                       confidence=confidence, reason="same fact")


def scored(wh: Warehouse) -> None:
    rows = batch(article("a"), article("b"), article("c", source_id="ft.com"))
    rows["sources"].append({"source_id": "ft.com", "name": "Financial Times", "domain": "ft.com",
                            "url": None, "kind": "newspaper"})
    rows["claims"][0]["attribution"] = "anonymous"
    rows["claims"].append({"claim_id": "t", "article_id": "a", "seq": 1, "sentence": "译文",
                           "lang": "zh", "attribution": "none", "translation_of": 0})
    wh.start_run("r1", None)
    wh.land("r1", rows)
    wh.replace_checks("r1", [
        check("a-n0", "c-n0"),                                   # counted conflict
        check("a-n1", "c-n1", "consistent"),                     # counted
        check("a-n0", "b-n0", kind="same_source"),               # one source: not counted
        check("b-n1", "c-n1", confidence=0.79),                  # unsure: no verdict
        check("b-n0", "c-n0", confidence=0.8),                   # sure enough
    ], ["k1", "k2", "k3", "k4", "k5"])


def test_scoring_reads_counts_per_source_and_only_counted_checks(wh):
    scored(wh)
    rows = wh.scoring_inputs()
    assert rows["sources"] == ["ft.com", "wsj.com"]
    assert rows["articles"] == [
        {"article_id": "a", "source_id": "wsj.com", "derived_from": None},
        {"article_id": "b", "source_id": "wsj.com", "derived_from": None},
        {"article_id": "c", "source_id": "ft.com", "derived_from": None}]
    # translations are not scored; claims counted per attribution and source
    assert rows["claims"] == [
        {"attribution": "named", "source_id": "ft.com", "n": 2},
        {"attribution": "anonymous", "source_id": "wsj.com", "n": 1},
        {"attribution": "named", "source_id": "wsj.com", "n": 3}]
    assert rows["numbers"] == [{"source_id": "ft.com", "n": 2}, {"source_id": "wsj.com", "n": 4}]
    assert [c["check_id"] for c in rows["checks"]] == ["k1", "k2", "k5"]
    assert rows["checks"][0] == {
        "check_id": "k1", "mention_id": "a-n0", "other_mention_id": "c-n0", "article_id": "a",
        "other_article_id": "c", "verdict": "conflict", "source_id": "wsj.com",
        "other_source_id": "ft.com"}
    full = wh.explain_inputs()
    assert [c["check_id"] for c in full["checks"]] == ["k1", "k2", "k5"]
    assert full["checks"][0]["explanation"] == "a-n0 vs c-n0"
    assert [c["claim_id"] for c in full["claims"]] == [
        "a-c0", "a-c1", "b-c0", "b-c1", "c-c0", "c-c1"]
    assert full["claims"][0]["source_id"] == "wsj.com"
    assert full["numbers"][0] == {"mention_id": "a-n0", "article_id": "a", "source_id": "wsj.com"}


def test_checks_are_replaced_by_the_latest_run(wh):
    scored(wh)
    wh.replace_checks("r2", [check("a-n0", "c-n0"), check("a-n0", "c-n0", "consistent")],
                      ["k9", "k9"])
    assert sql(wh, "SELECT check_id, run_id, verdict, confidence, reason FROM number_checks") == [
        ("k9", "r2", "consistent", 1.0, "same fact")]


def test_scores_of_a_run_replace_that_runs_scores_only(wh):
    scored(wh)
    wh.start_run("r2", None)
    s = SourceScore("wsj.com", 0.5, 0.25, 0.4, 2, 5, 4, n_named=3, n_anonymous=1,
                    n_unattributed=1, n_checks=2, n_conflicts=1, explanation="why")
    wh.insert_scores("r1", [SourceScore("wsj.com", 0.1, 0.1, 0.1, 1, 1, 1)])
    wh.insert_scores("r2", [s])
    wh.insert_scores("r2", [s])  # again: replaced, not doubled
    assert sql(wh, "SELECT run_id, count(*) FROM source_scores GROUP BY 1 ORDER BY 1") == [
        ("r1", 1), ("r2", 1)]
    latest = wh.latest_score("wsj.com")
    assert latest["run_id"] == "r2" and latest["quality_score"] == 0.4
    assert (latest["n_named"], latest["n_conflicts"], latest["explanation"]) == (3, 1, "why")
    assert latest["scored_at"] is not None
    assert wh.latest_score("ft.com") is None


def test_mention_records_carry_their_paragraph_article_and_story(wh):
    wh.land("r1", batch(article("a", url="https://wsj.com/a", derived_from="https://x/y")))
    wh.replace_stories([], {"a": "s1"})
    recs = wh.mention_records()
    assert [(r.mention_id, r.seq, r.text, r.value, r.unit) for r in recs] == [
        ("a-n0", 0, "1%", 1.0, "%"), ("a-n1", 1, "2%", 2.0, "%")]
    first = recs[0]
    assert (first.article_id, first.source_id, first.lang, first.context) == (
        "a", "wsj.com", "en", "para 0")
    assert first.qualifier == "exact" and recs[1].qualifier == "about"
    assert (first.derived_from, first.start, first.story_id) == ("https://x/y", 0, "s1")
    assert wh.mention_records(read_only=True) == recs


def test_a_warehouse_made_before_reports_nothing_gets_the_column_and_reads_as_reporting(wh):
    """An article landed before the claims stage read whether its page reports nothing: the
    upgrade adds the column, and its figures are compared as before (a report's)."""
    wh.land("r1", batch(article("a", reports_nothing=True), article("b")))
    assert {r.article_id: r.reports_nothing for r in wh.mention_records()} == {"a": True, "b": False}
    with wh.write() as con:
        con.execute("ALTER TABLE articles DROP COLUMN reports_nothing")
    wh.ensure_schema()
    assert sql(wh, "SELECT count(*) FROM articles WHERE reports_nothing IS NULL") == [(2,)]
    assert {r.reports_nothing for r in wh.mention_records()} == {False}


class Story:
    def __init__(self, sid, n):
        self.story_id, self.title, self.n_articles = sid, f"Story {sid}", n
        self.first_seen_at = "2026-11-24 09:00:00"
        self.last_seen_at = "2026-11-25 10:30:00"
        self.n_sources, self.n_languages = n, 1
        self.sources, self.languages = ("wsj.com",) * n, ("en",)


def test_stories_replace_the_previous_grouping(wh):
    wh.land("r1", batch(article("a"), article("b")))
    wh.replace_stories([Story("s1", 2)], {"a": "s1", "b": "s1"})
    wh.replace_stories([Story("s2", 1), Story("s3", 1)], {"a": "s2", "b": "s3"})
    assert sql(wh, "SELECT story_id, title, n_articles, first_seen_at, languages FROM stories "
                   "ORDER BY 1") == [
        ("s2", "Story s2", 1, datetime(2026, 11, 24, 9), ["en"]),
        ("s3", "Story s3", 1, datetime(2026, 11, 24, 9), ["en"])]
    assert sql(wh, "SELECT article_id, story_id FROM articles ORDER BY 1") == [
        ("a", "s2"), ("b", "s3")]
    arts = wh.story_articles()
    assert [a["article_id"] for a in arts] == ["a", "b"]
    assert arts[0]["text"] == "Exports rose 5% to $3 billion." and arts[0]["story_id"] == "s2"
    assert isinstance(arts[0]["first_seen_at"], str)
    wh.replace_stories([], {})
    assert sql(wh, "SELECT count(*) FROM stories") == [(0,)]
    assert sql(wh, "SELECT story_id FROM articles WHERE article_id = 'a'") == [("s2",)]


def test_report_frames_show_conflicts_with_their_mentions_only(wh):
    scored(wh)
    wh.replace_stories([Story("s1", 3)], {"a": "s1", "b": "s1", "c": "s1"})
    f = wh.report_frames()
    assert "clean_text" not in f["articles"].columns
    assert sorted(f["number_checks"]["check_id"]) == ["k1", "k3", "k4", "k5"]
    assert sorted(f["numbers"]["mention_id"]) == ["a-n0", "b-n0", "b-n1", "c-n0", "c-n1"]
    totals = f["totals"].iloc[0].to_dict()
    assert totals == {"claims": 7, "numbers": 6, "stories": 1, "checks": 5}
    assert sorted(f["segments"]["n"]) == [2, 2, 2]
    assert len(f["story_figures"]) == 5
    assert f["story_figures"].iloc[0]["verdict"] == "conflict"
    assert set(f) >= {"sources", "source_scores", "runs", "rejects", "dq_results", "quarantine"}
    ro = wh.report_frames(read_only=True)
    assert len(ro["number_checks"]) == 4
    assert wh.article_labels() == {"a": "WSJ (seeds/a.txt)", "b": "WSJ (seeds/b.txt)",
                                   "c": "Financial Times (seeds/c.txt)"}
    assert wh.article_labels(read_only=True)["c"] == "Financial Times (seeds/c.txt)"


def test_validation_reads_a_runs_documents_and_parent_ids(wh):
    scored(wh)
    wh.land("r2", batch(article("a", "changed")))
    parts = wh.document_frames(["a"])
    assert set(parts) == set(Warehouse.DOCUMENT_TABLES)
    assert set(parts["claims"]["article_id"]) == {"a"}
    assert len(parts["article_versions"]) == 2
    known = wh.known_ids("r2")
    assert known["articles"] == {"a", "b", "c"}
    assert "c-n1" in known["numbers"] and known["sources"] == {"wsj.com", "ft.com"}
    assert known["landed_per_run"] == {"r2": 1}
    frames = wh.run_table_frames("r1")
    assert len(frames["number_checks"]) == 5 and len(frames["runs"]) == 1
    assert len(wh.run_table_frames("r2")["number_checks"]) == 0
    assert sorted(wh.sources_frame()["source_id"]) == ["ft.com", "wsj.com"]
    whole = wh.frames(("articles", "claims"))
    assert set(whole) == {"articles", "claims"} and len(whole["claims"]) == 6
    assert set(wh.frames(read_only=True)) == set(W.TABLES)


# -- queries and sources -----------------------------------------------------------------------

def test_query_returns_columns_and_rows_and_refuses_writes(wh):
    scored(wh)
    assert wh.query("SELECT source_id, count(*) AS n FROM articles GROUP BY 1 ORDER BY 1") == (
        ["source_id", "n"], [("ft.com", 1), ("wsj.com", 2)])
    with pytest.raises(WarehouseError, match="read-only|read only"):
        wh.query("DELETE FROM articles")
    with pytest.raises(WarehouseError, match="no_such_table"):
        wh.query("SELECT * FROM no_such_table")
    assert sql(wh, "SELECT count(*) FROM articles") == [(3,)]


def test_find_sources_by_id_or_any_part_of_id_name_or_domain(wh):
    scored(wh)
    wh.land("r2", {"sources": [{"source_id": "local:blog", "name": "Ft Watchers",
                                "domain": None, "url": None, "kind": "blog"}]})
    assert [s["name"] for s in wh.find_sources("wsj.com")] == ["WSJ"]
    assert [s["source_id"] for s in wh.find_sources("FT")] == ["ft.com", "local:blog"]
    assert [s["source_id"] for s in wh.find_sources("financial")] == ["ft.com"]
    assert [s["source_id"] for s in wh.find_sources("WSJ.COM")] == ["wsj.com"]
    assert [s["source_id"] for s in wh.find_sources("LOCAL")] == ["local:blog"]
    assert wh.find_sources("nobody") == []


def test_reading_a_missing_warehouse_says_how_to_make_one(tmp_path):
    with pytest.raises(WarehouseError, match=r"no warehouse at .*run `monitor run` first"):
        Warehouse(tmp_path / "none.duckdb").query("SELECT 1")


def test_a_file_that_is_not_a_warehouse_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 400)
    with pytest.raises(WarehouseError, match="cannot open .*bad.duckdb") as err:
        Warehouse(bad, lock_timeout=5).ensure_schema()
    assert not isinstance(err.value, WarehouseBusy)


def test_the_schema_can_be_applied_again_without_losing_rows(wh):
    wh.land("r1", batch(article("a")))
    wh.ensure_schema()
    assert sql(wh, "SELECT count(*) FROM claims") == [(2,)]


# -- locks -------------------------------------------------------------------------------------

def test_a_second_run_waits_then_fails_naming_the_first(wh):
    assert wh.lock_path.name == "monitor.duckdb.lock"
    assert not wh.run_in_progress()
    wh.acquire_run_lock()
    try:
        assert wh.lock_path.read_text() == str(os.getpid())
        assert wh.run_in_progress()
        other = Warehouse(wh.path, lock_timeout=60)
        with pytest.raises(WarehouseBusy, match=rf"another `monitor run` \(pid {os.getpid()}\)"):
            other.acquire_run_lock(wait=0.3)
        assert other._run_lock is None
    finally:
        wh.release_run_lock()
    assert not wh.run_in_progress()
    wh.release_run_lock()  # twice: harmless
    other = Warehouse(wh.path, lock_timeout=0.3)
    other.acquire_run_lock()  # free again
    other.release_run_lock()


def test_no_run_in_progress_where_none_ever_began(tmp_path):
    assert not Warehouse(tmp_path / "w.duckdb").run_in_progress()


def test_a_run_waits_for_the_lock_to_be_freed(wh, tmp_path):
    wh.acquire_run_lock()
    release = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.6)"])
    try:
        other = Warehouse(wh.path, lock_timeout=0.1)
        # frees after 0.6 s: a wait of 30 s gets it
        import threading

        t = threading.Timer(0.6, wh.release_run_lock)
        t.start()
        other.acquire_run_lock(wait=30)
        t.join()
        assert other.run_in_progress() and other._run_lock is not None
        other.release_run_lock()
    finally:
        release.wait()
        wh.release_run_lock()


HOLD = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    con.close()
""")


def hold(path, seconds: float) -> subprocess.Popen:
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)],
                         stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "held"
    return p


def test_a_writer_in_another_process_makes_readers_wait_then_fail_clearly(wh):
    p = hold(wh.path, 30)
    try:
        with pytest.raises(WarehouseBusy, match=r"in use by another process.*waited 0 s"):
            Warehouse(wh.path, lock_timeout=0.2).counts()
    finally:
        p.kill()
        p.wait()


def test_a_busy_warehouse_is_retried_quickly_then_given_up_after_30_s(wh, monkeypatch):
    """The default wait (every command and stage opens the warehouse with it) is 30 s, and the
    message says so; the tries come at 20 ms, then half as long again each time, never more
    than 0.25 s apart, so a freed file is opened within a quarter second. The clock is a
    stand-in that moves only by the waits (no 30 s test); the holder is a real process."""
    clock = {"t": 1000.0}
    waits: list[float] = []

    def sleep(s):
        waits.append(s)
        clock["t"] += s

    monkeypatch.setattr(W, "time", type("Clock", (), {
        "monotonic": staticmethod(lambda: clock["t"]), "sleep": staticmethod(sleep)}))
    p = hold(wh.path, 60)
    try:
        with pytest.raises(WarehouseBusy, match=r"in use by another process.*waited 30 s —"):
            Warehouse(wh.path).counts()
    finally:
        p.kill()
        p.wait()
    assert waits[:4] == pytest.approx([0.02, 0.03, 0.045, 0.0675])
    assert all(b == pytest.approx(min(a * 1.5, 0.25)) for a, b in itertools.pairwise(waits))
    assert max(waits) == 0.25
    assert 30 <= sum(waits) < 30.25


def test_story_grouping_reads_beside_another_process_reading(wh):
    """The run's story grouping reads while the validation process holds a read-only
    connection: it must not wait for that reader (a writable open would, and give up)."""
    wh.land("r1", batch(article("a")))
    p = subprocess.Popen([sys.executable, "-c", HOLD.replace("duckdb.connect(sys.argv[1])",
                          "duckdb.connect(sys.argv[1], read_only=True)"), str(wh.path), "60"],
                         stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "held"
        arts = Warehouse(wh.path, lock_timeout=0.3).story_articles(read_only=True)
        assert [a["article_id"] for a in arts] == ["a"]
    finally:
        p.kill()
        p.wait()


def test_a_reader_gets_in_once_the_writer_has_finished(wh):
    wh.land("r1", batch(article("a")))
    p = hold(wh.path, 0.5)
    try:
        assert Warehouse(wh.path, lock_timeout=30).counts()["articles"] == 1
    finally:
        p.wait()


@pytest.mark.parametrize(("message", "is_lock"), [
    ('IO Error: Could not set lock on file "w.duckdb": Conflicting lock is held', True),
    ("IO Error: Could not set lock on file", True),
    ("Conflicting lock is held in /usr/bin/python (PID 12)", True),
    ("IO Error: Cannot open file: No such file or directory", False),
    ("IO Error: the lock file is corrupt", False),
    ("Could not set LOCK", False),
])
def test_only_lock_conflicts_count_as_busy(message, is_lock):
    assert W._is_lock_error(duckdb.IOException(message)) is is_lock


# -- small parts -------------------------------------------------------------------------------

@pytest.fixture
def far_time_zone(monkeypatch):
    """The machine's clock set to Kiribati (UTC+14): local time is never UTC's."""
    import time

    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_timestamps_are_naive_utc_whatever_the_machines_time_zone(far_time_zone, wh):
    utc = datetime.now(UTC).replace(tzinfo=None)
    assert abs(datetime.now() - utc) > timedelta(hours=13)  # the zone took effect
    t = W.now()
    assert t.tzinfo is None
    assert abs(t - utc) < timedelta(minutes=1)
    # what `monitor runs` lists: the run's start in UTC, not the machine's local time
    wh.start_run("r1", None)
    (started,), = sql(wh, "SELECT started_at FROM runs")
    assert abs(started - utc) < timedelta(minutes=1)


def test_dedupe_keeps_the_last_row_per_key_in_first_seen_order():
    rows = [{"k": 1, "v": "a"}, {"k": 2, "v": "b"}, {"k": 1, "v": "c"}]
    assert W._dedupe(rows, ("k",)) == [{"k": 1, "v": "c"}, {"k": 2, "v": "b"}]
    pairs = [{"a": 1, "b": 1}, {"a": 1, "b": 2}]
    assert len(W._dedupe(pairs, ("a", "b"))) == 2


def test_a_record_becomes_a_row_of_its_fields():
    c = check("a-n0", "b-n0")
    assert W._row(c) == {
        "kind": "cross_source", "article_id": "a", "mention_id": "a-n0", "other_article_id": "b",
        "other_mention_id": "b-n0", "value": 1.0, "other_value": 2.0, "verdict": "conflict",
        "explanation": "a-n0 vs b-n0", "confidence": 1.0, "reason": "same fact"}
    assert json.loads(W.to_json(W._row(c)))["verdict"] == "conflict"


# -- reads during a run, and of a missing warehouse ---------------------------------------------

def test_a_run_reads_its_warehouse_while_its_process_holds_a_writable_connection(wh):
    """DuckDB refuses a read-only connection beside a writable one in the same process: the
    reads a run makes for itself (the checks' mentions, labels, the report, validation frames)
    go through a writable one."""
    scored(wh)
    held = duckdb.connect(str(wh.path))
    try:
        assert [r.mention_id for r in wh.mention_records()][:2] == ["a-n0", "a-n1"]
        assert wh.article_labels()["a"] == "WSJ (seeds/a.txt)"
        assert len(wh.report_frames()["number_checks"]) == 4
        assert len(wh.frames(("claims",))["claims"]) == 7
    finally:
        held.close()


@pytest.mark.parametrize("read", [
    lambda w: w.mention_records(read_only=True),
    lambda w: w.article_labels(read_only=True),
    lambda w: w.report_frames(read_only=True),
    lambda w: w.frames(("articles",), read_only=True),
])
def test_reading_a_missing_warehouse_read_only_creates_nothing(tmp_path, read):
    w = Warehouse(tmp_path / "none.duckdb")
    with pytest.raises(WarehouseError, match="no warehouse at"):
        read(w)
    assert not w.path.exists()


def test_each_mention_gets_its_own_paragraph_and_translation(wh):
    rows = batch(article("a"), article("b"))
    rows["segments"] = [
        {"article_id": "a", "seq": 0, "text": "Sales rose 5%.", "lang": "en"},
        {"article_id": "a", "seq": 1, "text": "销售额增长 5%。", "lang": "zh", "translation_of": 0},
        {"article_id": "b", "seq": 0, "text": "Profit fell 5%.", "lang": "en"},
        {"article_id": "b", "seq": 1, "text": "Costs rose 5%.", "lang": "en"},
    ]
    rows["numbers"] = [
        {"mention_id": m, "article_id": aid, "seq": seq, "text": "5%", "value": 5.0, "unit": "%",
         "qualifier": "exact", "lang": "en", "start_pos": 0, "end_pos": 2}
        for m, aid, seq in (("a0", "a", 0), ("a1", "a", 1), ("b0", "b", 0), ("b1", "b", 1))
    ]
    wh.land("r1", rows)
    recs = {r.mention_id: r for r in wh.mention_records()}
    assert {m: r.context for m, r in recs.items()} == {
        "a0": "Sales rose 5%.", "a1": "销售额增长 5%。", "b0": "Profit fell 5%.",
        "b1": "Costs rose 5%."}
    assert {m: r.translation_of for m, r in recs.items()} == {
        "a0": None, "a1": 0, "b0": None, "b1": None}


# -- the run lock: where it lives and what it says ----------------------------------------------

def test_the_first_run_makes_the_warehouse_folder_and_a_plain_lock_file(tmp_path):
    w = Warehouse(tmp_path / "new" / "deeper" / "monitor.duckdb")
    old = os.umask(0o022)
    try:
        w.acquire_run_lock()
    finally:
        os.umask(old)
    try:
        assert w.run_in_progress()
        assert w.lock_path.stat().st_mode & 0o777 == 0o644
    finally:
        w.release_run_lock()


def test_a_busy_message_reads_whatever_the_lock_file_holds(wh):
    wh.acquire_run_lock()
    try:
        other = Warehouse(wh.path)
        with pytest.raises(WarehouseBusy, match="this run did not start — try again"):
            other.acquire_run_lock(wait=0)
        wh.lock_path.write_bytes(b"")  # a holder that has not written its pid yet
        with pytest.raises(WarehouseBusy, match=r"\(pid \?\)"):
            other.acquire_run_lock(wait=0)
        wh.lock_path.write_bytes(b"12\xff3")  # not text: still a clear message
        with pytest.raises(WarehouseBusy, match="pid 12\ufffd3"):
            other.acquire_run_lock(wait=0)
    finally:
        wh.release_run_lock()


def test_the_report_lists_stories_of_more_than_one_article(wh):
    scored(wh)
    wh.replace_stories([Story("s1", 2), Story("s2", 1)], {"a": "s1", "b": "s1", "c": "s2"})
    assert list(wh.report_frames()["stories"]["story_id"]) == ["s1"]


def test_a_story_keeps_its_first_and_last_sighting(wh):
    wh.land("r1", batch(article("a")))
    wh.replace_stories([Story("s1", 1)], {"a": "s1"})
    assert sql(wh, "SELECT first_seen_at, last_seen_at FROM stories") == [
        (datetime(2026, 11, 24, 9), datetime(2026, 11, 25, 10, 30))]


def test_a_runs_validation_reads_every_run_table(wh):
    scored(wh)
    frames = wh.run_table_frames("r1")
    assert set(frames) == set(Warehouse.RUN_TABLES)


def test_scoring_rows_share_one_string_per_id(wh):
    """10,000 articles' checks as dicts: every row of a source holds the same id object."""
    scored(wh)
    checks = wh.scoring_inputs()["checks"]
    assert checks[0]["source_id"] == checks[1]["source_id"] == "wsj.com"
    assert checks[0]["source_id"] is checks[1]["source_id"]


def test_a_batch_counts_every_new_changed_and_unchanged_article(wh):
    """The counts the run summary shows ("changed", "unchanged") add up over the whole batch."""
    wh.land("r1", batch(article("a"), article("b"), article("c"), article("d")))
    again = batch(article("a", "Exports rose 6% to $3 billion."), article("b", "Exports fell."),
                  article("c"), article("d"), article("e"), tag="-v2")
    assert wh.land("r2", again) == {"new": 1, "changed": 2, "unchanged": 2}
    assert wh.run_article_ids("r2") == ["a", "b", "e"]


def test_a_runs_validation_can_read_some_run_tables_only(wh):
    scored(wh)
    frames = wh.run_table_frames("r1", ("number_checks", "runs"))
    assert set(frames) == {"number_checks", "runs"}
    assert len(frames["number_checks"]) == 5


def test_an_article_without_rows_of_some_kind_lands_alone(wh):
    """A batch need not carry every child table (a document without claims or numbers)."""
    rows = {"articles": [article("a")],
            "segments": [{"article_id": "a", "seq": 0, "text": "para 0", "lang": "en"}]}
    assert wh.land("r1", rows) == {"new": 1, "changed": 0, "unchanged": 0}
    assert sql(wh, "SELECT count(*) FROM segments") == [(1,)]
    assert sql(wh, "SELECT count(*) FROM claims") == [(0,)]
    assert sql(wh, "SELECT count(*) FROM article_versions") == [(1,)]


def test_the_busy_message_says_who_holds_the_warehouse_and_that_nothing_started(wh):
    wh.acquire_run_lock()
    try:
        with pytest.raises(WarehouseBusy) as busy:
            Warehouse(wh.path).acquire_run_lock(wait=0)
    finally:
        wh.release_run_lock()
    assert str(busy.value) == (f"another `monitor run` (pid {os.getpid()}) is writing {wh.path}; "
                               "this run did not start — try again when it has finished")


def test_a_ctrl_c_duckdb_took_mid_statement_is_a_ctrl_c_and_lands_nothing(wh):
    """DuckDB answers an interrupt during a statement with its own InterruptException, an
    ordinary error that the landing task's retries would retry, losing the user's Ctrl-C (a
    run went on landing every batch). The write raises KeyboardInterrupt, rolled back."""
    import threading

    with pytest.raises(KeyboardInterrupt), wh.write() as con:
        con.execute(
            "INSERT INTO sources (source_id, name, domain, url, kind) "
            "VALUES ('s-int', 'Interrupted', 'example.org', NULL, 'newspaper')"
        )
        threading.Timer(0.3, con.interrupt).start()
        con.execute("SELECT count(*) FROM range(100000000000) a")  # long enough to be hit
    with wh.read() as con:
        assert con.execute("SELECT count(*) FROM sources WHERE source_id = 's-int'").fetchone() == (0,)


def test_a_ctrl_c_signal_duckdb_took_mid_statement_is_a_ctrl_c(wh):
    """The same with a real SIGINT: DuckDB turns it into "Query interrupted" (a RuntimeError)."""
    import signal
    import threading

    with pytest.raises(KeyboardInterrupt), wh.read() as con:
        threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
        con.execute("SELECT count(*) FROM range(100000000000) a").fetchall()

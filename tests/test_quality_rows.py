"""Which rows a data-quality failure moves to quarantine, decided without running the suites.

The rules that span rows or tables are helper columns (`_derive`) the suites expect to be true;
a critical failure quarantines the failing rows and the rows that depend on them (`_cascade`),
each as a JSON row with its reason and its key. These tests read those decisions directly on
the sample warehouse (pandas only, milliseconds each); test_quality.py runs the real suites
over whole warehouses (seconds each). The few tests at the end run a small real Validator
(two suites) to see the quarantine entries a run writes. They are the mutation-test selection of
quality.py (docs/mutation.md).
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sample_warehouse import RUN1, RUN2, sha256, warehouse_frames

from monitor import quality
from monitor.quality import (
    DEPENDENTS,
    GX_STATIC_DEST,
    QualityError,
    ValidationOutcome,
    Validator,
    _cascade,
    _column,
    _combine,
    _derive,
    _jsonable,
    _observed,
    _unexpected_text,
    boilerplate_matcher,
    load_suites,
    offline_data_docs,
    row_json,
    row_key,
    sha256_hex,
)

MARKERS = ["Advertisement", "Post a Comment.*", "Most Popular (News|Opinion)"]
SUITES = Path(__file__).resolve().parents[1] / "expectations"


def derived(frames: dict, known: dict | None = None, markers: list[str] = MARKERS) -> dict:
    return _derive(frames, markers, known)


def bad(frames: dict, table: str, column: str, known: dict | None = None) -> list[int]:
    """The rows of `table` whose helper column is false."""
    flags = derived(frames, known)[table][column]
    assert flags.dtype == bool
    return [int(i) for i in np.flatnonzero(~flags.to_numpy())]


def put(frames: dict, table: str, column: str, value: object, row: int) -> None:
    frames[table][column] = frames[table][column].astype(object)
    frames[table].at[row, column] = value


# --- the helper columns ----------------------------------------------------------------------

HELPERS = {
    "articles": ["_source_exists", "_hash_ok", "_no_boilerplate", "_languages_ok",
                 "_seen_in_order"],
    "article_versions": ["_article_exists", "_hash_ok"],
    "segments": ["_article_exists", "_translation_ok", "_no_boilerplate"],
    "removed_blocks": ["_article_exists"],
    "claims": ["_article_exists", "_named_has_source", "_segment_exists"],
    "numbers": ["_article_exists", "_value_finite", "_segment_exists"],
    "number_checks": ["_article_exists", "_other_article_exists", "_values_finite",
                      "_mention_exists", "_conflict_explained"],
    "source_scores": ["_source_exists", "_evidence_adds_up"],
    "runs": ["_finished_after_start", "_landed_within_counts"],
    "rejects": ["_run_exists"],
    "quarantine": ["_row_is_json"],
}  # fmt: skip


def test_a_sound_warehouse_has_every_helper_column_true_and_its_frames_untouched() -> None:
    frames = warehouse_frames()
    frames["quarantine"] = pd.DataFrame({"row": ['{"article_id": "a-x"}'], "table_name": ["a"]})
    before = {name: list(f.columns) for name, f in frames.items()}
    out = derived(frames)
    for table, columns in HELPERS.items():
        for column in columns:
            assert out[table][column].dtype == bool, (table, column)
            assert out[table][column].all(), (table, column)
    # segments per article: a-wsj 6 (three translated), a-toutiao 3, a-blog 3, the others 2
    assert out["articles"]["_n_segments"].tolist() == [6, 3, 3, 2, 2]
    assert out["articles"]["_n_segments"].dtype == "int64"
    assert {name: list(f.columns) for name, f in frames.items()} == before  # copies only
    for name, columns in before.items():  # the rows as they are, and helper columns after them
        assert list(out[name].columns[: len(columns)]) == columns, name
        assert all(c.startswith("_") for c in out[name].columns[len(columns):]), name


def test_rows_are_numbered_afresh_so_a_failing_row_is_found_by_position() -> None:
    frames = warehouse_frames()
    frames["segments"] = frames["segments"].iloc[[9, 10, 11]]  # a part: index 9, 10, 11
    put(frames, "segments", "article_id", "a-gone", 10)
    out = derived(frames)
    assert out["segments"].index.tolist() == [0, 1, 2]
    assert out["segments"]["_article_exists"].tolist() == [True, False, True]


def test_an_article_of_a_source_that_does_not_exist_is_flagged() -> None:
    frames = warehouse_frames()
    put(frames, "articles", "source_id", "nowhere.example", 3)
    assert bad(frames, "articles", "_source_exists") == [3]
    put(frames, "articles", "source_id", None, 3)
    assert bad(frames, "articles", "_source_exists") == [3]  # a null source points nowhere


def test_rows_pointing_at_an_article_that_does_not_exist_are_flagged() -> None:
    for table, row in (("article_versions", 3), ("segments", 7), ("removed_blocks", 1),
                       ("claims", 2), ("numbers", 4), ("number_checks", 1)):  # fmt: skip
        frames = warehouse_frames()
        put(frames, table, "article_id", "a-gone", row)
        assert bad(frames, table, "_article_exists") == [row], table


def test_parents_validated_elsewhere_count_as_existing() -> None:
    """A run validates the rows it changed; `known_ids` names the parents already landed."""
    frames = warehouse_frames()
    part = {t: frames[t] for t in ("segments", "claims", "numbers", "number_checks",
                                   "source_scores", "rejects")}  # fmt: skip
    assert bad(part, "segments", "_article_exists") == list(range(16))
    assert bad(part, "source_scores", "_source_exists") == list(range(10))
    assert bad(part, "rejects", "_run_exists") == [0]
    assert bad(part, "number_checks", "_mention_exists") == []  # numbers are in the part
    known = {
        "articles": frames["articles"]["article_id"].tolist(),
        "sources": frames["sources"]["source_id"].tolist(),
        "runs": [RUN1],
    }
    out = derived(part, known)
    assert out["segments"]["_article_exists"].all()
    assert out["number_checks"]["_article_exists"].all()
    assert out["number_checks"]["_other_article_exists"].all()
    assert out["source_scores"]["_source_exists"].all()
    assert out["rejects"]["_run_exists"].all()
    del part["numbers"]
    assert bad(part, "number_checks", "_mention_exists", known) == [0, 1]
    known["numbers"] = frames["numbers"]["mention_id"].tolist()
    assert bad(part, "number_checks", "_mention_exists", known) == []


def test_a_content_hash_is_the_sha256_of_the_clean_text() -> None:
    assert sha256_hex("中文 text") == sha256("中文 text")
    assert sha256_hex(None) is None and sha256_hex(5) is None
    for table in ("articles", "article_versions"):
        frames = warehouse_frames()
        put(frames, table, "content_hash", "0" * 64, 1)
        assert bad(frames, table, "_hash_ok") == [1]
        frames = warehouse_frames()
        put(frames, table, "clean_text", frames[table].at[2, "clean_text"] + " ", 2)
        assert bad(frames, table, "_hash_ok") == [2]  # the text changed, its hash did not
        put(frames, table, "content_hash", sha256(frames[table].at[2, "clean_text"]), 2)
        assert bad(frames, table, "_hash_ok") == []


def test_a_known_boilerplate_line_flags_an_article_and_a_segment() -> None:
    frames = warehouse_frames()
    put(frames, "articles", "clean_text", "News.\n  • Advertisement\nMore news.", 2)
    put(frames, "articles", "clean_text", "Advertisement spending rose 4%, the report said.", 3)
    put(frames, "articles", "clean_text", None, 4)
    assert bad(frames, "articles", "_no_boilerplate") == [2]
    put(frames, "segments", "text", "Post a Comment for “China”", 10)
    put(frames, "segments", "text", "Readers may post a comment below.", 11)
    assert bad(frames, "segments", "_no_boilerplate") == [10]
    out = _derive(frames, [], None)  # no markers: nothing is boilerplate
    assert out["articles"]["_no_boilerplate"].all() and out["segments"]["_no_boilerplate"].all()


def test_every_language_of_an_article_is_a_two_letter_code() -> None:
    frames = warehouse_frames()
    cells = [["en", "zh"], [], None, np.array(["zh"], dtype=object), ["EN"], ["eng"], [None],
             ["e"], ["en", "z1"], float("nan")]
    frames["articles"] = pd.concat([frames["articles"].iloc[[0]]] * len(cells), ignore_index=True)
    frames["articles"]["languages"] = pd.Series(cells, dtype=object)
    assert bad(frames, "articles", "_languages_ok") == [4, 5, 6, 7, 8]
    frames["articles"]["languages"] = pd.Series([pd.NA] * len(cells), dtype=object)
    assert bad(frames, "articles", "_languages_ok") == []  # a null list holds no bad code


def test_an_article_first_seen_after_it_was_last_seen_is_flagged() -> None:
    frames = warehouse_frames()
    arts = frames["articles"]
    arts.at[0, "first_seen_at"] = arts.at[0, "last_seen_at"]  # the same moment: fine
    arts.at[1, "first_seen_at"] = arts.at[1, "last_seen_at"] + pd.Timedelta(seconds=1)
    arts.at[2, "last_seen_at"] = pd.NaT
    arts.at[3, "first_seen_at"] = pd.NaT
    assert bad(frames, "articles", "_seen_in_order") == [1]


def test_a_translation_names_another_segment_of_its_own_article() -> None:
    frames = warehouse_frames()
    seg = frames["segments"]
    seg["translation_of"] = seg["translation_of"].astype(object)
    seg.at[1, "translation_of"] = 1  # itself
    seg.at[3, "translation_of"] = 0  # another segment of a-wsj: fine
    seg.at[7, "translation_of"] = 5  # a-toutiao has no segment 5 (a-wsj has)
    seg.at[8, "translation_of"] = 0  # a-toutiao's own first segment: fine
    seg.at[9, "translation_of"] = 7  # a-blog has three segments
    assert bad(frames, "segments", "_translation_ok") == [1, 7, 9]


def test_a_named_claim_names_its_source_and_comes_from_a_segment() -> None:
    frames = warehouse_frames()
    put(frames, "claims", "attributed_to", None, 0)  # named, nobody named
    put(frames, "claims", "attributed_to", None, 3)
    put(frames, "claims", "attribution", "anonymous", 3)  # anonymous, nobody named: fine
    assert bad(frames, "claims", "_named_has_source") == [0]
    put(frames, "claims", "seq", 9, 4)  # a-blog has segments 0-2
    put(frames, "claims", "article_id", "a-wsj", 6)  # a-wsj has a segment 1, a-digest's seq
    assert bad(frames, "claims", "_segment_exists") == [4]


def test_a_number_is_finite_and_comes_from_a_segment() -> None:
    frames = warehouse_frames()
    values = [float("inf"), -float("inf"), float("nan"), None, "five", 0, "5.5"]
    frames["numbers"] = pd.concat([frames["numbers"].iloc[[0]]] * len(values), ignore_index=True)
    frames["numbers"]["value"] = pd.Series(values, dtype=object)
    assert bad(frames, "numbers", "_value_finite") == [0, 1, 2, 3, 4]
    frames = warehouse_frames()
    put(frames, "numbers", "seq", 6, 0)  # a-wsj's segments are 0-5
    assert bad(frames, "numbers", "_segment_exists") == [0]


def test_a_check_reads_existing_articles_and_mentions_and_finite_values() -> None:
    frames = warehouse_frames()
    put(frames, "number_checks", "other_article_id", None, 0)  # a check of one article: fine
    put(frames, "number_checks", "other_article_id", "a-gone", 1)
    assert bad(frames, "number_checks", "_other_article_exists") == [1]
    frames = warehouse_frames()
    put(frames, "number_checks", "other_value", None, 0)  # no other value: fine
    put(frames, "number_checks", "other_value", float("inf"), 1)
    assert bad(frames, "number_checks", "_values_finite") == [1]
    put(frames, "number_checks", "other_value", None, 1)
    put(frames, "number_checks", "value", None, 1)  # its own value is never optional
    assert bad(frames, "number_checks", "_values_finite") == [1]
    frames = warehouse_frames()
    put(frames, "number_checks", "other_mention_id", None, 0)  # fine
    put(frames, "number_checks", "other_mention_id", "m-gone", 1)
    assert bad(frames, "number_checks", "_mention_exists") == [1]
    frames = warehouse_frames()
    put(frames, "number_checks", "mention_id", "m-gone", 0)
    assert bad(frames, "number_checks", "_mention_exists") == [0]
    put(frames, "number_checks", "mention_id", None, 0)
    assert bad(frames, "number_checks", "_mention_exists") == [0]


def test_a_conflict_carries_an_explanation() -> None:
    frames = warehouse_frames()
    checks = frames["number_checks"]
    assert checks["verdict"].tolist() == ["consistent", "conflict"]
    put(frames, "number_checks", "explanation", None, 0)  # an agreement needs none
    for blank in (None, "", " \n"):
        put(frames, "number_checks", "explanation", blank, 1)
        assert bad(frames, "number_checks", "_conflict_explained") == [1], blank


def test_a_source_score_adds_up_its_claims_and_its_conflicts_are_among_its_checks() -> None:
    frames = warehouse_frames()
    scores = frames["source_scores"]
    assert scores.loc[3, ["n_claims", "n_named", "n_anonymous", "n_unattributed"]].tolist() == [
        2, 1, 1, 0]  # fmt: skip
    put(frames, "source_scores", "n_claims", 3, 3)  # 1 + 1 + 0 is not 3
    put(frames, "source_scores", "n_unattributed", 2, 4)  # 0 + 0 + 2 is not 1
    put(frames, "source_scores", "n_named", None, 0)  # a count unknown: not checked
    put(frames, "source_scores", "n_anonymous", None, 1)
    put(frames, "source_scores", "n_unattributed", None, 2)
    put(frames, "source_scores", "n_anonymous", None, 8)  # 1 named of 2, the rest unknown
    assert bad(frames, "source_scores", "_evidence_adds_up") == [3, 4]
    frames = warehouse_frames()
    put(frames, "source_scores", "n_conflicts", 2, 0)  # 2 of 2 checks: fine
    put(frames, "source_scores", "n_conflicts", 2, 3)  # 2 of 1
    put(frames, "source_scores", "n_checks", None, 8)  # unknown: not checked
    put(frames, "source_scores", "n_conflicts", None, 5)
    put(frames, "source_scores", "n_checks", 0, 5)
    assert bad(frames, "source_scores", "_evidence_adds_up") == [3]


def test_a_run_finishes_after_it_starts_and_lands_no_more_than_it_counted() -> None:
    frames = warehouse_frames()
    runs = frames["runs"]
    runs.at[0, "finished_at"] = runs.at[0, "started_at"]  # at once: fine
    runs.at[1, "finished_at"] = runs.at[1, "started_at"] - pd.Timedelta(seconds=1)
    assert bad(frames, "runs", "_finished_after_start") == [1]
    runs.at[1, "finished_at"] = pd.NaT  # still running
    assert bad(frames, "runs", "_finished_after_start") == []

    # the first run counted 5 new articles and landed 5; the second counted none
    frames = warehouse_frames()
    frames["articles"].at[0, "run_id"] = RUN2
    assert bad(frames, "runs", "_landed_within_counts") == [1]
    put(frames, "runs", "n_new", None, 1)
    put(frames, "runs", "n_changed", 1, 1)  # one changed, n_new unknown: 1 landed is fine
    assert bad(frames, "runs", "_landed_within_counts") == []
    frames["articles"].at[1, "run_id"] = RUN2
    assert bad(frames, "runs", "_landed_within_counts") == [1]  # 2 landed, 1 counted
    put(frames, "runs", "n_changed", None, 1)  # nothing counted at all: not checked
    assert bad(frames, "runs", "_landed_within_counts") == []

    frames = warehouse_frames()
    put(frames, "runs", "n_changed", None, 0)  # 5 new of 5 landed, changed unknown: fine
    assert bad(frames, "runs", "_landed_within_counts") == []
    put(frames, "runs", "n_new", 4, 0)  # 4 new, changed unknown, 5 landed
    assert bad(frames, "runs", "_landed_within_counts") == [0]
    frames = warehouse_frames()
    put(frames, "runs", "n_new", 4, 0)  # 5 landed
    assert bad(frames, "runs", "_landed_within_counts") == [0]
    # validated in parts: the articles landed per run are given, not read from the frames
    part = {"runs": frames["runs"]}
    assert bad(part, "runs", "_landed_within_counts") == []  # no articles: none landed
    assert bad(part, "runs", "_landed_within_counts", {"landed_per_run": {RUN1: 4}}) == []
    assert bad(part, "runs", "_landed_within_counts",
               {"landed_per_run": {RUN1: 4, RUN2: 1}}) == [1]  # fmt: skip
    frames["articles"]["run_id"] = RUN2  # ignored when the counts are given
    assert bad(frames, "runs", "_landed_within_counts", {"landed_per_run": {RUN1: 5}}) == [0]


def test_a_run_validated_in_parts_checks_the_articles_it_says_it_landed() -> None:
    """A run's own tables are validated apart from its articles, which `landed_per_run`
    counts. With the run's source scores among them that count was ignored (a local variable
    of the source-scores rule shadowed the known ids), so no run was ever warned for landing
    more articles than it counted as new or changed."""
    frames = warehouse_frames()
    put(frames, "runs", "n_new", 4, 0)  # the first run landed 5 articles
    part = {t: frames[t] for t in ("number_checks", "source_scores", "runs", "rejects")}
    known = {"articles": set(frames["articles"]["article_id"]), "landed_per_run": {RUN1: 5}}
    assert bad(part, "runs", "_landed_within_counts", known) == [0]
    known["landed_per_run"] = {RUN1: 4}
    assert bad(part, "runs", "_landed_within_counts", known) == []


def test_a_quarantined_row_is_a_json_object() -> None:
    frames = {"quarantine": pd.DataFrame(
        {"row": ['{"a": 1}', "{}", "[1]", "not json", None, '"text"', "{"]})}  # fmt: skip
    assert bad(frames, "quarantine", "_row_is_json") == [2, 3, 4, 5, 6]


def test_a_missing_column_is_no_crash_and_fails_its_rule() -> None:
    frames = warehouse_frames()
    frames["articles"] = frames["articles"].drop(columns=["source_id", "languages"])
    frames["claims"] = frames["claims"].drop(columns=["seq"])
    del frames["segments"]
    out = derived(frames)
    assert not out["articles"]["_source_exists"].any()
    assert out["articles"]["_languages_ok"].all()  # no list, no bad code
    assert out["articles"]["_n_segments"].tolist() == [0] * 5
    assert not out["claims"]["_segment_exists"].any()
    assert not out["numbers"]["_segment_exists"].any()


# --- the dependents of a quarantined row -----------------------------------------------------


def moved(reasons: dict) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for table, index in sorted(reasons):
        out.setdefault(table, []).append(index)
    return out


def test_a_quarantined_source_takes_its_articles_and_everything_they_hold() -> None:
    frames = derived(warehouse_frames())
    reasons = {("sources", 1): ["sources: name is never null"]}  # toutiao.com
    _cascade(frames, reasons)
    assert moved(reasons) == {
        "articles": [1], "claims": [2, 3], "number_checks": [1], "numbers": [3, 4, 5],
        "segments": [6, 7, 8], "source_scores": [3, 8], "sources": [1],
        "article_versions": [1],
    }  # fmt: skip
    assert reasons["articles", 1] == ["articles: depends on quarantined sources row 'toutiao.com'"]
    assert reasons["source_scores", 8] == [
        "source_scores: depends on quarantined sources row 'toutiao.com'"]  # fmt: skip
    assert reasons["segments", 6] == ["segments: depends on quarantined articles row 'a-toutiao'"]
    # the check is k2's own article's and its own mention's: both reasons are kept
    assert reasons["number_checks", 1] == [
        "number_checks: depends on quarantined articles row 'a-toutiao'",
        "number_checks: depends on quarantined numbers row 'm-tt-564'",
    ]


def test_a_quarantined_article_takes_the_checks_that_read_it_on_either_side() -> None:
    frames = derived(warehouse_frames())
    reasons = {("articles", 0): ["articles: content_hash is the sha256 of clean_text"]}  # a-wsj
    _cascade(frames, reasons)
    got = moved(reasons)
    assert got["number_checks"] == [0, 1]  # k1 its own, k2 as the other article
    assert got["segments"] == [0, 1, 2, 3, 4, 5] and got["removed_blocks"] == [0]
    assert got["numbers"] == [0, 1, 2] and got["claims"] == [0, 1]
    assert "sources" not in got and "source_scores" not in got  # parents stay
    assert reasons["number_checks", 1][0] == (
        "number_checks: depends on quarantined articles row 'a-wsj'")  # fmt: skip


@pytest.mark.parametrize(("row", "checks"), [(1, [0]), (3, [1]), (0, [0, 1])],
                         ids=["other-mention", "own-mention", "both"])  # fmt: skip
def test_a_quarantined_number_takes_the_checks_that_compare_with_it(
    row: int, checks: list[int]
) -> None:
    frames = derived(warehouse_frames())
    reasons = {("numbers", row): ["numbers: value is a finite number"]}
    _cascade(frames, reasons)
    assert moved(reasons) == {"number_checks": checks, "numbers": [row]}


def test_parents_quarantined_by_an_earlier_part_take_their_dependents_here() -> None:
    frames = derived({t: f for t, f in warehouse_frames().items()
                      if t in ("claims", "number_checks", "source_scores")})  # fmt: skip
    reasons: dict = {}
    _cascade(frames, reasons, {"articles": {"a-blog"}, "numbers": {"m-wsj-5640"},
                               "sources": {"local:ai-compete"}})  # fmt: skip
    assert moved(reasons) == {"claims": [4, 5], "number_checks": [0], "source_scores": [4, 9]}
    assert reasons["claims", 4] == ["claims: depends on quarantined articles row 'a-blog'"]
    _cascade(frames, reasons := {}, {"articles": set()})
    assert reasons == {}
    # with this part's own articles among the frames, the earlier part's still count
    frames = derived(warehouse_frames())
    reasons = {("articles", 3): ["articles: x"]}  # a-digest, here
    _cascade(frames, reasons, {"articles": {"a-blog"}})
    assert moved(reasons)["claims"] == [4, 5, 6]  # a-blog's two, a-digest's one


def test_a_dependent_table_without_its_column_is_left_alone() -> None:
    frames = derived(warehouse_frames())
    frames["claims"] = frames["claims"].drop(columns=["article_id"])
    del frames["numbers"]
    reasons = {("articles", 2): ["articles: x"]}  # a-blog
    _cascade(frames, reasons)
    assert moved(reasons) == {"article_versions": [2], "articles": [2], "removed_blocks": [1],
                              "segments": [9, 10, 11]}  # fmt: skip
    # a parent frame without its key column names no parent
    frames = derived(warehouse_frames())
    frames["articles"] = frames["articles"].drop(columns=["article_id"])
    reasons = {("articles", 2): ["articles: x"]}
    _cascade(frames, reasons)
    assert moved(reasons) == {"articles": [2]}


def test_every_dependent_names_its_parent_by_the_parents_key() -> None:
    assert set(DEPENDENTS) == set(quality.PARENT_KEYS)
    for parent, deps in DEPENDENTS.items():
        assert {p for _, _, p in deps} == {quality.PARENT_KEYS[parent]}


# --- the quarantined row, its key and the results --------------------------------------------


def test_a_quarantined_row_is_kept_as_plain_json_without_helper_columns() -> None:
    frame = pd.DataFrame({
        "article_id": ["a-中"], "seq": np.array([3], dtype="int64"), "value": [float("nan")],
        "big": [float("inf")], "langs": [np.array(["en", "zh"])], "at": [pd.Timestamp("2026-11-24 09:00")],
        "gone": [pd.NaT], "na": pd.Series([pd.NA], dtype=object), "ok": [np.bool_(True)],
        "money": [Decimal("1.50")], "_hash_ok": [False],
    })  # fmt: skip
    text = row_json(frame, 0)
    assert text == (
        '{"article_id": "a-中", "at": "2026-11-24T09:00:00", "big": null, "gone": null, '
        '"langs": ["en", "zh"], "money": "1.50", "na": null, "ok": true, "seq": 3, "value": null}'
    )


def test_jsonable_cells() -> None:
    assert _jsonable(np.int64(7)) == 7 and type(_jsonable(np.int64(7))) is int
    assert _jsonable(np.float64(2.5)) == 2.5
    assert _jsonable(np.float32("nan")) is None
    assert _jsonable(float("-inf")) is None
    assert _jsonable((1, np.int64(2), [float("nan")])) == [1, 2, [None]]
    assert _jsonable(True) is True and _jsonable("x") == "x"
    assert _jsonable(datetime(2026, 1, 2, 3, 4)) == "2026-01-02T03:04:00"
    assert _jsonable(pd.NA) is None and _jsonable(pd.NaT) is None and _jsonable(None) is None
    assert _jsonable({"a"}) == "{'a'}"  # pd.isna of a set raises nothing, is not NA: its text


def test_a_row_key_singles_out_the_row_or_is_none() -> None:
    frame = pd.DataFrame({"article_id": ["a-1", None], "seq": np.array([4, 5], dtype="int64")})
    key = row_key(frame, 0, ["article_id", "seq"])
    assert key == {"article_id": "a-1", "seq": 4} and type(key["seq"]) is int
    assert row_key(frame, 1, ["article_id", "seq"]) is None  # a null key value
    assert row_key(frame, 1, ["seq"]) == {"seq": 5}
    assert row_key(frame, 0, ["article_id", "version"]) is None  # a key column missing
    assert row_key(frame, 0, []) is None and row_key(frame, 0, None) is None


def test_what_a_result_says_it_observed() -> None:
    assert _observed({"observed_value": 12}, None) == "12"
    assert _observed({"observed_value": 0}, {"raised_exception": False}) == "0"
    sample = {"unexpected_count": 2, "element_count": 9,
              "partial_unexpected_list": ["a", "b", "c", "d", "e", "f", np.int64(3)]}  # fmt: skip
    assert _observed(sample, None) == '2 of 9 rows unexpected, e.g. ["a", "b", "c", "d", "e"]'
    assert _observed({"unexpected_count": None, "element_count": None}, None) == (
        "0 of 0 rows unexpected")  # fmt: skip
    assert _observed({"unexpected_count": 1, "element_count": 3,
                      "partial_unexpected_list": ["中"]}, None) == (
        '1 of 3 rows unexpected, e.g. ["中"]')  # fmt: skip
    error = {"raised_exception": True, "exception_message": "KeyError: 'x'\nTraceback ..."}
    assert _observed({"observed_value": 1}, error) == "error: KeyError: 'x'"
    assert _observed({}, {"raised_exception": True, "exception_message": "y" * 300}) == (
        "error: " + "y" * 200)  # fmt: skip
    assert _observed({}, {"raised_exception": True}) == "error: error"
    nested = {"MetricConfigurationID(column_values.nonnull)": {
        "raised_exception": True, "exception_message": 'Error: The column "x" does not exist.'}}
    assert _observed({"observed_value": 3}, nested) == 'error: The column "x" does not exist.'
    assert _observed({"observed_value": 3}, {"m": {"raised_exception": False}}) == "3"
    assert _observed({}, None) == ""
    assert _unexpected_text(3, 10, None) == "3 of 10 rows unexpected, e.g. []"


def test_the_column_an_expectation_is_about() -> None:
    assert _column({"column": "seq"}) == "seq"
    assert _column({"column_list": ["article_id", "seq"]}) == "article_id,seq"
    assert _column({"column": "", "column_list": ["a"]}) == "a"
    assert _column({"min_value": 0}) is None and _column({"column_list": []}) is None


def result(suite: str, n: int | None, success: bool, unexpected: int | None = None,
           elements: int | None = None, observed: str = "", severity: str = "critical",
           expectation: str = "expect_column_values_to_be_in_set",
           sample: list | None = None) -> dict:  # fmt: skip
    return {"suite": suite, "expectation": expectation, "column_name": "c", "success": success,
            "observed": observed, "severity": severity, "_n": n, "_unexpected": unexpected,
            "_elements": elements, "_sample": sample}  # fmt: skip


def test_parts_of_one_validation_add_up_to_one_result_per_expectation() -> None:
    one = ValidationOutcome(
        results=[result("articles", 0, True, 0, 3, "0 of 3 rows unexpected"),
                 result("articles", 1, True, observed="3",
                        expectation="expect_table_row_count_to_be_between"),
                 result("articles", 2, True, observed="fine"),
                 result("articles", None, False, observed="table missing")],
        quarantine=[{"table_name": "articles", "row": "{}", "reason": "r1"}],
        flagged={"articles": {"a-1"}},
    )  # fmt: skip
    two = ValidationOutcome(
        results=[result("articles", 0, False, 2, 4, sample=["x"]),
                 result("articles", 1, True, observed="4",
                        expectation="expect_table_row_count_to_be_between"),
                 result("articles", 2, False, observed="broken"),
                 result("articles", None, False, observed="table missing"),
                 result("segments", 0, True, 0, 1)],
        quarantine=[{"table_name": "segments", "row": "{}", "reason": "r2"}],
        critical_failed=True, docs_index=Path("docs/index.html"),
        flagged={"articles": {"a-2"}, "numbers": {"m-1"}},
    )  # fmt: skip
    one.merge(two)
    got = [(r["suite"], r["_n"], r["success"], r["observed"]) for r in one.results]
    assert got == [
        ("articles", 0, False, '2 of 7 rows unexpected, e.g. ["x"]'),
        ("articles", 1, True, "7"),
        ("articles", 2, False, "broken"),
        ("articles", None, False, "table missing"),
        ("articles", None, False, "table missing"),
        ("segments", 0, True, ""),
    ]
    assert one.results[0]["_unexpected"] == 2 and one.results[0]["_elements"] == 7
    assert [q["reason"] for q in one.quarantine] == ["r1", "r2"]
    assert one.critical_failed and one.docs_index == Path("docs/index.html")
    assert one.flagged == {"articles": {"a-1", "a-2"}, "numbers": {"m-1"}}
    assert all(not k.startswith("_") for r in one.rows for k in r)
    assert [r["observed"] for r in one.failures][:1] == ['2 of 7 rows unexpected, e.g. ["x"]']
    three = ValidationOutcome()
    one.merge(three)
    assert one.critical_failed and one.docs_index == Path("docs/index.html")


def test_combining_keeps_the_first_sample_and_a_failing_part_says_what_it_saw() -> None:
    into = result("numbers", 0, False, 1, 2, sample=["first"])
    _combine(into, result("numbers", 0, False, 1, 3, sample=["second"]))
    assert into["observed"] == '2 of 5 rows unexpected, e.g. ["first"]' and not into["success"]
    into = result("numbers", 0, True, 0, 2, sample=[])
    _combine(into, result("numbers", 0, False, 1, 3, sample=["second"]))
    assert into["observed"] == '1 of 5 rows unexpected, e.g. ["second"]'
    into = result("numbers", 0, True, observed="5")
    _combine(into, result("numbers", 0, True, observed="6"))
    assert into["observed"] == "5" and into["success"]  # not a row count: the first stays
    into = result("runs", 0, True, observed="5", expectation="expect_table_row_count_to_be_between")
    _combine(into, result("runs", 0, False, observed="error: x",
                          expectation="expect_table_row_count_to_be_between"))  # fmt: skip
    assert into["observed"] == "error: x" and not into["success"]
    into = result("numbers", 0, False, observed="error: KeyError")  # this part raised: no counts
    _combine(into, result("numbers", 0, True, 0, 3, "0 of 3 rows unexpected"))
    assert into["observed"] == "error: KeyError" and into["_unexpected"] is None
    into = result("numbers", 0, True, 0, 3, "0 of 3 rows unexpected")
    _combine(into, result("numbers", 0, False, observed="error: KeyError"))
    assert into["observed"] == "error: KeyError" and into["_unexpected"] == 0
    into = result("runs", 0, False, observed="error: y", expectation="x")
    _combine(into, result("runs", 0, True, observed="3", expectation="x"))
    assert into["observed"] == "error: y"  # a passing part does not hide a failure


def test_failures_come_critical_first_then_by_suite() -> None:
    outcome = ValidationOutcome(results=[
        result("sources", 0, False, severity="warning"), result("articles", 0, True),
        result("segments", 0, False), result("articles", 1, False, severity="warning"),
        result("claims", 0, False)])  # fmt: skip
    assert [(r["severity"], r["suite"]) for r in outcome.failures] == [
        ("critical", "claims"), ("critical", "segments"), ("warning", "articles"),
        ("warning", "sources")]  # fmt: skip
    assert outcome.rows[0] == {"suite": "sources", "expectation": "expect_column_values_to_be_in_set",
                               "column_name": "c", "success": False, "observed": "",
                               "severity": "warning"}  # fmt: skip


# --- suites and markers ----------------------------------------------------------------------


def test_suites_are_read_with_their_severity_and_refused_when_broken(tmp_path: Path) -> None:
    suites = load_suites(SUITES)
    assert suites["segments"]["meta"]["key"] == ["article_id", "seq"]
    assert all(e["severity"] == e["meta"]["severity"] for s in suites.values()
               for e in s["expectations"])  # fmt: skip
    with pytest.raises(QualityError, match="no expectations folder"):
        load_suites(tmp_path / "none")
    (tmp_path / "sources.json").write_text("{not json", "utf-8")
    with pytest.raises(QualityError, match="sources.json"):
        load_suites(tmp_path)
    (tmp_path / "sources.json").write_bytes(b'{"name": "sources", "x": "\xff"}')
    with pytest.raises(QualityError, match="sources.json"):
        load_suites(tmp_path)
    (tmp_path / "sources.json").write_text('{"name": "source", "expectations": []}', "utf-8")
    with pytest.raises(QualityError, match="suite name 'source' is not 'sources'"):
        load_suites(tmp_path)
    (tmp_path / "sources.json").write_text(json.dumps({"name": "sources", "expectations": [
        {"type": "expect_column_to_exist", "meta": {"severity": "fatal"}}]}), "utf-8")  # fmt: skip
    with pytest.raises(QualityError, match="expect_column_to_exist has no severity"):
        load_suites(tmp_path)
    (tmp_path / "sources.json").write_text(json.dumps({"name": "sources", "expectations": [
        {"type": "expect_column_to_exist", "kwargs": {"column": "x"}}]}), "utf-8")  # fmt: skip
    with pytest.raises(QualityError, match="expect_column_to_exist has no severity"):
        load_suites(tmp_path)  # no meta at all
    (tmp_path / "sources.json").write_text('{"name": "sources"}', "utf-8")
    (tmp_path / "notes.txt").write_text("not a suite", "utf-8")
    assert load_suites(tmp_path) == {"sources": {"name": "sources"}}


def test_the_default_suites_are_the_repositorys(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:  # fmt: skip
    assert sorted(load_suites()) == sorted(p.stem for p in SUITES.glob("*.json"))
    monkeypatch.setattr(quality, "SUITES_DIR", tmp_path / "gone")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(QualityError, match=str(tmp_path / "expectations")):
        load_suites()
    shutil.copytree(SUITES, tmp_path / "expectations")
    assert len(load_suites()) == len(list(SUITES.glob("*.json")))


def test_markers_that_cannot_share_one_pattern_still_match_whole_lines() -> None:
    # a back-reference keeps its own pattern (its group number would shift in the join)
    has = boilerplate_matcher(["(Share) this", r"(\w+) \1 later", "Ads"])
    assert has("x\nbye bye later") and not has("bye now later")
    assert has("Share this") and has("- Ads -") and not has("Ads here")
    named = boilerplate_matcher([r"(?P<w>\w+) (?P=w)", "Ads"])
    assert named("go go") and not named("go went") and named("Ads")
    # an inline global flag is only allowed at the start of a pattern: each marker alone
    flagged = boilerplate_matcher(["(?i)advertisement", "Read more"])
    assert flagged("ADVERTISEMENT") and flagged("Read more") and not flagged("read more")
    assert not flagged("") and not flagged(" \n\t") and not flagged(5)
    assert boilerplate_matcher([])("Advertisement") is False
    # bullets, quotes-marks and spaces around a line are stripped, not those inside it
    has = boilerplate_matcher(["Advertisement"])
    for line in ("\u00a0• Advertisement ·", "* Advertisement", "| Advertisement |",
                 "— Advertisement –", "> Advertisement", "\tAdvertisement"):  # fmt: skip
        assert has(f"Text.\n{line}\nMore."), line
    assert not has("Advertise-ment") and not has("Advertisement.") and not has("Advertisement X")


# --- a small real validation: what a run writes to quarantine --------------------------------


@pytest.fixture(scope="module")
def suites_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two real suites (articles, segments) and the quarantine's own."""
    folder = tmp_path_factory.mktemp("suites")
    for name in ("articles", "segments", "quarantine"):
        shutil.copy(SUITES / f"{name}.json", folder / f"{name}.json")
    return folder


@pytest.fixture(scope="module")
def small(suites_folder: Path) -> Validator:
    return Validator(suites_folder, markers=MARKERS)


def test_a_critical_failure_moves_the_row_and_its_dependents_with_reasons_and_keys(
    small: Validator, capfd: pytest.CaptureFixture[str]
) -> None:
    frames = warehouse_frames()
    put(frames, "articles", "clean_text", "Lead.\nAdvertisement", 2)  # a-blog
    put(frames, "articles", "source_id", "nowhere.example", 2)  # and no such source
    put(frames, "segments", "lang", "english", 0)  # a-wsj's first segment: one bad code
    put(frames, "segments", "translation_of", 2, 2)  # itself: a warning only, not moved
    frames = {t: frames[t] for t in ("articles", "segments", "sources")}
    outcome = small.run(frames, tables=["articles", "segments"])
    assert outcome.critical_failed
    entries = {(q["table_name"], *q["key"].values()): q for q in outcome.quarantine}
    assert sorted(entries) == [("articles", "a-blog"), ("segments", "a-blog", 0),
                               ("segments", "a-blog", 1), ("segments", "a-blog", 2),
                               ("segments", "a-wsj", 0)]  # fmt: skip
    blog = entries["articles", "a-blog"]
    assert blog["key"] == {"article_id": "a-blog"}
    assert blog["reason"] == (
        "articles: every article belongs to a source that exists; "
        "articles: content_hash is the sha256 of clean_text; "
        "articles: clean_text holds no known boilerplate line (e.g. 'Advertisement', "
        "'Post a Comment')"
    )
    row = json.loads(blog["row"])
    assert row["article_id"] == "a-blog" and row["languages"] == ["en"]
    assert not any(k.startswith("_") for k in row)
    assert entries["segments", "a-wsj", 0]["key"] == {"article_id": "a-wsj", "seq": 0}
    assert entries["segments", "a-wsj", 0]["reason"] == "segments: lang is an ISO 639-1 code"
    assert json.loads(entries["segments", "a-wsj", 0]["row"])["lang"] == "english"
    assert entries["segments", "a-blog", 1]["reason"] == (
        "segments: depends on quarantined articles row 'a-blog'")  # fmt: skip
    assert outcome.flagged == {"articles": {"a-blog"}}
    failed = {(r["suite"], r["column_name"], r["severity"]) for r in outcome.failures}
    assert failed == {
        ("articles", "_source_exists", "critical"), ("articles", "_hash_ok", "critical"),
        ("articles", "_no_boilerplate", "critical"), ("segments", "lang", "critical"),
        ("segments", "_translation_ok", "warning"),
    }  # fmt: skip
    assert {r["suite"] for r in outcome.rows} == {"articles", "segments"}  # not quarantine's
    assert outcome.docs_index is None
    assert capfd.readouterr().err == ""  # no progress bars: the summary is ours


def test_a_warning_moves_nothing_and_a_missing_table_fails(small: Validator) -> None:
    frames = warehouse_frames()
    put(frames, "segments", "translation_of", 2, 2)  # itself: a warning
    outcome = small.run({t: frames[t] for t in ("articles", "segments")}, tables=["segments"])
    assert not outcome.critical_failed and outcome.quarantine == [] and outcome.flagged == {}
    assert [(r["column_name"], r["observed"]) for r in outcome.failures] == [
        ("_translation_ok", "1 of 16 rows unexpected, e.g. [false]")]  # fmt: skip
    outcome = small.run({t: frames[t] for t in ("articles", "sources")},
                        tables=["segments", "articles"])  # fmt: skip
    assert outcome.critical_failed and outcome.quarantine == []
    assert outcome.rows[0] == {"suite": "segments", "expectation": "table_exists",
                               "column_name": None, "success": False,
                               "observed": "table missing", "severity": "critical"}  # fmt: skip
    assert {r["suite"] for r in outcome.rows[1:]} == {"articles"}


def test_a_bad_quarantine_row_is_reported_not_quarantined_again(small: Validator) -> None:
    frame = pd.DataFrame([{"run_id": "r", "table_name": None, "row": "{}", "reason": "x",
                           "quarantined_at": pd.Timestamp("2026-11-24")}])  # fmt: skip
    outcome = small.run({"quarantine": frame}, tables=["quarantine"])
    assert outcome.critical_failed and outcome.quarantine == []
    assert [r["column_name"] for r in outcome.failures] == ["table_name"]


def test_a_part_takes_the_dependents_of_parents_an_earlier_part_quarantined(
    small: Validator,
) -> None:
    frames = warehouse_frames()
    part = {"segments": frames["segments"][frames["segments"]["article_id"] == "a-digest"]}
    known = {"articles": frames["articles"]["article_id"].tolist()}
    outcome = small.run(part, known, tables=["segments"], upstream={"articles": {"a-digest"}},
                        publish=False)  # fmt: skip
    assert not outcome.critical_failed  # nothing failed here: the parent failed earlier
    assert [(q["table_name"], q["key"], q["reason"]) for q in outcome.quarantine] == [
        ("segments", {"article_id": "a-digest", "seq": s},
         "segments: depends on quarantined articles row 'a-digest'") for s in (0, 1)]  # fmt: skip
    assert outcome.flagged == {}
    assert len(outcome.results) == len(small.suites["segments"]["expectations"])
    assert [r["_n"] for r in outcome.results] == list(range(len(outcome.results)))


def test_an_expectation_gx_cannot_evaluate_says_why(tmp_path: Path) -> None:
    """A column a rule reads is missing: GX raises inside the expectation and reports the error
    keyed by the metric that raised ({metric id: {exception_message, raised_exception}}). The
    result says why (it read blank: only a flat exception_info was looked at)."""
    shutil.copy(SUITES / "segments.json", tmp_path / "segments.json")
    frames = warehouse_frames()
    segments = frames["segments"].drop(columns=["lang"])
    outcome = Validator(tmp_path, markers=MARKERS).run(
        {"segments": segments}, {"articles": frames["articles"]["article_id"]})  # fmt: skip
    (lang,) = [r for r in outcome.rows if r["column_name"] == "lang"]
    assert not lang["success"] and lang["severity"] == "critical"
    assert lang["observed"] == 'error: The column "lang" in BatchData does not exist.'
    assert outcome.critical_failed and outcome.quarantine == []  # no row to single out


def test_counts_are_kept_to_add_up_parts(small: Validator) -> None:
    frames = warehouse_frames()
    put(frames, "segments", "lang", "english", 0)
    outcome = small.run({"segments": frames["segments"]}, {"articles": ["a-wsj", "a-toutiao",
                        "a-blog", "a-digest", "a-compete"]}, tables=["segments"])  # fmt: skip
    lang = next(r for r in outcome.results if r["column_name"] == "lang")
    assert (lang["_unexpected"], lang["_elements"], lang["_sample"]) == (1, 16, ["english"])
    assert lang["observed"] == '1 of 16 rows unexpected, e.g. ["english"]'
    count = next(r for r in outcome.results
                 if r["expectation"] == "expect_table_row_count_to_be_between")  # fmt: skip
    assert count["observed"] == "16" and count["_unexpected"] is None
    assert count["_elements"] is None and count["_sample"] is None
    text = next(r for r in outcome.results if r["column_name"] == "text")
    assert (text["success"], text["_unexpected"], text["_elements"]) == (True, 0, 16)
    empty = small.run({"segments": frames["segments"].iloc[:0]}, tables=["segments"])
    lang = next(r for r in empty.results if r["column_name"] == "lang")
    assert (lang["success"], lang["_unexpected"], lang["_elements"]) == (True, 0, 0)


# --- Data Docs that read offline --------------------------------------------------------------


def test_data_docs_pages_point_at_local_copies(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    page = docs / "validations" / "x" / "page.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<link href="https://cdn.example/bootstrap/4.3.1/css/bootstrap.min.css?v=2" rel="stylesheet">\n'
        "<script src='https://cdn.example/jquery-3.7.1.min.js'></script>\n"
        '<SCRIPT src="https://cdn.example/vega@5"></SCRIPT>\n'
        '<link rel="stylesheet" href="https://cdn.example/dark-mode.css"/>\n'
        '<img src="https://great-expectations-web-assets.s3.amazonaws.com/gx-logo.svg">\n'
        '<img src="https://great-expectations-web-assets.s3.amazonaws.com/other.svg">\n'
        '<img src="https://great-expectations-web-assets.s3.amazonaws.com/iconX">\n'
        '<script src="https://cdn.example/js/bootstrap.min.js?v=1?x=2"></script>\n'
        '<link href="https://cdn.example/css/bootstrap-table.min.css/" rel="stylesheet">\n',
        "utf-8",
    )
    (docs / "index.html").write_text('<script src="https://cdn.example/js/popper.min.js"></script>')
    (docs / "plain.html").write_text("<p>nothing remote</p>")
    images = docs / "static" / "images"
    images.mkdir(parents=True)
    (images / "other.svg").write_text("<svg/>")
    (images / "iconX").write_text("<svg/>")
    assert offline_data_docs(docs) == 2
    assert page.read_text("utf-8") == (
        '<link rel="stylesheet" href="../../static/monitor-offline/css/bootstrap.min.css">\n'
        '<script src="../../static/monitor-offline/js/jquery.min.js"></script>\n'
        "\n\n"
        '<img src="../../static/images/logo-long.png">\n'
        '<img src="../../static/images/other.svg">\n'
        '<img src="../../static/images/iconX">\n'
        '<script src="../../static/monitor-offline/js/bootstrap.min.js"></script>\n'
        '<link rel="stylesheet" href="../../static/monitor-offline/css/bootstrap-table.min.css">\n'
    )
    assert (docs / "index.html").read_text() == (
        '<script src="./static/monitor-offline/js/popper.min.js"></script>')  # fmt: skip
    shipped = quality.GX_STATIC / "css" / "bootstrap.min.css"
    copy = docs / GX_STATIC_DEST / "css" / "bootstrap.min.css"
    assert copy.read_bytes() == shipped.read_bytes()
    assert (docs / GX_STATIC_DEST / "LICENSES.txt").is_file()
    assert (docs / GX_STATIC_DEST / "webfonts" / "fa-solid-900.woff2").is_file()
    copy.write_text("truncated")  # a copy of another size is copied again
    assert offline_data_docs(docs) == 0  # pages already local
    assert copy.read_bytes() == shipped.read_bytes()



def test_data_docs_of_a_fresh_folder_get_their_static_copies(tmp_path: Path) -> None:
    docs = tmp_path / "fresh" / "docs"
    docs.mkdir(parents=True)
    (docs / "index.html").write_text(
        '<link href="https://cdn.example/css/all.min.css" rel="stylesheet">', "utf-8")  # fmt: skip
    assert offline_data_docs(docs) == 1
    assert (docs / "index.html").read_text("utf-8") == (
        '<link rel="stylesheet" href="./static/monitor-offline/css/all.min.css">')  # fmt: skip
    copied = sorted(p.relative_to(docs / GX_STATIC_DEST).as_posix()
                    for p in (docs / GX_STATIC_DEST).rglob("*") if p.is_file())  # fmt: skip
    shipped = sorted(p.relative_to(quality.GX_STATIC).as_posix()
                     for p in quality.GX_STATIC.rglob("*") if p.is_file())  # fmt: skip
    assert copied == shipped


def test_a_deferred_module_is_imported_when_first_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """GX's unused dependencies stand in sys.modules until read: the first read imports the
    real module, which then replaces the stand-in."""
    import sys

    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    stand_in = quality._OnFirstUse("colorsys")
    monkeypatch.setitem(sys.modules, "colorsys", stand_in)
    assert stand_in.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
    real = sys.modules["colorsys"]
    assert real is not stand_in and type(real).__name__ == "module"
    assert stand_in.hsv_to_rgb(0.0, 0.0, 1.0) == (1.0, 1.0, 1.0)  # later reads still pass on
    assert sys.modules["colorsys"] is real


def test_validate_keeps_one_validator_per_folder(suites_folder: Path, tmp_path: Path) -> None:
    first = quality.validator(suites_folder)
    other = tmp_path / "other"
    shutil.copytree(suites_folder, other)
    assert quality.validator(other) is not first and quality.validator(other).suites == first.suites
    assert quality.validator().suites.keys() == load_suites(SUITES).keys()  # the default suites
    assert quality.validator(suites_folder, tmp_path / "a") is not quality.validator(
        suites_folder, tmp_path / "b")  # fmt: skip
    assert quality.validator(str(suites_folder)) is first  # the same folder, however named
    assert quality.validator(suites_folder / ".." / suites_folder.name) is first
    with_docs = quality.validator(suites_folder, tmp_path / "docs")
    assert with_docs is not first and with_docs.docs_dir == tmp_path / "docs"
    assert quality.validator(suites_folder, str(tmp_path / "docs")) is with_docs
    assert first.docs_dir is None and sorted(first.suites) == ["articles", "quarantine", "segments"]
    frames = warehouse_frames()
    put(frames, "articles", "content_hash", "0" * 64, 4)
    frames = {t: frames[t] for t in ("sources", "articles", "segments", "quarantine")}
    outcome = quality.validate(frames, suites_dir=suites_folder)
    assert [q["key"] for q in outcome.quarantine if q["table_name"] == "articles"] == [
        {"article_id": "a-compete"}]  # fmt: skip
    assert {r["suite"] for r in outcome.rows} == {"articles", "quarantine", "segments"}
    part = {t: frames[t] for t in ("segments",)}
    outcome = quality.validate(part, suites_dir=suites_folder,
                               known_ids={"articles": ["a-wsj"]})  # fmt: skip
    moved = {(q["key"]["article_id"], q["key"]["seq"]) for q in outcome.quarantine}
    assert ("a-wsj", 0) not in moved and ("a-blog", 0) in moved  # a-wsj is known, a-blog not
    assert ("articles", "table_exists") in {(r["suite"], r["expectation"]) for r in outcome.rows}


def test_a_suite_without_a_key_quarantines_rows_it_cannot_single_out(tmp_path: Path) -> None:
    """A suite folder of one's own may declare no key (or no meta at all): the failing rows
    are still reported for quarantine, without the key that would move them."""
    suite = json.loads((SUITES / "segments.json").read_text("utf-8"))
    del suite["meta"]
    (tmp_path / "segments.json").write_text(json.dumps(suite), "utf-8")
    frames = warehouse_frames()
    put(frames, "segments", "lang", "english", 0)
    outcome = Validator(tmp_path, markers=MARKERS).run(
        {"segments": frames["segments"]}, {"articles": frames["articles"]["article_id"]})
    assert [(q["table_name"], q["reason"]) for q in outcome.quarantine] == [
        ("segments", "segments: lang is an ISO 639-1 code")]  # fmt: skip
    assert all("key" not in q for q in outcome.quarantine)


def test_gx_announcements_are_silenced(suites_folder: Path) -> None:
    """GX sets some of its loggers to INFO when imported ("Created temporary directory ..."):
    a Validator turns them down to warnings, which is what users see of GX."""
    import logging

    names = ("great_expectations", "great_expectations.data_context.types.base")
    for name in names:
        logging.getLogger(name).setLevel(logging.INFO)
    Validator(suites_folder, markers=MARKERS)
    assert [logging.getLogger(n).level for n in names] == [logging.WARNING] * 2


def test_the_data_docs_show_the_last_validation_and_read_offline(
    suites_folder: Path, tmp_path: Path
) -> None:
    docs = tmp_path / "reports" / "data-docs"
    frames = warehouse_frames()
    frames = {t: frames[t] for t in ("sources", "articles", "segments", "quarantine")}
    outcome = quality.validate(frames, suites_folder, docs)
    validator = quality.validator(suites_folder, docs)
    assert validator.docs_dir == docs
    assert outcome.docs_index == docs / "index.html" and outcome.docs_index.is_file()

    def pages() -> list[str]:
        return sorted(p.parent.parent.parent.name for p in (docs / "validations").rglob("*.html"))

    assert pages() == ["articles", "quarantine", "segments"]
    index = outcome.docs_index.read_text("utf-8")
    assert "warehouse-segments" in index and 'src="https://' not in index
    assert (docs / GX_STATIC_DEST / "css" / "bootstrap.min.css").is_file()
    # a later validation replaces the pages: the index shows that one only
    assert validator.run(frames, tables=["segments"]).docs_index == docs / "index.html"
    assert pages() == ["segments"]
    assert "warehouse-articles" not in (docs / "index.html").read_text("utf-8")
    # a part of a validation done in parts publishes nothing
    assert validator.run(frames, tables=["articles"], publish=False).docs_index is None
    assert pages() == ["segments"]


def test_a_suite_failing_on_rows_is_shown_once_in_the_data_docs(
    suites_folder: Path, tmp_path: Path
) -> None:
    """A critical failure on rows runs its suite a second time for their indices (the first,
    cheaper result format has none): the Data Docs show that suite's validation once, with the
    failing row."""
    docs = tmp_path / "data-docs"
    frames = warehouse_frames()
    put(frames, "segments", "lang", "english", 0)
    frames = {t: frames[t] for t in ("sources", "articles", "segments", "quarantine")}
    outcome = Validator(suites_folder, docs, markers=MARKERS).run(frames)
    assert [(q["table_name"], q["key"]) for q in outcome.quarantine] == [
        ("segments", {"article_id": "a-wsj", "seq": 0})
    ]
    pages = sorted((docs / "validations").rglob("*.html"))
    assert sorted(p.parent.parent.parent.name for p in pages) == [
        "articles", "quarantine", "segments"
    ]
    (segments,) = [p for p in pages if p.parent.parent.parent.name == "segments"]
    assert "english" in segments.read_text("utf-8")


def test_a_suite_is_validated_again_only_for_a_critical_failure_on_rows(
    small: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cheap BASIC result has no row indices: a suite is run again in COMPLETE only where a
    critical expectation fails on rows (to quarantine them), never for a warning that fails on
    rows, and the result kept is the one with the indices."""
    from great_expectations.core.validation_definition import ValidationDefinition

    runs: list[tuple[str, str]] = []
    real_run = ValidationDefinition.run

    def counted(self, **kwargs):  # GX's own run, each call noted with its suite and format
        runs.append((self.suite.name, str(kwargs.get("result_format"))))
        return real_run(self, **kwargs)

    monkeypatch.setattr(ValidationDefinition, "run", counted)
    frames = warehouse_frames()
    arts = frames["articles"]
    arts.at[1, "first_seen_at"] = arts.at[1, "last_seen_at"] + pd.Timedelta(seconds=1)  # warning
    frames = {t: frames[t] for t in ("articles", "segments", "sources")}
    outcome = small.run(frames, tables=["articles", "segments"])
    assert not outcome.critical_failed and not outcome.quarantine
    warned = [r for r in outcome.results if not r["success"]]
    assert [(r["column_name"], r["severity"]) for r in warned] == [("_seen_in_order", "warning")]
    assert sorted(runs) == [("articles", "BASIC"), ("segments", "BASIC")]

    runs.clear()
    put(frames, "segments", "lang", "english", 0)  # critical, on one row
    outcome = small.run(frames, tables=["articles", "segments"])
    assert [q["key"] for q in outcome.quarantine] == [{"article_id": "a-wsj", "seq": 0}]
    assert sorted(runs) == [("articles", "BASIC"), ("segments", "BASIC"), ("segments", "COMPLETE")]

    # critical failures with no rows to move: a missing column (expect_column_to_exist) and the
    # expectations GX cannot evaluate without it
    runs.clear()
    frames = warehouse_frames()
    frames["articles"] = frames["articles"].drop(columns=["article_id"])
    outcome = small.run({t: frames[t] for t in ("articles", "sources")}, tables=["articles"])
    failed = {r["expectation"] for r in outcome.results if not r["success"] and r["severity"] == "critical"}
    assert "expect_column_to_exist" in failed and outcome.critical_failed
    assert not outcome.quarantine
    assert runs == [("articles", "BASIC")]

    # the quarantine's own rows are reported, never moved again: no indices to ask for
    runs.clear()
    frames = warehouse_frames()
    frames["quarantine"] = pd.DataFrame([{
        "run_id": RUN1, "table_name": "articles", "row": "{}", "reason": None,
        "quarantined_at": datetime(2026, 1, 1),
    }])
    outcome = small.run({"quarantine": frames["quarantine"]}, tables=["quarantine"])
    assert outcome.critical_failed and not outcome.quarantine
    assert runs == [("quarantine", "BASIC")]

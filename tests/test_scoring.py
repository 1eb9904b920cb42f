"""Source scores: the formulas, blame for conflicts, thin evidence, and the seed outcomes."""

from __future__ import annotations

import csv
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_claims import SEEDS, seed_paragraphs

from monitor.claims import extract_claims
from monitor.scoring import rank_evidence, score_sources, scoring_settings

P = scoring_settings()  # the shipped [scoring] defaults


def claim_rows(source: str, named: int = 0, anonymous: int = 0, none: int = 0) -> list[dict]:
    """Claims rows of one source with the given attribution counts."""
    kinds = ["named"] * named + ["anonymous"] * anonymous + ["none"] * none
    return [
        {
            "claim_id": f"{source}-c{i}",
            "article_id": f"{source}-a",
            "source_id": source,
            "attribution": k,
            "attributed_to": "Acme Corp" if k == "named" else None,
            "cue": "said" if k != "none" else None,
            "sentence": f"Sentence {i} of {source}.",
        }
        for i, k in enumerate(kinds)
    ]


def check(i, art, m, src, other_art, other_m, other_src, verdict, kind="cross_source"):
    """A number_checks row with the source ids of both sides."""
    return {
        "check_id": f"k{i}",
        "kind": kind,
        "article_id": art,
        "mention_id": m,
        "other_article_id": other_art,
        "other_mention_id": other_m,
        "value": 1.0,
        "other_value": 1.0 if verdict == "consistent" else 10.0,
        "verdict": verdict,
        "explanation": f"check {i}",
        "source_id": src,
        "other_source_id": other_src,
    }


def by_source(scores):
    return {s.source_id: s for s in scores}


# ------------------------------------------------------------------------------ formulas


def test_attribution_formula_is_the_shrunk_weighted_mean():
    s = by_source(score_sources(["a"], claim_rows("a", 3, 2, 5), [], [], []))["a"]
    expected = (P["attribution_prior"] * P["attribution_prior_strength"] + 3 * 1.0 + 2 * 0.4) / (
        P["attribution_prior_strength"] + 10
    )
    assert s.attribution_score == pytest.approx(expected)
    assert (s.n_claims, s.n_named, s.n_anonymous, s.n_unattributed) == (10, 3, 2, 5)


def test_unclear_claims_count_neither_way_and_are_said():
    """A claim whose source the attribution stage could not class ("unclear") moves no score:
    not worth an anonymous claim, not an unattributed one; the explanation says how many."""
    rows = claim_rows("a", 3, 2, 5)
    unclear = [dict(r, claim_id=f"u{i}", attribution="unclear", attributed_to="the official")
               for i, r in enumerate(claim_rows("a", named=4))]
    base = by_source(score_sources(["a"], rows, [], [], []))["a"]
    s = by_source(score_sources(["a"], rows + unclear, [], [], []))["a"]
    assert s.attribution_score == pytest.approx(base.attribution_score)
    assert (s.n_claims, s.n_named, s.n_anonymous, s.n_unattributed) == (10, 3, 2, 5)
    assert "4 more claims" in s.explanation and "unclear" in s.explanation
    assert "unclear" not in base.explanation
    # nor does one move the evidence ranking
    ranked = rank_evidence("a", rows + unclear, [], limit=100)
    assert not any("the official" in str(item) for item in ranked)


def test_named_beats_anonymous_beats_none():
    scores = by_source(
        score_sources(
            ["n", "a", "x"],
            claim_rows("n", named=20) + claim_rows("a", anonymous=20) + claim_rows("x", none=20),
            [],
            [],
            [],
        )
    )
    assert scores["n"].attribution_score > scores["a"].attribution_score
    assert scores["a"].attribution_score > scores["x"].attribution_score


def test_no_evidence_gives_the_priors_and_says_so():
    s = score_sources(["empty"], [], [], [], [])[0]
    assert s.attribution_score == pytest.approx(P["attribution_prior"])
    assert s.number_consistency_score == pytest.approx(P["consistency_prior"])
    assert (s.n_articles, s.n_claims, s.n_numbers, s.n_checks, s.n_conflicts) == (0, 0, 0, 0, 0)
    assert "Thin evidence" in s.explanation


def test_thin_evidence_is_never_extreme():
    best = score_sources(["b"], claim_rows("b", named=1), [], [], [])[0]
    worst = score_sources(["w"], claim_rows("w", none=1), [], [], [])[0]
    assert 0.3 < best.attribution_score < 0.5  # one named claim moves it, but not to 1
    assert 0.2 < worst.attribution_score < 0.3
    conflict = [check(1, "w-a", "m1", "w", None, None, None, "conflict", "internal")]
    s = score_sources(["w"], [], [], conflict, [])[0]
    assert 0.5 < s.number_consistency_score < P["consistency_prior"]


@given(
    named=st.integers(0, 500),
    anonymous=st.integers(0, 500),
    none=st.integers(0, 500),
    conflicts=st.integers(0, 30),
    agreements=st.integers(0, 30),
)
def test_every_score_stays_inside_zero_one(named, anonymous, none, conflicts, agreements):
    checks = [
        check(i, "s-a", f"m{i}", "s", None, None, None, "conflict", "internal")
        for i in range(conflicts)
    ] + [
        check(100 + i, "s-a", f"n{i}", "s", "t-a", f"o{i}", "t", "consistent")
        for i in range(agreements)
    ]
    s = score_sources(["s"], claim_rows("s", named, anonymous, none), [], checks, [])[0]
    for v in (s.attribution_score, s.number_consistency_score, s.quality_score):
        assert 0.0 < v < 1.0 and math.isfinite(v)


def test_quality_combines_both_scores_with_the_weights():
    s = score_sources(["s"], claim_rows("s", named=4, none=4), [], [], [])[0]
    wa, wn = P["quality_weight_attribution"], P["quality_weight_consistency"]
    assert s.quality_score == pytest.approx(
        (wa * s.attribution_score + wn * s.number_consistency_score) / (wa + wn)
    )


def test_settings_change_the_formula():
    settings = {"scoring": {**P, "weight_anonymous": 0.0, "attribution_prior_strength": 1.0}}
    s = score_sources(["a"], claim_rows("a", anonymous=9), [], [], [], settings)[0]
    assert s.attribution_score == pytest.approx(0.3 / 10)


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        scoring_settings({**P, "attribution_prior": 1.0})
    with pytest.raises(KeyError, match="weight_named"):
        scoring_settings({"scoring": {}})


# ---------------------------------------------------------------------------------- blame


def test_two_way_conflict_blames_the_republisher():
    articles = [
        {"article_id": "orig", "source_id": "paper", "derived_from": None},
        {"article_id": "copy", "source_id": "repub", "derived_from": "orig"},
    ]
    checks = [check(1, "copy", "m-copy", "repub", "orig", "m-orig", "paper", "conflict")]
    s = by_source(score_sources(["paper", "repub"], [], [], checks, articles))
    assert s["repub"].n_conflicts == 1 and s["paper"].n_conflicts == 0
    assert s["repub"].number_consistency_score < P["consistency_prior"]
    assert s["paper"].number_consistency_score > P["consistency_prior"]
    # the same when the check row names the original first
    flipped = [check(1, "orig", "m-orig", "paper", "copy", "m-copy", "repub", "conflict")]
    s2 = by_source(score_sources(["paper", "repub"], [], [], flipped, articles))
    assert s2["repub"].n_conflicts == 1 and s2["paper"].n_conflicts == 0


def test_two_way_conflict_between_strangers_splits_the_blame():
    checks = [check(1, "x", "mx", "sx", "y", "my", "sy", "conflict")]
    s = by_source(score_sources(["sx", "sy"], [], [], checks, []))
    assert s["sx"].number_consistency_score == pytest.approx(s["sy"].number_consistency_score)
    assert s["sx"].n_conflicts == s["sy"].n_conflicts == 1
    assert s["sx"].number_consistency_score < P["consistency_prior"]


def test_odd_one_out_is_blamed_not_the_majority():
    # a, b and c state one fact; a and b agree, c disagrees with both.
    checks = [
        check(1, "A", "ma", "sa", "B", "mb", "sb", "consistent"),
        check(2, "A", "ma", "sa", "C", "mc", "sc", "conflict"),
        check(3, "B", "mb", "sb", "C", "mc", "sc", "conflict"),
    ]
    s = by_source(score_sources(["sa", "sb", "sc"], [], [], checks, []))
    assert s["sc"].n_conflicts == 2 and s["sa"].n_conflicts == s["sb"].n_conflicts == 0
    assert s["sa"].number_consistency_score > P["consistency_prior"]
    assert s["sc"].number_consistency_score < P["consistency_prior"] / 2 + 0.1


def test_internal_and_translation_conflicts_count_once_against_the_source():
    checks = [check(1, "A", "m1", "s", "A", "m2", "s", "conflict", "translation")]
    s = score_sources(["s"], [], [], checks, [])[0]
    assert (s.n_checks, s.n_conflicts) == (1, 1)
    assert s.number_consistency_score == pytest.approx(
        P["consistency_prior"]
        * P["consistency_prior_strength"]
        / (P["consistency_prior_strength"] + 1)
    )


# ------------------------------------------------------------------------ rank_evidence


def test_rank_evidence_orders_by_effect_and_signs_it():
    articles = [
        {"article_id": "orig", "source_id": "paper", "derived_from": None},
        {"article_id": "copy", "source_id": "repub", "derived_from": "orig"},
    ]
    checks = [check(1, "copy", "m-copy", "repub", "orig", "m-orig", "paper", "conflict")]
    claims = claim_rows("repub", named=1, none=3)
    ranked = rank_evidence("repub", claims, checks, limit=10, articles=articles)
    assert ranked[0]["kind"] == "check" and ranked[0]["effect"] < 0
    assert "republishes" in ranked[0]["detail"]
    effects = [abs(r["effect"]) for r in ranked]
    assert effects == sorted(effects, reverse=True)
    named = next(r for r in ranked if r["kind"] == "claim" and r["detail"].startswith("named"))
    assert named["effect"] > 0 and "Acme Corp" in named["detail"]
    assert all(r["effect"] < 0 for r in ranked if r["detail"] == "none")
    assert len(rank_evidence("repub", claims, checks, limit=2, articles=articles)) == 2


def test_rank_evidence_effects_add_up_to_the_leave_one_out_change():
    claims = claim_rows("s", named=2, none=2)
    full = score_sources(["s"], claims, [], [], [])[0].quality_score
    ranked = rank_evidence("s", claims, [])
    first = ranked[0]
    without = [c for c in claims if c["claim_id"] != first["id"]]
    less = score_sources(["s"], without, [], [], [])[0].quality_score
    assert first["effect"] == pytest.approx(full - less)


# ----------------------------------------------------------------------------------- seeds


def seed_rows():
    """Claims and articles rows for the five seeds, one source per seed as in sources.csv."""
    with (SEEDS / "sources.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    articles, claims = [], []
    for row in rows:
        prefix = row["file"][:3]
        aid = f"art-{prefix}"
        derived = "art-001" if row["derived_from"] else None
        articles.append({"article_id": aid, "source_id": row["source_id"], "derived_from": derived})
        for i, c in enumerate(extract_claims(seed_paragraphs(prefix))):
            claims.append(
                {
                    "claim_id": f"{aid}-{i}",
                    "article_id": aid,
                    "source_id": row["source_id"],
                    "attribution": c.attribution,
                    "attributed_to": c.attributed_to,
                    "cue": c.cue,
                    "sentence": c.sentence,
                }
            )
    return [r["source_id"] for r in rows], claims, articles


# The republished translation states the grid investment as $56.4 billion; the WSJ, $564 billion.
GRID_CHECK = {
    "check_id": "grid",
    "kind": "cross_source",
    "article_id": "art-000",
    "mention_id": "art-000-n1",
    "other_article_id": "art-001",
    "other_mention_id": "art-001-n1",
    "value": 56.4e9,
    "other_value": 564e9,
    "verdict": "conflict",
    "explanation": "$56.4 billion vs $564 billion for China's grid investment to 2030",
    "source_id": "toutiao.com",
    "other_source_id": "wsj.com",
}


def test_seed_scorecards():
    sources, claims, articles = seed_rows()
    numbers = [
        {"mention_id": "art-000-n1", "article_id": "art-000", "source_id": "toutiao.com"},
        {"mention_id": "art-001-n1", "article_id": "art-001", "source_id": "wsj.com"},
    ]
    scores = by_source(score_sources(sources, claims, numbers, [GRID_CHECK], articles))
    assert len(scores) == 5
    wsj, repub = scores["wsj.com"], scores["toutiao.com"]
    blog = scores["unknown:002_b7517909f6e1d84e"]
    aggregator = scores["unknown:003_5377489e718f6736"]
    farm = scores["unknown:004_62b28d1eb86d5baa"]
    assert wsj.attribution_score > farm.attribution_score
    assert blog.attribution_score > farm.attribution_score
    assert aggregator.attribution_score > farm.attribution_score
    assert aggregator.n_named >= 5
    assert repub.number_consistency_score < wsj.number_consistency_score
    assert (repub.n_conflicts, wsj.n_conflicts) == (1, 0)
    for s in scores.values():
        for v in (s.attribution_score, s.number_consistency_score, s.quality_score):
            assert 0.0 < v < 1.0
        assert s.n_claims == s.n_named + s.n_anonymous + s.n_unattributed
        assert f"{s.attribution_score:.2f}" in s.explanation


def test_seed_explain_the_republisher():
    _, claims, articles = seed_rows()
    ranked = rank_evidence("toutiao.com", claims, [GRID_CHECK], limit=3, articles=articles)
    assert ranked[0]["kind"] == "check" and ranked[0]["id"] == "grid"
    assert ranked[0]["effect"] < 0 and "$56.4 billion" in ranked[0]["text"]


def test_nulls_read_through_pandas_are_treated_as_missing():
    nan = float("nan")
    articles = [
        {"article_id": "orig", "source_id": "paper", "derived_from": nan},
        {"article_id": "copy", "source_id": "repub", "derived_from": "orig"},
    ]
    checks = [
        check(1, "copy", "m-copy", "repub", "orig", "m-orig", "paper", "conflict"),
        {**check(2, "orig", "m-x", "paper", nan, nan, nan, "consistent", "internal")},
    ]
    s = by_source(score_sources(["paper", "repub"], [], [], checks, articles))
    assert (s["repub"].n_conflicts, s["paper"].n_conflicts) == (1, 0)
    assert s["paper"].n_checks == 2


def test_docs_worked_example_matches_the_code():
    """docs/scoring.md quotes the seed scorecards; they must not drift from the code."""
    docs = (SEEDS.parent / "docs" / "scoring.md").read_text("utf-8")
    sources, claims, articles = seed_rows()
    for s in score_sources(sources, claims, [], [GRID_CHECK], articles):
        row = next(
            line
            for line in docs.splitlines()
            if f"| {s.source_id}" in line
            or (s.source_id.startswith("unknown:") and f"| {s.source_id[8:11]} |" in line)
        )
        cells = [c.strip() for c in row.strip("|").split("|")]
        counts = [s.n_claims, s.n_named, s.n_anonymous, s.n_unattributed]
        assert cells[2:6] == [str(n) for n in counts], row
        assert f"**{s.attribution_score:.3f}**" in row
        assert f"{s.quality_score:.3f}" in row

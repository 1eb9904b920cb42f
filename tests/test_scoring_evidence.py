"""What `monitor explain` shows a reader: the scorecard paragraph and the ranked evidence lines.

The paragraph and each evidence line are read by people who check them against the counts and
docs/scoring.md, so these tests pin the words, the counts, who is blamed and why, on every
branch of the blame rules (found missing by mutation testing, docs/mutation.md).
"""

from __future__ import annotations

import pytest
from test_scoring import P, by_source, check, claim_rows

from monitor.scoring import rank_evidence, score_sources, scoring_settings


def parse_checks(table: str) -> list[dict]:
    """Check rows from lines "article mention source other_article other_mention other_source
    verdict", numbered k1, k2, ... in order."""
    return [check(i, *line.split()) for i, line in enumerate(table.strip().splitlines(), 1)]


# ------------------------------------------------------------------------ the paragraph


def test_the_explanation_paragraph_word_for_word():
    # s disagrees with t once and with u once, and agrees with v: its figure is the odd one out
    checks = parse_checks(
        """
        A ma s B mb t conflict
        A ma s C mc u conflict
        B mb t C mc u consistent
        A ma2 s D md v consistent
        """
    )
    s = score_sources(["s"], claim_rows("s", 1, 2, 3), [], checks, [])[0]
    assert s.explanation == (
        "Attribution 0.30 from 6 claims (1 named, 2 anonymous, 3 unattributed; each worth "
        "1/0.4/0), shrunk toward 0.3 with the weight of 5 claims. "
        "Number consistency 0.54 from 3 number checks (2 conflicts blamed on this source), "
        "shrunk toward 0.75 with the weight of 3 checks. "
        "Quality 0.42 = 0.5 x attribution + 0.5 x number consistency. "
        "Thin evidence (only 6 claims): scores stay near the priors."
    )


def test_singular_counts_read_as_singular():
    checks = [check(1, "A", "ma", "s", None, None, None, "conflict", "internal")]
    s = score_sources(["s"], claim_rows("s", named=1), [], checks, [])[0]
    assert "from 1 number check (1 conflict blamed on this source)" in s.explanation
    assert "Thin evidence (only 1 claim, only 1 number check):" in s.explanation


def test_evidence_is_thin_below_the_thresholds_not_at_them():
    thin_claims, thin_checks = int(P["thin_claims"]), int(P["thin_checks"])
    agree = [
        check(i, "A", f"ma{i}", "s", "B", f"mb{i}", "t", "consistent") for i in range(thin_checks)
    ]
    enough = score_sources(["s"], claim_rows("s", none=thin_claims), [], agree, [])[0]
    assert "Thin evidence" not in enough.explanation
    fewer = score_sources(["s"], claim_rows("s", none=thin_claims - 1), [], agree[1:], [])[0]
    assert fewer.explanation.endswith(
        f"Thin evidence (only {thin_claims - 1} claims, only {thin_checks - 1} number checks):"
        " scores stay near the priors."
    )


def test_counted_rows_count_n_times():
    """Warehouse reads pass counts (`n`) per source rather than one row per claim or number."""
    claims = [
        {"source_id": "s", "attribution": "named", "n": 4},
        {"source_id": "s", "attribution": None, "n": 3},
        {"source_id": "s", "attribution": "anonymous"},
    ]
    numbers = [{"source_id": "s", "n": 7}, {"source_id": "s"}, {"source_id": "t", "n": 2}]
    articles = [{"article_id": "a1", "source_id": "s"}, {"article_id": "a2", "source_id": "s"}]
    s = by_source(score_sources(["s", "t"], claims, numbers, [], articles))
    assert (s["s"].n_named, s["s"].n_unattributed, s["s"].n_anonymous) == (4, 3, 1)
    assert (s["s"].n_numbers, s["s"].n_articles) == (8, 2)
    assert (s["t"].n_numbers, s["t"].n_articles, s["t"].n_claims) == (2, 0, 0)


def test_custom_weights_enter_both_formulas():
    settings = {
        **P,
        "weight_named": 0.8,
        "weight_none": 0.1,
        "quality_weight_attribution": 3.0,
        "quality_weight_consistency": 1.0,
    }
    s = score_sources(["s"], claim_rows("s", named=2, none=3), [], [], [], settings)[0]
    total = 2 * 0.8 + 3 * 0.1
    expected = (P["attribution_prior"] * P["attribution_prior_strength"] + total) / (
        P["attribution_prior_strength"] + 5
    )
    assert s.attribution_score == pytest.approx(expected)
    assert s.quality_score == pytest.approx(0.75 * expected + 0.25 * P["consistency_prior"])
    assert "Quality" in s.explanation and "= 0.75 x attribution + 0.25 x number" in s.explanation


def test_bad_settings_say_what_is_wrong():
    with pytest.raises(KeyError, match="settings missing: weight_named, weight_anonymous, "):
        scoring_settings({"scoring": {}})
    for key in ("attribution_prior", "consistency_prior"):
        with pytest.raises(ValueError, match=f"{key} must be strictly between 0 and 1"):
            scoring_settings({**P, key: 0.0})
    for key in ("attribution_prior_strength", "consistency_prior_strength"):
        with pytest.raises(ValueError, match=f"{key} must be positive"):
            scoring_settings({**P, key: 0.0})


# ------------------------------------------------------------------- who is blamed, why


def details(source, checks, articles=()):
    """check id -> the evidence line `monitor explain` prints for `source`."""
    ranked = rank_evidence(source, [], checks, limit=50, articles=list(articles))
    return {r["id"]: r["detail"] for r in ranked if r["kind"] == "check"}


def test_agreeing_figures():
    checks = [check(1, "A", "ma", "s", "B", "mb", "t", "consistent")]
    assert details("s", checks) == {
        "k1": "cross_source consistent: 1.0 vs 1.0; blame 0 (figures agree)"
    }
    assert details("t", checks)["k1"].endswith("blame 0 (figures agree)")


def test_the_odd_one_out_on_either_side_of_the_row():
    # mb appears in two checks and conflicts once; ma and mc conflict every time they appear
    checks = parse_checks(
        """
        A ma s B mb t conflict
        B mb t C mc u conflict
        B mb t D md v consistent
        D md v C mc2 u consistent
        """
    )
    odd, agreed = (
        "blame 1 (its figure is the odd one out)",
        "blame 0 (the other figure is the odd one out)",
    )
    assert details("s", checks)["k1"] == "cross_source conflict: 1.0 vs 10.0; " + odd
    assert details("t", checks)["k1"].endswith(agreed)
    assert details("t", checks)["k2"].endswith(agreed)
    assert details("u", checks)["k2"].endswith(odd)
    s = by_source(score_sources(["s", "t", "u"], [], [], checks, []))
    assert (s["s"].n_conflicts, s["t"].n_conflicts, s["u"].n_conflicts) == (1, 0, 1)
    assert s["s"].number_consistency_score == pytest.approx(
        P["consistency_prior"]
        * P["consistency_prior_strength"]
        / (P["consistency_prior_strength"] + 1)
    )


def test_disagreement_rates_not_counts_pick_the_odd_one_out():
    # ma: 3 checks, 2 conflicts (rate 0.67); mb: 2 checks, 1 conflict (rate 0.5)
    checks = parse_checks(
        """
        A ma s B mb t conflict
        A ma s X mx x conflict
        A ma s Y my y consistent
        B mb t Z mz z consistent
        """
    )
    assert details("s", checks)["k1"].endswith("blame 1 (its figure is the odd one out)")
    assert details("t", checks)["k1"].endswith("blame 0 (the other figure is the odd one out)")
    # mp: 2 checks, 1 conflict; mq: its only check is a conflict
    two = [
        check(1, "P", "mp", "p", "R", "mr", "r", "consistent"),
        check(2, "P", "mp", "p", "Q", "mq", "q", "conflict"),
    ]
    assert details("q", two)["k2"].endswith("blame 1 (its figure is the odd one out)")
    assert details("p", two)["k2"].endswith("blame 0 (the other figure is the odd one out)")


@pytest.mark.parametrize("copy_first", [True, False])
def test_on_a_tie_the_republisher_is_blamed_not_the_original(copy_first):
    articles = [
        {"article_id": "orig", "source_id": "paper", "derived_from": None},
        {"article_id": "copy", "source_id": "repub", "derived_from": "orig"},
    ]
    side = [("copy", "m-copy", "repub"), ("orig", "m-orig", "paper")]
    if not copy_first:
        side.reverse()
    checks = [check(1, *side[0], *side[1], "conflict")]
    assert details("repub", checks, articles)["k1"].endswith(
        "blame 1 (it republishes the other and changed the figure)"
    )
    assert details("paper", checks, articles)["k1"].endswith("blame 0 (it is the original)")


def test_a_tie_between_strangers_splits_the_blame():
    checks = [check(1, "X", "mx", "sx", "Y", "my", "sy", "conflict")]
    split = "blame 0.5 (two-way conflict with no majority and no original: blame split)"
    assert details("sx", checks)["k1"].endswith(split)
    assert details("sy", checks)["k1"].endswith(split)


def test_a_source_contradicting_itself_across_two_of_its_articles():
    checks = [
        check(1, "A1", "m1", "s", "A2", "m2", "s", "conflict"),
        check(2, "A1", "m3", "s", "A3", "m4", "s", "consistent"),
        check(3, "A1", "m5", "s", None, None, None, "conflict", "internal"),
        check(4, "B", "mb", "t", "C", "mc", "u", "conflict"),
    ]
    d = details("s", checks)
    assert d["k1"].endswith("blame 1 (the source contradicts itself)")
    assert d["k2"].endswith("blame 0 (figures agree)")
    assert d["k3"] == "internal conflict: 1.0 vs 10.0; blame 1 (the source contradicts itself)"
    s = by_source(score_sources(["s", "t", "u"], [], [], checks, []))
    assert (s["s"].n_checks, s["s"].n_conflicts) == (3, 2)
    assert (s["t"].n_conflicts, s["u"].n_conflicts) == (1, 1)


# ------------------------------------------------------------------------ evidence lines


def test_claim_lines_show_the_attribution_as_written_and_the_cue():
    claims = [
        {
            "claim_id": "c1",
            "source_id": "s",
            "attribution": "named",
            "attributed_to": "Acme Corp",
            "source_span": "ACME's spokesman",
            "cue": "said",
            "sentence": "Acme said so.",
        },
        {
            "claim_id": "c2",
            "source_id": "s",
            "attribution": "named",
            "attributed_to": "Acme Corp",
            "source_span": "Acme Corp",
            "cue": None,
            "sentence": None,
        },
        {"claim_id": "c3", "source_id": "s", "attribution": None, "sentence": "It is so."},
        {"claim_id": "c4", "source_id": "s", "attribution": "anonymous", "cue": "according to"},
    ]
    ranked = {r["id"]: r for r in rank_evidence("s", claims, [])}
    assert ranked["c1"]["detail"] == "named: Acme Corp (as written: “ACME's spokesman”) (cue: said)"
    assert ranked["c1"]["text"] == "Acme said so."
    assert ranked["c2"]["detail"] == "named: Acme Corp" and ranked["c2"]["text"] == ""
    assert ranked["c3"]["detail"] == "none"
    assert ranked["c4"]["detail"] == "anonymous (cue: according to)"


def test_each_effect_is_the_quality_change_from_leaving_the_item_out():
    claims = claim_rows("s", named=1, anonymous=2, none=1)
    # each mention in one check only, so leaving a check out leaves the others' blame alone
    checks = [
        check(1, "A", "ma", "s", None, None, None, "conflict", "internal"),
        check(2, "A", "mb", "s", "C", "mc", "u", "consistent"),
        check(3, "A", "mz", "s", "D", "md", "v", "consistent"),
    ]
    settings = {
        **P,
        "weight_anonymous": 0.6,
        "quality_weight_attribution": 1.0,
        "quality_weight_consistency": 3.0,
    }

    def quality(claims, checks):
        return score_sources(["s"], claims, [], checks, [], settings)[0].quality_score

    full = quality(claims, checks)
    ranked = rank_evidence("s", claims, checks, limit=50, settings=settings)
    assert len(ranked) == 7
    for r in ranked:
        if r["kind"] == "claim":
            less = quality([c for c in claims if c["claim_id"] != r["id"]], checks)
        else:
            less = quality(claims, [c for c in checks if c["check_id"] != r["id"]])
            assert r["text"] == f"check {r['id'][1:]}"
        assert r["effect"] == pytest.approx(full - less), r


def test_at_most_ten_lines_by_default_ties_in_id_order():
    claims = claim_rows("s", named=12)[::-1]
    ranked = rank_evidence("s", claims, [])
    assert [r["id"] for r in ranked] == sorted(f"s-c{i}" for i in range(12))[:10]


def test_pandas_missing_values_read_as_missing():
    """Rows read through pandas carry NA and NaN where the warehouse has NULL."""
    pd = pytest.importorskip("pandas")
    na, nan = pd.NA, float("nan")
    claims = [
        {
            "claim_id": "c1",
            "source_id": "s",
            "attribution": "named",
            "attributed_to": na,
            "source_span": na,
            "cue": nan,
            "sentence": na,
        },
        {"claim_id": "c2", "source_id": "s", "attribution": na, "cue": na, "sentence": nan},
    ]
    checks = [{**check(1, "A", "m1", "s", na, na, na, "conflict", "internal"), "explanation": na}]
    ranked = {r["id"]: r for r in rank_evidence("s", claims, checks)}
    assert (ranked["c1"]["detail"], ranked["c1"]["text"]) == ("named", "")
    assert (ranked["c2"]["detail"], ranked["c2"]["text"]) == ("none", "")
    assert ranked["k1"]["detail"].endswith("blame 1 (the source contradicts itself)")
    assert ranked["k1"]["text"] == ""

"""Number checks within stories: same source, sure and unsure verdicts, what is not a quantity."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from monitor.checks import check_numbers
from monitor.checks.blame import counts
from monitor.checks.cross_source import _cross_confidence
from monitor.checks.features import _enrich
from monitor.models import MentionRecord, NumberCheck
from monitor.warehouse import Warehouse

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "numbers"))
from seedkit import records, seed_records, seed_text


def sure(checks: list[NumberCheck], kind: str | None = None) -> list[NumberCheck]:
    return [c for c in checks if counts(c) and kind in (None, c.kind)]


def unsure(checks: list[NumberCheck]) -> list[NumberCheck]:
    return [c for c in checks if c.verdict == "conflict" and not counts(c)]


def in_story(recs: list[MentionRecord], story: str) -> list[MentionRecord]:
    return [replace(r, story_id=story) for r in recs]


def two_outlets(a: str, b: str, story_a: str = "s", story_b: str = "s") -> list[MentionRecord]:
    """Text a from x.com and text b from y.com, each in its story."""
    return in_story(records("a", a, source_id="x.com"), story_a) + in_story(
        records("b", b, source_id="y.com"), story_b
    )


A = (
    "Rescuers said 41 miners were trapped after the blast at the Listvyazhnaya coal mine in "
    "Kemerovo on Thursday, the Emergencies Ministry said."
)
B = (
    "The Emergencies Ministry said 41 miners were trapped in the Listvyazhnaya mine in Kemerovo "
    "after Thursday's blast, and rescuers were searching the shafts."
)


def test_a_slip_between_two_outlets_of_one_story_is_a_sure_conflict() -> None:
    recs = in_story(records("a", A, source_id="x.com"), "s1") + in_story(
        records("b", B.replace("41 miners", "410 miners"), source_id="y.com"), "s1"
    )
    found = sure(check_numbers(recs), "cross_source")
    assert len(found) == 1 and "a factor of 10 apart" in found[0].explanation
    assert found[0].reason == "same fact within one story" and found[0].confidence >= 0.8


def the_one_sure_conflict(a: str, b: str) -> str:
    """The explanation of the only sure cross-source conflict between outlets a and b."""
    found = sure(check_numbers(two_outlets(a, b)), "cross_source")
    assert len(found) == 1, [c.explanation for c in found]
    return found[0].explanation


# "30 months" in one outlet, "three months" in another: the sentences name no one in common
# (a quote, a description), but the same thing is counted right after both figures
MAYOR = ('"I do not know why it took 30 months to answer," the mayor said of the contract '
         "review.")
COUNCIL = ("Ms. Okafor said the city council had for three months refused to publish the "
           "contract review, drawing criticism from residents.")
# 'nearly 900' meets both 'Nearly 90 ... faculty' and 'more than a dozen faculty members and
# priests' (more words in common): the slip pairing is the one to report
LETTER = ("The letter, signed by nearly 900 faculty members and priests at Georgetown, "
          "criticised the senator's budget.")
SIGNERS = ("Nearly 90 Georgetown faculty members and administrators signed the letter "
           "criticising the senator's budget, and more than a dozen faculty members and priests "
           "wrote to him.")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(MAYOR, COUNCIL, "30 vs 3: a factor of 10 apart", id="no-shared-name"),
        pytest.param(LETTER, SIGNERS, "900 vs about 90: a factor of 10 apart", id="not-looser"),
    ],
)
def test_a_slipped_digit_of_the_same_counted_thing_is_one_sure_conflict(
    a: str, b: str, expected: str
) -> None:
    assert expected in the_one_sure_conflict(a, b)


def test_the_same_sentences_without_a_slip_or_in_two_stories_give_no_verdict() -> None:
    assert sure(check_numbers(two_outlets(MAYOR.replace("30 months", "13 months"), COUNCIL))) == []
    assert check_numbers(two_outlets(MAYOR, COUNCIL, "s1", "s2")) == []


def test_a_slip_is_found_where_the_headline_keeps_the_right_figure() -> None:
    # the other outlet's 'two' agrees with the headline's 'two'; the body's 20 still meets it
    a = ("Senate panel subpoenas two businesses of the former adviser\n\n"
         "The Senate committee said on Tuesday it had subpoenaed 20 of the former adviser's "
         "businesses as part of its inquiry into the campaign.\n")
    b = ("The Senate committee responded on Tuesday with two subpoenas targeting the former "
         "adviser's businesses, its chairman said.\n")
    assert "20 vs 2: a factor of 10 apart" in the_one_sure_conflict(a, b)
    assert "'20' in a is the odd one out" in the_one_sure_conflict(a, b)
    # 'three of the 30' in one sentence is a part and its whole, not a repeated figure
    a = ("The panel questioned three of the 30 businesses of the former adviser on Tuesday, "
         "the Senate committee said.\n")
    assert sure(check_numbers(two_outlets(a, b.replace("two subpoenas", "three subpoenas")))) == []


def test_figures_of_different_stories_are_never_compared() -> None:
    recs = in_story(records("a", A, source_id="x.com"), "s1") + in_story(
        records("b", B.replace("41 miners", "410 miners"), source_id="y.com"), "s2"
    )
    assert check_numbers(recs) == []
    # without stories (use_stories=False, the plain comparison) they meet
    assert sure(check_numbers(recs, use_stories=False), "cross_source")


def test_two_articles_of_one_source_are_same_source_and_never_count() -> None:
    recs = in_story(records("a", A, source_id="x.com"), "s1") + in_story(
        records("b", B.replace("41 miners", "410 miners"), source_id="x.com"), "s1"
    )
    checks = check_numbers(recs)
    assert [c.kind for c in checks if c.verdict == "conflict"] == ["same_source"]
    assert sure(checks) == []


def versions(n: int, sources: list[str]) -> list[MentionRecord]:
    """n articles of one story, the i-th from sources[i], each with its own count of miners."""
    return [
        r
        for i in range(n)
        for r in in_story(
            records(f"a{i:02d}", A.replace("41 miners", f"{41 + i} miners"), source_id=sources[i]),
            "s1",
        )
    ]


def test_one_sources_many_versions_of_a_story_meet_their_neighbours_not_every_other() -> None:
    # an outlet's live page saved twelve times, its count of miners rising: each version is
    # compared with the four before and after it (article_id order), not with all eleven
    # others, so the checks grow with the versions, not with their square
    checks = check_numbers(versions(12, ["x.com"] * 12))
    pairs = {tuple(sorted((c.article_id, c.other_article_id))) for c in checks}
    assert {c.kind for c in checks} == {"same_source"}
    assert len(pairs) == sum(min(4, 11 - i) for i in range(12)) == 38  # of 66 pairs
    assert ("a00", "a04") in pairs and ("a00", "a05") not in pairs
    # five or fewer versions: every pair, as before
    small = check_numbers(versions(5, ["x.com"] * 5))
    assert len({(c.article_id, c.other_article_id) for c in small}) == 10


def test_many_sources_of_one_story_still_meet_every_other() -> None:
    checks = check_numbers(versions(12, [f"s{i}.com" for i in range(12)]))
    pairs = {tuple(sorted((c.article_id, c.other_article_id))) for c in checks}
    assert {c.kind for c in checks} == {"cross_source"} and len(pairs) == 66


def test_a_part_against_its_whole_is_no_verdict() -> None:
    a = "Health officials confirmed three cases of plague in Inner Mongolia on Tuesday."
    b = "Health officials in Inner Mongolia said on Tuesday that two of them had pneumonic plague."
    recs = in_story(records("a", a, source_id="x.com"), "s") + in_story(
        records("b", b, source_id="y.com"), "s"
    )
    checks = check_numbers(recs)
    assert sure(checks) == []


def test_two_items_of_one_list_are_not_one_fact() -> None:
    a = ("NASA said nine companies were already eligible and it added five more, Blue Origin and "
         "SpaceX among them, to its lunar payload program.")
    b = ("NASA added five companies, including Blue Origin and SpaceX, to the nine companies "
         "already in its lunar payload program.")
    recs = in_story(records("a", a, source_id="x.com"), "s") + in_story(
        records("b", b, source_id="y.com"), "s"
    )
    checks = check_numbers(recs)
    assert sure(checks) == [] and {(c.value, c.other_value) for c in checks} == {(9, 9), (5, 5)}
    # a pair the matcher might still make (nine against five) is no verdict: each article
    # states both figures, so they are two items of one list
    enriched, _ = _enrich(recs)
    nine = next(m for m in enriched if m.rec.article_id == "a" and m.rec.value == 9)
    five = next(m for m in enriched if m.rec.article_id == "b" and m.rec.value == 5)
    stated = {"a": {(None, 9.0), (None, 5.0)}, "b": {(None, 5.0), (None, 9.0)}}
    confidence, reason = _cross_confidence(nine, five, 2, True, stated)
    assert confidence < 0.8 and "list" in reason


def test_different_facts_far_apart_in_one_story_are_no_verdict() -> None:
    a = "Those documents were examined by State Department lawyers, who found roughly 900 pages."
    b = "The State Department said it had received 55,000 pages of Clinton's emails."
    recs = in_story(records("a", a, source_id="x.com"), "s") + in_story(
        records("b", b, source_id="y.com"), "s"
    )
    assert sure(check_numbers(recs)) == []


@pytest.mark.parametrize(
    ("en", "zh"),
    [
        ("Airbus delivered the A380 to Emirates.", "空客向阿联酋航空交付了 A350。"),
        ("She finished 2nd in the final.", "她在决赛中获得第5名。"),
        ("Call 101 quoting reference 3643 10/12/21.", "请拨打 101，编号 3643 10/12/22。"),
        ("We have over 6 decades of experience.", "我们拥有超过 60 年的经验。"),
        ("The meeting starts at 9:30 a.m. in Room 4.", "会议上午 9:45 在 5 号房间开始。"),
    ],
)
def test_labels_ordinals_dates_and_converted_units_are_not_translation_conflicts(
    en: str, zh: str
) -> None:
    checks = check_numbers(records("p", f"{en}\n{zh}", bilingual=True))
    assert sure(checks) == [], [c.explanation for c in sure(checks)]


def test_an_unsure_translation_pair_gives_no_verdict() -> None:
    # the Chinese line renders another paragraph: none of its figures agree
    text = "The company sold 1,200 cars, up 21%.\n该公司将新建 8 家工厂，投资 50 亿元。"
    checks = check_numbers(records("p", text, bilingual=True))
    assert sure(checks) == [] and [c.reason for c in unsure(checks)] == [
        "unsure translation pair: none of its other figures agree"
    ]
    text = (
        "The company sold 1,200 cars in March and 1,450 in April, up 21%.\n"
        "该公司表示，将在三年内投资 50 亿元，新建 8 家工厂。"
    )
    checks = check_numbers(records("p", text, bilingual=True))
    assert sure(checks) == [] and unsure(checks)
    assert all(c.reason for c in unsure(checks))


def test_the_one_figure_that_differs_in_an_aligned_pair_is_a_sure_conflict() -> None:
    text = (
        "The company sold 1,200 cars in March and 1,450 in April, up 21%.\n"
        "该公司 3 月售出 1200 辆汽车，4 月售出 14500 辆，增长 21%。"
    )
    found = sure(check_numbers(records("p", text, bilingual=True)), "translation")
    assert [(c.value, c.other_value) for c in found] == [(14500.0, 1450.0)]


def test_the_seed_slip_and_the_bilingual_mutations_still_count() -> None:
    checks = check_numbers(seed_records())
    found = sure(checks, "cross_source")
    assert [{c.value, c.other_value} for c in found] == [{56.4e9, 564e9}]
    lines = seed_text("001").splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("It is spending $564 billion"))
    lines[i] = lines[i].replace("$564 billion", "$5,640 billion")
    mutated = sure(check_numbers(records("001", "\n".join(lines), bilingual=True)))
    assert len(mutated) == 1 and mutated[0].kind == "translation"


def test_scores_count_only_sure_conflicts_between_sources(tmp_path) -> None:
    """The warehouse hands the scorer sure cross-source conflicts only."""
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.ensure_schema()
    base = {"other_article_id": "b", "other_mention_id": "m2", "value": 1.0, "other_value": 10.0,
                "verdict": "conflict", "explanation": "x"}
    checks = [
        NumberCheck(kind="cross_source", article_id="a", mention_id="m1", confidence=0.9,
                    reason="same fact", **base),
        NumberCheck(kind="cross_source", article_id="a", mention_id="m3", confidence=0.4,
                    reason="a part against its whole", **base),
        NumberCheck(kind="same_source", article_id="a", mention_id="m4", confidence=0.9,
                    reason="same fact", **base),
    ]
    with wh.write() as con:
        for aid, src in (("a", "x.com"), ("b", "y.com")):
            con.execute(
                "INSERT INTO articles (article_id, source_id, origin, clean_text, content_hash, "
                "first_seen_at, last_seen_at, run_id) VALUES (?, ?, ?, '', '', now(), now(), 'r')",
                [aid, src, aid],
            )
    wh.replace_checks("r", checks, ["c1", "c2", "c3"])
    scored = wh.scoring_inputs()["checks"]
    assert [c["mention_id"] for c in scored] == ["m1"]

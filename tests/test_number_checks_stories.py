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


def cross(checks: list[NumberCheck]) -> list[tuple]:
    """Each cross-source check as a reader sees it: the two figures, verdict, sureness, why."""
    return [
        (c.mention_id, c.other_mention_id, c.verdict, c.confidence, c.reason)
        for c in checks
        if c.kind == "cross_source"
    ]


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


def reporting_nothing(recs: list[MentionRecord], article: str) -> list[MentionRecord]:
    """The records with `article` landed as a page that reports nothing (a guide, a listing)."""
    return [replace(r, reports_nothing=True) if r.article_id == article else r for r in recs]


GUIDE_OVEN = "Preheat your oven to 450 degrees while the dough rests on the counter."
GUIDE_SCORE = "Hold the blade at a 45 degree angle and cut the dough with one quick stroke."


def test_a_conflict_with_a_page_that_reports_nothing_gives_no_verdict() -> None:
    """A guide's figures are of many cases ('preheat your oven to 450 degrees', 'hold the blade
    at a 45 degree angle'): against another page of its topic, no verdict, either side."""
    for recs in (two_outlets(MAYOR, COUNCIL), two_outlets(GUIDE_OVEN, GUIDE_SCORE)):
        assert len(sure(check_numbers(recs))) == 1
        for article in ("a", "b"):
            checks = check_numbers(reporting_nothing(recs, article))
            assert sure(checks) == []
            assert [c.reason for c in unsure(checks)] == [
                "a page that reports nothing (a guide, a listing): figures for many cases"
            ]


def test_a_copy_of_a_guides_sentence_still_makes_a_sure_conflict() -> None:
    """A republished or translated page states the same case: the sentences nearly one."""
    recs = two_outlets(A, B.replace("41 miners", "410 miners"))
    found = sure(check_numbers(reporting_nothing(recs, "b")), "cross_source")
    assert len(found) == 1 and "a factor of 10 apart" in found[0].explanation


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
    """n articles of one story, the i-th from sources[i], each with its own count of miners
    (two apart: counts one apart are no verdict, neither one figure nor a disagreement)."""
    return [
        r
        for i in range(n)
        for r in in_story(
            records(f"a{i:02d}", A.replace("41 miners", f"{41 + 2 * i} miners"), source_id=sources[i]),
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
    checks = check_numbers(recs)
    assert sure(checks) == []
    # an unsure conflict that says why
    assert cross(checks) == [
        ("a:0:0", "b:0:0", "conflict", 0.6,
         "far apart with no slip to explain it: likely two different facts"),
    ]


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


# What the cross-source matcher decides, check by check (docs/mutation.md: the survivors of
# checks/cross_source.py these tests were written against).


def test_every_cross_source_check_of_the_seeds() -> None:
    # the five seeds: six figures that 000 and 001 state alike, sure agreements, and the one
    # slip ($56.4 billion for $564 billion); no looser pairing (000's second 5, 001's 70%
    # against 002's) is reported
    agree = "consistent", 1.0, "same figure"
    assert cross(check_numbers(seed_records())) == [
        ("000:10:0", "001:101:0", *agree),
        ("000:9:1", "001:92:0", "conflict", 0.9, "same fact"),
        ("000:9:2", "001:92:2", *agree),
        ("000:9:3", "001:92:3", *agree),
        ("000:9:4", "001:94:0", *agree),
        ("000:9:6", "001:96:0", *agree),
        ("000:9:7", "001:96:1", *agree),
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a says 2 arrested and 3 hurt, b says 3 arrested: b's 3 is in a too
        (("Two men were arrested after the bank robbery in Denver on Friday, police said.\n"
          "Three tellers were hurt in the robbery."),
         "Police in Denver said three men were arrested on Friday after the bank robbery."),
        # the same with decimals: a's jobless rate is b's inflation
        ("Inflation in Japan was 2.5% in March, the bank said.\nThe jobless rate stood at 3.5%.",
         "Inflation in Japan was 3.5% in March, the bank said."),
    ],
)
def test_figures_both_articles_state_are_two_items_of_a_list_not_one_fact(a: str, b: str) -> None:
    checks = check_numbers(two_outlets(a, b))
    assert cross(checks) == [
        ("a:0:0", "b:0:0", "conflict", 0.3,
         "each figure appears in the other article too: two facts of one list"),
    ]
    assert sure(checks) == []


def test_in_one_story_a_conflict_needs_the_same_thing_counted() -> None:
    # no name in common: the same thing counted right after both figures ('homes') and two
    # words at them ('destroyed', 'homes') make one fact; 'homes' against 'barns' do not
    homes = check_numbers(two_outlets(
        "A wildfire destroyed 5 homes near Paradise, the fire service said.",
        "The flames destroyed 2 homes, a farmer said.",
    ))
    assert cross(homes) == [("a:0:0", "b:0:0", "conflict", 0.9, "same fact within one story")]
    assert "5 vs 2: 60% apart" in homes[0].explanation
    barns = check_numbers(two_outlets(
        "The wildfire destroyed 5 homes near Paradise, the fire service said.",
        "The wildfire destroyed 2 barns, a farmer said.",
    ))
    assert barns == []


def test_in_one_story_counts_of_different_things_are_no_conflict() -> None:
    # 'fire', 'near' and 'Paradise' around both figures, but homes are not crews: two facts
    # of the story, no check (it was a sure conflict of 0.9, '5 vs 2: 60% apart')
    crews = check_numbers(two_outlets(
        "A wildfire destroyed 5 homes near Paradise, the fire service said.",
        "The fire service sent 2 crews to fight the flames near Paradise, a farmer said.",
    ))
    assert crews == []
    # what is counted may carry its own words: wooden homes are still homes
    wooden = check_numbers(two_outlets(
        "A wildfire destroyed 5 homes near Paradise, the fire service said.",
        "The fire service said 2 wooden homes burned near Paradise, a farmer said.",
    ))
    assert cross(wooden) == [("a:0:0", "b:0:0", "conflict", 0.9, "same fact within one story")]


def test_a_third_outlet_of_a_story_meets_both_others() -> None:
    # a and b share many words (found through the index), c only the story and the words at
    # the figure: every pair is still compared
    recs = two_outlets(A, B) + in_story(
        records("c", "41 miners are still underground, a union leader said on Friday.",
                source_id="z.com"),
        "s",
    )
    assert cross(check_numbers(recs)) == [
        ("a:0:0", "b:0:0", "consistent", 1.0, "same figure"),
        ("a:0:0", "c:0:0", "consistent", 1.0, "same figure"),
        ("b:0:0", "c:0:0", "consistent", 1.0, "same figure"),
    ]


@pytest.mark.parametrize("story", ["s", None])
def test_a_label_among_the_figures_does_not_stop_the_comparison(story: str | None) -> None:
    # '6 decades' (a unit a translation may convert) is never compared; the 500 cars are
    a = "The carmaker, with 6 decades of experience in Berlin, delivered 500 cars there in March."
    b = "The carmaker delivered 500 cars in Berlin in March, its first year in the city."
    checks = check_numbers(two_outlets(a, b, story, story))
    assert cross(checks) == [("a:0:1", "b:0:0", "consistent", 1.0, "same figure")]


GOVERNOR = "The regional governor said he had met 41 families of the victims on Friday."


@pytest.mark.parametrize("story", ["s", None])
def test_a_figure_stated_twice_meets_the_sentence_closest_to_the_other(story: str | None) -> None:
    a = ("The regional governor said on Friday that 41 miners were trapped after the blast.\n"
         "The regional governor visited 41 families of the victims on Friday evening.")
    checks = check_numbers(two_outlets(a, GOVERNOR, story, story))
    assert cross(checks) == [("a:1:0", "b:0:0", "consistent", 1.0, "same figure")]


@pytest.mark.parametrize(("story", "paired"), [("s", "a:1:0"), (None, "a:0:0")])
def test_within_a_story_the_words_at_the_figure_outweigh_the_sentence(
    story: str | None, paired: str
) -> None:
    # the first sentence shares more words with b's (governor, Friday, victims), the second
    # the words right at the figure (met 41 families of the victims): within a story the
    # second is paired, without one only the sentences' words count
    a = ("On Friday the regional governor said the death toll among the victims had reached 41.\n"
         "In the afternoon he met 41 families of the victims at the town hall in the rain.")
    checks = check_numbers(two_outlets(a, GOVERNOR, story, story))
    assert cross(checks) == [(paired, "b:0:0", "consistent", 1.0, "same figure")]


@pytest.mark.parametrize("story", ["s", None])
def test_a_slip_is_reported_before_a_closer_looser_pairing(story: str | None) -> None:
    # 'nearly 900' against 'nearly 90' (a slip of the same counted thing) and against 'nearly
    # 20' (its clause closer to a's): the slip is the conflict reported, with or without stories
    b = ("Nearly 90 faculty members signed the letter criticising the senator's budget, and nearly "
         "20 faculty members and priests at Georgetown wrote to him.")
    checks = check_numbers(two_outlets(LETTER, b, story, story))
    assert [(c.mention_id, c.other_mention_id, c.verdict) for c in checks] == [
        ("a:0:0", "b:0:0", "conflict")
    ]
    assert "900 vs about 90: a factor of 10 apart" in checks[0].explanation


def test_two_rare_words_in_common_are_enough_to_agree() -> None:
    # short sentences of two outlets, no story: 'inflation' and 'Japan' are all they share
    a = records("a", "Inflation hit 3% in Japan.", source_id="x.com")
    b = records("b", "Japan's inflation stood at 3% last month.", source_id="y.com")
    assert cross(check_numbers(a + b)) == [("a:0:0", "b:0:0", "consistent", 1.0, "same figure")]
    # the warehouse's mention ids are hashes: the check still reads from the article first in
    # id order, whatever its figure's id
    a = [replace(r, mention_id="z9") for r in a]
    b = [replace(r, mention_id="c1") for r in b]
    [check] = check_numbers(b + a)
    assert (check.article_id, check.mention_id, check.other_article_id) == ("a", "z9", "b")


COMPANY = "the company said its factory{} produced {} cars last year and hired more workers."


@pytest.mark.parametrize(
    ("where_a", "where_b", "sure_conflict"),
    [("", "", False), (" in Ohio", "", False), (" in Ohio", " in Ohio", True)],
)
def test_a_conflict_between_stories_needs_a_name_on_both_sides(
    where_a: str, where_b: str, sure_conflict: bool
) -> None:
    # the same sentence with 5,000 and 7,000 cars, no story: without a name both sentences
    # hold (Ohio) they may be two companies, and no conflict is reported
    checks = check_numbers(
        records("a", COMPANY.format(where_a, "5,000"), source_id="x.com")
        + records("b", COMPANY.format(where_b, "7,000"), source_id="y.com")
    )
    assert cross(checks) == (
        [("a:0:0", "b:0:0", "conflict", 0.9, "same fact")] if sure_conflict else []
    )


def test_a_slip_of_the_same_counted_thing_is_sure_even_with_little_else_in_common() -> None:
    # one story, one word shared by the long sentences ('months', right after both figures):
    # too little to be one fact by the words, enough for a slipped digit
    a = ('"I do not know why it took 30 months to answer the letters and the questions and the '
         'phone calls of the worried parents and teachers and shop owners," the mayor said.')
    b = ("Ms. Okafor said the city council had for three months refused to publish anything at "
         "all about the new bridge plans, the budget, the school closures or the traffic study.")
    checks = check_numbers(two_outlets(a, b))
    assert cross(checks) == [("a:0:0", "b:0:0", "conflict", 0.9, "same fact within one story")]
    assert "30 vs 3: a factor of 10 apart" in checks[0].explanation


@pytest.mark.parametrize(
    ("b", "conflict"),
    [
        # inflation, Japan, hit and March in common; without March three
        ("In March, Japan's inflation hit 5%, the bank said.", True),
        ("Japan's inflation hit 5%, the bank said.", False),
    ],
)
def test_a_conflict_needs_four_words_in_common(b: str, conflict: bool) -> None:
    checks = check_numbers(records("a", "Inflation in Japan hit 3% in March.", source_id="x.com")
                           + records("b", b, source_id="y.com"))
    assert cross(checks) == ([("a:0:0", "b:0:0", "conflict", 0.9, "same fact")] if conflict else [])


# How much each shared word weighs: words on few of the day's sentences more than common ones,
# and another figure both sentences state (here $4 billion) as 1.5 words
CARMAKERS = [
    records("f0", "Dealers in Europe said demand grew last year.", source_id="f0.com"),
    records("f1", "Mazda built 90,000 trucks in Europe.", source_id="f1.com"),
    records("f2", "Nissan said it sold 300,000 vehicles in March.", source_id="f2.com"),
]


def pairs(a: str, b: str, others: int) -> list[tuple[str, str, str]]:
    """The cross-source checks between a and b among `others` other carmakers' articles."""
    recs = records("a", a, source_id="x.com") + records("b", b, source_id="y.com")
    for extra in CARMAKERS[:others]:
        recs += extra
    checks = check_numbers(recs)
    return [(c.mention_id, c.other_mention_id, c.verdict) for c in checks if c.kind == "cross_source"]


def test_rare_words_in_common_make_one_fact_among_other_articles() -> None:
    # 'Honda built 500,000 vehicles': 'vehicles', 'March', 'Europe' are on other articles too
    assert pairs(
        "Honda built 500,000 vehicles in March according to its annual report.",
        "Honda built 500,000 vehicles in its home market and revenue reached $4 billion.",
        3,
    ) == [("a:0:0", "b:0:0", "consistent")]


def test_another_figure_in_common_is_evidence_of_one_fact() -> None:
    # exported vehicles and built trucks, but both add that revenue reached $4 billion
    assert pairs(
        "The carmaker exported 500,000 vehicles and revenue reached $4 billion despite a chip "
        "shortage.",
        "The company built 500,000 trucks in Japan last year and revenue reached $4 billion.",
        2,
    ) == [("a:0:0", "b:0:0", "consistent"), ("a:0:1", "b:0:1", "consistent")]
    # ... but not enough alone: cars delivered against trucks exported, nothing else in common
    assert pairs(
        "The carmaker delivered 500,000 cars the ministry said and revenue reached $4 billion.",
        "The firm exported 500,000 trucks as demand for hybrids grew and revenue reached $4 "
        "billion.",
        0,
    ) == []


def test_chinese_reports_of_one_fact_need_no_name_in_common() -> None:
    # no names are read in Chinese text: the same sentence with 500 and 700 people is a conflict
    a = "他说那天晚上有500人来到这里，比往年多。"
    checks = check_numbers(records("a", a, source_id="x.com")
                           + records("b", a.replace("500", "700"), source_id="y.com"))
    assert cross(checks) == [("a:0:0", "b:0:0", "conflict", 0.9, "same fact")]


@pytest.mark.parametrize(
    ("en", "zh", "expected"),
    [
        pytest.param("We always reply within 24 hours.", "我们会在 240 小时内回复。",
                     "24 vs 240: a factor of 10 apart", id="hours"),
        pytest.param("Tap the More icon at the bottom of the screen (3 horizontal lines).",
                     "点击屏幕底部的“更多”图标（30 条横线）。", "3 vs 30: a factor of 10 apart",
                     id="lines"),
    ],
)
def test_a_chinese_figure_counts_what_its_glossed_words_say(en, zh, expected, monkeypatch) -> None:
    """What a Chinese figure counts ('240 小时', '30 条横线') is glossed into English words as its
    sentence is, so a slip in a Chinese report of an English one meets the English figure's
    'hours' / 'lines' within their story."""
    from monitor.checks import cross_source

    for glossed in (False, True):
        monkeypatch.setattr(cross_source, "AFTER_GLOSSED", glossed)
        cross_source._after_words.cache_clear()
        found = sure(check_numbers(two_outlets(en, zh)), "cross_source")
        assert [expected in c.explanation for c in found] == ([True] if glossed else [])
    cross_source._after_words.cache_clear()


@pytest.mark.parametrize(
    ("en", "zh", "expected"),
    [
        pytest.param("Returns are accepted within 60 days of delivery.",
                     "收货后 600 天内可以退货。", "60 vs 600: a factor of 10 apart", id="days"),
        pytest.param("The drug must be kept in cold storage for 3 months before use.",
                     "该药物使用前须冷藏 30 个月。", "3 vs 30: a factor of 10 apart",
                     id="months"),
        pytest.param("The exhibition runs for 6 weeks at the city museum.",
                     "该展览在市博物馆展出 60 周。", "6 vs 60: a factor of 10 apart", id="weeks"),
    ],
)
def test_a_chinese_counter_word_says_what_its_figure_counts(en, zh, expected, monkeypatch) -> None:
    """'600 天', '30 个月', '60 周': the counter word after a Chinese figure is what it counts
    (day, month, week), so a slipped digit in a Chinese write-up meets the English figure's
    'days' / 'months' / 'weeks' within their story (without the one-character words, which
    read '天' as 'day' too)."""
    from monitor.checks import features

    monkeypatch.setattr(features, "SINGLE_CHARACTERS", False)
    assert slips_found_with("COUNTERS_GLOSSED", en, zh, expected, monkeypatch) == [False, True]


def slips_found_with(
    flag: str, en: str, zh: str, expected: str, monkeypatch, module: str = "features"
) -> list[bool]:
    """Whether the slip `expected` is a sure conflict with `<module>.<flag>` off, then on
    (`module`: features or cross_source)."""
    from monitor.checks import cross_source, features

    def clear() -> None:
        for f in (features.glossed, features.tokens, features.stemmed, cross_source._after_words,
                  cross_source._near_words):
            f.cache_clear()

    out = []
    for on in (False, True):
        monkeypatch.setattr({"features": features, "cross_source": cross_source}[module], flag, on)
        clear()
        found = sure(check_numbers(two_outlets(en, zh)), "cross_source")
        assert len(found) <= 1
        out.append(any(expected in c.explanation for c in found))
    clear()
    return out


@pytest.mark.parametrize(
    ("en", "zh", "expected"),
    [
        pytest.param("Customer complaints rose by 8 percent after the update.",
                     "更新后客户投诉增加了 80%。", "8% vs 80%: a factor of 10 apart", id="complaints"),
        pytest.param("The dam holds enough water for 4 million households, officials said.",
                     "官员说，这座水坝的蓄水量足够 4000 万户家庭使用。",
                     "4 million vs 40 million (4000 万): a factor of 10 apart", id="households"),
    ],
)
def test_a_chinese_word_meets_english_by_any_of_its_senses(en, zh, expected, monkeypatch) -> None:
    """A translator picks any sense of a word ('客户' client or customer, '家庭' family or
    household): the number checks gloss an everyday word with its next senses too, so a
    slipped digit meets the English figure where the first sense alone does not."""
    assert slips_found_with("MORE_SENSES", en, zh, expected, monkeypatch) == [False, True]


@pytest.mark.parametrize(
    ("en", "zh", "expected"),
    [
        pytest.param("A bottle of the whisky sells for 80 pounds at auction.",
                     "这瓶威士忌在拍卖会上售价 800 英镑。", "£80 vs £800 (800 英镑): a factor of 10",
                     id="whisky-whiskey"),
        pytest.param("Visitors travelled 50 kilometres to see the festival.",
                     "游客们旅行了 500 公里来看节日。", "50 km vs 500 km (500 公里): a factor of 10",
                     id="travelled-travel"),
    ],
)
def test_english_words_meet_a_gloss_in_any_form_or_spelling(en, zh, expected, monkeypatch) -> None:
    """A dictionary glosses with a base form and American spelling ('威士忌' whiskey, '旅行'
    travel), a translator writes 'whisky', 'travelled': across languages English words meet in
    one form (`features.STEMS`)."""
    assert slips_found_with("STEMS", en, zh, expected, monkeypatch) == [False, True]


def test_english_word_forms_are_one_only_across_languages() -> None:
    from monitor.checks.features import _norm_word, _stem, stemmed

    assert _norm_word("increased") == "increased"  # within one language, words as they were
    forms = ("increase", "increased", "increasing", "increases")
    assert len({_stem(_norm_word(w)) for w in forms}) == 1
    assert stemmed(frozenset({"colour", "centre", "organise", "travelled", "whisky", "收入"})) == (
        stemmed(frozenset({"color", "center", "organize", "traveled", "whiskey"}))
    )
    assert _stem("#n:20") == "#n:20" and _stem("fill") != _stem("fil")


def test_across_languages_the_words_at_the_figures_stand_for_their_clauses(monkeypatch) -> None:
    """A Chinese clause is cut at every '，' and glossed with first senses only: across
    languages, in one story, the words right at the two figures meeting ('水电' -> electricity,
    at both) is enough where the clauses share no word (`cross_source.NEAR_FOR_CLAUSE`)."""
    en = "Their quote had many problems: the 50,000 did not cover plumbing and electricity."
    zh = "他们的报价有很多问题，50万不包括水电改造。"
    expected = "50,000 vs 500,000 (50万): a factor of 10 apart"
    found = slips_found_with("NEAR_FOR_CLAUSE", en, zh, expected, monkeypatch, "cross_source")
    assert found == [False, True]


def test_a_one_character_word_right_at_a_figure_meets_english(monkeypatch) -> None:
    """'买够 500 美元': CC-CEDICT's one-character content words ('卖' sell, '买' buy, '穷' poor) are
    read right at a figure (`features.SINGLE_CHARACTERS`), where no longer word starts; never
    in a sentence's words, nor by the stories."""
    from monitor.checks.features import glossed
    from monitor.glossary import dictionary_glosses

    en = "You can only use the coupon when you buy $50 or more."
    zh = "买够 500 美元才能用这张优惠券。"
    expected = "more than $50 vs $500 (500 美元): a factor of 10 apart"
    assert slips_found_with("SINGLE_CHARACTERS", en, zh, expected, monkeypatch) == [False, True]
    assert "sell" in glossed("一杯茶卖", senses=True) and "sell" not in glossed("一杯茶卖")
    assert dictionary_glosses("茶卖") == [] and dictionary_glosses("茶卖", single=True) == [
        (1, "sell")]
    assert not any(g in ("of", "just") for _, g in dictionary_glosses("的就个", single=True))


def test_an_amount_ending_its_clause_in_both_languages_counts_alike_by_one_word(monkeypatch) -> None:
    """'连运费都要 150 美元。' / 'Even the shipping fee was 15 dollars.': nothing follows either
    amount, what it measures is said before it; one word at the figures (fee) is enough
    (`cross_source.NOTHING_AFTER`). A count, or an amount with words after it, still needs
    what follows to meet or two words."""
    en = "I was unhappy with the order. Even the shipping fee was 15 dollars."
    zh = "我对这个订单很不满意。连运费都要 150 美元。"
    expected = "$15 vs $150 (150 美元): a factor of 10 apart"
    found = slips_found_with("NOTHING_AFTER", en, zh, expected, monkeypatch, "cross_source")
    assert found == [False, True]
    counts = ("I was unhappy with the order. Even the shipping took 15 days.",
              "我对这个订单很不满意。连运输都要 150 日。")
    assert sure(check_numbers(two_outlets(*counts))) == []


def test_a_counter_word_is_read_only_after_a_numeral() -> None:
    from monitor.checks.features import counted_after, glossed

    assert {"day", "month"} <= glossed("最多 300 天，三个月内")
    assert "day" not in glossed("今天天气很好")  # 天 of 'today', 'weather': no counter
    assert counted_after(" 多种产品") == ("kind", "type")
    assert counted_after("天气") == ("day",)  # opening the text after a figure: a counter
    assert counted_after("元") == ()


def test_an_amount_across_languages_counts_alike_by_the_words_around_it() -> None:
    """What follows '400 英镑' is no English word to meet '£40' by: across languages two words
    around an amount with a unit do (in one story); within a language, or for a count, what
    follows the figures must still meet."""
    from monitor.checks.cross_source import _counts_alike

    def pair(a: str, b: str):
        enriched, _ = _enrich(records("a", a, source_id="x.com") + records("b", b, source_id="y.com"))
        return enriched[0], enriched[1]

    en_zh = pair("Royal Mail sends parcels worth under £40.", "由 Royal Mail 寄送价值 400 英镑以下的包裹。")
    assert _counts_alike(*en_zh, near=2) and not _counts_alike(*en_zh, near=1)
    en_en = pair("Royal Mail sends parcels worth under £40.", "Royal Mail sends parcels worth under £400.")
    assert not _counts_alike(*en_en, near=2)
    counts = pair("The shop replies within 24 hours, it says.", "该店称 240 个工作日内答复。")
    assert not _counts_alike(*counts, near=2)


def test_a_figure_met_twice_does_not_stop_the_articles_other_figures() -> None:
    # b's 41 meets both of a's (the closer first); a's 12 still meets b's 'at least 12'
    a = ("The regional governor said on Friday that 41 miners were trapped after the blast.\n"
         "The regional governor said on Friday evening that 41 miners were still trapped.\n"
         "Rescue teams said 12 of their members were hurt.")
    b = ("The regional governor said on Friday that 41 miners were trapped underground by the "
         "blast.\nOfficials added later that at least 12 members of the rescue teams had been "
         "taken to hospital with burns.")
    checks = check_numbers(records("a", a, source_id="x.com") + records("b", b, source_id="y.com"))
    assert [(c.mention_id, c.other_mention_id, c.verdict) for c in checks] == [
        ("a:0:0", "b:0:0", "consistent"), ("a:2:0", "b:1:0", "consistent"),
    ]


def test_a_conflict_too_loose_to_report_does_not_hide_a_close_one() -> None:
    # the jobless rates (2.4% / 2.6%) share two words only: no conflict; the inflation figures
    # (3% / 5%) of the same two articles share five and Japan: a sure one
    a = ("Inflation in Japan hit 3% in March, the highest since the bank began keeping records "
         "decades ago.\nThe jobless rate was 2.4%.")
    b = ("In March, Japan's inflation hit 5%, the bank said in a statement on Tuesday.\n"
         "The jobless rate was 2.6%.")
    checks = check_numbers(records("a", a, source_id="x.com") + records("b", b, source_id="y.com"))
    assert cross(checks) == [("a:0:0", "b:0:0", "conflict", 0.9, "same fact")]


@pytest.mark.parametrize(
    ("b", "expected"),
    [
        # the range admits 100: it agrees by its high end, and says so as a range (it read
        # '10 and 100 agree', the low end paired)
        ("Dealers sold 100 electric cars in the town this year, the survey found.",
         ("a:0:1", 100.0, "consistent", "10 to 100 and 100 agree")),
        # a figure beyond it is measured from the nearer end (it read '10 vs 500: 98% apart')
        ("Dealers sold 500 electric cars in the town this year, the survey found.",
         ("a:0:1", 100.0, "conflict", "10 to 100 vs 500: 80% apart")),
        # ... and below it from the low end, whose own rounding is all it admits (the high
        # end's 5 took the range down to 5: '100 and 5 agree')
        ("Dealers sold 5 electric cars in the town this year, the survey found.",
         ("a:0:0", 10.0, "conflict", "10 to 100 vs 5: 50% apart")),
    ],
)
def test_a_range_meets_a_figure_by_its_nearer_end_and_reads_as_a_range(b: str, expected) -> None:
    a = "Dealers expect to sell 10 to 100 electric cars in the town this year, a survey found."
    (c,) = [c for c in check_numbers(two_outlets(a, b)) if c.kind == "cross_source"]
    assert (c.mention_id, c.value, c.verdict) == expected[:3]
    assert c.explanation.startswith(expected[3])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # both ends keep their unit
        (("Dealers expect to sell $10 million to $100 million of electric cars in the town this year, "
          "a survey found."),
         "Dealers sold $100 million of electric cars in the town this year, the survey found.",
         "$10 million to $100 million and $100 million agree"),
        # a Chinese range keeps its text as written
        ("经销商预计今年该镇电动汽车销售额为10亿至20亿元，一项调查发现。",
         "调查发现，经销商今年在该镇的电动汽车销售额为20亿元。",
         "1 billion yuan to 2 billion yuan (20亿元) and 2 billion yuan (20亿元) agree"),
        # ends too far apart to be a range (a spec) read as the figure itself
        ("Dealers expect to sell between 5 and 52 electric cars in the town this year, a survey found.",
         "Dealers sold 52 electric cars in the town this year, the survey found.",
         "52 and 52 agree"),
    ],
)
def test_how_a_range_end_reads_in_an_explanation(a: str, b: str, expected: str) -> None:
    (c,) = [c for c in check_numbers(two_outlets(a, b)) if c.kind == "cross_source"]
    assert c.explanation.startswith(expected)


@pytest.mark.parametrize("story", ["s", None])
def test_a_range_meets_a_figure_of_its_own_story_by_the_words_at_them(story: str | None) -> None:
    # the range 10 to 100 admits b's 100, and 'electric cars' follows both: within one story
    # that is enough to compare them; without one, two words in common are too few
    a = ("Dealers expect to sell 10 to 100 electric cars in the town this year, a survey of shop "
         "owners and bankers found.")
    b = "Only 100 electric cars were sold in the whole country last year, the ministry said."
    checks = check_numbers(two_outlets(a, b, story, story))
    assert [(c.article_id, c.other_article_id, c.verdict) for c in checks] == (
        [("a", "b", "consistent")] if story else []
    )


# Pages on one topic (product reviews, guides, listings) join stories as news of one event does,
# but state different facts with the same words: WCXB's pages gave 6.4 sure false alarms per
# 100 pages before these rules (benchmarks/stories.py, "pages of other kinds").


def test_a_page_listing_items_with_their_own_values_gives_no_sure_conflict() -> None:
    """'$119 price tag' and '$199 price tag' on one page are two items, each with its value: a
    third pair's '$300 price tag' elsewhere is another item, not a disputed fact."""
    checks = check_numbers(two_outlets(
        "The Sony WF-C710N earbuds are my top choice, especially for their $119 price tag. "
        "The Jabra Elite 8 earbuds are better still, at a $199 price tag.",
        "This pair of earbuds is really worth its $300 price tag only for people with large ears.",
    ))  # fmt: skip
    assert not sure(checks, "cross_source")
    assert [c.reason for c in unsure(checks)] == [
        "the article gives other values for this too: items of a list, not one fact"
    ]


def test_an_article_giving_one_value_still_makes_a_sure_conflict() -> None:
    """The same words, one price a page: the two outlets state one fact and disagree."""
    checks = check_numbers(two_outlets(
        "The Sony WF-C710N earbuds are my top choice, especially for their $119 price tag.",
        "The Sony WF-C710N earbuds are worth their $169 price tag.",
    ))  # fmt: skip
    assert [c.explanation.split(":")[0] for c in sure(checks, "cross_source")] == ["$119 vs $169"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a power of ten beyond a thousand is no slip of one writer
        ("Its top two rivals have more active monthly users.",
         "Over 200 million of its active monthly users visit a profile daily."),
        # the end of a stated range against a single figure: not written alike
        ("Insurance for cancellations runs about 5–10 percent of the total trip cost.",
         "Trip cancellation covers 100 percent of the total trip cost."),
        # a count of another thing right after the figure, no name in common
        ("The machine has a 60-oz brew capacity and a glass carafe.",
         "The machine has a fast 6-minute brew time and a glass carafe."),
        # a range that names its unit at both ends against a single figure
        ("After 20,000 miles and 1,000 nights on the trail, we know what we need.",
         "My trips on the trail have ranged from 1 night to 4 nights with some support."),
        # times counted from each page's own narrative ("later") say when, not how much
        ("Nearly 200 years later, French missionaries brought the coffee tree to Vietnam.",
         "Only two years later, a merchant opened a coffee booth in Paris."),
    ],
)
def test_what_no_writer_slips_is_no_sure_slip(a: str, b: str) -> None:
    assert not sure(check_numbers(two_outlets(a, b)), "cross_source")


def test_a_figure_both_articles_repeat_is_one_conflict() -> None:
    """'a $5 fee' three times against another page's '$50 fee' twice is one disputed figure,
    not one conflict for each pair of repeats."""
    checks = check_numbers(two_outlets(
        "There is a $5 fee for a paper copy of the filing.\n"
        "You pay the $5 fee for a paper copy by mail.\n"
        "The $5 fee for a paper copy is optional.",
        "The state charges a $50 fee for a paper copy of the filing.\n"
        "The $50 fee for a paper copy is paid by mail.",
    ))  # fmt: skip
    found = sure(checks, "cross_source")
    assert len(found) == 1 and "a factor of 10 apart" in found[0].explanation


def test_counts_one_apart_are_neither_one_figure_nor_a_conflict() -> None:
    """'the 12-nation Pacific trade deal' and 'deals with 11 Pacific Rim nations' (the US and its
    eleven partners): '12' admits 11.5..12.5 and '11' 10.5..11.5; the two only touch, and the
    checks said "12 and 11 agree". No verdict: no agreement, no conflict."""
    checks = check_numbers(two_outlets(
        "Clinton said she would not abandon the 12-nation Pacific trade deal as president.",
        "The bill would let the president approve trade deals with 11 Pacific Rim nations, "
        "Clinton said.",
    ))  # fmt: skip
    assert [(c.value, c.other_value) for c in checks if c.kind == "cross_source"] == []
    # two apart, the same sentences disagree
    checks = check_numbers(two_outlets(
        "Clinton said she would not abandon the 13-nation Pacific trade deal as president.",
        "The bill would let the president approve trade deals with 11 Pacific Rim nations, "
        "Clinton said.",
    ))  # fmt: skip
    assert [(c.value, c.other_value, c.verdict) for c in checks] == [(13, 11, "conflict")]

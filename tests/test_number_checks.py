"""Number checks: the same fact across a page's translation and across articles."""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor import glossary
from monitor.checks import check_numbers, cross_source, features
from monitor.checks.blame import odd_one_out
from monitor.models import MentionRecord, NumberCheck

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "numbers"))
from seedkit import records, seed_records, seed_text


def conflicts(checks: list[NumberCheck], kind: str | None = None) -> list[NumberCheck]:
    return [c for c in checks if c.verdict == "conflict" and kind in (None, c.kind)]


def between(checks: list[NumberCheck], a: str, b: str) -> list[NumberCheck]:
    return [c for c in checks if {c.article_id, c.other_article_id} == {a, b}]


# ------------------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seed_checks() -> list[NumberCheck]:
    return check_numbers(seed_records())


def test_seed_scale_slip_is_caught_explained_and_blamed_on_the_republisher(
    seed_checks: list[NumberCheck],
) -> None:
    found = [
        c
        for c in conflicts(seed_checks, "cross_source")
        if {c.value, c.other_value} == {56.4e9, 564e9}
    ]
    assert len(found) == 1
    c = found[0]
    assert "$56.4 billion vs $564 billion" in c.explanation
    assert "a factor of 10 apart, a likely scale slip" in c.explanation
    # 001's English and its Chinese translation (5640 亿美元) agree with each other: 000 is odd
    assert c.article_id == "000" and odd_one_out(c) == c.mention_id
    assert c.other_article_id == "001"


def test_seed_626_universities_agree_with_more_than_600_colleges(
    seed_checks: list[NumberCheck],
) -> None:
    found = [c for c in seed_checks if {c.value, c.other_value} == {626.0, 600.0}]
    assert [(c.kind, c.verdict) for c in found] == [("cross_source", "consistent")]


def test_seeds_have_no_other_conflict(seed_checks: list[NumberCheck]) -> None:
    assert len(conflicts(seed_checks)) == 1
    # the other shared figures of the grid/education paragraphs are found consistent
    agreed = {
        (c.value, c.other_value)
        for c in between(seed_checks, "000", "001")
        if c.verdict == "consistent"
    }
    assert {(40.0, 40.0), (2.5, 2.5), (35.0, 35.0), (200.0, 200.0)} <= agreed


def test_bilingual_seed_translation_agrees_figure_by_figure(
    seed_checks: list[NumberCheck],
) -> None:
    trans = [c for c in seed_checks if c.kind == "translation"]
    assert len(trans) >= 15
    assert all(c.verdict == "consistent" for c in trans)
    assert any("5640 亿美元" in c.explanation for c in trans)


MUTATIONS = [
    ("It is spending $564 billion", "$564 billion", "$5,640 billion"),  # x10
    ("It is spending $564 billion", "$564 billion", "$546 billion"),  # transposed
    ("Morgan Stanley analysts forecast", "82%", "28%"),  # transposed percentage
    ("Morgan Stanley analysts forecast", "34%", "43%"),
    ("It is spending $564 billion", "more than 40%", "more than 45%"),  # another percentage
    ("China currently has about 2.5 times", "2.5 times", "3.5 times"),  # another multiplier
    ("China currently has about 2.5 times", "2.5 times", "25 times"),
    ("China has also approved more than 600", "600 colleges", "6,000 colleges"),
    ("China has also approved more than 600", "35 universities", "53 universities"),
    ("Huawei is helping spearhead", "70%", "75%"),
    ("Huawei is helping spearhead", "2,000 other", "20,000 other"),
    ("U.S. researcher SemiAnalysis", "384 of", "348 of"),
    ("U.S. researcher SemiAnalysis", "with 72 graphics", "with 27 graphics"),
    ("China’s government has played", "$700 million", "$7 billion"),
    ("At the Shanghai conference", "more than 800", "more than 8,000"),
    ("Earlier this year at the White House", "$500 billion", "$50 billion"),
    ("China’s efforts have already", "more than 200 authors", "more than 20 authors"),
]


@pytest.mark.parametrize(("line_start", "old", "new"), MUTATIONS)
def test_changing_a_figure_in_the_english_half_is_a_translation_conflict(
    line_start: str, old: str, new: str
) -> None:
    lines = seed_text("001").splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith(line_start))
    assert old in lines[i]
    lines[i] = lines[i].replace(old, new, 1)
    recs = records("001", "\n".join(lines), bilingual=True)
    seq = next(r.seq for r in recs if r.context == lines[i].strip())
    found = conflicts(check_numbers(recs), "translation")
    assert len(found) == 1, [c.explanation for c in found]
    ids = {found[0].mention_id, found[0].other_mention_id}
    assert {r.seq for r in recs if r.mention_id in ids} == {seq, seq + 1}


def test_unchanged_bilingual_seed_alone_has_no_conflict() -> None:
    assert conflicts(check_numbers(records("001", seed_text("001"), bilingual=True))) == []


# ------------------------------------------------------------------------- article pairs

BASE = (
    "Morgan Stanley researchers forecast that China will spend $564 billion on grid "
    "construction in the five years to 2030, an increase of more than 40% from the previous "
    "five years.\nThe Ministry of Education said 626 universities had registered AI degree "
    "programs, up from 35 universities in 2019."
)


def pair(other: str, **kw: str) -> list[NumberCheck]:
    return check_numbers(records("a", BASE) + records("b", other, **kw))


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("$564 billion", "$56.4 billion", "a factor of 10 apart, a likely scale slip"),
        ("$564 billion", "$5.64 trillion", "a factor of 10 apart, a likely scale slip"),
        ("$564 billion", "$546 billion", "likely transposed"),
        ("$564 billion", "564 billion yuan", "different currencies (USD vs CNY), a wrong unit"),
        ("more than 40%", "more than 40 percentage points", "percent vs percentage points"),
        ("in 2019", "in 2018", "a likely wrong year"),
        ("626 universities", "826 universities", "24% apart"),
        ("$564 billion", "less than $500 billion", "is above the stated bound"),
        ("626 universities", "more than 700 universities", "is below the stated bound"),
    ],
)
def test_pairs_that_disagree(old: str, new: str, reason: str) -> None:
    checks = pair(BASE.replace(old, new))
    found = conflicts(checks, "cross_source")
    assert len(found) == 1, [c.explanation for c in checks]
    assert reason in found[0].explanation
    # two sources, one figure each, no republishing: nobody can tell which is right
    assert odd_one_out(found[0]) is None
    assert "neither side is corroborated" in found[0].explanation


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("$564 billion", "$560 billion"),  # rounding
        ("$564 billion", "$0.56 trillion"),
        ("$564 billion", "nearly $600 billion"),
        ("$564 billion", "more than $500 billion"),  # a bound that holds
        ("$564 billion", "5640 亿美元"),
        ("626 universities", "more than 600 universities"),
        ("626 universities", "about 630 universities"),
        ("more than 40%", "about 42%"),
        ("$564 billion", "$564bn"),
    ],
)
def test_pairs_that_agree(old: str, new: str) -> None:
    checks = pair(BASE.replace(old, new))
    assert conflicts(checks) == [], [c.explanation for c in conflicts(checks)]
    assert len([c for c in checks if c.verdict == "consistent"]) >= 4


def test_unrelated_figures_are_not_compared() -> None:
    other = (
        "OpenAI and SoftBank unveiled a $500 billion effort to build new data centers.\n"
        "Shenzhen is raising around $700 million for its semiconductor supply chain."
    )
    assert pair(other) == []


def test_an_untranslated_chinese_report_meets_the_english_one() -> None:
    zh = (
        "摩根士丹利研究人员预测,中国将在截至 2030 年的五年内投入 5640 亿美元用于电网建设项目,"
        "较前五年增长逾 40%。\n根据中国教育部 4 月公布的数据,全国已有 600 多所高校获批设立人工"
        "智能专业学位点,较 2019 年开设该专业的 35 所高校实现大幅增长。"
    )
    checks = check_numbers(records("000", seed_text("000")) + records("zh", zh))
    found = conflicts(checks)
    assert len(found) == 1 and "a factor of 10 apart" in found[0].explanation
    assert "5640 亿美元" in found[0].explanation
    agreed = {(c.value, c.other_value) for c in checks if c.verdict == "consistent"}
    # (35, 35) is no longer compared: with CC-CEDICT's glosses the Chinese sentence holds many
    # English words the WSJ's clause ("far exceeding 35 in 2019") does not, and their likeness
    # falls under the bar; over real EN/ZH translations the glosses make 451 comparisons where
    # the news glossary alone made 131 (benchmarks/stories.py)
    assert {(40.0, 40.0), (626.0, 600.0)} <= agreed


# No term of the news glossary and no shared Latin word: the Chinese report meets the English
# one through CC-CEDICT's glosses (沙巴 Sabah, 出生证明 birth certificate, 登记 register)
SABAH_EN = ("Sabah has issued 24,801 birth certificates so far this year, the state's registration "
            "department said on Monday.\nMost went to families in Kota Kinabalu and Sandakan.")
SABAH_ZH = "沙巴州登记局周一表示，今年至今已签发 248,010 张出生证明。\n其中大部分发给亚庇和山打根的家庭。"


def test_a_chinese_report_meets_the_english_one_through_the_dictionary(monkeypatch) -> None:
    checks = check_numbers(records("en", SABAH_EN) + records("zh", SABAH_ZH))
    slip = "24,801 vs 248,010: a factor of 10 apart, a likely scale slip; neither side is corroborated"
    assert [(c.verdict, c.explanation) for c in checks] == [("conflict", slip)]
    checks = check_numbers(records("en", SABAH_EN) + records("zh", SABAH_ZH.replace("248,010", "24,801")))
    assert [c.verdict for c in checks] == ["consistent"]
    # with the news glossary alone the two never meet
    monkeypatch.setattr(glossary, "DICTIONARY", False)
    for f in (glossary._dictionary, features.tokens, features._gloss_words, features.glossed, cross_source._near_words):
        f.cache_clear()
    try:
        assert check_numbers(records("en", SABAH_EN) + records("zh", SABAH_ZH)) == []
    finally:
        monkeypatch.undo()
        for f in (glossary._dictionary, features.tokens, features._gloss_words, features.glossed, cross_source._near_words):
            f.cache_clear()


@pytest.mark.parametrize(
    ("new", "verdict", "reason"),
    [
        ("564 亿美元", "conflict", "a factor of 10 apart"),
        ("5460 亿美元", "conflict", "likely transposed"),
        ("5600 亿美元", "consistent", "agree"),
        ("约 5600 亿美元", "consistent", "agree"),
    ],
)
def test_chinese_reports_of_one_fact(new: str, verdict: str, reason: str) -> None:
    a = "摩根士丹利研究人员预测,中国将在截至 2030 年的五年内投入 5640 亿美元用于电网建设项目,较前五年增长逾 40%。"
    checks = check_numbers(records("a", a) + records("b", a.replace("5640 亿美元", new)))
    money = [c for c in checks if c.value > 1e9]
    assert [c.verdict for c in money] == [verdict] and reason in money[0].explanation
    unrelated = "阿里巴巴今年营收 5640 亿元,同比增长 40%。"
    assert conflicts(check_numbers(records("a", a) + records("b", unrelated))) == []


def test_lookalike_figures_of_different_things_do_not_conflict() -> None:
    # two car reviews with the same vocabulary, two shop listings: similar words, other subjects
    a = (
        "A 275 horsepower electric motor is mounted at the rear, powered by an 82 kWh battery, "
        "for 406 lb-ft of torque. VW says that it is enough to reach 60 mph in 6.6 seconds.\n"
        "$15 Off Apple AirPods Pro on Amazon"
    )
    b = (
        "The US will only be getting the more powerful version of the EV. That promises 355 "
        "horsepower and 414 lb-ft of torque, and should reach 62 mph in 5.7 seconds.\n"
        "Apple AirPods Pro for $235"
    )
    checks = check_numbers(records("a", a) + records("b", b))
    assert conflicts(checks) == []


def test_different_years_different_figures_are_different_facts() -> None:
    other = BASE.replace("up from 35 universities in 2019", "up from 48 universities in 2020")
    assert conflicts(pair(other)) == []


def test_republished_copy_is_compared_not_dropped_and_blamed_on_tie() -> None:
    copy = BASE.replace("$564 billion", "$56.4 billion")
    checks = pair(copy, derived_from="a")
    found = conflicts(checks)
    assert len(found) == 1
    assert found[0].article_id == "b" and odd_one_out(found[0]) == found[0].mention_id
    assert "republishes" in found[0].explanation
    # an exact duplicate is checked too, and agrees
    dup = pair(BASE, derived_from="a")
    assert dup and all(c.verdict == "consistent" for c in dup)


def test_majority_decides_the_odd_one_out() -> None:
    recs = (
        records("a", BASE)
        + records("b", BASE.replace("$564 billion", "$56.4 billion"))
        + records("c", BASE.replace("$564 billion", "$564bn"))
    )
    found = conflicts(check_numbers(recs))
    assert found and all(c.article_id == "b" and odd_one_out(c) for c in found)


def test_output_is_deterministic_whatever_the_order_of_articles_and_paragraphs() -> None:
    recs = seed_records()
    rank = {r.mention_id: i for i, r in enumerate(recs)}
    shuffled = list(recs)
    random.Random(7).shuffle(shuffled)
    # a paragraph's own mentions keep their text order (the warehouse reads them by position)
    by_para: dict[tuple[str, int], list[MentionRecord]] = {}
    for r in shuffled:
        by_para.setdefault((r.article_id, r.seq), []).append(r)
    interleaved = [
        r for group in by_para.values() for r in sorted(group, key=lambda r: rank[r.mention_id])
    ]
    assert interleaved != recs
    assert check_numbers(interleaved) == check_numbers(recs)
    assert len(set(check_numbers(recs))) == len(check_numbers(recs))  # hashable, distinct


def test_no_mentions_no_checks() -> None:
    assert check_numbers([]) == []


# ------------------------------------------------------------------------------ internal


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Revenue rose from $400 million to $500 million, an increase of 25%.", "consistent"),
        ("Revenue rose from $400 million to $500 million, an increase of 52%.", "conflict"),
        ("Profit was $5 billion, up 25% from $4 billion a year earlier.", "consistent"),
        ("Profit was $5 billion, up 52% from $4 billion a year earlier.", "conflict"),
        ("Users grew from 1.2 million to 1.5 million, a 25% jump.", "consistent"),
        ("营收从 400 亿元增至 500 亿元，增长 25%。", "consistent"),
        ("营收从 400 亿元增至 500 亿元，增长 35%。", "conflict"),
        ("Turnout rose from 40% to 50%, a rise of 10 percentage points.", "consistent"),
        ("Turnout rose from 40% to 50%, a rise of 20 percentage points.", "conflict"),
    ],
)
def test_a_texts_own_arithmetic_is_checked(text: str, verdict: str) -> None:
    checks = check_numbers(records("a", text))
    assert [(c.kind, c.verdict) for c in checks] == [("internal", verdict)]
    assert checks[0].other_article_id == "a"
    if verdict == "conflict":
        assert "does not hold" in checks[0].explanation


def test_figures_side_by_side_without_stated_arithmetic_are_not_checked() -> None:
    text = "China will have 82% of AI chips from domestic makers by 2027, up from 34% in 2024."
    assert check_numbers(records("a", text)) == []


# ------------------------------------------------------------------------------ properties

_SENTENCES = [
    "Morgan Stanley said China will spend {v} on grid construction by {y}.",
    "The ministry said {v} universities offer AI degrees, up from {w} in {y}.",
    "Huawei and {v} other enterprises aim for a self-sufficiency rate of {p} by {y}.",
    "Capacity is about {m} that of the United States.",
    "摩根士丹利预测，中国将在 {y} 年前投入 {z} 用于电网建设，增长逾 {p}。",
]


@st.composite
def _articles(draw: st.DrawFn) -> list[MentionRecord]:
    out: list[MentionRecord] = []
    for a in range(draw(st.integers(1, 4))):
        lines = []
        for _ in range(draw(st.integers(1, 4))):
            t = draw(st.sampled_from(_SENTENCES))
            lines.append(
                t.format(
                    v=draw(
                        st.sampled_from(
                            [
                                "$564 billion",
                                "$56.4 billion",
                                "626",
                                "600",
                                "more than 600",
                                "2,000",
                                "564 billion yuan",
                            ]
                        )
                    ),
                    w=draw(st.sampled_from(["35", "53", "350"])),
                    y=draw(st.sampled_from(["2019", "2030", "2028"])),
                    p=draw(st.sampled_from(["40%", "70%", "7%", "40 percentage points"])),
                    m=draw(st.sampled_from(["2.5 times", "25 times", "3.5 times"])),
                    z=draw(st.sampled_from(["5640 亿美元", "564 亿美元", "5640 亿元"])),
                )
            )
        text = "\n".join(lines)
        derived = draw(st.sampled_from([None, "art0"])) if a else None
        out += records(f"art{a}", text, bilingual=True, derived_from=derived)
    return out


@settings(max_examples=60, deadline=None)
@given(_articles())
def test_checks_are_well_formed_and_deterministic(recs: list[MentionRecord]) -> None:
    checks = check_numbers(recs)
    by_id = {r.mention_id: r for r in recs}
    for c in checks:
        assert c.kind in ("translation", "cross_source", "internal")
        assert c.verdict in ("consistent", "conflict") and c.explanation
        a, b = by_id[c.mention_id], by_id[c.other_mention_id or ""]
        assert (a.article_id, b.article_id) == (c.article_id, c.other_article_id)
        assert (a.value, b.value) == (c.value, c.other_value) and a is not b
        assert (a.article_id == b.article_id) == (c.kind != "cross_source")
        if c.verdict == "conflict" and odd_one_out(c):
            assert odd_one_out(c) == c.mention_id
    reordered = [r for group in reversed(_by_paragraph(recs)) for r in group]
    assert check_numbers(reordered) == checks
    ids = [(c.kind, c.mention_id, c.other_mention_id) for c in checks]
    assert len(ids) == len(set(ids))  # the pipeline's check_id stays unique


def _by_paragraph(recs: list[MentionRecord]) -> list[list[MentionRecord]]:
    groups: dict[tuple[str, int], list[MentionRecord]] = {}
    for r in recs:
        groups.setdefault((r.article_id, r.seq), []).append(r)
    return list(groups.values())


# --------------------------------------------------------------------------------- scale


def _synthetic_warehouse(n_articles: int) -> list[MentionRecord]:
    """Articles on many subjects: a few share a subject (and a fact), most share nothing."""
    rng = random.Random(1)
    vocab = [f"topic{i}" for i in range(3000)]
    common = ["china", "market", "government", "company", "report", "growth", "bank"]
    out: list[MentionRecord] = []
    for a in range(n_articles):
        subject = rng.sample(vocab, 6) if a % 4 else rng.sample(vocab[:40], 6)
        for seq in range(4):
            words = rng.sample(common, 3) + subject[seq : seq + 3]
            value = rng.choice([12, 35, 600, 4.5e9, 40])
            text = (
                f"The {words[0]} {words[3]} {words[4]} said {value:g} {words[1]} "
                f"{words[5]} rose {rng.randint(1, 90)}% with {words[2]}."
            )
            out += [
                replace(r, seq=seq, mention_id=f"{a}:{seq}:{k}")
                for k, r in enumerate(records(f"art{a:05d}", text))
            ]
    return out


def test_thousands_of_articles_are_checked() -> None:
    """At scale the candidate streaming still compares the articles sharing subjects (its
    speed is measured by benchmarks/throughput.py, not here)."""
    recs = _synthetic_warehouse(2000)
    assert len(recs) > 12000
    checks = check_numbers(recs)
    assert checks  # the articles sharing subjects are compared

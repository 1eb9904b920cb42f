"""Number extraction: normalisation to base units in English and Chinese, and what is left out."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.numbers import detect_script, extract_numbers

# every test builds the patterns afresh (tests/conftest.py: mutation testing sees their building)
pytestmark = pytest.mark.usefixtures("fresh_number_patterns")

B, M, T = 1e9, 1e6, 1e12

# (text, expected mention text, value, unit, qualifier)
CASES = [
    # the seeds' facts
    (
        "China will invest $56.4 billion to build a power grid",
        "$56.4 billion",
        56.4 * B,
        "USD",
        "exact",
    ),
    ("It is spending $564 billion on grid construction", "$564 billion", 564 * B, "USD", "exact"),
    ("中国将在五年内投入 5640 亿美元用于电网建设项目", "5640 亿美元", 564 * B, "USD", "exact"),
    ("there are 626 regular universities", "626", 626, None, "exact"),
    ("approved more than 600 colleges", "more than 600", 600, None, "more_than"),
    ("全国已有 600 多所高校获批", "600 多", 600, None, "more_than"),
    ("about 2.5 times as much capacity", "about 2.5 times", 2.5, "x", "approx"),
    ("装机容量约为美国的 2.5 倍", "2.5 倍", 2.5, "x", "exact"),
    ("an increase of more than 40% from", "more than 40%", 40, "%", "more_than"),
    ("较前五年增长逾 40%。", "逾 40%", 40, "%", "more_than"),
    ("正筹集约 7 亿美元资金", "约 7 亿美元", 7e8, "USD", "approx"),
    ("raising around $700 million to invest", "around $700 million", 7e8, "USD", "approx"),
    ("800 余家企业参与", "800 余", 800, None, "more_than"),
    ("超过半数的研究人员", "超过半数", 50, "%", "more_than"),
    ("More than half of these researchers", "More than half", 50, "%", "more_than"),
    ("Huawei and 2,000 other enterprises", "2,000", 2000, None, "exact"),
    ("华为联合 2000 家企业共同推进", "2000", 2000, None, "exact"),
    # separators and decimals
    ("a total of 1,234,567 votes", "1,234,567", 1234567, None, "exact"),
    ("a rate of 0.75 per cent", "0.75 per cent", 0.75, "%", "exact"),
    ("output of 12,345.6 tonnes", "12,345.6 tonnes", 12345600, "kg", "exact"),
    # English scales
    ("a $3 trillion economy", "$3 trillion", 3 * T, "USD", "exact"),
    ("revenue of $4.5bn", "$4.5bn", 4.5 * B, "USD", "exact"),
    ("a £400m deal", "£400m", 400 * M, "GBP", "exact"),
    ("€3.2 bn in bonds", "€3.2 bn", 3.2 * B, "EUR", "exact"),
    ("10k runners took part", "10k", 10000, None, "exact"),
    ("five thousand workers", "five thousand", 5000, None, "exact"),
    ("2.3 million people", "2.3 million", 2.3 * M, None, "exact"),
    ("a billion dollars", "a billion dollars", B, "USD", "exact"),
    ("twenty-five banks", "twenty-five", 25, None, "exact"),
    ("two hundred firms", "two hundred", 200, None, "exact"),
    # currencies by symbol, code and word
    ("over US$100 billion as of May", "over US$100 billion", 100 * B, "USD", "more_than"),
    ("RMB 30 billion in loans", "RMB 30 billion", 30 * B, "CNY", "exact"),
    ("300 billion yuan of bonds", "300 billion yuan", 300 * B, "CNY", "exact"),
    ("5 billion renminbi", "5 billion renminbi", 5 * B, "CNY", "exact"),
    ("USD 20 million", "USD 20 million", 20 * M, "USD", "exact"),
    ("40 million euros", "40 million euros", 40 * M, "EUR", "exact"),
    ("2 million pounds", "2 million pounds", 2 * M, "GBP", "exact"),
    ("¥2 trillion in Japanese bonds", "¥2 trillion", 2 * T, "JPY", "exact"),
    ("500 billion yen", "500 billion yen", 500 * B, "JPY", "exact"),
    ("花费 ¥300 万", "¥300 万", 3e6, "CNY", "exact"),
    ("三百亿元的投资", "三百亿元", 3e10, "CNY", "exact"),
    ("1.4 万亿元", "1.4 万亿元", 1.4e12, "CNY", "exact"),
    ("500 亿人民币", "500 亿人民币", 5e10, "CNY", "exact"),
    ("5 億美元", "5 億美元", 5e8, "USD", "exact"),
    ("3 兆日元", "3 兆日元", 3e12, "JPY", "exact"),
    ("20 亿欧元", "20 亿欧元", 2e9, "EUR", "exact"),
    ("10 万英镑", "10 万英镑", 1e5, "GBP", "exact"),
    ("两千家企业", "两千", 2000, None, "exact"),
    ("五百万人", "五百万", 5e6, None, "exact"),
    ("三点五倍", "三点五倍", 3.5, "x", "exact"),
    ("50 万以上", "50 万以上", 5e5, None, "more_than"),
    ("1000多亿元", "1000多亿元", 1e11, "CNY", "more_than"),
    # percent and percentage points
    ("78 percent of models", "78 percent", 78, "%", "exact"),
    ("rose 3 percentage points", "3 percentage points", 3, "pp", "exact"),
    ("百分之十五的增长", "百分之十五", 15, "%", "exact"),
    ("百分之 2.5", "百分之 2.5", 2.5, "%", "exact"),
    ("上升约 20 个百分点", "约 20 个百分点", 20, "pp", "approx"),
    ("近 5 成企业", "近 5 成", 50, "%", "approx"),
    ("占比 34％", "34％", 34, "%", "exact"),
    # multipliers
    ("a three-fold rise", "three-fold", 3, "x", "exact"),
    ("grew 10-fold", "10-fold", 10, "x", "exact"),
    ("a 2.5x jump", "2.5x", 2.5, "x", "exact"),
    ("twice as many", "twice", 2, "x", "exact"),
    ("增长 3 倍", "3 倍", 3, "x", "exact"),
    # fractions and words
    ("three-quarters of the staff", "three-quarters", 75, "%", "exact"),
    ("a third of them", "a third", 100 / 3, "%", "exact"),
    ("a dozen banks", "a dozen", 12, None, "exact"),
    ("two dozen eggs", "two dozen", 24, None, "exact"),
    ("三分之二的企业", "三分之二", 200 / 3, "%", "exact"),
    ("一半以上", "一半以上", 50, "%", "more_than"),
    # approximation and bounds
    ("about 5,000 people", "about 5,000", 5000, None, "approx"),
    ("nearly 60% of", "nearly 60%", 60, "%", "approx"),
    ("at least 12 ships", "at least 12", 12, None, "more_than"),
    ("up to 30% of", "up to 30%", 30, "%", "less_than"),
    ("fewer than 100 cases", "fewer than 100", 100, None, "less_than"),
    ("some 40 companies", "some 40", 40, None, "approx"),
    ("600+ staff", "600+", 600, None, "more_than"),
    ("50 or more firms", "50 or more", 50, None, "more_than"),
    # a dimension word between a measure and its qualifier ('can reach 6 feet tall or more');
    # a count keeps its own ('5 years old or older' is no measure)
    ("trees that reach 6 feet tall or more", "6 feet tall or more", 1.8288, "m", "more_than"),
    ("a pit 2 metres deep or so", "2 metres deep or so", 2, "m", "approx"),
    ("he is 6 feet tall and 30", "6 feet", 1.8288, "m", "exact"),
    ("over 300 delegates", "over 300", 300, None, "more_than"),
    ("约 300 人", "约 300", 300, None, "approx"),
    ("近 200 家", "近 200", 200, None, "approx"),
    ("逾 500 名", "逾 500", 500, None, "more_than"),
    ("超过 1000 人", "超过 1000", 1000, None, "more_than"),
    ("100 人以下", "100 人以下", 100, None, "less_than"),
    ("不到 10%", "不到 10%", 10, "%", "less_than"),
    ("增长 20% 左右", "20% 左右", 20, "%", "approx"),
    ("more than 2000 authors", "more than 2000", 2000, None, "more_than"),
    # signs and K
    ("shares fell -5.44% on Friday", "-5.44%", -5.44, "%", "exact"),
    ("a $10K bonus", "$10K", 1e4, "USD", "exact"),
    # the longest unit wins: kilowatt-hours, not kilowatts; the whole currency name
    ("每户用电 5 千瓦时", "5 千瓦时", 1.8e7, "J", "exact"),
    ("奖金 500 元人民币", "500 元人民币", 500, "CNY", "exact"),
    ("a fine of 5 pounds sterling", "5 pounds sterling", 5, "GBP", "exact"),
    # a scale word after a Chinese decimal, simplified and traditional (was read as a bare 3.5)
    ("投资三点五亿美元", "三点五亿美元", 3.5e8, "USD", "exact"),
    ("投資三點五億美元", "三點五億美元", 3.5e8, "USD", "exact"),
    ("投资二点五万亿元", "二点五万亿元", 2.5 * T, "CNY", "exact"),
    # traditional numerals
    ("共有五萬人參加", "五萬", 5e4, None, "exact"),
    ("投資三十億美元", "三十億美元", 3e9, "USD", "exact"),
    # temperatures written onto the digits; a measure with a qualifier after it
    ("a high of 30C today", "30C", 30, "°C", "exact"),
    ("it hit 77F", "77F", 25, "°C", "exact"),
    ("全长 50 公里左右", "50 公里左右", 5e4, "m", "approx"),
    ("面积 300 公顷以上", "300 公顷以上", 3e6, "m2", "more_than"),
]


@pytest.mark.parametrize(("text", "span", "value", "unit", "qualifier"), CASES)
def test_normalises_to_base_units(
    text: str, span: str, value: float, unit: str | None, qualifier: str
) -> None:
    found = extract_numbers(text)
    assert found, f"nothing found in {text!r}"
    m = next((m for m in found if m.text == span), None)
    assert m is not None, f"{span!r} not among {[x.text for x in found]}"
    assert m.value == pytest.approx(value, rel=1e-5)
    assert (m.unit, m.qualifier) == (unit, qualifier)
    assert text[m.start : m.end] == m.text


RANGES = [
    ("only 10 to 15 percent of models", (10, 15), "%"),
    ("between 10 and 15 percent", (10, 15), "%"),
    ("a 10-15% share", (10, 15), "%"),
    ("$5-6 billion in aid", (5e9, 6e9), "USD"),
    ("eat every 2–3 hours", (2, 3), None),
    ("Covers 29 to 54 stations", (29, 54), None),
    ("5 to 6 billion dollars", (5e9, 6e9), "USD"),
    ("占比 10%至15%", (10, 15), "%"),
    ("10至15%的份额", (10, 15), "%"),
]


@pytest.mark.parametrize(("text", "bounds", "unit"), RANGES)
def test_ranges_give_both_ends(text: str, bounds: tuple[float, float], unit: str) -> None:
    found = [(m.value, m.unit, m.qualifier) for m in extract_numbers(text)]
    assert found == [(bounds[0], unit, "range_low"), (bounds[1], unit, "range_high")]


def test_a_change_from_one_value_to_another_is_not_a_range() -> None:
    found = extract_numbers("rose from 10 to 15 percent")
    assert [(m.value, m.unit, m.qualifier) for m in found] == [
        (10, "%", "exact"),
        (15, "%", "exact"),
    ]


NOT_QUANTITIES = [
    "The 2025 World Artificial Intelligence Conference opened.",
    "It grew between 2017 and 2021, and again in 2024.",
    "The Wall Street Journal, July 29 article",
    "Appeared in the July 30, 2025, print edition",
    "这是用户在 2025-7-30 19:56 为 https://www.wsj.com/tech/ai/x-5b23af51?mod=e2tw 保存的",
    "2025 年 7 月 30 日印刷版标题",
    "美国政府四月份对英伟达 H20 人工智能芯片实施出口限制",
    "Sales of Nvidia’s H20 AI chips to China were recently restored",
    "strategic initiatives like AI+5 by 2035",
    "Alibaba’s Qwen3 and GPT-4 and COVID-19 and 5G networks and 3D printing",
    "Copyright ©2025 Dow Jones & Company, Inc. 87990cbe856818d5eddac44c7b1cdeb8",
    "He served as the 45th president; it was the third workshop; the 1990s.",
    "Google’s Gemini 2.5 Breakthrough and Motorola’s Razr 2025 lineup",
    "Call +1 (212) 555-1234 or 010-12345678 or 13800138000 at 10:30 pm.",
    "See No. 5 and page 12.",
    "第三次会议于 3 月 5 日举行，十分重要，一家公司，数十亿美元，唯一，之一",
    "the number-one factor, one startup, one of the key differences",
    "dozens of countries and thousands of people and billions of dollars",
    "Original: https://www.toutiao.com/article/7533457713548886563/",
    "write to raffaele.huang@wsj.com",
    "a lower risk of obesity (36) and [12]",
    "money from your 401(k) account",
    "a 4K LED TV",
    "its 2002-03 regular season",
    "102年度运动会于12月1日举行，从民国94年起，八十八年四月",
    "报名日期：102年05月08日中午12:00开始；2013年1-9月；21世纪",
]


def test_times_is_a_multiplier_only_in_a_comparison() -> None:
    assert [m.unit for m in extract_numbers("He was intercepted three times and lost")] == [None]
    assert [m.unit for m in extract_numbers("three times as many as before")] == ["x"]
    assert extract_numbers("an order of 777x jets") == []


def test_scores_and_records_are_not_ranges() -> None:
    found = extract_numbers("They lost 4-7, 3-4 on the road.")
    assert all(m.qualifier == "exact" for m in found)


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_years_dates_ordinals_and_identifiers_are_left_out(text: str) -> None:
    assert [m.text for m in extract_numbers(text)] == []


def test_language_hint_decides_the_yen_sign() -> None:
    assert extract_numbers("¥300 million", "en")[0].unit == "JPY"
    assert extract_numbers("¥300 million", "zh")[0].unit == "CNY"


def test_mentions_come_in_text_order_without_overlap() -> None:
    text = "It is spending $564 billion in the five years up to 2030, up more than 40%."
    found = extract_numbers(text)
    assert [m.text for m in found] == ["$564 billion", "five", "more than 40%"]
    assert all(a.end <= b.start for a, b in pairwise(found))


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789 ,.$%-亿万元倍多余约十百千两三五年月日abcmilonbtxhfprUS+¥€£:/")
        ),
        max_size=60,
    )
)
def test_never_raises_and_offsets_slice_back_number_heavy(text: str) -> None:
    for m in extract_numbers(text):
        assert text[m.start : m.end] == m.text
        assert m.value == m.value  # not NaN


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from([None, "en", "zh", "fr"]))
def test_never_raises_and_offsets_slice_back_any_text(text: str, lang: str | None) -> None:
    for m in extract_numbers(text, lang):
        assert text[m.start : m.end] == m.text


def test_patterns_built_afresh_from_the_lexicon_give_the_same_figures() -> None:
    """The patterns are compiled from data/numbers.toml once per process, on first use; a fresh
    build extracts every case above the same way. (This is also the only test that builds them
    again: mutation testing forks its workers after the first build, so a planted bug in the
    pattern building is seen here or nowhere.)"""
    from monitor import numbers

    numbers._patterns.cache_clear()
    try:
        for text, span, value, unit, qualifier in CASES:
            m = next((m for m in extract_numbers(text) if m.text == span), None)
            assert m is not None, (text, span)
            assert (m.value, m.unit, m.qualifier) == (
                pytest.approx(value, rel=1e-5),
                unit,
                qualifier,
            )
        for text, bounds, unit in RANGES:
            found = [(m.value, m.unit, m.qualifier) for m in extract_numbers(text)]
            assert found == [(bounds[0], unit, "range_low"), (bounds[1], unit, "range_high")], text
        for text in NOT_QUANTITIES:
            assert extract_numbers(text) == [], text
        assert extract_numbers("¥300 million", "en")[0].unit == "JPY"
        assert [m.unit for m in extract_numbers("three times as many as before")] == ["x"]
    finally:
        numbers._patterns.cache_clear()


def _figures(text: str) -> list[tuple[str, float, str | None]]:
    return [(m.text, float(m.value), m.unit) for m in extract_numbers(text)]


def test_pounds_are_a_weight_only_after_a_weighing_word() -> None:
    """ "weighed 8 pounds" is 3.63 kg, "fined 8 pounds" is money; the weighing word may open the
    text or stand up to four words and 40 characters before the figure."""
    assert _figures("Weighed 8 pounds at birth.") == [("8 pounds", pytest.approx(3.62873896), "kg")]
    assert _figures("The parcel weighed about 8 pounds.")[0][1:] == (
        pytest.approx(3.62873896),
        "kg",
    )
    assert _figures("The fine was 8 pounds.") == [("8 pounds", 8.0, "GBP")]
    # a weighing word five words back, or beyond 40 characters, speaks of something else
    assert _figures("Over the weight limit, baggage now costs 8 pounds.")[0][2] == "GBP"
    assert _figures("It weighed in at just 8 pounds.")[0][2] == "kg"
    assert _figures("weighed, disappointingly, unexpectedly, 8 pounds")[0][2] == "kg"  # 40 back
    assert _figures("weighed, disappointingly, unexpectedly,  8 pounds")[0][2] == "GBP"  # 41


def test_a_capitalised_word_names_a_product_unless_it_opens_a_sentence() -> None:
    """ "Gemini 2.5" is a model name, not a figure, except where the capital only marks a new
    sentence; a number in a headline's opening quote is a count."""
    assert _figures("Version 2 is out. Gemini 2.5 is here.") == [("2.5", 2.5, None)]
    assert _figures("A Gemini 2.5 phone was shown.") == []
    assert _figures("SpaceX Starship 2 launched.") == []
    assert _figures("#Gemini 2.5 is trending.") == []
    # "300 Boeing" would read as a model ("a 737 Max") inside a sentence, not at its opening
    assert _figures("“300 Boeing Jets Ordered,” the paper said.") == [("300", 300.0, None)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("She bought half a dozen eggs.", 6),
        ("a dozen eggs", 12),
        ("three dozen eggs", 36),
        ("Dozen injured in crash", 12),
        ("twenty-five hundred workers", 2500),
        ("A hundred people came.", 100),
    ],
)
def test_number_words_dozens_and_hundreds(text: str, value: float) -> None:
    assert [m.value for m in extract_numbers(text)] == [value]


def test_a_spaced_single_letter_is_no_unit() -> None:
    """"3 m people" is not three metres, "5 C" not a temperature."""
    assert [m.unit for m in extract_numbers("3 m people")] == [None]
    assert [m.unit for m in extract_numbers("rated 5 C or better")] == [None]


def test_four_digits_are_a_count_or_a_year_by_their_neighbours() -> None:
    """A qualified or counted four-digit number is a count; after a year word ("since", "in")
    or a date's comma it is a year."""
    assert [m.value for m in extract_numbers("Nearly 2000 of them signed.")] == [2000]
    assert [m.value for m in extract_numbers("police arrested 1200 protesters")] == [1200]
    assert extract_numbers("Since 2010 students have protested.") == []
    assert extract_numbers("the September 11, 2001 attacks") == []
    assert extract_numbers("after the Sept. 11, 2001 attacks") == []
    # a date's comma before a counted noun still makes the number a year, even at the start
    assert extract_numbers("May 1, 2019 workers marched.") == []
    assert extract_numbers("By June 30, 2020 students had returned.") == []
    # a comma that ends a place or a day, not a date, leaves the count a count
    assert [m.value for m in extract_numbers("In Paris, 1200 protesters marched.")] == [1200]
    assert [m.value for m in extract_numbers("On Tuesday, 1500 workers walked out.")] == [1500]


@pytest.mark.parametrize(
    "text",
    ["会议于10时30分开始", "order 12345678 was shipped", "Issue #42 was closed", "upgrade to 3.1.4 now"],
)
def test_clock_times_ids_and_versions_are_no_figures(text: str) -> None:
    assert extract_numbers(text) == []


def test_a_seven_digit_count_is_a_figure() -> None:
    assert [m.value for m in extract_numbers("they sold 1234567 copies")] == [1234567]


def _read(text: str) -> list[tuple[float, str | None, str]]:
    return [(m.value, m.unit, m.qualifier) for m in extract_numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a pair that is no range does not stop the ranges after it in the sentence
        (
            "3 people said the survey found 10 to 15 percent",
            [(3, None, "exact"), (10, "%", "range_low"), (15, "%", "range_high")],
        ),
        (
            "Ravens went 4-7 on the road; the survey found 10 to 15 percent",
            [(4, None, "exact"), (7, None, "exact"), (10, "%", "range_low"), (15, "%", "range_high")],
        ),
        (
            "It rose 5% to $10 billion, and the survey found 10 to 15 percent",
            [(5, "%", "exact"), (1e10, "USD", "exact"), (10, "%", "range_low"), (15, "%", "range_high")],
        ),
        (
            "The court ruled 7 to 2, and the survey found 10 to 15 percent",
            [(7, None, "exact"), (2, None, "exact"), (10, "%", "range_low"), (15, "%", "range_high")],
        ),
        (
            "about 5 to 10 percent, and the survey found 10 to 15 percent",
            [(5, "%", "approx"), (10, "%", "exact"), (10, "%", "range_low"), (15, "%", "range_high")],
        ),
        (
            "5 to 10+ people came; the survey found 10 to 15 percent",
            [(5, None, "exact"), (10, None, "more_than"), (10, "%", "range_low"), (15, "%", "range_high")],
        ),
        (
            "Sales rose 10 to 15 percent; the survey found 10 to 15 percent",
            [(10, "%", "exact"), (15, "%", "exact"), (10, "%", "range_low"), (15, "%", "range_high")],
        ),
        # a range from zero; a range across scale words
        ("0 to 10 percent", [(0, "%", "range_low"), (10, "%", "range_high")]),
        ("500 million to 1.2 billion dollars", [(5e8, "USD", "range_low"), (1.2e9, "USD", "range_high")]),
        # not ranges: a change from one value to another, a larger first figure, a score
        ("5 billion to 6", [(5e9, None, "exact"), (6, None, "exact")]),
        ("Shares rose 5% to 120", [(5, "%", "exact"), (120, None, "exact")]),
        ("from 10 to 15 percent", [(10, "%", "exact"), (15, "%", "exact")]),
        ("从10到15%", [(10, "%", "exact"), (15, "%", "exact")]),
        ("由10%至15%", [(10, "%", "exact"), (15, "%", "exact")]),
        ("Ravens went 4-7 on the road", [(4, None, "exact"), (7, None, "exact")]),
    ],
)
def test_which_pairs_of_figures_are_ranges(text, expected):
    assert _read(text) == expected


def test_fahrenheit_is_read_in_celsius_to_the_hundredth():
    assert _read("It was 100F in Phoenix") == [(37.78, "°C", "exact")]


def test_a_missing_cell_or_an_odd_letter_is_no_crash():
    # a pandas cell without text is NaN (a float, truthy): no figures, no error
    assert extract_numbers(float("nan")) == []
    assert extract_numbers(None) == []
    # the long s (ſ) matches "s" under re.IGNORECASE but lowers to itself
    assert _read("ſ prices rose twice, to 5 million") == [(2, "x", "exact"), (5e6, None, "exact")]


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("投资三亿美元", "zh"),
        ("GDP增长", "zh"),  # two Chinese characters, three Latin letters: 4 >= 3
        ("GDPs增长", "zh"),  # 4 >= 4
        ("GDP 增", "en"),  # one Chinese character, three Latin letters: 2 < 3
        ("12345", "en"),
        ("", "en"),
        ("the deal was worth 5 million", "en"),
    ],
)
def test_the_script_of_a_text(text, script):
    assert detect_script(text) == script


# What is not a quantity, rule by rule (issue 24: each sentence pins one rule of
# _is_not_quantity at its edge, where a slip would show a user a year, a date, a clock time or
# a model name as a figure, or drop a real one).
NOT_A_FIGURE_EDGES = [
    # a clock time: minutes after an hour ("2小时30分钟": 30 is the minutes of 2 hours)
    ("飞行时间为2小时30分钟。", [(2, None, "exact")]),
    ("每天10分钟，就能学会。", [(10, None, "exact")]),
    # a letter right before the digits: an identifier, also at the text's second character
    ("G7峰会在日本举行。", []),
    ("F-35 fighter jets arrived.", []),
    ("Donald Trump leads by +32 points in Florida.", [(32, None, "exact")]),
    # a score in the same sentence leaves a percentage a percentage
    ("They won 3-1, with 60% of possession.", [(60, "%", "exact")]),
    # four digits from 1000 to 2199 alone are a year; 2200 is a count
    ("In 1000, the Vikings reached America.", []),
    ("The comet will return in 2199.", []),
    ("The new concert hall seats 2200.", [(2200, None, "exact")]),
    ("2019至今，公司营收翻番。", []),
    # a time of day: "pm" after the number, not a text that opens with "PM"
    ("The meeting starts at 5 pm.", []),
    ("PM Modi said 300 people attended.", [(300, None, "exact")]),
    # a capitalised word before money is no model name ("Gemini 2.5")
    ("The airline paid Boeing $500,000 in fees.", [(5e5, "USD", "exact")]),
    # a month before or after a day, abbreviated, at a sentence's opening
    ("It rained all week. Sept. 30 was the first dry day.", []),
    ("May 31 is the deadline for filing.", []),
    ("The vote is on 5 May, and the count until 31 May.", []),
    # a possessive is no name, in either apostrophe
    ("Sales fell at Samsung’s 300 shops and at Apple's 500 stores.", [(300, None, "exact"), (500, None, "exact")]),
    # the capitalised word is the one right before the number, not the same word elsewhere
    ("A Gemini 2.5 phone was shown. Gemini is a model.", []),
    ("Gemini is new. A Gemini 2.5 phone was shown.", []),
    # a name after a number from 100 up ("the 100 Club"), but a plural is counted
    ("She sang at the 100 Club in London.", []),
    ("The film tells of the 300 Spartans at Thermopylae.", [(300, None, "exact")]),
    # Chinese: vague 数十, a month written in numerals, a text opening with 日本
    ("数十名学生参加了活动。", []),
    ("会议将于十二月举行。", []),
    ("日本共有47个都道府县。", [(47, None, "exact")]),
    # a clock time opening the text; a citation mark right after or before a figure is no
    # part of it (the masks are read around each figure only)
    ("3:40 p.m. was the time of the blast.", []),
    ("The town had a population of 12,000[3] in 2010.", [(12000, None, "exact")]),
    ("据统计[1]三百万人参加了活动。", [(3e6, None, "exact")]),
]


@pytest.mark.parametrize(("text", "expected"), NOT_A_FIGURE_EDGES, ids=[f"edge{i}" for i in range(len(NOT_A_FIGURE_EDGES))])
def test_what_is_not_a_figure_at_the_edges_of_each_rule(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The law took effect on 2025-07-30.",
        "It was signed on 30/07/2025.",
        "Quote reference 10/12/21.",
        "Profits doubled in 2002-03.",
    ],
    ids=["iso", "dmy", "short", "season"],
)
def test_a_date_at_the_end_of_a_sentence_gives_no_figures(text):
    """The full stop after a date is no decimal point: the day, month and year stay out."""
    assert extract_numbers(text) == []


def test_a_version_or_an_address_after_a_date_shape_is_still_no_date():
    assert [m.value for m in extract_numbers("It rose 3.5% on 2025-07-30.")] == [3.5]
    assert extract_numbers("版本 1.2.3.4 发布") == []


def test_a_year_of_an_era_is_no_figure_with_or_without_spaces():
    """公元前 221 年 is a year however it is spaced (the era word may stand a space before it)."""
    assert extract_numbers("公元前221年，秦始皇统一六国。") == []
    assert extract_numbers("公元前 221 年，秦始皇统一六国。") == []
    assert extract_numbers("据记载，公元前 221 年秦统一六国。") == []
    assert extract_numbers("公元 8 年，王莽称帝。") == []


def test_four_digits_are_a_year_unless_a_measure_word_follows_in_either_language():
    """The measure words are Chinese characters: any other follower leaves four digits a year."""
    from monitor.numbers import lexicon

    assert all("\u3400" <= c <= "\u9fff" for c in lexicon()["zh"]["measure_words"])
    assert [m.value for m in extract_numbers("华为联合 2000 家企业", "en")] == [2000]
    assert extract_numbers("2019年营收增长", "en") == []
    assert extract_numbers("2019 revenue rose", "zh") == []
    assert extract_numbers("截至2019，营收翻番", "zh") == []


def _spans(text: str) -> list[tuple[str, float, str | None, str]]:
    return [(m.text, m.value, m.unit, m.qualifier) for m in extract_numbers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 一半 is an exact half; with 以上 it is more than half, and the mention ends there
        ("我只收到一半", [("一半", 50, "%", "exact")]),
        (
            "牛仔队的球迷占了一半以上，从看台上就可以看出。",
            [("一半以上", 50, "%", "more_than")],
        ),
        # a measure with 左右 ends at 左右, and the figure after it is read on its own
        (
            "全长 50 公里左右，耗资 3 亿元。",
            [("50 公里左右", 5e4, "m", "approx"), ("3 亿元", 3e8, "CNY", "exact")],
        ),
        # the dollar sign belongs to the amount even when "dollars" follows the scale
        (
            "The PAC spent $1.3 million dollars ahead of the primary.",
            [("$1.3 million dollars", 1.3e6, "USD", "exact")],
        ),
        # "one won't" is no Korean won
        ("The next one won't come soon, or easily.", []),
        # a score four words back makes "14-7" no figures, not the points scored after it
        (
            "The Eagles led 14-7 at halftime before scoring 24 points in the third quarter.",
            [("24", 24, None, "exact")],
        ),
    ],
    ids=["half", "more-than-half", "measure-then-money", "sign-and-word", "won", "score"],
)
def test_spans_units_and_qualifiers_as_a_reader_sees_them(text, expected):
    assert _spans(text) == expected


def _en_words() -> dict[str, int]:
    from monitor.numbers import lexicon

    return dict(lexicon()["en"]["words"])


def test_every_number_word_of_the_lexicon_reads_as_its_value():
    """Each English number word alone, each tens word with each unit ("sixty-eight") and each
    word before "dozen" gives its value: the word patterns are built from the lexicon, so a
    word dropped or mangled there would vanish from every report quietly. "one" alone needs a
    unit ("one startup" is no figure)."""
    words = _en_words()
    for w, v in words.items():
        expected = [] if w == "one" else [(w, float(v))]
        got = [(m.text, m.value) for m in extract_numbers(f"Officials said {w} people were hurt.")]
        assert got == expected, w
    tens = [w for w, v in words.items() if v >= 20 and v % 10 == 0]
    units = [w for w, v in words.items() if 1 <= v <= 9]
    for t in tens:
        for u in units:
            text = f"Officials said {t}-{u} people were hurt."
            assert [(m.text, m.value) for m in extract_numbers(text)] == [
                (f"{t}-{u}", float(words[t] + words[u]))
            ], text
    for w, v in words.items():
        if 1 <= v <= 19:
            text = f"They bought {w} dozen eggs."
            assert [m.value for m in extract_numbers(text)] == [12.0 * v], text


def test_a_times_sign_or_a_glued_unit_of_capitals():
    """"3X" is a multiplier like "3x"; "5000mAh" is a battery's charge, no length in metres;
    Zimbabwe dollars (Z$) are no currency the warehouse models."""
    assert _read("a 3X zoom lens") == [(3, "x", "exact")]
    assert extract_numbers("The phone has a 5000mAh battery.") == []
    assert extract_numbers("Prices in Z$500 notes rose.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ſeven people died", [(7, None, "exact")]),
        ("twenty-ſix people", [(26, None, "exact")]),
        ("two-thirdſ of voters", [(pytest.approx(200 / 3, rel=1e-5), "%", "exact")]),
        ("Thİrty people came", [(30, None, "exact")]),
        ("ſix dozen eggs", [(72, None, "exact")]),
        # scale words, units and qualifiers so matched were looked up unfolded: a crash
        ("5 thouſand people", [(5000, None, "exact")]),
        ("5 bİllion dollars", [(5e9, "USD", "exact")]),
        ("three timeſ as many", [(3, "x", "exact")]),
        ("almoſt 5 people", [(5, None, "approx")]),
        ("ſome 40 firms", [(40, None, "approx")]),
        ("a quarter of a mİllion visitors", [(2.5e5, None, "exact")]),
        # the gate before the scan of "twice" sees the word as re does, not as str.lower()
        ("Twİce as many came.", [(2, "x", "exact")]),
    ],
    ids=[
        "long-s",
        "long-s-compound",
        "long-s-fraction",
        "dotted-i",
        "long-s-dozen",
        "scale",
        "scale-dotted-i",
        "unit",
        "qualifier",
        "qualifier-some",
        "of-a-scale",
        "twice-dotted-i",
    ],
)
def test_a_number_word_with_a_look_alike_letter_reads_as_the_word(text, expected):
    """re.IGNORECASE matches the long s (ſ), the Kelvin sign and the Turkish i's to s, k and i:
    the words so matched read as the word they spell ("ſeven" gave 0, "two-thirdſ",
    "5 thouſand" and "almoſt 5" a KeyError that stopped the whole text's extraction)."""
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a qualifier after 百分之…; 过半 is more than half, 一半 exactly half
        ("增长百分之十五左右", [(15, "%", "approx")]),
        ("赞成票已过半。", [(50, "%", "more_than")]),
        (
            "重症比例只有上一波的一半，住院时间为8天。",
            [(50, "%", "exact"), (8, None, "exact")],
        ),
        # a fraction in Arabic digits; 百分之 is no fraction, and the ones after it still count
        ("3分之1的企业亏损。", [(pytest.approx(100 / 3, rel=1e-5), "%", "exact")]),
        (
            "其中百分之五是学生，三分之二是工人。",
            [(5, "%", "exact"), (pytest.approx(200 / 3, rel=1e-5), "%", "exact")],
        ),
        # English fractions: one and four of them; an ordinal "third of" or a period ("first
        # half of") is no share, and does not stop the fractions after it
        ("one-third of voters", [(pytest.approx(100 / 3, rel=1e-5), "%", "exact")]),
        ("four-fifths of the members", [(80, "%", "exact")]),
        (
            "The third of five children, she won two-thirds of the vote.",
            [(5, None, "exact"), (pytest.approx(200 / 3, rel=1e-5), "%", "exact")],
        ),
        ("First half of 2019 revenue fell.", []),
        (
            "In the first half of 2019, two-thirds of voters stayed home.",
            [(pytest.approx(200 / 3, rel=1e-5), "%", "exact")],
        ),
    ],
    ids=["pct-approx", "guoban", "yiban", "arabic-fraction", "baifenzhi", "one-third",
         "four-fifths", "ordinal", "first-half-opening", "period"],
)
def test_fractions_and_shares_in_both_languages(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a range whose high end is under 1
        ("Rates of 0 to 0.5 percent were seen.", [(0, "%", "range_low"), (0.5, "%", "range_high")]),
        # "to" (not a dash) makes a range whatever word follows; a dash before "on" does not
        (
            "Groups of 40 to 50 were seen near the border.",
            [(40, None, "range_low"), (50, None, "range_high")],
        ),
        ("Ravens are 4-7 on the road.", [(4, None, "exact"), (7, None, "exact")]),
        # "between" makes a range only with "and"
        (
            "It was found in between 3 of the 10 wards.",
            [(3, None, "exact"), (10, None, "exact")],
        ),
        # "from" across a line break (a hard-wrapped text) still marks a change, not a range
        ("Support moved from\n10 to 15 percent.", [(10, "%", "exact"), (15, "%", "exact")]),
    ],
    ids=["under-one", "to-before-a-stopword", "dash-before-on", "between-of", "from-line-break"],
)
def test_ranges_at_the_edges_of_their_rules(text, expected):
    assert _read(text) == expected


def test_a_language_tag_with_a_region_is_its_language():
    """"zh-CN", "zh-TW" (an HTML lang attribute) are Chinese: a bare ¥ is yuan."""
    assert extract_numbers("¥300 million", "zh-CN")[0].unit == "CNY"
    assert extract_numbers("¥300 million", "en-GB")[0].unit == "JPY"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sign after a letter makes an identifier ("F-35"); opening a text, it is a change
        ("+5 points: Trump's lead in Florida", [(5, None, "exact")]),
        # an ordinal or possessive suffix on a bare number: a model, not a count
        ("The 747's engines failed.", []),
        # eight digits or more are an id only when bare: with a unit or a qualifier, a figure
        ("The house sold for $12500000.", [(12.5e6, "USD", "exact")]),
        ("Nearly 12500000 people voted.", [(12.5e6, None, "approx")]),
        # Chinese numerals: a text opening with 日本, an era, digits read one by one, a lone
        # numeral with and without a measure word, an idiom, 二十 before a comma
        ("日本约有三百万名学生。", [(3e6, None, "exact")]),
        ("公元前二百二十一年，秦统一六国。", []),
        ("二〇二五是关键一年。", []),
        ("年增长二十，达到一百二十。", [(20, None, "exact"), (120, None, "exact")]),
        ("会场有三个出口。", [(3, None, "exact")]),
        ("会场有十个出口。", [(10, None, "exact")]),
        ("他总爱说三道四。", []),
    ],
    ids=["sign-opening", "possessive-model", "long-money", "long-approx", "riben", "era-zh",
         "digit-by-digit", "ershi", "lone-measure", "shi-measure", "idiom"],
)
def test_what_is_not_a_figure_more_edges(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a Chinese scale keeps a figure after a capitalised word a figure ("iPhone 5000万")
        ("苹果去年卖出 iPhone 5000万部。", [(5e7, None, "exact")]),
        # 多 after the scale: more than
        ("投资5亿多元。", [(5e8, "CNY", "more_than")]),
        # 兆 before 字节 is mega, not a trillion: no figure
        ("文件大小为3兆字节。", []),
        # a spaced K is no thousand ("14 K gold" is a purity)
        ("We also sell 14 K and 18 K gold jewellery.", [(14, None, "exact"), (18, None, "exact")]),
        ("Only 30 or less were left.", [(30, None, "less_than")]),
        # a measure after a scale: 4万公里 is 40,000 km
        ("中国高铁运营里程超过4万公里。", [(4e7, "m", "more_than")]),
    ],
    ids=["iphone-wan", "yi-duo", "zhao-zijie", "spaced-k", "or-less", "wan-gongli"],
)
def test_scales_and_qualifiers_after_the_number(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a currency sign or US$ right after a Chinese character is still the amount's currency
        ("投资约US$5亿。", [(5e8, "USD", "approx")]),
        ("投资约U.S.$5亿。", [(5e8, "USD", "approx")]),
        ("约$500万的投资。", [(5e6, "USD", "approx")]),
    ],
    ids=["us-dollar", "u-s-dollar", "dollar-opening"],
)
def test_a_currency_sign_after_a_chinese_character(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They ordered twenty dozen roses.", [(240, None, "exact")]),
        ("Forty dozen eggs were sold.", [(480, None, "exact")]),
    ],
    ids=["twenty-dozen", "forty-dozen"],
)
def test_tens_of_dozens(text, expected):
    """"twenty dozen" is 240 (it gave 20 and 12: only one to nineteen could come before dozen)."""
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a qualifier before 百分之
        ("增长约百分之十五。", [(15, "%", "approx")]),
        # a minus sign opening the text; a dash at the text's end is no sign of the first figure
        ("-3.2% was the fall in exports.", [(-3.2, "%", "exact")]),
        ("5 takeaways from the debate -", [(5, None, "exact")]),
        # "Half a million" opening the text
        ("Half a million people marched.", [(5e5, None, "exact")]),
        # two dollars is an amount (one dollar, "a dollar", is not reported)
        ("It costs two dollars.", [(2, "USD", "exact")]),
        # a headline in capitals: "TIMES AS" is a comparison; "PM" a time of day
        ("CHINA BUILDS THREE TIMES AS MANY PLANTS", [(3, "x", "exact")]),
        ("Polls close at 8 PM.", []),
        # a measure word, then 以上 / 左右
        ("全国已有 50 家以上企业。", [(50, None, "more_than")]),
        ("有 200 名左右的学生参加。", [(200, None, "approx")]),
        ("They hired 300-plus engineers.", [(300, None, "more_than")]),
        # a unit glued to more letters is no unit ("120kmh" is a speed)
        ("It reached 120kmh on the track.", []),
    ],
    ids=["yue-baifenzhi", "minus-opening", "dash-at-end", "half-a-million-opening",
         "two-dollars", "capitals-times", "capitals-pm", "jia-yishang", "ming-zuoyou",
         "plus", "kmh"],
)
def test_signs_words_and_capitals_as_a_reader_sees_them(text, expected):
    assert _read(text) == expected


def test_the_language_hint_decides_a_yen_sign_before_number_words():
    assert extract_numbers("It cost ¥three billion.", "zh")[0].unit == "CNY"
    assert extract_numbers("It cost ¥three billion.", "en")[0].unit == "JPY"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one figure written in two scales: 5亿3000万 is 530 million, not 500 million and 30 million
        ("公司营收5亿3000万元。", [("5亿3000万元", 5.3e8, "CNY", "exact")]),
        ("投资3亿5千万美元。", [("3亿5千万美元", 3.5e8, "USD", "exact")]),
        ("共1万2千人参加。", [("1万2千", 1.2e4, None, "exact")]),
        ("用户达12亿5000万。", [("12亿5000万", 1.25e9, None, "exact")]),
        ("约5亿3000万元。", [("约5亿3000万元", 5.3e8, "CNY", "approx")]),
        ("耗资 5 亿 3000 万元。", [("5 亿 3000 万元", 5.3e8, "CNY", "exact")]),
        ("耗资5亿零300万元。", [("5亿零300万元", 5.03e8, "CNY", "exact")]),
        ("耗资5亿 零 300万元。", [("5亿 零 300万元", 5.03e8, "CNY", "exact")]),
        ("耗资5亿0万元。", [("5亿0万元", 5e8, "CNY", "exact")]),
        # two compounds in a sentence, a compound after a figure that stays alone
        ("去年5亿3000万元，今年6亿1000万元。",
         [("5亿3000万元", 5.3e8, "CNY", "exact"), ("6亿1000万元", 6.1e8, "CNY", "exact")]),
        ("分别为5亿、3亿5000万元。", [("5亿", 5e8, None, "exact"), ("3亿5000万元", 3.5e8, "CNY", "exact")]),
        ("耗资1亿2000万元左右。", [("1亿2000万元左右", 1.2e8, "CNY", "approx")]),
        # the compound is a range's low end
        ("2亿5000万至3亿元。", [("2亿5000万", 2.5e8, "CNY", "range_low"), ("3亿元", 3e8, "CNY", "range_high")]),
        # two figures stay two: a separator, a second part as large as the first's unit, a
        # decimal first part, a first part with a unit of its own
        ("5亿、3000万元。", [("5亿", 5e8, None, "exact"), ("3000万元", 3e7, "CNY", "exact")]),
        ("5亿3亿。", [("5亿", 5e8, None, "exact"), ("3亿", 3e8, None, "exact")]),
        ("5亿1亿。", [("5亿", 5e8, None, "exact"), ("1亿", 1e8, None, "exact")]),
        ("5亿    3000万。", [("5亿", 5e8, None, "exact"), ("3000万", 3e7, None, "exact")]),
        ("1.2亿3000万。", [("1.2亿", 1.2e8, None, "exact"), ("3000万", 3e7, None, "exact")]),
        ("5亿元3000万元。", [("5亿元", 5e8, "CNY", "exact"), ("3000万元", 3e7, "CNY", "exact")]),
        ("5亿多3000万。", [("5亿多", 5e8, None, "more_than"), ("3000万", 3e7, None, "exact")]),
        ("5亿 和 3000万。", [("5亿", 5e8, None, "exact"), ("3000万", 3e7, None, "exact")]),
        # "+" after a Chinese scale: more than
        ("用户22万+。", [("22万+", 2.2e5, None, "more_than")]),
        ("拥有5万＋用户。", [("5万＋", 5e4, None, "more_than")]),
    ],
    ids=[
        "yi-wan", "yi-qianwan", "wan-qian", "twelve-yi", "approx", "spaced", "ling",
        "spaced-ling", "zero-wan", "two-compounds", "compound-after-alone",
        "zuoyou", "range", "separated", "not-smaller", "as-large", "four-spaces", "decimal",
        "own-unit", "duo", "he",
        "plus", "fullwidth-plus",
    ],
)
def test_a_figure_in_two_chinese_scales_is_one_figure(text, expected):
    got = [(m.text, m.value, m.unit, m.qualifier) for m in extract_numbers(text, "zh")]
    assert got == [(t, pytest.approx(v), u, q) for t, v, u, q in expected]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Bei dem Unglück starben 3.500 Menschen, der Schaden beträgt 1,5 Millionen Euro.", "de"),
        ("En el accidente murieron 3.500 personas.", "es"),
        ("L'accident a fait 3 500 morts et 2,5 milliards d'euros de dégâts.", "fr"),
    ],
)
def test_figures_of_a_language_that_writes_a_decimal_comma_are_not_read(text: str, lang: str) -> None:
    """'3.500' there is three thousand five hundred: read as English it was 3.5, and met an
    English report's 3,500 as a slip of a thousand."""
    assert extract_numbers(text, lang) == []


def test_figures_are_read_in_english_or_where_the_language_is_unknown() -> None:
    assert [m.value for m in extract_numbers("In all, 3,500 people died.", "en")] == [3500.0]
    assert [m.value for m in extract_numbers("In all, 3,500 people died.", None)] == [3500.0]


def test_a_german_paragraph_lands_no_figures_beside_its_english_one() -> None:
    from monitor import pipeline
    from monitor.sources import InputItem

    text = (
        "Flood in the valley\n\n"
        "The flood in the valley killed 3,500 people and destroyed the old bridge over the river, "
        "officials said on Monday after a long night of rescue work.\n"
        "Bei dem Hochwasser im Tal starben nach Angaben der Behörden 3.500 Menschen, und die alte "
        "Brücke über den Fluss wurde in der Nacht vollständig zerstört.\n"
    )
    out = pipeline.process_bytes(InputItem("flood.txt", "text"), text.encode(), "text")
    langs = {s["seq"]: s["lang"] for s in out.rows["segments"]}
    assert sorted(set(langs.values())) == ["de", "en"]
    figures = [(langs[n["seq"]], n["value"]) for n in out.rows["numbers"]]
    assert figures == [("en", 3500.0)]

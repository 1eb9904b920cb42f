"""The number checks' parts one by one: what a user would see go wrong if one slipped.

Each test pins an output of a checks module that a planted bug changes (docs/mutation.md):
the values a stated figure admits (whether two reports agree), the figures taken as labels
(never compared), how an explanation writes a figure and says why two differ, and which side
of a conflict is blamed and whether it counts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# ----------------------------------------------------------------------------- intervals
from monitor.checks import check_numbers
from monitor.checks.intervals import agrees, interval, meet_at_an_edge
from monitor.models import MentionRecord

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "numbers"))
from seedkit import records


@pytest.mark.parametrize(
    ("value", "qualifier", "text", "partner", "admitted"),
    [
        # an exact figure admits half its last stated digit
        (626, "exact", "626", None, (625.5, 626.5)),
        # ... in the unit stated: "$5.64 billion" is good to five million
        (5.64e9, "exact", "$5.64 billion", None, (5.635e9, 5.645e9)),
        # the stated digits, not the value's: "$1.30 billion" is good to five million too
        (1.3e9, "exact", "$1.30 billion", None, (1.295e9, 1.305e9)),
        # thousands separators: "1,300 billion" is good to fifty billion
        (1.3e12, "exact", "1,300 billion", None, (1.25e12, 1.35e12)),
        # a round figure admits half its last significant place, at most 5 %
        (1300, "exact", "1,300", None, (1250, 1350)),
        (600, "exact", "600", None, (570, 630)),
        # "about" adds 10 % either way, plus the rounding
        (600, "approx", "about 600", None, (510, 690)),
        # bounds: "more than 600" is not a fair way to report 1,300; "less than 600" of 250
        (600, "more_than", "more than 600", None, (570, 1230)),
        (600, "less_than", "less than 600", None, (270, 630)),
        # one end of a range: up to its partner (with the partner's own rounding: the same
        # from either end), else a factor of two
        (600, "range_low", "600", 700, (570, 735)),
        (600, "range_low", "600", None, (570, 1230)),
        (700, "range_high", "700", 600, (570, 735)),
        (10, "range_low", "10", 100, (9.5, 105)),
        (100, "range_high", "100", 10, (9.5, 105)),
        (700, "range_high", "700", None, (315, 735)),
        # figures in words: the value's own digits
        (12, "exact", "a dozen", None, (11.5, 12.5)),
        (2500, "exact", "twenty-five hundred", None, (2450, 2550)),
        (2e6, "exact", "two million", None, (1.9e6, 2.1e6)),
        (2.5, "exact", "two and a half", None, (2.5, 2.5)),
        (1e12, "exact", "a trillion", None, (1e12 - 0.5, 1e12 + 0.5)),
        # no text: the value itself, nothing admitted around it
        (626, "exact", "", None, (626, 626)),
    ],
)
def test_what_a_stated_figure_admits(
    value: float, qualifier: str, text: str, partner: float | None, admitted: tuple
) -> None:
    lo, hi = interval(value, qualifier, text, partner)
    # the upper end first: a wrong one is where "more than 600" would meet 1,300
    assert (lo, hi) == (
        pytest.approx(admitted[0], rel=1e-12),
        pytest.approx(admitted[1], rel=1e-12),
    )
    # the limits of the qualified reading, as a user reads them
    if qualifier == "more_than":
        assert not agrees((lo, hi), interval(1300, "exact", "1,300"))
    if qualifier == "approx":
        assert agrees((lo, hi), interval(680, "exact", "680"))
        assert not agrees((lo, hi), interval(760, "exact", "760"))


def test_the_default_reading_of_a_figure_is_exact() -> None:
    assert interval(626, "exact") == (626, 626)
    assert interval(626, "ordinal", "626") == (625.5, 626.5)


def test_a_stated_zero_admits_zero() -> None:
    lo, hi = interval(0, "exact", "0")
    assert lo <= 0 <= hi


def test_a_stated_zero_admits_half_its_last_digit_not_five() -> None:
    """'0 deaths' against '3 deaths' is a disagreement: '0' reads as -0.5..0.5 (it read as
    -5..5, taking its own zero for a rounded ten, and agreed with anything up to 5)."""
    assert interval(0, "exact", "0") == (-0.5, 0.5)
    assert interval(0, "exact", "0.0") == (-0.05, 0.05)
    assert interval(0, "exact", "zero") == (-0.5, 0.5)
    assert interval(0, "exact", "no deaths in 2024") == (-0.5, 0.5)
    assert interval(0, "exact") == (0, 0)
    assert not agrees(interval(0, "exact", "0"), interval(3, "exact", "3"))
    assert agrees(interval(0, "exact", "0"), interval(0, "exact", "0"))


def test_touching_figures_agree_either_way_round() -> None:
    """'626' (625.5..626.5) and '627' (626.5..627.5) touch: no conflict, whichever comes first."""
    a, b = interval(626, "exact", "626"), interval(627, "exact", "627")
    assert agrees(a, b) and agrees(b, a)
    c = interval(628, "exact", "628")
    assert not agrees(a, c) and not agrees(c, a)
    # ... but they only touch: the checks give them no verdict rather than "agree"
    assert meet_at_an_edge(a, b) and meet_at_an_edge(b, a)
    assert not meet_at_an_edge(a, a) and not meet_at_an_edge(a, c)
    assert not meet_at_an_edge(interval(5.55, "exact", "5.55"), interval(5.6, "exact", "5.6"))
    assert not meet_at_an_edge((626.5, 626.5), b)  # a point on the edge meets it


def test_float_slack_is_a_billionth_of_the_larger_bound() -> None:
    """A gap of float noise still agrees; the slack scales with the figures, never below 1e-9."""
    # a gap of exactly the slack agrees, from either side
    assert agrees((0.25 + 1e-9, 0.5), (0.0, 0.25))
    assert agrees((0.0, 0.25), (0.25 + 1e-9, 0.5))
    # below one, the slack is 1e-9, not less, not more
    assert agrees((0.0, 0.1), (0.1 + 5e-10, 0.2))
    assert not agrees((0.0, 0.1), (0.1 + 1.5e-9, 0.2))
    # large figures: the slack of the larger bound, whichever interval holds it
    assert agrees((0.0, 1000.0), (1000.0 + 5e-7, 2000.0))
    assert agrees((1.0005, 1e6), (0.0, 1.0))
    assert agrees((0.0, 1.0), (1.0005, 1e6))


# -------------------------------------------------------------------------------- labels

from monitor.checks.features import _M
from monitor.checks.labels import non_quantity


def _at(context: str, text: str, unit: str | None = None, pos: int | None = None) -> _M:
    rec = MentionRecord(
        mention_id="m",
        article_id="a",
        source_id="s",
        seq=0,
        text=text,
        value=1.0,
        unit=unit,
        qualifier="exact",
        lang="en",
        context=context,
    )
    return _M(rec, 0, context.find(text) if pos is None else pos, "count", 1.0, 1.0)


@pytest.mark.parametrize(
    ("context", "text", "unit", "why"),
    [
        ("The Model 626 phone sold well.", "626", None, "a label or model number"),
        ("V8 engines are loud.", "8", None, "a label or model number"),
        ("It rose in the 3rd quarter.", "3", None, "an ordinal, date, time or label"),
        ("3rd quarter sales rose.", "3", None, "an ordinal, date, time or label"),
        ("They won 3-1 at home.", "3", None, "a score, range of labels or time"),
        ("They lost 2:3 at home.", "3", None, "a score, range of labels or time"),
        ("It lasted 6 decades in all.", "6", None, "a count of a unit a translation may convert"),
        ("Sales rose by 626 units.", "626", None, None),
        # one measure in two units: neither part alone is the amount
        ("The transfer takes two hours and 12 minutes.", "12", None,
         "a part of a measure written in two units"),
        ("He is 5 feet 10 inches tall.", "5", None, "a part of a measure written in two units"),
        ("He is 5 feet 10 inches tall.", "10", None, "a part of a measure written in two units"),
        ("The lease ran 3 years, 2 months.", "2", None, "a part of a measure written in two units"),
        # a second figure that measures something else, and a plain duration
        ("It took 10 days, 5 people and a crane.", "5", None, None),
        ("It took 10 days, 5 people and a crane.", "10", None, None),
        ("Every 20 minutes, look 20 feet away.", "20", None, None),
        # a time counted from when the page was written or from its narrative says when; one
        # counted from a named event is a fact of the story
        ("Nearly 200 years later, missionaries came.", "200", None,
         "a time counted from another time"),
        ("The fire started 3 days ago.", "3", None, "a time counted from another time"),
        ("He spoke 2 weeks before the elections.", "2", None, None),
        ("He served 4 years in the Senate.", "4", None, None),
        ("Pick-up took just over 14 minutes.", "14", None, None),
        # money and percentages are amounts whatever stands around them
        ("The Model 600 yuan phone.", "600", "CNY", None),
        ("Phase 40% of the plan.", "40", "%", None),
        ("They won 3-1 at home.", "3", "USD", None),
    ],
)
def test_figures_that_are_labels_are_named_as_such(
    context: str, text: str, unit: str | None, why: str | None
) -> None:
    assert non_quantity(_at(context, text, unit)) == why


def test_a_mention_not_found_where_it_was_stored_is_taken_as_an_amount() -> None:
    # an offset that does not point at the figure says nothing about its neighbours
    assert non_quantity(_at("8th floor", "9", pos=0)) is None
    assert non_quantity(_at("8th floor", "8", pos=-1)) is None
    assert non_quantity(_at("8th floor", "8", pos=0)) == "an ordinal, date, time or label"


# ------------------------------------------------------------------------------- explain

from monitor.checks.explain import explain_difference, fmt


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "text", "reads"),
    [
        (5.64e10, "USD", "exact", "", "$56.4 billion"),
        (1.2e12, "USD", "exact", "", "$1.2 trillion"),
        (1e12, "JPY", "exact", "", "1 trillion yen"),
        (1e9, "CNY", "exact", "", "1 billion yuan"),
        (2.5e6, None, "exact", "", "2.5 million"),
        (1e6, None, "exact", "", "1 million"),
        (-2e6, None, "exact", "", "-2 million"),
        (999_999, None, "exact", "", "999,999"),
        (1234.5678, None, "exact", "", "1,234.5678"),
        (3.1, None, "exact", "", "3.1"),
        (5, "EUR", "exact", "", "€5"),
        (5, "GBP", "exact", "", "£5"),
        (7, "%", "exact", "", "7%"),
        (40, "pp", "exact", "", "40 percentage points"),
        (2.5, "x", "exact", "", "2.5 times"),
        (12, "t", "exact", "", "12"),
        (0.5, None, "exact", "", "half"),
        (0.25, None, "exact", "", "a quarter"),
        (0.75, None, "exact", "", "three-quarters"),
        (1 / 3, None, "exact", "", "a third"),
        (2 / 3, None, "exact", "", "two-thirds"),
        (0.5, "%", "exact", "", "0.5%"),
        (600, None, "approx", "", "about 600"),
        (600, None, "more_than", "", "more than 600"),
        (600, None, "less_than", "", "up to 600"),
        (600, None, "range_low", "", "600"),
        (5.64e11, "USD", "exact", "5640 亿美元", "$564 billion (5640 亿美元)"),
        (5.64e11, "USD", "exact", "$564 billion", "$564 billion"),
        # measures are kept in base units and read back in the largest unit they reach
        (5e6, "kg", "exact", "", "5,000 tonnes"),
        (3e9, "kg", "approx", "", "about 3 million tonnes"),
        (20, "kg", "exact", "", "20 kg"),
        (0.5, "kg", "exact", "", "0.5 kg"),
        (999, "kg", "exact", "", "999 kg"),
        (1000, "kg", "exact", "", "1 tonne"),
        (1000, "kg", "more_than", "", "more than 1 tonne"),
        (5000, "m", "exact", "", "5 km"),
        (0.3, "m", "exact", "", "0.3 m"),
        (0.5, "W", "exact", "", "0.5 W"),
        (0.5, "°C", "exact", "", "0.5°C"),
        (0, "°C", "exact", "", "0°C"),
        (2.5e6, "m2", "exact", "", "2.5 km²"),
        (800, "m2", "exact", "", "800 m²"),
        (1.5e9, "W", "exact", "", "1.5 GW"),
        (2e6, "W", "exact", "", "2 MW"),
        (3000, "W", "exact", "", "3 kW"),
        (3.6e6, "J", "exact", "", "3.6 MJ"),
        (21, "°C", "exact", "", "21°C"),
        (-5, "°C", "exact", "", "-5°C"),
        (5e6, "kg", "exact", "5000吨", "5,000 tonnes (5000吨)"),
    ],
)
def test_figures_read_as_a_reader_writes_them(
    value: float, unit: str | None, qualifier: str, text: str, reads: str
) -> None:
    assert fmt(value, unit, qualifier, text) == reads


def test_a_figure_reads_exact_by_default() -> None:
    assert fmt(600, None) == "600"


def test_a_bound_explained_in_a_measure_keeps_its_unit() -> None:
    """'more than 5,000 tonnes' against 3,000 tonnes: the reason names tonnes, not a bare
    '3 million' (the figure in kilograms, as it is stored)."""
    why = explain_difference(5e6, "kg", "more_than", 3e6, "kg", X)
    assert why == "3,000 tonnes is below the stated bound"


X = "exact"
SLIP10 = "a factor of 10 apart, a likely scale slip"
TRANSPOSED = "the same digits in another order, likely transposed"
TOO_FAR = "is too far from the stated bound to be the same figure"


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        (
            (5.64e11, "USD", X),
            (5.64e11, "CNY", "exact"),
            "the same amount in different currencies (USD vs CNY), a wrong unit",
        ),
        ((40, "%", "exact"), (40, "pp", "exact"), "percent vs percentage points, a wrong unit"),
        (
            (5.64e11, "USD", X),
            (5.64e10, "USD", X),
            SLIP10,
        ),
        (
            (626, None, X),
            (626_000, None, X),
            "a factor of 1,000 apart, a likely scale slip",
        ),
        (
            (-626, None, X),
            (-6260, None, X),
            SLIP10,
        ),
        # within 1 % of a power of ten still reads as a slip; beyond, as a gap
        ((100, None, X), (1020, None, X), SLIP10),
        ((100, None, X), (980, None, X), SLIP10),
        ((100, None, X), (1030, None, X), "90% apart"),
        # a factor below ten is no slip
        ((100, None, X), (300, None, X), "67% apart"),
        # nor one beyond a thousand: 'two' rivals against '200 million' users
        ((2, None, X), (2e8, None, X), "a factor of 100,000,000 apart"),
        (
            (35, None, X),
            (53, None, X),
            TRANSPOSED,
        ),
        (
            (1234, None, X),
            (1324, None, X),
            TRANSPOSED,
        ),
        (
            (1.5e20, None, X),
            (5.1e20, None, X),
            TRANSPOSED,
        ),
        ((1234, None, X), (4231, None, X), "the same digits rearranged"),
        ((1234, None, X), (2143, None, X), "the same digits rearranged"),
        ((600, "USD", "more_than"), (500, "USD", X), "$500 is below the stated bound"),
        ((500, "USD", X), (600, "USD", "more_than"), "$500 is below the stated bound"),
        (
            (600, None, "more_than"),
            (2000, None, X),
            "2,000 " + TOO_FAR,
        ),
        ((600, None, "less_than"), (700, None, X), "700 is above the stated bound"),
        ((700, None, X), (600, None, "less_than"), "700 is above the stated bound"),
        (
            (600, None, "less_than"),
            (100, None, X),
            "100 " + TOO_FAR,
        ),
        ((600, None, "approx"), (900, None, X), "33% apart"),
        ((100, None, X), (90, None, X), "10% apart"),
        ((1000, None, X), (1005, None, X), "0.5% apart"),
        ((1000, None, X), (1001.5, None, X), "0.1% apart"),
        ((0, None, X), (5, None, X), "100% apart"),
        ((0, None, X), (0, None, X), "0% apart"),
        # a figure below one is still a scale slip of its tenfold
        ((0.5, None, X), (5, None, X), SLIP10),
        # digits are the significant ones: 1,200 and 2,010 share no digits once zeros go
        ((1200, None, X), (2010, None, X), "40% apart"),
        # huge figures compare their mantissas, not their exponents
        (
            (1.5e20, None, X),
            (5.1e21, None, X),
            TRANSPOSED,
        ),
        # a figure equal to a bound is not beyond it
        (
            (600, None, "more_than"),
            (600, None, X),
            "600 " + TOO_FAR,
        ),
        (
            (600, None, "less_than"),
            (600, None, X),
            "600 " + TOO_FAR,
        ),
        (
            (600, "USD", "more_than"),
            (2000, "USD", X),
            "$2,000 " + TOO_FAR,
        ),
    ],
)
def test_why_two_figures_differ(a: tuple, b: tuple, why: str) -> None:
    assert explain_difference(*a, *b) == why


def test_a_translated_zero_is_written_with_its_unit_in_the_explanation() -> None:
    en = "The plant cut its staff by 0% and hired 40 people last year."
    zh = "该工厂去年裁员3%，招聘了40人。"
    checks = check_numbers(records("a", f"{en}\n{zh}", bilingual=True))
    conflict = next(c for c in checks if c.verdict == "conflict")
    assert conflict.explanation == "translation says 3%, the original 0%: 100% apart"
    agree = next(c for c in checks if c.verdict == "consistent")
    assert (agree.confidence, agree.reason) == (1.0, "same figure")


def test_a_texts_own_arithmetic_reads_as_one_fact() -> None:
    text = "Sales rose from $4 billion to $5 billion, up 40%."
    (c,) = [c for c in check_numbers(records("a", text)) if c.kind == "internal"]
    assert (c.verdict, c.confidence, c.reason) == ("conflict", 1.0, "same fact")


def test_a_figure_only_the_translation_states_meets_other_sources_by_the_originals_words() -> None:
    """The Chinese paragraph adds a total the English one does not give ("出口额为50亿美元"):
    no translation check covers it, so it takes the words of every sentence of the original
    paragraph (not only the last) and their names, and meets another source's $7 billion for the same exports
    (its own five characters share one word with that sentence)."""
    en = ("Brazilian soybean exports to China rose 12% last year as farmers harvested a record "
          "crop, the agriculture ministry in Brasilia said on Monday. Coffee shipments from the "
          "port of Santos to roasters in Germany and Italy fell 3% in the first quarter, traders "
          "in London reported.")
    other = ("Brazilian soybean exports to China reached $7 billion last year as farmers harvested "
             "a record crop, the agriculture ministry in Brasilia said on Monday.")
    unrelated = "Car sales in Germany fell to $3 billion in March, the industry group said."
    recs = (records("a", f"{en}\n出口额为50亿美元。", bilingual=True, source_id="x.com")
            + records("b", other, source_id="y.com") + records("c", unrelated, source_id="z.com"))
    checks = [(c.kind, c.mention_id, c.other_mention_id, c.verdict, c.explanation, c.reason)
              for c in check_numbers(recs)]
    assert checks == [("cross_source", "a:1:0", "b:0:0", "conflict",
                       "$5 billion (50亿美元) vs $7 billion: 29% apart; neither side is corroborated",
                       "same fact")]


# ---------------------------------------------------------------------------- arithmetic


@pytest.mark.parametrize(
    ("text", "verdict", "explanation"),
    [
        (
            "Sales rose from $4 billion to $5 billion, up 40%.",
            "conflict",
            (
                "from $4 billion to $5 billion is a change of 25%, not 40%: "
                "the text's own arithmetic does not hold"
            ),
        ),
        (
            "Sales rose from $4 billion to $5 billion, up 25%.",
            "consistent",
            "from $4 billion to $5 billion is a change of 25%, as 25% states",
        ),
        (
            "Sales rose from 8 million to 9 million, up 12.5%.",
            "consistent",
            "from 8 million to 9 million is a change of 12.5%, as 12.5% states",
        ),
        (
            "Sales fell from 9 million to 8 million, down 12%.",
            "consistent",
            "from 9 million to 8 million is a change of 11.1%, as 12% states",
        ),
        (
            "Sales reached $5 billion, up 40% from $4 billion.",
            "conflict",
            (
                "from $4 billion to $5 billion is a change of 25%, not 40%: "
                "the text's own arithmetic does not hold"
            ),
        ),
        (
            "The share rose from 30% to 70%, up 40 percentage points.",
            "consistent",
            "from 30% to 70% is a change of 40 percentage points, as 40 percentage points states",
        ),
        (
            "The share fell from 70% to 30%, down 50 percentage points.",
            "conflict",
            (
                "from 70% to 30% is a change of 40 percentage points, not 50 percentage points: "
                "the text's own arithmetic does not hold"
            ),
        ),
        (
            "Sales rose 40% from $4 billion to $5 billion.",
            "conflict",
            (
                "from $4 billion to $5 billion is a change of 25%, not 40%: "
                "the text's own arithmetic does not hold"
            ),
        ),
        (
            "$5 billion, up 40% from $4 billion, was the total.",
            "conflict",
            (
                "from $4 billion to $5 billion is a change of 25%, not 40%: "
                "the text's own arithmetic does not hold"
            ),
        ),
        # "about" widens what the old figure allows: 45 % is within it, 60 % is not
        (
            "Sales rose from about $4 billion to $5 billion, up 45%.",
            "consistent",
            "from about $4 billion to $5 billion is a change of 25%, as 45% states",
        ),
        (
            "Sales rose from about $4 billion to $5 billion, up 60%.",
            "conflict",
            (
                "from about $4 billion to $5 billion is a change of 25%, not 60%: "
                "the text's own arithmetic does not hold"
            ),
        ),
        # ... down to no change at all
        (
            "Sales rose from about $4 billion to $4.2 billion, up 0.5%.",
            "consistent",
            "from about $4 billion to $4.2 billion is a change of 5%, as 0.5% states",
        ),
        (
            "Prices rose from 0.8 yuan to 1.2 yuan, up 50%.",
            "consistent",
            "from 0.8 yuan to 1.2 yuan is a change of 50%, as 50% states",
        ),
        # "roughly 40 to 50 million": the scale reaches the low end despite its "roughly"
        # (it read 40, "a change of 124999900%", a conflict the text does not have)
        (
            "Sales rose from roughly 40 to 50 million, up 25%.",
            "consistent",
            "from about 40 million to 50 million is a change of 25%, as 25% states",
        ),
        (
            "Sales rose from about 4 to 5 billion dollars, up 60%.",
            "conflict",
            (
                "from about $4 billion to $5 billion is a change of 25%, not 60%: "
                "the text's own arithmetic does not hold"
            ),
        ),
        # the edges of what rounding allows: 27.6% is past 25% (27.5% at most), a fall of one
        # from 52 (51.5 either side), a small figure's own rounding (1.0 is 0.99 to 1.01)
        (
            "Sales rose from $4 billion to $5 billion, up 27.6%.",
            "conflict",
            (
                "from $4 billion to $5 billion is a change of 25%, not 27.6%: "
                "the text's own arithmetic does not hold"
            ),
        ),
        ("The count fell from 52 to 51, down 2%.", "consistent",
         "from 52 to 51 is a change of 1.9%, as 2% states"),
        (
            "Prices rose from 1.0 yuan to 1.5 yuan, up 10%.",
            "conflict",
            "from 1 yuan to 1.5 yuan is a change of 50%, not 10%: the text's own arithmetic does not hold",
        ),
        # the change stated in points of a figure given in points, after it and its old value
        (
            "The gap reached 30 percentage points, up 5 percentage points from 25 percentage points.",
            "consistent",
            (
                "from 25 percentage points to 30 percentage points is a change of 5 percentage "
                "points, as 5 percentage points states"
            ),
        ),
        # the change word opening the sentence, "from" opening it, the change word after
        (
            "Up 40%, sales rose from $4 billion to $5 billion.",
            "conflict",
            (
                "from $4 billion to $5 billion is a change of 25%, not 40%: "
                "the text's own arithmetic does not hold"
            ),
        ),
        ("From $4 billion to $5 billion, sales rose 25%.", "consistent",
         "from $4 billion to $5 billion is a change of 25%, as 25% states"),
        ("Sales went from $4 billion to $5 billion, 25% higher than before.", "consistent",
         "from $4 billion to $5 billion is a change of 25%, as 25% states"),
        # the percentage of another figure is not this change's
        ("Sales rose from $4 billion to $5 billion, and profit rose 25% from $1 billion.",
         "consistent", "from $4 billion to $5 billion is a change of 25%, as 25% states"),
        # a stated change of zero keeps its "about" and, in Chinese, its text as written
        (
            "销售额从40亿美元增至50亿美元，增长约0%。",
            "conflict",
            (
                "from $4 billion (40亿美元) to $5 billion (50亿美元) is a change of 25%, "
                "not about 0% (约0%): the text's own arithmetic does not hold"
            ),
        ),
    ],
)
def test_a_texts_own_arithmetic_is_explained(text: str, verdict: str, explanation: str) -> None:
    (c,) = [c for c in check_numbers(records("a", text)) if c.kind == "internal"]
    assert (c.verdict, c.explanation) == (verdict, explanation)


def test_two_changes_in_one_sentence_are_each_checked() -> None:
    text = ("Sales rose from $4 billion to $5 billion, up 25%, and costs fell from $3 billion to "
            "$2 billion, down 20%.")
    checks = [(c.mention_id, c.other_mention_id, c.verdict, c.explanation)
              for c in check_numbers(records("a", text)) if c.kind == "internal"]
    assert checks == [
        ("a:0:2", "a:0:1", "consistent", "from $4 billion to $5 billion is a change of 25%, as 25% states"),
        ("a:0:5", "a:0:4", "conflict",
         "from $3 billion to $2 billion is a change of 33.3%, not 20%: the text's own arithmetic does not hold"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Sales rose from 0 to $5 billion, up 40%.",  # no change in percent from nothing
        "The ratio rose from 2x to 3x, up 50%.",  # multipliers: "up 50%" is rarely of the ratio
        "Sales were $4 billion to $5 billion, up 25%.",  # a range, not a change
        "Sales rose from $4 billion to 5 billion yuan, up 25%.",  # two currencies
        # the percentage more than 40 characters from the figures
        "Sales rose from $4 billion to $5 billion, according to the latest figures from the bureau, up 25%.",
        "Up 40% on the year and well ahead of what analysts had expected, sales rose from $4 billion to $5 billion.",
    ],
)
def test_figures_that_state_no_change_of_their_own_are_not_checked(text: str) -> None:
    assert [c for c in check_numbers(records("a", text)) if c.kind == "internal"] == []


def test_a_change_of_a_share_stated_in_percent_is_not_checked() -> None:
    """'from 30% to 70%, up 133%' is a relative change of a share: too easily misread."""
    text = "The share rose from 30% to 70%, up 133%."
    assert [c for c in check_numbers(records("a", text)) if c.kind == "internal"] == []


def test_only_original_paragraphs_have_their_arithmetic_checked() -> None:
    """A translation's arithmetic is its original's; the paragraphs after it are checked."""
    text = (
        "Sales rose from $4 billion to $5 billion, up 25%.\n"
        "销售额从40亿美元增至50亿美元，增长40%。\n"
        "Profit rose from $1 billion to $2 billion, up 50%."
    )
    checks = check_numbers(records("a", text, bilingual=True))
    internal = [(c.mention_id, c.verdict) for c in checks if c.kind == "internal"]
    assert internal == [("a:0:2", "consistent"), ("a:2:2", "conflict")]


# ------------------------------------------------------------------------------ translation


@pytest.mark.parametrize(
    ("en", "zh", "sure"),
    [
        # both counts in words, each counting things: a sure conflict
        ("The app showed three trending topics today.", "该应用今天显示了六个热搜。", True),
        # not counting things: the word may render another phrase
        ("The app showed three of its topics today.", "该应用今天显示了六个热搜。", False),
    ],
)
def test_a_count_in_words_that_differs_is_sure_only_when_both_count_things(
    en: str, zh: str, sure: bool
) -> None:
    checks = check_numbers(records("a", f"{en}\n{zh}", bilingual=True))
    found = [c for c in checks if c.kind == "translation" and c.verdict == "conflict"]
    assert len(found) == 1
    if sure:
        assert (found[0].confidence, found[0].reason) == (
            0.8,
            "the one count of an aligned paragraph pair that differs, in words",
        )
    else:
        assert found[0].confidence < 0.8


# --------------------------------------------------------------------------------- blame

from monitor.checks.blame import _blame, _same_source, counts, odd_one_out
from monitor.models import NumberCheck


def _rec(mid: str, art: str, value: float, *, source: str = "", derived: str | None = None):
    return MentionRecord(
        mention_id=mid,
        article_id=art,
        source_id=source or f"src-{art}",
        seq=0,
        text=f"{value:g} yuan",
        value=value,
        unit="CNY",
        qualifier="exact",
        lang="en",
        context=f"Sales were {value:g} yuan.",
        derived_from=derived,
    )


def _check(a, b, verdict: str, kind: str = "cross_source", **kw) -> NumberCheck:
    ids = (a.article_id, a.mention_id, b.article_id, b.mention_id)
    return NumberCheck(kind, *ids, a.value, b.value, verdict, "626 vs 62.6", **kw)


def test_the_figure_fewer_mentions_agree_with_is_blamed_and_named() -> None:
    r = {
        m.mention_id: m
        for m in (
            _rec("m1", "a1", 626),
            _rec("m2", "a2", 626),
            _rec("m3", "a3", 626),
            _rec("m4", "a4", 62.6),
        )
    }
    agree = [_check(r["m1"], r["m2"], "consistent"), _check(r["m3"], r["m2"], "consistent")]
    # the conflict states the majority's mention first: blame swaps the sides
    conflict = _check(r["m1"], r["m4"], "conflict", confidence=0.9, reason="same fact")
    out = _blame([*agree, conflict], r)
    assert out[:2] == agree  # consistent checks pass unchanged
    blamed = out[2]
    assert blamed == NumberCheck(
        kind="cross_source",
        article_id="a4",
        mention_id="m4",
        other_article_id="a1",
        other_mention_id="m1",
        value=62.6,
        other_value=626,
        verdict="conflict",
        explanation="626 vs 62.6; '62.6 yuan' in a4 is the odd one out "
        "(3 mentions agree on the other figure)",
        confidence=0.9,
        reason="same fact",
    )
    assert odd_one_out(blamed) == "m4"
    # stated the other way round, the same blame
    back = _blame([*agree, _check(r["m4"], r["m1"], "conflict", confidence=0.9)], r)[2]
    assert (back.mention_id, back.other_mention_id, back.value) == ("m4", "m1", 62.6)


def test_two_agreeing_mentions_outweigh_one() -> None:
    r = {
        m.mention_id: m
        for m in (_rec("m1", "a1", 626), _rec("m2", "a2", 626), _rec("m4", "a4", 62.6))
    }
    out = _blame([_check(r["m2"], r["m1"], "consistent"), _check(r["m4"], r["m2"], "conflict")], r)
    assert out[1].mention_id == "m4"
    assert out[1].explanation.endswith("(2 mentions agree on the other figure)")


def test_agreement_chains_into_one_majority_whatever_the_order() -> None:
    """m1~m2, m3~m4, m2~m4: four mentions agree; an odd m5 against a pair m6~m7 loses."""
    vals = {"m1": 626, "m2": 626, "m3": 626, "m4": 626, "m5": 62.6, "m6": 62.6, "m7": 62.6}
    r = {k: _rec(k, "a" + k[1], v) for k, v in vals.items()}
    agree = [
        _check(r["m3"], r["m4"], "consistent"),
        _check(r["m1"], r["m2"], "consistent"),
        _check(r["m4"], r["m2"], "consistent"),
        _check(r["m2"], r["m3"], "consistent"),  # already one component
        _check(r["m7"], r["m6"], "consistent"),
        _check(r["m6"], r["m5"], "consistent"),
    ]
    out = _blame([*agree, _check(r["m5"], r["m1"], "conflict")], r)
    assert out[-1].mention_id == "m5"
    assert out[-1].explanation.endswith("(4 mentions agree on the other figure)")
    out = _blame([*agree, _check(r["m3"], r["m7"], "conflict")], r)
    assert out[-1].mention_id == "m7"


def test_a_republished_copy_is_blamed_on_a_tie() -> None:
    orig, copy = _rec("m1", "a1", 626), _rec("m2", "a2", 62.6, derived="a1")
    r = {"m1": orig, "m2": copy}
    for c in (_check(orig, copy, "conflict"), _check(copy, orig, "conflict")):
        out = _blame([c], r)[0]
        assert (out.mention_id, out.other_mention_id) == ("m2", "m1")
        assert out.explanation == (
            "626 vs 62.6; '62.6 yuan' in a2 is the odd one out (it republishes the other article)"
        )
    # republishing some third article says nothing about this pair
    other = _rec("m3", "a3", 62.6, derived="a9")
    for c in (_check(orig, other, "conflict"), _check(other, orig, "conflict")):
        out = _blame([c], {"m1": orig, "m3": other})[0]
        assert odd_one_out(out) is None and out.mention_id == c.mention_id


def test_a_tie_blames_no_one_and_says_so_between_sources_only() -> None:
    a, b = _rec("m1", "a1", 626), _rec("m2", "a2", 62.6)
    r = {"m1": a, "m2": b}
    c = _check(a, b, "conflict", confidence=0.5, reason="unsure pair")
    after = _check(b, a, "consistent")
    out, kept = _blame([c, after], r)  # the checks after a tie are kept
    assert kept == after
    assert out == NumberCheck(
        **{**c.__dict__, "explanation": "626 vs 62.6; neither side is corroborated"}
    )
    assert odd_one_out(out) is None
    for kind in ("translation", "internal"):
        assert _blame([_check(a, b, "conflict", kind=kind)], r)[0] == _check(
            a, b, "conflict", kind=kind
        )
    # a conflict without a second mention passes unchanged
    lone = NumberCheck("internal", "a1", "m1", None, None, 626, None, "conflict", "sum is off")
    assert _blame([lone], r) == [lone]


def test_two_articles_of_one_source_are_same_source() -> None:
    a, b = _rec("m1", "a1", 626, source="s"), _rec("m2", "a2", 62.6, source="s")
    c = _rec("m3", "a3", 62.6, source="t")
    r = {"m1": a, "m2": b, "m3": c}
    assert _same_source(_check(a, b, "conflict"), r).kind == "same_source"
    assert _same_source(_check(a, c, "conflict"), r) == _check(a, c, "conflict")
    tr = _check(a, b, "conflict", kind="translation")
    assert _same_source(tr, r) == tr
    lone = NumberCheck("cross_source", "a1", "m1", None, None, 626, None, "conflict", "x")
    assert _same_source(lone, r) == lone


def test_only_sure_conflicts_between_sources_count() -> None:
    a, b = _rec("m1", "a1", 626), _rec("m2", "a2", 62.6)
    assert counts(_check(a, b, "conflict", confidence=0.8))
    assert not counts(_check(a, b, "conflict", confidence=0.79))
    assert not counts(_check(a, b, "consistent"))
    assert not counts(_check(a, b, "conflict", kind="same_source"))
    assert counts(_check(a, b, "conflict", kind="translation"))
    # the odd-one-out mark only names a conflict's blamed side
    marked = _check(a, b, "consistent")
    assert (
        odd_one_out(NumberCheck(**{**marked.__dict__, "explanation": "x is the odd one out"}))
        is None
    )


def test_every_measure_the_numbers_store_has_names_to_read_back() -> None:
    """A base unit added to numbers.MEASURE_UNITS without names in explain.MEASURE_NAMES
    would be explained as a bare figure again."""
    from monitor.checks.explain import MEASURE_NAMES
    from monitor.numbers import MEASURE_UNITS

    assert set(MEASURE_NAMES) == set(MEASURE_UNITS)

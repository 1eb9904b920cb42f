"""Translation checks, figure by figure: which original figure a translated one is held against,
what a reader is told about the pair, and how sure the conflict is (issue 24's mutation work)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from monitor.checks import check_numbers
from monitor.checks.features import _M
from monitor.checks.translation import _same_figure, _translation_confidence
from monitor.models import MentionRecord

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "numbers"))
from seedkit import records


def translation(text: str) -> list[tuple]:
    """(translated mention, original mention, confidence, explanation) of a bilingual article's
    translation checks (each Chinese paragraph renders the English one before it)."""
    return [
        (c.mention_id, c.other_mention_id, c.verdict, c.confidence, c.explanation)
        for c in check_numbers(records("a", text, bilingual=True))
        if c.kind == "translation"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a power-of-ten slip is the likelier rendering than a nearer figure: $40 billion renders
        # $4 billion, not $30 billion; and the translated figure is held against one original only
        ("Revenue of $4 billion and $30 billion.\n收入为400亿美元。", [
            ("a:1:0", "a:0:0", "conflict", 0.5,
             "translation says $40 billion (400亿美元), the original $4 billion: a factor of 10 apart, "
             "a likely scale slip"),
        ]),
        # so is the same amount in another currency, before a power of ten
        ("Revenue of 4 billion yuan and $40 billion.\n收入为40亿美元。", [
            ("a:1:0", "a:0:0", "conflict", 0.5,
             "translation says $4 billion (40亿美元), the original 4 billion yuan: the same amount in "
             "different currencies (USD vs CNY), a wrong unit"),
        ]),
        # ... and transposed digits, before a nearer figure
        ("Revenue of $54 billion and $40 billion.\n收入为450亿美元。", [
            ("a:1:0", "a:0:0", "conflict", 0.5,
             "translation says $45 billion (450亿美元), the original $54 billion: the same digits in "
             "another order, likely transposed"),
        ]),
        # a stated bound on either side is explained as such
        ("Sales were more than 500 units.\n销售额为400个。", [
            ("a:1:0", "a:0:0", "conflict", 0.9,
             "translation says 400, the original more than 500: 400 is below the stated bound"),
        ]),
        ("Sales were 400 units.\n销售额超过500个。", [
            ("a:1:0", "a:0:0", "conflict", 0.9,
             "translation says more than 500 (超过500), the original 400: 400 is below the stated bound"),
        ]),
        # otherwise the nearest in magnitude: a ratio, whatever the order or the size of the figures
        ("Revenue of $4 billion and $7 billion.\n收入为71亿美元和42亿美元。", [
            ("a:1:0", "a:0:1", "conflict", 0.5, "translation says $7.1 billion (71亿美元), the original $7 billion: 1% apart"),
            ("a:1:1", "a:0:0", "conflict", 0.5, "translation says $4.2 billion (42亿美元), the original $4 billion: 5% apart"),
        ]),
        ("Rates of 0.3% and 0.6%.\n比率为0.55%和0.35%。", [
            ("a:1:0", "a:0:1", "conflict", 0.5, "translation says 0.55%, the original 0.6%: 8% apart"),
            ("a:1:1", "a:0:0", "conflict", 0.5, "translation says 0.35%, the original 0.3%: 14% apart"),
        ]),
        ("Rates of 0.5% and 2%.\n比率为0.45%和2.2%。", [
            ("a:1:0", "a:0:0", "conflict", 0.5, "translation says 0.45%, the original 0.5%: 10% apart"),
            ("a:1:1", "a:0:1", "conflict", 0.5, "translation says 2.2%, the original 2%: 9% apart"),
        ]),
        # each pair once, and a figure already paired does not stop the pairing of the others
        ("Revenue of $4 billion and $5 billion.\n收入为44亿美元和60亿美元。", [
            ("a:1:0", "a:0:0", "conflict", 0.5, "translation says $4.4 billion (44亿美元), the original $4 billion: 9% apart"),
            ("a:1:1", "a:0:1", "conflict", 0.5, "translation says $6 billion (60亿美元), the original $5 billion: 17% apart"),
        ]),
        # a figure in another currency of another amount is skipped, not the end of the search
        ("Revenue was 30 billion yuan, or $4 billion.\n收入为42亿美元。", [
            ("a:1:0", "a:0:1", "conflict", 0.5, "translation says $4.2 billion (42亿美元), the original $4 billion: 5% apart"),
        ]),
        # equal figures: the one in the same place (6 shops renders 5 shops, not 5 plants)
        ("The firm has 5 plants, 5 shops and $2 billion.\n该公司收入30亿美元，有6家商店。", [
            ("a:1:0", "a:0:2", "conflict", 0.3, "translation says $3 billion (30亿美元), the original $2 billion: 33% apart"),
            ("a:1:1", "a:0:1", "conflict", 0.5, "translation says 6, the original 5: 17% apart"),
        ]),
        # "about" admits both figures' rounding, up to its very edge (5 + 5)
        ("Sales rose about 100 units.\n销售额增长110个。", [
            ("a:1:0", "a:0:0", "consistent", 1.0, "110 renders about 100 of the original"),
        ]),
    ],
)
def test_which_original_figure_a_translated_one_is_held_against(text, expected):
    assert translation(text) == expected


def cross_source(*articles: list[MentionRecord]) -> list[tuple]:
    checks = check_numbers([r for recs in articles for r in recs])
    return [(c.mention_id, c.other_mention_id, c.verdict) for c in checks if c.kind == "cross_source"]


@pytest.mark.parametrize("translated", ["450万", "470万"])
def test_a_checked_translated_figure_is_not_compared_with_other_articles_again(translated):
    """A translated figure is judged against its original; another article meets the original
    only, never the translation as a figure of its own (agreeing with it or not)."""
    a = records("a", f"Toyota sold 4.5 million cars in 2024.\n丰田2024年销售了{translated}辆汽车。",
                bilingual=True)
    b = records("b", f"Toyota sold 4.5 million cars in 2024.\nToyota's 2024 sales of "
                f"{int(translated[:-1]) / 100:g} million cars were a record.")
    pairs = cross_source(a, b)
    assert pairs and all(not m.startswith("a:1:") and not o.startswith("a:1:") for m, o, _ in pairs)


# ------------------------------------------------------------------------------ units


def fig(text: str, value: float, context: str | None = None, *, unit: str | None = None,
        qualifier: str = "exact", fam: str = "count", idx: int = 0) -> _M:
    ctx = text if context is None else context
    rec = MentionRecord(mention_id=f"m{idx}", article_id="a", source_id="a", seq=0, text=text,
                        value=value, unit=unit, qualifier=qualifier, lang=None, context=ctx)
    return _M(rec=rec, idx=idx, pos=ctx.find(text), fam=fam, lo=value, hi=value)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # equal to a billionth of the larger figure, not of the smaller one
        (("1e12", 1e12), ("1e12", 1e12 - 1000), True),
        # ... and below 1, to a billionth: no closer, no farther
        (("0", 0.0), ("0", 1e-9), True),
        (("0", 0.0), ("0", 1e-10), True),
        (("0", 0.0), ("0", 1.5e-9), False),
    ],
)
def test_a_translation_renders_the_figure_to_a_billionth(a, b, same):
    fa, fb = fig(*a), fig(*b)
    assert _same_figure(fa, fb) is same
    assert _same_figure(fb, fa) is same


T = fig("6", 6, "6 plants", idx=1)
O = fig("5", 5, "5 plants", idx=2)
OTHER_T = fig("7", 7, "7 shops", idx=3)  # another quantity of the same family
OTHER_O = fig("8", 8, "8 shops", idx=4)
MONEY_T = [fig("$5", 5, "$5 billion", unit="USD", fam="money", idx=5),
           fig("$7", 7, "$7 billion", unit="USD", fam="money", idx=6)]
MONEY_O = [fig("$5", 5, "$5 billion", unit="USD", fam="money", idx=7),
           fig("$7", 7, "$7 billion", unit="USD", fam="money", idx=8)]
LABEL = fig("9", 9, "in Room 9", idx=9)  # a label, not an amount
SURE = (0.9, "the one figure of an aligned paragraph pair that differs")
SEVERAL = (0.5, "several unmatched figures: unsure which renders which")
UNSURE = (0.3, "unsure translation pair: none of its other figures agree")


@pytest.mark.parametrize(
    ("free_t", "free_o", "matched", "expected"),
    [
        # one figure left on each side of an aligned pair: sure
        ([T], [O], 1, SURE),
        # figures of another family left over do not make it unsure which renders which
        ([T, *MONEY_T], [O], 1, SURE),
        ([T], [O, *MONEY_O], 1, SURE),
        # nor do labels left over
        ([T, LABEL], [O], 1, SURE),
        ([T], [O, LABEL], 1, SURE),
        # two figures of the family left on either side: unsure which renders which
        ([T, OTHER_T], [O], 1, SEVERAL),
        ([T], [O, OTHER_O], 1, SEVERAL),
        ([T, OTHER_T], [O, OTHER_O], 1, SEVERAL),
        # nothing in the pair agrees and other quantities differ too, on either side
        ([T, MONEY_T[0]], [O], 0, UNSURE),
        ([T], [O, MONEY_O[0]], 0, UNSURE),
        # ... but a label left over is no sign of a wrong pairing
        ([T, LABEL], [O], 0, SURE),
        ([T], [O, LABEL], 0, SURE),
    ],
)
def test_how_sure_a_translation_conflict_is(free_t, free_o, matched, expected):
    assert _translation_confidence(T, O, free_t, free_o, matched, "why") == expected

"""What a check says: figures as a reader writes them, why two figures differ, the record."""

from __future__ import annotations

import math
from functools import lru_cache

from monitor.checks.features import _CJK_RE, _M
from monitor.models import NumberCheck
from monitor.numbers import family

# Measures are kept in base units (numbers.MEASURE_UNITS); a reader gets them back in the
# largest of these that the figure reaches: 5,000,000 kg reads '5,000 tonnes'.
MEASURE_NAMES: dict[str, tuple[tuple[float, str], ...]] = {
    "m": ((1e3, "km"), (1.0, "m")),
    "m2": ((1e6, "km²"), (1.0, "m²")),
    "kg": ((1e3, "tonnes"), (1.0, "kg")),
    "W": ((1e9, "GW"), (1e6, "MW"), (1e3, "kW"), (1.0, "W")),
    "J": ((1e9, "GJ"), (1e6, "MJ"), (1e3, "kJ"), (1.0, "J")),
    "°C": ((1.0, "°C"),),
}


def _in_measure(value: float, unit: str) -> tuple[float, str]:
    """A measure in base units -> (value, name) in the largest unit it reaches (under one
    base unit: the base unit, each table's last)."""
    steps = MEASURE_NAMES[unit]
    for size, name in steps:
        if abs(value) >= size:
            return value / size, name
    return value, steps[-1][1]


def fmt(value: float, unit: str | None, qualifier: str = "exact", text: str = "") -> str:
    """A figure as a reader writes it: '$56.4 billion', 'more than 600', '2.5 times',
    '5,000 tonnes'."""
    measure = None
    if unit in MEASURE_NAMES:
        value, measure = _in_measure(value, unit)
    av = abs(value)
    words = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
    num = None
    for size, word in words:
        if av >= size:
            num = f"{value / size:.4g} {word}"
            break
    fractions = {
        0.5: "half",
        0.25: "a quarter",
        0.75: "three-quarters",
        0.333333: "a third",
        0.666667: "two-thirds",
    }
    if unit is None and round(value, 6) in fractions:
        num = fractions[round(value, 6)]
    if num is None:
        num = f"{value:,.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:,.0f}"
    sign = {"USD": "$", "EUR": "€", "GBP": "£"}.get(unit or "")
    if sign:
        s = sign + num
    elif unit in ("CNY", "JPY"):
        s = f"{num} {'yuan' if unit == 'CNY' else 'yen'}"
    elif unit == "%":
        s = f"{num}%"
    elif unit == "pp":
        s = f"{num} percentage points"
    elif unit == "x":
        s = f"{num} times"
    elif measure == "°C":
        s = f"{num}°C"
    elif measure:
        s = f"{num} {'tonne' if measure == 'tonnes' and num == '1' else measure}"
    else:
        s = num
    pre = {"approx": "about ", "more_than": "more than ", "less_than": "up to "}.get(qualifier, "")
    s = pre + s
    if text and _CJK_RE.search(text):
        s += f" ({text})"
    return s


def _sig_digits(value: float) -> str:
    s = f"{abs(value):.10g}"
    if "e" in s:
        mant = s.split("e")[0]
    else:
        mant = s
    return mant.replace(".", "").strip("0")


# The largest power of ten a writer slips: a digit or two (x10, x100) or a unit word ('million'
# for 'billion', x1000). 'two' against '200 million' is no slip (benchmarks/stories.py, WCXB).
SLIP_MAX_POWER = 3


def slip_power(x: float, y: float) -> int | None:
    """k when two figures are 10**k apart, 1 <= k <= SLIP_MAX_POWER, within a rounding (a log
    within 0.01: '$564 million' / '$5.6 billion'); None otherwise ('2' / '200 million')."""
    k = power_apart(x, y)
    return k if k is not None and k <= SLIP_MAX_POWER else None


def power_apart(x: float, y: float) -> int | None:
    """k >= 1 when two figures are 10**k apart within a rounding (a log within 0.01)."""
    lo, hi = sorted((abs(x), abs(y)))
    if lo <= 0:
        return None
    k = round(math.log10(hi / lo))
    return k if k >= 1 and abs(math.log10(hi / lo) - k) < 0.01 else None


def explain_difference(
    a_value: float,
    a_unit: str | None,
    a_qual: str,
    b_value: float,
    b_unit: str | None,
    b_qual: str,
) -> str:
    """Why two figures for one fact disagree: scale slip, transposed digits, unit, bound."""
    if a_unit != b_unit:
        if family(a_unit) == "money":
            return f"the same amount in different currencies ({a_unit} vs {b_unit}), a wrong unit"
        return "percent vs percentage points, a wrong unit"
    lo, hi = sorted((abs(a_value), abs(b_value)))
    k = power_apart(a_value, b_value)
    if k is not None:
        return f"a factor of {10**k:,} apart" + (", a likely scale slip" if k <= SLIP_MAX_POWER else "")
    da, db = _sig_digits(a_value), _sig_digits(b_value)
    if len(da) == len(db) and da != db and sorted(da) == sorted(db):
        diff = [i for i in range(len(da)) if da[i] != db[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            return "the same digits in another order, likely transposed"
        return "the same digits rearranged"
    bound = {"more_than": "above", "less_than": "below"}
    for q, v, other in ((a_qual, a_value, b_value), (b_qual, b_value, a_value)):
        if q in bound:
            side = "below" if q == "more_than" else "above"
            if (q == "more_than" and other < v) or (q == "less_than" and other > v):
                return f"{fmt(other, a_unit)} is {side} the stated bound"
            return f"{fmt(other, a_unit)} is too far from the stated bound to be the same figure"
    pct = (hi - lo) / hi * 100 if hi else 0.0
    return f"{pct:.0f}% apart" if pct >= 1 else f"{pct:.1g}% apart"


def _check(
    kind: str,
    a: _M,
    b: _M,
    verdict: str,
    explanation: str,
    confidence: float = 1.0,
    reason: str = "",
) -> NumberCheck:
    return NumberCheck(
        confidence=confidence,
        reason=reason or ("same figure" if verdict == "consistent" else "same fact"),
        kind=kind,
        article_id=a.rec.article_id,
        mention_id=a.rec.mention_id,
        other_article_id=b.rec.article_id,
        other_mention_id=b.rec.mention_id,
        value=a.rec.value,
        other_value=b.rec.value,
        verdict=verdict,
        explanation=explanation,
    )


def _label(m: _M) -> str:
    r = m.rec
    if m.partner is not None and r.qualifier in ("range_low", "range_high"):
        # an end of a stated range reads as the range: '10 to 100 and 100 agree', never '10
        # and 100 agree'
        lo, hi = sorted((r.value, m.partner))
        s = f"{_cached_label(lo, r.unit, 'exact', '')} to {_cached_label(hi, r.unit, 'exact', '')}"
        return s + (f" ({r.text})" if _CJK_RE.search(r.text) else "")
    if not r.value:  # 0.0 and -0.0 are one cache key but read "0" and "-0"
        return fmt(r.value, r.unit, r.qualifier, r.text)
    return _cached_label(r.value, r.unit, r.qualifier, r.text)


@lru_cache(maxsize=20_000, typed=True)
def _cached_label(value: float, unit: str | None, qualifier: str, text: str) -> str:
    """`fmt` for explanations: a wire story's figure is labelled once per copy it meets."""
    return fmt(value, unit, qualifier, text)

"""Figures that are labels rather than amounts: never compared.

A guard for figures the extractor may still take as quantities: labels, model numbers,
ordinals, versions, clock times, dates and scores. (numbers.py is learning to leave them out;
this keeps checks safe whatever the extractor returns.)
"""

from __future__ import annotations

import re

from monitor.checks.features import _M
from monitor.numbers import MONEY_UNITS, PERCENT_UNITS

_LABEL_BEFORE = re.compile(
    r"(?:第|No\.?\s?|#|[Vv]ersion\s|[Vv]\.?|[Nn]umber\s|[Nn]o\s|[Ss]hop\s|[Rr]oom\s"
    r"|[Pp]age\s|[Cc]hapter\s|[Ss]eason\s|[Ee]pisode\s|[Rr]oute\s|[Dd]eck[s]?\s|[Ll]evel\s"
    r"|[Gg]rade\s|[Ww]eb\s|[Ss]tage\s|[Pp]hase\s|[Tt]ype\s|[Mm]odel\s|[Ss]eries\s|[A-Z]{1,3}-?"
    r"|reference\s(?:number\s)?|编号\s?|型号\s?|代码\s?|\d[/.]|\d\s?[-–]\s?)$"
)
_LABEL_AFTER = re.compile(
    r"^(?:\s?(?:st|nd|rd|th)\b|届|号|季度|代|后|点|时|分|楼|层|期|次会|中全会|周年|世纪|年代"
    r"|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|GMT|ET\b)|:\d|/\d|\.\d+\.\d|-\d{2,}"
    r"|\s?(?:-year-old|years? old|岁)|[A-Za-z]{1,3}\d|、)"
)
# A counted unit a translator may convert: "6 decades" is "60 years", "a dozen" twelve.
_COUNTED_UNIT = re.compile(
    r"^\s?(?:decades?|dozens?|score|half-dozen|hundreds|thousands)\b", re.IGNORECASE
)
# A part of one measure written in two units: "2 hours and 12 minutes" (132 minutes; neither
# figure alone is the amount), "5 feet 10 inches", "3 years, 2 months".
_BIG = r"(?:hours?|hrs?|years?|yrs?|weeks?|days?|feet|foot|ft|pounds?|lbs?|stones?|minutes?|mins?)"
_SMALL = r"(?:minutes?|mins?|seconds?|secs?|inches?|ounces?|oz|months?|weeks?|days?|hours?|hrs?)"
_NUMBER_WORD = r"(?:\d[\d,.]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_COMPOUND_FIRST = re.compile(
    rf"\s?-?{_BIG}\b,?\s+(?:and\s+)?{_NUMBER_WORD}\s?-?{_SMALL}\b", re.IGNORECASE
)
_COMPOUND_SECOND = re.compile(rf"\b{_NUMBER_WORD}\s?-?{_BIG},?\s+(?:and\s+)?$", re.IGNORECASE)
_SMALL_AFTER = re.compile(rf"^\s?-?{_SMALL}\b", re.IGNORECASE)
_SCORE = re.compile(r"^\s?[-–:]\s?\d+\b")
# A time counted from when the article was written or from the moment its narrative has
# reached: "200 years ago", "two years later", "a decade earlier". Two articles' "two years
# ago" need not be one time (one written a year after the other), and each "later" counts from
# its own narrative, so such figures say when rather than how much, as a date does. A time
# counted from a named event ("two weeks before the Israeli elections") is a fact of the story
# and stays. (Matched at the figure's end with `match(ctx, pos)`, so no "^".)
_RELATIVE_TIME = re.compile(
    r"\s?-?(?:years?|months?|weeks?|days?|hours?|decades?|centuries|century)\s+"
    r"(?:later|ago|earlier|afterwards?)\b",
    re.IGNORECASE,
)
_SCORE_BEFORE = re.compile(r"\d\s?[-–:]\s?$")


def non_quantity(m: _M) -> str | None:
    """Why a figure is a label rather than an amount ('ordinal', 'label', 'clock time' ...),
    or None. Read from the characters right around it."""
    ctx = m.rec.context or ""
    text = m.rec.text
    if m.pos < 0 or ctx[m.pos : m.pos + len(text)] != text:
        return None
    before = ctx[max(0, m.pos - 16) : m.pos]
    after = ctx[m.pos + len(text) : m.pos + len(text) + 12]
    if m.rec.unit in MONEY_UNITS or m.rec.unit in PERCENT_UNITS:
        return None
    if _LABEL_BEFORE.search(before):
        return "a label or model number"
    if _LABEL_AFTER.match(after):
        return "an ordinal, date, time or label"
    if _RELATIVE_TIME.match(ctx, m.pos + len(text), m.pos + len(text) + 24):
        return "a time counted from another time"
    if _SCORE.match(after) or _SCORE_BEFORE.search(before):
        return "a score, range of labels or time"
    if _COUNTED_UNIT.match(after):
        return "a count of a unit a translation may convert"
    if _COMPOUND_FIRST.match(ctx, m.pos + len(text), m.pos + len(text) + 32) or (
        _COMPOUND_SECOND.search(ctx[max(0, m.pos - 24) : m.pos]) and _SMALL_AFTER.match(after)
    ):
        return "a part of a measure written in two units"
    return None

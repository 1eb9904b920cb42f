"""What a stated figure admits: '626' ~ 625.5..626.5, 'about 600' ~ 540..660.

Two statements of one fact agree when their admitted intervals overlap (`agrees`).
"""

from __future__ import annotations

import re

APPROX = 0.10  # 'about 600' covers 540..660
BOUND_FACTOR = 2.0  # 'more than 600' is not a fair way to report 1,300


def _half_unit(text: str, value: float) -> float:
    """Half of the last stated digit, in base units: the rounding a figure admits."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not value:
        # a stated zero ('0', '0.0', 'no'): half of its last digit, never a power of ten
        # taken from its own zeros ('0' admitting -5..5 would agree with '3')
        return 0.5 * 10 ** -len(m.group(0).split(".")[1]) if m and "." in m.group(0) else 0.5
    lit = m.group(0).replace(",", "") if m else ""
    num = float(lit) if lit else 0.0  # the pattern admits only valid floats
    if num:
        scale = value / num  # the figure's scale word or unit factor ('5.6 billion')
        if "." in lit:
            h = 0.5 * 10 ** -len(lit.split(".")[1]) * scale
        else:
            h = 0.5 * 10 ** (len(lit) - len(lit.rstrip("0"))) * scale
    else:
        digits = f"{value:.12g}".replace(".", "")
        tz = len(digits) - len(digits.rstrip("0")) if "e" not in digits else 0
        h = 0.5 * 10**tz if "." not in f"{value:.12g}" else 0.0
    return min(abs(h), 0.05 * abs(value))


def interval(
    value: float, qualifier: str, text: str = "", partner: float | None = None
) -> tuple[float, float]:
    """The values a statement admits: '626' ~ 625.5..626.5, 'more than 600' ~ 600..1200."""
    h = _half_unit(text, value) if text else 0.0
    # the other end of a range admits its own rounding, not this end's: '10 to 100' is
    # 9.5..105 read from either end (the high end's 5 took the low end down to 5)
    hp = _half_unit("", partner) if text and partner is not None else 0.0
    if qualifier == "approx":
        return value * (1 - APPROX) - h, value * (1 + APPROX) + h
    if qualifier == "more_than":
        return value - h, value * BOUND_FACTOR + h
    if qualifier == "less_than":
        return value / BOUND_FACTOR - h, value + h
    if qualifier == "range_low":
        return value - h, (partner + hp if partner is not None else value * BOUND_FACTOR + h)
    if qualifier == "range_high":
        return (partner - hp if partner is not None else value / BOUND_FACTOR - h), value + h
    return value - h, value + h


def _slack(a: tuple[float, float], b: tuple[float, float]) -> float:
    """A hair of float slack: a billionth of the larger upper bound, never below 1e-9."""
    return 1e-9 * max(abs(a[1]), abs(b[1]), 1.0)


def agrees(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two admitted intervals overlap (with a hair of float slack)."""
    eps = _slack(a, b)
    return a[0] <= b[1] + eps and b[0] <= a[1] + eps


def meet_at_an_edge(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two roundings that only touch: '11' admits 10.5..11.5 and '12' 11.5..12.5, and a figure
    read as 11.5 rounds to 12, so the two state different figures, not one. (A figure that
    admits no rounding, a point, on the other's edge still meets it.)"""
    eps = _slack(a, b)
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return abs(overlap) <= eps and a[1] - a[0] > eps and b[1] - b[0] > eps

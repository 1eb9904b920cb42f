"""Internal checks: arithmetic a text states itself ("from $4 billion to $5 billion, up 25%")."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from monitor.checks.explain import _check, _label, fmt
from monitor.checks.features import _M
from monitor.checks.intervals import _half_unit, agrees, interval
from monitor.models import NumberCheck
from monitor.numbers import PERCENT_UNITS, lexicon

_FROM_BEFORE = re.compile(r"(?:from|从|由)\s*$", re.IGNORECASE)
_FROM_MID = re.compile(r"^\s*(?:from|compared with|versus|vs\.?|over)\s*$", re.IGNORECASE)


class _Words(NamedTuple):
    """The patterns built from the word lists of numbers.toml [internal]."""

    from_to: re.Pattern[str]  # "from X to Y": the words between
    change_near: re.Pattern[str]  # "an increase of" before a percentage
    change_after: re.Pattern[str]  # "25% higher"
    up_from: re.Pattern[str]  # "$5 billion, up 25% from $4 billion": the words before 25%


@lru_cache(maxsize=1)
def _words() -> _Words:
    """Compiled on first use, not when the module is imported."""
    internal = lexicon()["internal"]
    change = "(?:" + "|".join(map(re.escape, sorted(internal["change_words"], key=len)[::-1])) + ")"
    return _Words(
        from_to=re.compile(
            r"^\s*(?:" + "|".join(map(re.escape, internal["to_words"])) + r")\s*$", re.IGNORECASE
        ),
        change_near=re.compile(change + r"[^.;。；]{0,25}$", re.IGNORECASE),
        change_after=re.compile(r"^\s*" + change, re.IGNORECASE),
        up_from=re.compile(r"^[^.;。]{0,12}?" + change + r"\s*$", re.IGNORECASE),
    )


def _rounding(m: _M) -> tuple[float, float]:
    """What a stated figure admits in arithmetic: its last digit, at most 1% either way."""
    h = min(_half_unit(m.rec.text, m.rec.value), 0.01 * abs(m.rec.value))
    lo, hi = interval(m.rec.value, m.rec.qualifier, m.rec.text, m.partner)
    return (lo, hi) if m.rec.qualifier != "exact" else (m.rec.value - h, m.rec.value + h)


def _change_range(old: _M, new: _M, pct: _M) -> tuple[float, float] | None:
    """The change from `old` to `new` the figures allow, in the unit `pct` states it in."""
    (olo, ohi), (nlo, nhi) = _rounding(old), _rounding(new)
    if pct.rec.unit == "pp":
        return abs(nlo - ohi), abs(nhi - olo)
    if olo <= 0:
        return None
    vals = [abs(n - o) / o * 100 for n in (nlo, nhi) for o in (olo, ohi) if o > 0]
    lo, hi = min(vals), max(vals)
    if (nlo - ohi) * (nhi - olo) < 0:  # rounding allows no change at all
        lo = 0.0
    return lo, hi


def _internal_checks(by_para: dict[tuple[str, int], list[_M]]) -> list[NumberCheck]:
    """Arithmetic a text states: 'from X to Y, an increase of P%', 'Y, up P% from X'."""
    checks: list[NumberCheck] = []
    words = _words()
    for para in by_para.values():
        if not para or para[0].rec.translation_of is not None:
            continue
        ctx = para[0].rec.context or ""
        ms = [m for m in para if m.pos >= 0]
        for i, x in enumerate(ms):
            x_end = x.pos + len(x.rec.text)
            for j in range(i + 1, min(i + 3, len(ms))):
                y = ms[j]
                if y.fam != x.fam or y.rec.unit != x.rec.unit or x.fam == "multiplier":
                    continue
                between = ctx[x_end : y.pos]
                y_end = y.pos + len(y.rec.text)
                pct = None
                if words.from_to.match(between) and _FROM_BEFORE.search(
                    ctx[max(0, x.pos - 6) : x.pos]
                ):
                    old, new = x, y
                    for k in (j + 1, i - 1):
                        if 0 <= k < len(ms) and ms[k].rec.unit in PERCENT_UNITS:
                            p = ms[k]
                            near = ctx[max(0, p.pos - 30) : p.pos]
                            after = ctx[p.pos + len(p.rec.text) : p.pos + len(p.rec.text) + 12]
                            gap = ctx[y_end : p.pos] if k > j else ctx[p.pos : x.pos]
                            if len(gap) <= 40 and (
                                words.change_near.search(near) or words.change_after.match(after)
                            ):
                                pct = p
                                break
                if pct is None and j == i + 2 and ms[i + 1].rec.unit in PERCENT_UNITS:
                    p = ms[i + 1]
                    head = ctx[x_end : p.pos]
                    tail = ctx[p.pos + len(p.rec.text) : y.pos]
                    if words.up_from.match(head) and _FROM_MID.match(tail):
                        old, new, pct = y, x, p  # "$5 billion, up 25% from $4 billion"
                if pct is None or x.fam == "percent" and pct.rec.unit == "%":
                    continue
                implied = _change_range(old, new, pct)
                if implied is None:
                    continue
                stated = _rounding(pct)
                what = f"from {_label(old)} to {_label(new)}"
                change = _change_text(old.rec.value, new.rec.value, pct.rec.unit)
                if agrees(implied, stated):
                    why = f"{what} is a change of {change}, as {_label(pct)} states"
                    verdict = "consistent"
                else:
                    why = (
                        f"{what} is a change of {change}, not {_label(pct)}: "
                        "the text's own arithmetic does not hold"
                    )
                    verdict = "conflict"
                checks.append(_check("internal", pct, new, verdict, why))
    return checks


def _change_text(old: float, new: float, unit: str | None) -> str:
    if unit == "pp":
        return fmt(abs(new - old), "pp")
    change = abs(new - old) / old * 100 if old else 0.0
    return f"{change:.1f}%".replace(".0%", "%")

"""Translation checks: each translated paragraph's figures against its original's."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from monitor.checks.explain import _check, _label, explain_difference
from monitor.checks.features import _CJK_RE, _M
from monitor.checks.intervals import _half_unit
from monitor.checks.labels import non_quantity
from monitor.models import NumberCheck


def _same_figure(a: _M, b: _M) -> bool:
    """A translation renders the figure itself: equal values, or equal within stated rounding."""
    if a.rec.unit != b.rec.unit:
        return False
    va, vb = a.rec.value, b.rec.value
    if abs(va - vb) <= 1e-9 * max(abs(va), abs(vb), 1.0):
        return True
    if "approx" in (a.rec.qualifier, b.rec.qualifier):
        ha = _half_unit(a.rec.text, va)
        hb = _half_unit(b.rec.text, vb)
        return abs(va - vb) <= ha + hb
    return False


_LITERAL = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _written(m: _M) -> float | None:
    """The number as written in digits ('10' of '10斤', '8' of '8kg'), else None."""
    k = _LITERAL.search(m.rec.text)
    if not k:
        return None
    try:
        return float(k.group(0).replace(",", ""))
    except ValueError:
        return None


def _unit_read_once(a: _M, b: _M) -> bool:
    """One side states a unit and the other the same digits without one: a unit the reader of
    that language does not know ('[10 jin]') or a unit stated away from the figure
    ('产品重量（kg）8'). The same figure, not two figures that differ."""
    if (a.rec.unit is None) == (b.rec.unit is None):
        return False
    bare = a if a.rec.unit is None else b
    wa, wb = _written(a), _written(b)
    if wa is None or wa != wb or bare.rec.value != wa:
        return False
    # a Chinese count of things ('20+人', '3个') names what it counts: no unit was left unread
    ctx, end = bare.rec.context or "", bare.pos + len(bare.rec.text)
    return not (_CJK_RE.search(ctx) and _ZH_MEASURE.match(ctx[end:].lstrip()))


def _pair_off(
    free_t: list[_M], free_o: list[_M], same: Callable[[_M, _M], bool]
) -> list[tuple[_M, _M]]:
    """Pair each translated figure, in order, with the first original figure it renders
    (``same(t, o)``); the pairs leave both lists."""
    pairs = []
    for t in list(free_t):
        for o in free_o:
            if same(t, o):
                pairs.append((t, o))
                free_t.remove(t)
                free_o.remove(o)
                break
    return pairs


def _translation_checks(
    by_para: dict[tuple[str, int], list[_M]],
) -> tuple[list[NumberCheck], set[int]]:
    """Align each translated paragraph's figures with its original's; report each pair."""
    checks: list[NumberCheck] = []
    covered: set[int] = set()
    for (art, seq), trans in by_para.items():
        orig_seq = trans[0].rec.translation_of
        if orig_seq is None or (art, orig_seq) not in by_para:
            continue
        orig = by_para[(art, orig_seq)]
        free_t = list(trans)
        free_o = list(orig)
        for same, note in (
            (_same_figure, ""),
            # the same number written on both sides, its unit read on one side only ('10斤' and
            # '[10 jin]', 'weight: 8kg' and '重量（kg）8'): the figure rendered, not a conflict
            (_unit_read_once, " (the unit is read on one side only)"),
        ):
            for t, o in _pair_off(free_t, free_o, same):
                covered.add(t.idx)
                checks.append(
                    _check(
                        "translation",
                        t,
                        o,
                        "consistent",
                        f"{_label(t)} renders {_label(o)} of the original{note}",
                    )
                )
        # what is left: pair within a unit family, nearest in magnitude, then in order
        pairs = []
        for t in free_t:
            for o in free_o:
                if t.fam != o.fam:
                    continue
                if t.rec.unit != o.rec.unit and t.rec.value != o.rec.value:
                    continue
                dist = abs(math.log10(max(abs(t.rec.value), 1e-12) / max(abs(o.rec.value), 1e-12)))
                explainable = explain_difference(
                    t.rec.value,
                    t.rec.unit,
                    t.rec.qualifier,
                    o.rec.value,
                    o.rec.unit,
                    o.rec.qualifier,
                )
                score = (
                    0
                    if ("slip" in explainable or "digits" in explainable or "unit" in explainable)
                    else 1
                )
                pairs.append(
                    (
                        score,
                        dist,
                        abs(free_t.index(t) - free_o.index(o)),
                        t.idx,
                        o.idx,
                        t,
                        o,
                        explainable,
                    )
                )
        pairs.sort(key=lambda p: p[:5])
        used: set[int] = set()
        matched = len(trans) - len(free_t)
        for *_, t, o, why in pairs:
            if t.idx in used or o.idx in used:
                continue
            used.update((t.idx, o.idx))
            covered.add(t.idx)
            confidence, reason = _translation_confidence(t, o, free_t, free_o, matched, why)
            checks.append(
                _check(
                    "translation",
                    t,
                    o,
                    "conflict",
                    f"translation says {_label(t)}, the original {_label(o)}: {why}",
                    confidence,
                    reason,
                )
            )
    return checks, covered


_DIGIT = re.compile(r"\d")


def _translation_confidence(
    t: _M, o: _M, free_t: list[_M], free_o: list[_M], matched: int, why: str
) -> tuple[float, str]:
    """How sure a translation conflict is, and why.

    Sure: the paragraph pair is aligned (its other figures agree, or it holds this figure
    alone), exactly one figure on each side is left over, both are written in digits and
    both are quantities. Anything else is a guess about which figure renders which.
    """
    for m in (t, o):
        label = non_quantity(m)
        if label:
            return 0.2, f"not a quantity ({label}): {m.rec.text!r}"
    left_t = [m for m in free_t if m.fam == t.fam and not non_quantity(m)]
    left_o = [m for m in free_o if m.fam == o.fam and not non_quantity(m)]
    if len(left_t) > 1 or len(left_o) > 1:
        return 0.5, "several unmatched figures: unsure which renders which"
    others_t = [m for m in free_t if m is not t and not non_quantity(m)]
    others_o = [m for m in free_o if m is not o and not non_quantity(m)]
    if matched == 0 and (others_t or others_o):
        return 0.3, "unsure translation pair: none of its other figures agree"
    digits = bool(_DIGIT.search(t.rec.text)) + bool(_DIGIT.search(o.rec.text))
    if digits == 2:
        return 0.9, "the one figure of an aligned paragraph pair that differs"
    if digits == 0 and _counted_words(t) and _counted_words(o):
        return 0.8, "the one count of an aligned paragraph pair that differs, in words"
    return 0.4, "a number word: it may render another phrase ('a couple', an idiom)"


_ZH_MEASURE = re.compile(r"^(?:个|位|名|项|条|种|只|家|所|本|册|座|架|艘|辆|件|部|支|人|国|省|城)")
_EN_COUNTED = re.compile(r"^\s+(?!of\b|or\b|and\b|to\b|times\b)[a-z]{3,}")


def _counted_words(m: _M) -> bool:
    """A small number word counting things: '六个热搜', 'three trending topics'."""
    r = m.rec
    if r.unit is not None or r.qualifier != "exact" or not 2 <= r.value <= 12:
        return False
    ctx = r.context or ""
    if ctx[m.pos : m.pos + len(r.text)] != r.text:
        return False
    after = ctx[m.pos + len(r.text) : m.pos + len(r.text) + 12]
    if _CJK_RE.search(r.text):
        return bool(_ZH_MEASURE.match(after)) and len(r.text) == 1
    return bool(_EN_COUNTED.match(after)) and r.text.isalpha()

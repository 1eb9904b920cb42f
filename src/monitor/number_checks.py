"""Fact matching and number checks: the same figure across translations and sources.

`check_numbers` takes every landed mention of a warehouse and returns comparisons:
- 'translation': a mention in a translated paragraph against its original's mentions;
- 'cross_source': mentions of different articles that state the same fact (same unit family,
  overlapping words, entities and years around them). Candidates are found through an
  inverted index of context words per unit family, so the work grows with the matches, not
  with the square of the mentions. Chinese terms are glossed into English match words
  (data/numbers.toml), so an untranslated Chinese report meets an English one;
- 'internal': arithmetic a text states itself ("from $4 billion to $5 billion, up 25%").

In a 'conflict', `mention_id` is the side blamed when one can be told (the odd one out: fewer
mentions agree with it, or its article republishes the other) and the explanation then says
"... is the odd one out"; `odd_one_out(check)` returns that mention id, else None.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from monitor.models import SURE_CONFIDENCE, MentionRecord, NumberCheck
from monitor.numbers import MEASURE_UNITS, MONEY_UNITS, detect_script, extract_numbers, lexicon

__all__ = ["agrees", "check_numbers", "counts", "explain_difference", "odd_one_out"]

MONEY = MONEY_UNITS  # every currency numbers.py knows (INR, AUD, HKD ... too)
ODD_MARK = "is the odd one out"
# Context similarity needed before two mentions count as the same fact.
CONSISTENT_MIN = 0.30
CONFLICT_MIN = 0.40
MIN_SHARED = 2
CONFLICT_SHARED = 4  # a conflict needs more shared context words than an agreement
SHORT_SENTENCE = 6  # content words; shorter sentences borrow the previous one's
POSTING_CAP = 400  # words on more mentions than this are too common to find candidates with
APPROX = 0.10  # 'about 600' covers 540..660
BOUND_FACTOR = 2.0  # 'more than 600' is not a fair way to report 1,300


def family(unit: str | None) -> str:
    """Unit family: values are only compared within one."""
    if unit in MONEY:
        return "money"
    if unit in ("%", "pp"):
        return "percent"
    if unit == "x":
        return "multiplier"
    if unit in MEASURE_UNITS:
        return unit  # a length, area, mass, power, energy or temperature: its own family
    return "count"


def _half_unit(text: str, value: float) -> float:
    """Half of the last stated digit, in base units: the rounding a figure admits."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if m and value:
        lit = m.group(0).replace(",", "")
        try:
            num = float(lit)
        except ValueError:
            num = 0.0
        scale = value / num if num else 1.0
        if "." in lit:
            h = 0.5 * 10 ** -len(lit.split(".")[1]) * scale
        else:
            tz = len(lit) - len(lit.rstrip("0")) if lit.strip("0") else 0
            h = 0.5 * 10**tz * scale
    else:
        digits = f"{value:.12g}".replace(".", "")
        tz = len(digits) - len(digits.rstrip("0")) if "e" not in digits else 0
        h = 0.5 * 10**tz if "." not in f"{value:.12g}" else 0.0
    return min(abs(h), 0.05 * abs(value)) if value else abs(h)


def interval(
    value: float, qualifier: str, text: str = "", partner: float | None = None
) -> tuple[float, float]:
    """The values a statement admits: '626' ~ 625.5..626.5, 'more than 600' ~ 600..1200."""
    h = _half_unit(text, value) if text else 0.0
    if qualifier == "approx":
        return value * (1 - APPROX) - h, value * (1 + APPROX) + h
    if qualifier == "more_than":
        return value - h, value * BOUND_FACTOR + h
    if qualifier == "less_than":
        return value / BOUND_FACTOR - h, value + h
    if qualifier == "range_low":
        return value - h, (partner if partner is not None else value * BOUND_FACTOR) + h
    if qualifier == "range_high":
        return (partner if partner is not None else value / BOUND_FACTOR) - h, value + h
    return value - h, value + h


def agrees(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two admitted intervals overlap (with a hair of float slack)."""
    eps = 1e-9 * max(abs(a[1]), abs(b[1]), 1.0)
    return a[0] <= b[1] + eps and b[0] <= a[1] + eps


# ---------------------------------------------------------------- explanations


def fmt(value: float, unit: str | None, qualifier: str = "exact", text: str = "") -> str:
    """A figure as a reader writes it: '$56.4 billion', 'more than 600', '2.5 times'."""
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
    else:
        s = num
    pre = {"approx": "about ", "more_than": "more than ", "less_than": "up to "}.get(qualifier, "")
    s = pre + s
    if text and _CJK_RE.search(text):
        s += f" ({text})"
    return s


_CJK_RE = re.compile(r"[\u3400-\u9fff]")


def _sig_digits(value: float) -> str:
    s = f"{abs(value):.10g}"
    if "e" in s:
        mant = s.split("e")[0]
    else:
        mant = s
    return mant.replace(".", "").strip("0")


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
    if lo > 0:
        ratio = hi / lo
        k = round(math.log10(ratio))
        if k >= 1 and abs(math.log10(ratio) - k) < 0.01:
            return f"a factor of {10**k:,} apart, a likely scale slip"
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


# ---------------------------------------------------------------- context features


@lru_cache(maxsize=1)
def _match_lists() -> tuple[frozenset[str], dict[str, str]]:
    m = lexicon()["match"]
    return frozenset(m["stopwords"].split()), dict(m["synonyms"])


@lru_cache(maxsize=1)
def _glossary() -> tuple[re.Pattern[str], dict[str, list[str]]]:
    """Chinese terms -> English match words, longest term first."""
    g = lexicon()["match"]["zh_glossary"]
    terms = sorted(g, key=lambda t: (-len(t), t))
    return re.compile("|".join(map(re.escape, terms))), {t: g[t].split() for t in terms}


def glossed(text: str) -> set[str]:
    """English match words for the Chinese terms in `text` ('电网' -> 'grid')."""
    if not _CJK_RE.search(text):
        return set()
    pattern, words = _glossary()
    return {w for m in pattern.finditer(text) for w in words[m.group(0)]}


_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_SENT_END = re.compile(r"(?<=[.!?])[\"”’')]?\s+(?=[A-Z\"“‘'(\[\u3400-\u9fff])|(?<=[。！？!?；;])")
_CLAUSE_END = re.compile(
    r"[,;:]\s|[，；：、]|\s[-–—]\s|—|(?<=[\u3400-\u9fff]),|,(?=[\u3400-\u9fff])"
)
_YEAR = re.compile(r"(?<![\d.,$])(?:19|20)\d{2}(?![\d%])")


@lru_cache(maxsize=200_000)
def _norm_word(w: str) -> str | None:
    """A context word in its matching form, or None for stopwords (cached: words repeat)."""
    stop, syn = _match_lists()
    w = w.lower().strip(".'’-")
    for suf in ("'s", "’s"):
        w = w.removesuffix(suf)
    if w in syn:
        return syn[w]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    w = syn.get(w, w)
    if w in stop or len(w) < 2:
        return None
    return w


@lru_cache(maxsize=50_000)
def tokens(text: str) -> frozenset[str]:
    """Context words: English content words (light stemming, synonyms), Chinese bigrams."""
    return frozenset(_tokens(text))


def _tokens(text: str) -> set[str]:
    out: set[str] = set()
    for w in _WORD.findall(text):
        for part in (w, *w.split("-")) if "-" in w else (w,):
            n = _norm_word(part)
            if n:
                out.add(n)
    for run in _CJK_RUN.findall(text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out | glossed(text)


def entities(text: str) -> set[str]:
    """Capitalised words (names, places, organisations), normalised like context words."""
    out: set[str] = set()
    for w in _WORD.findall(text):
        if w[0].isupper():
            n = _norm_word(w)
            if n:
                out.add(n)
    return out


def years(text: str) -> frozenset[int]:
    """Calendar years named in a piece of text: the time period of a fact."""
    return frozenset(int(y) for y in _YEAR.findall(text))


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append((last, m.start()))
        last = m.end()
    out.append((last, len(text)))
    return out


def _around(spans: list[tuple[int, int]], pos: int, base: int = 0) -> tuple[int, int]:
    """The span holding `pos` (or the last one starting before it)."""
    best = spans[0] if spans else (0, 0)
    for s, e in spans:
        if base + s <= pos:
            best = (s, e)
    return base + best[0], base + best[1]


def _num_token(value: float, unit: str | None) -> str:
    return f"#{unit or 'n'}:{value:.3g}"


@dataclass(slots=True)
class _M:
    """A mention with what matching needs.

    Slots, not a __dict__ per object: a 10,000-document run holds 200,000 of these at once.
    Mentions with the same context share their word sets (see `_enrich`).
    """

    rec: MentionRecord
    idx: int
    pos: int
    fam: str
    lo: float
    hi: float
    sent: frozenset[str] = frozenset()
    clause: frozenset[str] = frozenset()
    period: frozenset[int] = frozenset()
    clause_period: frozenset[int] = frozenset()
    ents: frozenset[str] = frozenset()
    lang: str = "en"
    partner: float | None = None
    story: str | None = None  # figures are compared within one story (None: with any)


def _occurrences(ctx: str, text: str) -> list[int]:
    """Where `text` stands on its own in `ctx` (not inside a longer number or word)."""
    out, k = [], ctx.find(text)
    while k >= 0:
        before = ctx[k - 1 : k]
        after = ctx[k + len(text) : k + len(text) + 1]
        if not (before.isalnum() or before in ".,") and not (after.isdigit()):
            out.append(k)
        k = ctx.find(text, k + 1)
    return out


def _locate(group: list[MentionRecord]) -> dict[str, int | None]:
    """Offsets of a paragraph's mentions: by their text when unambiguous, else re-extracted.

    Only the start offset is kept (None when the figure cannot be found): building a
    NumberMention for each of 200,000 mentions cost more than the rest of the look-up.
    """
    ctx = group[0].context or ""
    starts = [getattr(r, "start", None) for r in group]  # if MentionRecord ever carries it
    if all(
        isinstance(k, int) and ctx[k : k + len(r.text)] == r.text
        for k, r in zip(starts, group, strict=True)
    ):
        return {r.mention_id: k for k, r in zip(starts, group, strict=True)}
    texts = [r.text for r in group]
    quick: dict[str, int | None] = {}
    for rec in group:
        spots = _occurrences(ctx, rec.text)
        if len(spots) != 1 or texts.count(rec.text) != 1:
            break
        quick[rec.mention_id] = spots[0]
    else:
        return quick
    found = extract_numbers(ctx, group[0].lang)
    out: dict[str, int | None] = {}
    used: set[int] = set()
    for rec in group:  # input order: the warehouse gives a paragraph's mentions by position
        hit = None
        for i, nm in enumerate(found):
            if i not in used and nm.text == rec.text:
                hit = i
                break
        if hit is None:
            for i, nm in enumerate(found):
                if i not in used and abs(nm.value - rec.value) <= 1e-9 * max(1.0, abs(rec.value)):
                    hit = i
                    break
        if hit is None:
            k = ctx.find(rec.text)
            out[rec.mention_id] = k if k >= 0 else None
        else:
            used.add(hit)
            out[rec.mention_id] = found[hit].start
    return out


MAX_SENTENCE = 600  # characters of context either side at most: a text without full stops
# (one 250 kB line) must not make every mention read the whole text


def _clamp(s0: int, s1: int, pos: int) -> tuple[int, int]:
    """A sentence span cut to a window around the mention when the text has no sentence ends."""
    if s1 - s0 <= 2 * MAX_SENTENCE:
        return s0, s1
    return max(s0, pos - MAX_SENTENCE), min(s1, pos + MAX_SENTENCE)


_Features = tuple[frozenset[str], frozenset[str], frozenset[int], frozenset[int], frozenset[str]]


def _features(
    ctx: str,
    sents: list[tuple[int, int]],
    s0: int,
    s1: int,
    pos: int,
    strip: str,
    others: tuple[str, ...],
) -> _Features:
    """Sentence words, clause words, period, clause period and entities of one mention."""
    sentence = ctx[s0:s1]
    c0, c1 = _around(_spans(_CLAUSE_END, sentence), pos, s0)
    clause = ctx[c0:c1]
    sent_tok = tokens(sentence.replace(strip, " ")) | set(others)
    if len(sent_tok) < SHORT_SENTENCE and s0 > 0:
        # "That is up from 35": lean on the sentence before
        p0, p1 = _clamp(*_around(sents, s0 - 1), s0 - 1)
        sent_tok |= tokens(ctx[p0:p1])
    clause_period = years(clause)
    sent_years = years(sentence)
    clause_tok = tokens(clause.replace(strip, " ")) | {f"#y{y}" for y in clause_period}
    period = clause_period or sent_years
    sent_tok |= {f"#y{y}" for y in sent_years}
    ents = frozenset(entities(sentence) | glossed(sentence))
    return frozenset(sent_tok), frozenset(clause_tok), period, clause_period, ents


def _enrich(mentions: list[MentionRecord]) -> tuple[list[_M], dict[tuple[str, int], list[_M]]]:
    """Context words, period and admitted interval for every mention, grouped by paragraph.

    A mention's features depend only on its paragraph text, its offset, its own text and the
    other figures of its sentence, so they are computed once per distinct combination: wire
    copies and republished pages repeat paragraphs many times over. Equal word sets are then
    one shared object, which is what keeps 200,000 mentions' features in memory affordable.
    """
    groups: dict[tuple[str, int], list[MentionRecord]] = defaultdict(list)
    for r in mentions:
        groups[(r.article_id, r.seq)].append(r)
    out: list[_M] = []
    by_para: dict[tuple[str, int], list[_M]] = {}
    sent_spans: dict[str, list[tuple[int, int]]] = {}
    features: dict[tuple[str, int, str, tuple[str, ...]], _Features] = {}
    shared: dict[frozenset, frozenset] = {}  # one object per distinct set
    bounds: dict[tuple[float, str, str, float | None], tuple[float, float]] = {}
    for key in sorted(groups):
        group = groups[key]
        ctx = group[0].context or ""
        located = _locate(group)
        sents = sent_spans.get(ctx)
        if sents is None:
            sents = sent_spans[ctx] = _spans(_SENT_END, ctx)
        lang = (group[0].lang or detect_script(ctx))[:2]
        para: list[_M] = []
        # The paragraph's mentions by position, so "the other figures in this sentence" is a
        # range look-up rather than a scan of the whole paragraph for every mention.
        placed = sorted(
            (k, i) for i, o in enumerate(group) if (k := located.get(o.mention_id)) is not None
        )
        starts = [k for k, _ in placed]
        num_tok = [_num_token(r.value, r.unit) for r in group]
        for idx, rec in enumerate(group):
            start = located.get(rec.mention_id)
            pos = start if start is not None else 0
            s0, s1 = _clamp(*_around(sents, pos), pos)
            others = tuple(
                num_tok[i]
                for _, i in placed[bisect_left(starts, s0) : bisect_left(starts, s1)]
                if i != idx
            )
            fkey = (ctx, pos, rec.text, others)
            feats = features.get(fkey)
            if feats is None:
                feats = tuple(
                    shared.setdefault(x, x)
                    for x in _features(ctx, sents, s0, s1, pos, rec.text, others)
                )
                features[fkey] = feats
            sent, clause, period, clause_period, ents = feats
            m = _M(
                rec=rec,
                idx=len(out),
                pos=pos,
                fam=family(rec.unit),
                lo=0.0,
                hi=0.0,
                sent=sent,
                clause=clause,
                period=period,
                clause_period=clause_period,
                ents=ents,
                lang="zh" if lang == "zh" else lang,
            )
            para.append(m)
            out.append(m)
        para.sort(key=lambda m: (m.pos, m.rec.mention_id))
        for a, b in pairwise(para):
            lo, hi = a.rec.value, b.rec.value
            if (
                a.rec.qualifier == "range_low"
                and b.rec.qualifier == "range_high"
                and 0 < lo <= hi <= lo * 10  # "0-60 mph" is a spec, not an estimate
            ):
                a.partner, b.partner = b.rec.value, a.rec.value
        for m in para:
            r = m.rec
            bkey = (r.value, r.qualifier, r.text, m.partner)
            lohi = bounds.get(bkey) if r.value else None  # 0.0 and -0.0 are one key
            if lohi is None:
                lohi = bounds[bkey] = interval(r.value, r.qualifier, r.text, m.partner)
            m.lo, m.hi = lohi
        by_para[key] = para
    return out, by_para


# ---------------------------------------------------------------- what is not a quantity

# A guard for figures the extractor may still take as quantities: labels, model numbers,
# ordinals, versions, clock times, dates and scores are never compared. (numbers.py is
# learning to leave them out; this keeps checks safe whatever the extractor returns.)
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
_SCORE = re.compile(r"^\s?[-–:]\s?\d+\b")
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
    if m.rec.unit in MONEY or m.rec.unit in ("%", "pp"):
        return None
    if _LABEL_BEFORE.search(before):
        return "a label or model number"
    if _LABEL_AFTER.match(after):
        return "an ordinal, date, time or label"
    if _SCORE.match(after) or _SCORE_BEFORE.search(before):
        return "a score, range of labels or time"
    if _COUNTED_UNIT.match(after):
        return "a count of a unit a translation may convert"
    return None


# ---------------------------------------------------------------- translation checks


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
    if not r.value:  # 0.0 and -0.0 are one cache key but read "0" and "-0"
        return fmt(r.value, r.unit, r.qualifier, r.text)
    return _cached_label(r.value, r.unit, r.qualifier, r.text)


@lru_cache(maxsize=20_000, typed=True)
def _cached_label(value: float, unit: str | None, qualifier: str, text: str) -> str:
    """`fmt` for explanations: a wire story's figure is labelled once per copy it meets."""
    return fmt(value, unit, qualifier, text)


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
        for t in list(free_t):
            for o in free_o:
                if _same_figure(t, o):
                    checks.append(
                        _check(
                            "translation",
                            t,
                            o,
                            "consistent",
                            f"{_label(t)} renders {_label(o)} of the original",
                        )
                    )
                    covered.add(t.idx)
                    free_t.remove(t)
                    free_o.remove(o)
                    break
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


# ---------------------------------------------------------------- cross-source checks


def _similarity(a: _M, b: _M, idf: dict[str, float], norms: dict) -> tuple[float, int]:
    """Weighted overlap of sentence and clause words (cosine on idf weights), shared count.

    Sums are exact (fsum): a set's iteration order changes with Python's hash seed, and a
    plain float sum in another order could break a tie between two copies differently.

    `norms` caches each word set's total weight: near-duplicate articles make the same
    mention meet many others, and summing its words again for every pair dominated the cost.
    """

    def weight(x: frozenset[str]) -> float:
        w = norms.get(x)
        if w is None:
            w = norms[x] = math.fsum(idf.get(t, 1.0) for t in x)
        return w

    def cos(x: frozenset[str], y: frozenset[str]) -> float:
        if not x or not y:
            return 0.0
        nx, ny = weight(x), weight(y)
        if not nx or not ny:
            return 0.0
        return math.fsum(idf.get(w, 1.0) for w in x & y) / math.sqrt(nx * ny)

    if not a.clause & b.clause:
        return 0.0, 0  # the words right around the figures must meet, not only the sentences
    sa, sb, ca, cb = a.sent, b.sent, a.clause, b.clause
    if (a.lang == "zh") != (b.lang == "zh"):
        # across languages only the glossed, Latin and figure words can meet: weigh those
        sa, sb, ca, cb = (_latin(x) for x in (sa, sb, ca, cb))
    shared_n = len(sa & sb)
    return 0.6 * cos(sa, sb) + 0.4 * cos(ca, cb), shared_n


def _latin(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in words if not _CJK_RE.search(w))


def _candidates(pool: list[_M]) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), i < j, of mentions from different articles sharing enough rare words.

    Counted one mention at a time: for mention i, the postings of its words after i. Only one
    mention's counts exist at once, where a count for every pair sharing any word (most
    share just one) took 200 MB at 10,000 documents.
    """
    index: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, m in enumerate(pool):
        postings = index[m.fam]
        for w in m.sent:
            postings[w].append(i)  # ascending: each i is added once per word
    arts = [m.rec.article_id for m in pool]
    story = [m.story for m in pool]
    for i, m in enumerate(pool):
        postings = index[m.fam]
        art = arts[i]
        st = story[i]
        counts: dict[int, int] = defaultdict(int)
        for w in m.sent:
            posting = postings[w]
            if len(posting) < 2 or len(posting) > POSTING_CAP:
                continue
            for j in posting[bisect_right(posting, i) :]:
                if arts[j] != art and (st is None or story[j] is None or story[j] == st):
                    counts[j] += 1
        for j, n in counts.items():
            if n >= MIN_SHARED:
                yield i, j


def _cross_source_checks(pool: list[_M], n_docs_hint: int) -> list[NumberCheck]:
    """Compare each article pair's best-matching figures; conflicts need a closer match."""
    df: dict[str, int] = defaultdict(int)
    seen_sent: set[frozenset[str]] = set()
    for m in pool:
        if m.sent not in seen_sent:
            seen_sent.add(m.sent)
            for w in m.sent:
                df[w] += 1
    n = max(len(seen_sent), n_docs_hint, 1)
    idf = {w: math.log(1 + n / c) for w, c in df.items()}
    for w in list(idf):
        if w.startswith("#"):
            idf[w] *= 1.5  # other figures in the same sentence are strong evidence
    # (score, a, b, agree, why, near, slipped: a power of ten apart with the same thing counted
    # right after both figures, asked once per disagreeing pair)
    by_pair: dict[tuple[str, str], list[tuple[float, _M, _M, bool, str, int, bool]]] = (
        defaultdict(list)
    )
    norms: dict[frozenset[str], float] = {}
    seen: set[tuple[int, int]] = set()
    for i, j in _all_candidates(pool):
        if (i, j) in seen:
            continue
        seen.add((i, j))
        a, b = pool[i], pool[j]
        if a.rec.article_id > b.rec.article_id or (
            a.rec.article_id == b.rec.article_id and a.rec.mention_id > b.rec.mention_id
        ):
            a, b = b, a
        if a.fam != b.fam or non_quantity(a) or non_quantity(b):
            continue
        score, shared = _similarity(a, b, idf, norms)
        in_story = a.story is not None and a.story == b.story
        near = len(_near(a) & _near(b)) if in_story else 0
        slipped = None
        if in_story and near and score > 0:
            slipped = _power_of_ten(a, b) and _after_meet(a, b)
        if not (score >= CONSISTENT_MIN and shared >= MIN_SHARED) and not (
            in_story and near and score >= STORY_MIN
        ) and not slipped:
            continue
        ok, why = _compare(a, b)
        if ok is None:
            continue
        if not ok and slipped is None:
            slipped = _power_of_ten(a, b) and _after_meet(a, b)
        by_pair[(a.rec.article_id, b.rec.article_id)].append(
            (score, a, b, ok, why, near, bool(slipped))
        )
    stated: dict[str, set[tuple[str | None, float]]] = defaultdict(set)
    for m in pool:
        stated[m.rec.article_id].add((m.rec.unit, round(m.rec.value, 9)))
    checks: list[NumberCheck] = []
    for key in sorted(by_pair):
        cands = by_pair[key]
        used: set[int] = set()
        # agreeing pairs first (best match first), then conflicts that need a closer context;
        # among conflicts, a slipped digit of the same counted thing before looser pairings
        cands.sort(
            key=lambda c: (
                not c[3],
                c[3] or not c[6],
                -c[5],
                -c[0],
                c[1].rec.mention_id,
                c[2].rec.mention_id,
            )
        )
        agreed: dict[int, _M] = {}  # a mention -> the mention it agreed with
        for score, a, b, ok, why, near, slipped in cands:
            if (a.idx in used or b.idx in used) and (
                ok or not _repeats_elsewhere(a, b, used, agreed)
            ):
                continue
            in_story = a.story is not None and a.story == b.story
            confidence, reason = 1.0, "same figure"
            if not ok:
                close = (
                    score >= CONFLICT_MIN
                    and len(a.sent & b.sent) >= CONFLICT_SHARED
                    and (a.ents & b.ents or a.lang == b.lang == "zh")
                )
                story_close = (
                    in_story
                    and score >= STORY_MIN
                    and _same_measure(a, b, near)
                    and (_subjects(a) & _subjects(b) or near >= 2 and _after_meet(a, b))
                )
                # within one story, the same thing counted right after both figures ('30
                # months' / 'three months') and a power of ten between them: a slipped digit
                story_slip = in_story and near and score > 0 and slipped
                if not (close or story_close or story_slip):
                    continue  # a conflict needs the same named subject on both sides
                confidence, reason = _cross_confidence(a, b, near, in_story, stated)
            used.update((a.idx, b.idx))
            if ok:
                agreed[a.idx], agreed[b.idx] = b, a
            verdict = "consistent" if ok else "conflict"
            checks.append(_check("cross_source", a, b, verdict, why, confidence, reason))
    return checks


def _repeats_elsewhere(a: _M, b: _M, used: set[int], agreed: dict[int, _M]) -> bool:
    """A slip in a figure its own article states right elsewhere (a headline keeps 'two
    businesses', the body says 20): the other article's figure already agreed with that other
    statement, and may still meet the slipped one. Only for a power of ten, the same thing
    counted, and a repeat in another paragraph (not 'three of the 30' in one sentence)."""
    for x, y in ((a, b), (b, a)):
        partner = agreed.get(x.idx)
        if (
            y.idx not in used
            and partner is not None
            and partner.rec.article_id == y.rec.article_id
            and partner.rec.seq != y.rec.seq
            and _power_of_ten(x, y)
        ):
            return True
    return False


FAR_APART = 3.0  # figures further apart than this, and not by a power of ten, are unsure
STORY_MIN = 0.10  # context similarity enough within one story when the words at the figure meet
STORY_PAIR_CAP = 1000  # a story with more mentions than this finds candidates by the index only


def _all_candidates(pool: list[_M]) -> Iterator[tuple[int, int]]:
    """Pairs sharing rare words, and every pair of figures of one family within a story."""
    yield from _candidates(pool)
    by_story: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(pool):
        if m.story is not None:
            by_story[m.story].append(i)
    for key in sorted(by_story):
        idxs = by_story[key]
        if len(idxs) > STORY_PAIR_CAP:
            continue
        for x, i in enumerate(idxs):
            for j in idxs[x + 1 :]:
                if pool[i].rec.article_id != pool[j].rec.article_id and pool[i].fam == pool[j].fam:
                    yield i, j


_NEAR_STOP = re.compile(r"[.;:!?()\[\]\"“”。；：！？（）]")


@lru_cache(maxsize=100_000)
def _near_words(ctx: str, pos: int, text: str) -> frozenset[str]:
    """The content words right at a figure: up to 4 before and 4 after, within its clause."""
    if pos < 0 or ctx[pos : pos + len(text)] != text:
        return frozenset()
    before = _NEAR_STOP.split(ctx[max(0, pos - 80) : pos])[-1]
    after = _NEAR_STOP.split(ctx[pos + len(text) : pos + len(text) + 80])[0]
    out: list[str] = []
    words_b = [n for w in _WORD.findall(before) if (n := _norm_word(w))]
    words_a = [n for w in _WORD.findall(after) if (n := _norm_word(w))]
    out += words_b[-4:] + words_a[:4]
    for run in _CJK_RUN.findall(before[-8:]) + _CJK_RUN.findall(after[:8]):
        out += [run[i : i + 2] for i in range(len(run) - 1)]
    return frozenset(out) | glossed(before[-8:] + " " + after[:8])


def _near(m: _M) -> frozenset[str]:
    return _near_words(m.rec.context or "", m.pos, m.rec.text)


_PART_AFTER = re.compile(
    r"^\s*(?:of\s+(?:them|those|whom|these|which)\b|out of\b)", re.IGNORECASE
)
_PART_BEFORE = re.compile(r"(?:其中|among them|of whom)\s*[^\s]{0,6}\s*$", re.IGNORECASE)


@lru_cache(maxsize=100_000)
def _after_words(ctx: str, pos: int, text: str) -> frozenset[str]:
    """Up to 4 content words right after a figure, in its clause: what it counts."""
    if pos < 0 or ctx[pos : pos + len(text)] != text:
        return frozenset()
    after = _NEAR_STOP.split(ctx[pos + len(text) : pos + len(text) + 80])[0]
    after = re.split(r"[,，、]", after)[0]
    words = [n for w in _WORD.findall(after) if (n := _norm_word(w))][:4]
    cjk = _CJK_RUN.findall(after[:6])
    words += [run[i : i + 2] for run in cjk for i in range(len(run) - 1)]
    return frozenset(words)


_CALENDAR = frozenset(
    [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "today", "yesterday",
    ]
)


def _subjects(m: _M) -> frozenset[str]:
    """The names in a figure's sentence, less days and months (time, not who or what)."""
    return frozenset(e for e in m.ents if e not in _CALENDAR)


def _power_of_ten(a: _M, b: _M) -> bool:
    """The two figures differ by a power of ten: '30 months' against 'three months' of one
    story is a slipped digit far more often than two facts that count the same thing."""
    lo, hi = sorted((abs(a.rec.value), abs(b.rec.value)))
    if lo <= 0 or a.rec.unit != b.rec.unit:
        return False
    k = round(math.log10(hi / lo))
    return k >= 1 and abs(math.log10(hi / lo) - k) < 0.01


def _after_meet(a: _M, b: _M) -> bool:
    wa = _after_words(a.rec.context or "", a.pos, a.rec.text)
    return bool(wa & _after_words(b.rec.context or "", b.pos, b.rec.text))


def _same_measure(a: _M, b: _M, near: int) -> bool:
    """The figures measure the same thing: what follows them meets, or the words around
    them share two or more."""
    if (abs(a.rec.value) < 1) != (abs(b.rec.value) < 1) and a.fam == "count":
        return False  # a fraction of a whole and a count
    return _after_meet(a, b) or near >= 2 or (near >= 1 and len(_subjects(a) & _subjects(b)) >= 2)


def _cross_confidence(
    a: _M, b: _M, near: int, in_story: bool, stated: dict[str, set] | None = None
) -> tuple[float, str]:
    """How sure a cross-source conflict is: the same fact, not a part of it or another item."""
    if stated is not None:
        ka, kb = (a.rec.unit, round(a.rec.value, 9)), (b.rec.unit, round(b.rec.value, 9))
        a_in_b, b_in_a = ka in stated.get(b.rec.article_id, ()), kb in stated.get(a.rec.article_id, ())
        # one article states both figures, the other only one of them: a slip by a power of
        # ten that the slipping article states rightly elsewhere, not a list of two facts
        repeat = a_in_b != b_in_a and _power_of_ten(a, b)
        if (a_in_b or b_in_a) and not repeat:
            return 0.3, "each figure appears in the other article too: two facts of one list"
    for m in (a, b):
        ctx, end = m.rec.context or "", m.pos + len(m.rec.text)
        if _PART_AFTER.match(ctx[end : end + 20]) or _PART_BEFORE.search(ctx[max(0, m.pos - 20) : m.pos]):
            return 0.4, "a part against its whole"
    if in_story and not near:
        return 0.5, "the words at the figures differ: maybe another fact of the story"
    lo, hi = sorted((abs(a.rec.value), abs(b.rec.value)))
    if a.rec.unit == b.rec.unit and lo > 0 and hi / lo > FAR_APART:
        k = round(math.log10(hi / lo))
        slip = k >= 1 and abs(math.log10(hi / lo) - k) < 0.01
        if not slip:
            return 0.6, "far apart with no slip to explain it: likely two different facts"
    return 0.9, "same fact" + (" within one story" if in_story else "")


def _collapse_copies(pool: list[_M]) -> tuple[list[NumberCheck], list[_M]]:
    """Copies of one sentence in several articles (a wire story, a republished page).

    The same figure in the same words is compared with one representative copy, not with
    every other copy: k copies make k - 1 checks instead of k(k - 1)/2, and the agreeing copies
    still form one group for blame. The representative alone goes on to meet other articles.
    """
    groups: dict[tuple, list[_M]] = defaultdict(list)
    for m in pool:
        r = m.rec
        groups[(m.story, m.fam, r.value, r.unit, r.qualifier, m.lang, m.sent, m.clause)].append(m)
    checks: list[NumberCheck] = []
    keep: list[_M] = []
    texts: dict[str, str] = {}  # copies agree in the same words: keep one string for them
    for members in groups.values():
        members.sort(key=lambda m: (m.rec.article_id, m.rec.mention_id))
        rep = members[0]
        keep.append(rep)
        for m in members[1:]:
            if m.rec.article_id == rep.rec.article_id:
                keep.append(m)
                continue
            ok, why = _compare(rep, m)
            if ok:
                why = texts.setdefault(why, why)
                checks.append(_check("cross_source", rep, m, "consistent", why))
            else:
                keep.append(m)
    keep.sort(key=lambda m: m.idx)
    return checks, keep


def _compare(a: _M, b: _M) -> tuple[bool | None, str]:
    """(True, why) same fact agreeing, (False, why) conflicting, (None, '') not comparable."""
    ua, ub = a.rec.unit, b.rec.unit
    same_number = abs(a.rec.value - b.rec.value) <= 1e-9 * max(abs(a.rec.value), 1.0)
    if ua != ub:
        if not same_number:
            return None, ""  # other currencies: no exchange rates here
        why = explain_difference(a.rec.value, ua, a.rec.qualifier, b.rec.value, ub, b.rec.qualifier)
        return False, f"{_label(a)} vs {_label(b)}: {why}"
    wrong_year = a.clause_period and b.clause_period and not (a.clause_period & b.clause_period)
    if wrong_year and same_number:
        ya = "/".join(map(str, sorted(a.clause_period)))
        yb = "/".join(map(str, sorted(b.clause_period)))
        return False, (
            f"{_label(a)} vs {_label(b)}: the same figure given for {ya} and for {yb}, "
            "a likely wrong year"
        )
    agree = agrees((a.lo, a.hi), (b.lo, b.hi))
    if a.period and b.period and not (a.period & b.period) and not agree:
        return None, ""  # different periods: different facts
    if agree:
        return True, f"{_label(a)} and {_label(b)} agree"
    why = explain_difference(a.rec.value, ua, a.rec.qualifier, b.rec.value, ub, b.rec.qualifier)
    return False, f"{_label(a)} vs {_label(b)}: {why}"


# ---------------------------------------------------------------- blame


class _Components:
    """Union-find over mentions that agree."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.size: dict[str, int] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        self.size.setdefault(x, 1)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra > rb:
                ra, rb = rb, ra
            self.parent[rb] = ra
            self.size[ra] += self.size[rb]

    def count(self, x: str) -> int:
        return self.size[self.find(x)]


def _blame(checks: list[NumberCheck], recs: dict[str, MentionRecord]) -> list[NumberCheck]:
    """Put the odd one out first in each conflict and say so in the explanation."""
    comp = _Components()
    for c in checks:
        if c.verdict == "consistent" and c.other_mention_id:
            comp.union(c.mention_id, c.other_mention_id)
    out = []
    for c in checks:
        if c.verdict != "conflict" or not c.other_mention_id:
            out.append(c)
            continue
        a, b = recs[c.mention_id], recs[c.other_mention_id]
        na, nb = comp.count(a.mention_id), comp.count(b.mention_id)
        odd: MentionRecord | None = None
        reason = ""
        if na != nb:
            odd, ok = (a, b) if na < nb else (b, a)
            n_ok = max(na, nb)
            reason = f"{n_ok} mention{'s' if n_ok > 1 else ''} agree on the other figure"
        elif a.derived_from and a.derived_from == b.article_id:
            odd, ok, reason = a, b, "it republishes the other article"
        elif b.derived_from and b.derived_from == a.article_id:
            odd, ok, reason = b, a, "it republishes the other article"
        if odd is None:
            out.append(
                NumberCheck(
                    **{
                        **c.__dict__,
                        "explanation": c.explanation
                        + (
                            ""
                            if c.kind in ("translation", "internal")
                            else "; neither side is corroborated"
                        ),
                    }
                )
            )
            continue
        text = f"{c.explanation}; {odd.text!r} in {odd.article_id} {ODD_MARK} ({reason})"
        out.append(
            NumberCheck(
                kind=c.kind,
                article_id=odd.article_id,
                mention_id=odd.mention_id,
                other_article_id=ok.article_id,
                other_mention_id=ok.mention_id,
                value=odd.value,
                other_value=ok.value,
                verdict="conflict",
                explanation=text,
                confidence=c.confidence,
                reason=c.reason,
            )
        )
    return out


def odd_one_out(check: NumberCheck) -> str | None:
    """The mention blamed for a conflict (its `mention_id`), or None when it cannot be told."""
    return (
        check.mention_id if check.verdict == "conflict" and ODD_MARK in check.explanation else None
    )


# ---------------------------------------------------------------- internal arithmetic

_INTERNAL = lexicon()["internal"]
_CHANGE = "(?:" + "|".join(map(re.escape, sorted(_INTERNAL["change_words"], key=len)[::-1])) + ")"
_FROM_TO = re.compile(
    r"^\s*(?:" + "|".join(map(re.escape, _INTERNAL["to_words"])) + r")\s*$", re.IGNORECASE
)
_FROM_BEFORE = re.compile(r"(?:from|从|由)\s*$", re.IGNORECASE)
_CHANGE_NEAR = re.compile(_CHANGE + r"[^.;。；]{0,25}$", re.IGNORECASE)
_CHANGE_AFTER = re.compile(r"^\s*" + _CHANGE, re.IGNORECASE)
_UP_FROM = re.compile(r"^[^.;。]{0,12}?" + _CHANGE + r"\s*$", re.IGNORECASE)
_FROM_MID = re.compile(r"^\s*(?:from|compared with|versus|vs\.?|over)\s*$", re.IGNORECASE)
_SHARE_MID = re.compile(r"^\s*(?:out of|of)\s*$", re.IGNORECASE)
_SHARE_OR = re.compile(r"^[^.;]{0,40}?(?:, or|\(|，占|, representing|, i\.e\.)\s*$", re.IGNORECASE)


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
                if _FROM_TO.match(between) and _FROM_BEFORE.search(ctx[max(0, x.pos - 6) : x.pos]):
                    old, new = x, y
                    for k in (j + 1, i - 1):
                        if 0 <= k < len(ms) and ms[k].rec.unit in ("%", "pp"):
                            p = ms[k]
                            near = ctx[max(0, p.pos - 30) : p.pos]
                            after = ctx[p.pos + len(p.rec.text) : p.pos + len(p.rec.text) + 12]
                            gap = ctx[y_end : p.pos] if k > j else ctx[p.pos : x.pos]
                            if len(gap) <= 40 and (
                                _CHANGE_NEAR.search(near) or _CHANGE_AFTER.match(after)
                            ):
                                pct = p
                                break
                if pct is None and j == i + 2 and ms[i + 1].rec.unit in ("%", "pp"):
                    p = ms[i + 1]
                    head = ctx[x_end : p.pos]
                    tail = ctx[p.pos + len(p.rec.text) : y.pos]
                    if _UP_FROM.match(head) and _FROM_MID.match(tail):
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


_KIND_ORDER = {"translation": 0, "cross_source": 1, "same_source": 2, "internal": 3}


def _same_source(c: NumberCheck, recs: dict[str, MentionRecord]) -> NumberCheck:
    """Two articles of one source: a `same_source` check, never counted against it."""
    if c.kind != "cross_source" or not c.other_mention_id:
        return c
    if recs[c.mention_id].source_id != recs[c.other_mention_id].source_id:
        return c
    return replace(c, kind="same_source")


SURE = SURE_CONFIDENCE  # a conflict counts (scores, the report) from this confidence on


def counts(check: NumberCheck) -> bool:
    """A conflict sure enough to count against a source."""
    return check.verdict == "conflict" and check.kind != "same_source" and (
        check.confidence >= SURE
    )


def check_numbers(mentions: list[MentionRecord], *, use_stories: bool = True) -> list[NumberCheck]:
    """Every translation and cross-source comparison, in a stable order.

    Figures of two articles are compared only when both are in one story (mentions without a
    `story_id` meet any other); two articles of one source give `same_source` checks, never
    `cross_source`. Each check has a confidence and a reason; only sure conflicts `count`.
    `use_stories=False` ignores stories (the plain comparison, for benchmarks).
    """
    if not mentions:
        return []
    uniq: dict[str, MentionRecord] = {}
    for m in mentions:
        uniq.setdefault(m.mention_id, m)
    recs = list(uniq.values())
    enriched, by_para = _enrich(recs)
    if use_stories:
        for m in enriched:
            m.story = m.rec.story_id
    checks, covered = _translation_checks(by_para)
    # Translated figures already matched to their original are represented by it; the others
    # take the original paragraph's words so they can meet other articles' figures.
    pool: list[_M] = []
    for m in enriched:
        if m.idx in covered or m.rec.value == 0:
            continue
        if m.rec.translation_of is not None:
            orig = by_para.get((m.rec.article_id, m.rec.translation_of))
            if orig:
                words: set[str] = set()
                for o in orig:
                    words |= o.sent
                m.sent = frozenset(words | m.sent)
                m.ents = frozenset(set().union(*(o.ents for o in orig)) | m.ents)
        pool.append(m)
    copies, pool = _collapse_copies(pool)
    checks += copies
    checks += _cross_source_checks(pool, 0)
    checks += _internal_checks(by_para)
    checks = [_same_source(c, uniq) for c in checks]
    checks = _blame(checks, uniq)
    checks.sort(
        key=lambda c: (
            _KIND_ORDER.get(c.kind, 9),
            c.article_id,
            c.mention_id,
            c.other_article_id or "",
            c.other_mention_id or "",
        )
    )
    return checks

"""Number extraction and normalisation for English and Chinese news text.

`extract_numbers` finds quantities (amounts of money, percentages, multipliers, counts) and
normalises them to base units ("5640 亿美元" -> 5.64e11 USD) with their qualifier ("more than",
"about", range ends). Years, dates, times, ordinals, phone numbers and identifiers ("H20",
"AI+5", "Qwen3", a hex digest) are left out. Word lists live in data/numbers.toml, read on
first use. The unit families (`family`) are defined here; fact matching across translations
and sources (`check_numbers`) lives in monitor.checks.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

from monitor.models import NumberMention

__all__ = [
    "MEASURE_UNITS",
    "MONEY_UNITS",
    "MULTIPLIER_UNITS",
    "PERCENT_UNITS",
    "detect_script",
    "extract_numbers",
    "family",
    "lexicon",
]


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The word lists, loaded once from the package data."""
    text = resources.files("monitor").joinpath("data/numbers.toml").read_text("utf-8")
    return tomllib.loads(text)


def _alt(words: list[str]) -> str:
    """Regex alternation, longest first so 'more than a' wins over 'more than'."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


MONEY_UNITS = (
    "USD",
    "CNY",
    "EUR",
    "GBP",
    "JPY",
    "INR",
    "AUD",
    "CAD",
    "HKD",
    "KRW",
    "CHF",
    "SGD",
    "NZD",
    "TWD",
    "BRL",
    "RUB",
    "TRY",
)
PERCENT_UNITS = ("%", "pp")  # a percentage, a change in percentage points
MULTIPLIER_UNITS = ("x",)  # "2.5 times"
# Base units of physical measures (numbers.toml [en.measures], [zh.measures]; °F becomes °C).
MEASURE_UNITS = ("m", "m2", "kg", "W", "J", "°C")
# Units with which a number word that needs one ("a", "an") is a figure without a scale word
_SCALELESS_UNITS = MONEY_UNITS + PERCENT_UNITS + MULTIPLIER_UNITS


def family(unit: str | None) -> str:
    """Unit family: values are only compared within one."""
    if unit in MONEY_UNITS:
        return "money"
    if unit in PERCENT_UNITS:
        return "percent"
    if unit in MULTIPLIER_UNITS:
        return "multiplier"
    if unit in MEASURE_UNITS:
        return unit  # a length, area, mass, power, energy or temperature: its own family
    return "count"


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_script(text: str) -> str:
    """'zh' when Chinese characters outnumber Latin letters, else 'en' (cheap, no model)."""
    cjk = len(_CJK.findall(text))
    return "zh" if cjk and cjk * 2 >= len(_LATIN.findall(text)) else "en"


@dataclass
class _Atom:
    """A quantity being assembled: core number, then what surrounds it."""

    start: int
    end: int
    number: Decimal
    literal: str  # the numeric literal as written (for years and identifiers)
    kind: str  # 'arabic', 'zh', 'word', 'fraction', 'percent_zh'
    scale: Decimal = Decimal(1)
    has_scale: bool = False
    unit: str | None = None
    qualifier: str = "exact"
    drop: bool = False
    literal_scale: str | None = None  # the English scale word as matched ("bn", "k")


class _Patterns:
    """Compiled patterns built once from the lexicon."""

    def __init__(self, lex: dict[str, Any]) -> None:
        en, zh = lex["en"], lex["zh"]
        self.en_scales = {k.lower(): Decimal(str(v)) for k, v in en["scales"].items()}
        self.money_only = set(en["money_only_scales"])
        self.attached_only = set(en["attached_only_scales"])
        self.scale_re = re.compile(
            r"(?P<sp>[ \u00a0-]?)(?P<s>" + _alt(list(self.en_scales)) + r")(?![A-Za-z])",
            re.IGNORECASE,
        )
        self.en_cur_words = en["currency_words"]
        self.en_cur_re = re.compile(
            r"[ \u00a0]?(?P<w>" + _alt(list(self.en_cur_words)) + r")(?![A-Za-z])"
        )
        self.en_unit_words = en["unit_words"]
        self.en_unit_re = re.compile(
            r"(?P<sp>[ \u00a0-]?)(?P<w>" + _alt(list(self.en_unit_words)) + r")(?![A-Za-z])",
            re.IGNORECASE,
        )
        self.times_next_re = re.compile(
            r"[ \u00a0]+(?:" + _alt(en["times_next"]) + r")(?![A-Za-z])", re.IGNORECASE
        )
        self.mult_x_re = re.compile(r"[xX×](?![A-Za-z0-9])")
        prefixes = dict(en["currency_prefix"])
        prefixes["¥"] = "YEN"
        self.cur_prefix = prefixes
        self.cur_prefix_re = re.compile(r"(?P<p>" + _alt(list(prefixes)) + r")[ \u00a0]?$")
        # Dollars of a country the lexicon does not name stay out (Z$ ...).
        self.foreign_dollar_re = re.compile(r"(?<![A-Za-z])Z\$[ \u00a0]?$")
        # Physical measures: word -> (base unit, factor); the unit words are case-sensitive
        # where case tells ("MW" megawatts, "mW" would be milliwatts).
        self.en_measures = {k: (v[0], Decimal(str(v[1]))) for k, v in en["measures"].items()}
        self.en_measure_re = re.compile(
            r"(?P<sp>[ \u00a0-]?)(?P<w>" + _alt(list(self.en_measures)) + r")(?![A-Za-z0-9²])"
        )
        self.weight_context = set(en["weight"]["context"])
        self.zh_measures = {k: (v[0], Decimal(str(v[1]))) for k, v in zh["measures"].items()}
        self.zh_measure_re = re.compile(r"\s?(?P<w>" + _alt(list(self.zh_measures)) + r")")
        qb = en["qualifiers_before"]
        self.en_qual_before = {k.lower(): v for k, v in qb.items()}
        self.en_qual_before_re = re.compile(
            r"(?:^|(?<=[\s(“\"‘']))(?P<q>" + _alt(list(qb)) + r")[ \u00a0]+$", re.IGNORECASE
        )
        qa = en["qualifiers_after"]
        self.en_qual_after = qa
        # a dimension word may come between the measure and its qualifier: '6 feet tall or
        # more', '3 metres deep or so'
        self.en_qual_after_re = re.compile(
            r"(?P<dim> (?:tall|high|long|wide|deep|thick|old))?"
            r"(?P<q> (?:"
            + _alt([w for w in qa if not w.startswith("-")])
            + r")|"
            + _alt([w for w in qa if w.startswith("-")])
            + r"|\+)(?![A-Za-z0-9])"
        )
        self.words = {k: Decimal(v) for k, v in en["words"].items()}
        tens = [w for w, v in en["words"].items() if v >= 20 and v % 10 == 0]
        units = [w for w, v in en["words"].items() if 1 <= v <= 9]
        teens = [w for w, v in en["words"].items() if 10 <= v <= 19]
        # The look-ahead is implied by the alternation after it (every number word starts with one
        # of these prefixes), so the matches are the same; it spares re the whole alternation at
        # most word starts ("the", "said"), which halves the cost of this scan.
        starts = ["a", "an", "half", "dozen", *en["words"]]
        self.word_gate = gate = (
            r"(?="
            + _alt(sorted({w[:3] for w in starts if len(w) > 2}))
            + r"|(?:"
            + _alt([w for w in starts if len(w) < 3])
            + r")(?!\w))"
        )
        word = (
            r"(?:(?:"
            + _alt(tens)
            + r")(?:[- ](?:"
            + _alt(units)
            + r"))?|"
            + _alt(teens + units)
            + r"|a|an)"
        )
        self.word_re = re.compile(
            r"(?<![\w-])"
            + gate
            + r"(?P<w>(?:(?:a|half a|"
            + _alt(tens + teens + units)
            + r") )?dozen|"
            + word
            + r"(?: hundred)?)(?![\w])",
            re.IGNORECASE,
        )
        fr = en["fractions"]
        self.fractions = {k: Decimal(str(v)) for k, v in fr.items()}
        self.fraction_words = tuple(sorted({k.lower() for k in fr}))  # for _may_contain
        self.fraction_re = re.compile(
            r"(?<![\w-])(?:(?P<n>a|one|two|three|four)[ -])?(?P<f>"
            + _alt(list(fr))
            + r")(?= (?:of|the)\b)",
            re.IGNORECASE,
        )
        ex = en["exclusions"]
        self.months = set(ex["months"])
        self.capitalised_ok = set(ex["capitalised_ok"])
        self.label_words = set(ex["label_words"])
        self.after_words_re = re.compile(
            r"[ \u00a0]?(?:" + _alt(ex["after_words"]) + r")(?![A-Za-z])", re.IGNORECASE
        )
        # Chinese
        self.zh_digits = zh["digits"]
        self.zh_scale = {k: Decimal(str(v)) for k, v in zh["scale_chars"].items()}
        self.zh_numeral_re = re.compile(
            "["
            + zh["digits"]
            + "十]["
            + zh["numeral_chars"]
            + "萬億]*(?:[点點]["
            + zh["digits"]
            + "]+)?"
        )
        self.zh_scale_re = re.compile(r"\s?(?P<s>[十百千万亿億萬兆]+)")
        self.mega_units = zh["mega_units"]
        self.measure_words = set(zh["measure_words"])
        self.zh_not_after = sorted(zh["not_after"], key=len, reverse=True)
        self.zh_date_after_re = re.compile(
            r"\s?(?:[-~～至到]\s?\d{1,2}\s?)?(?:" + _alt(zh["date_after"]) + r")"
        )
        self.zh_year_re = re.compile(
            r"\s?年(?:"
            + _alt(zh["year_after"])
            + r"|\s?[\d"
            + zh["numeral_chars"]
            + r"]{1,3}\s?月)"
        )
        self.zh_era_re = re.compile(r"(?:" + _alt(zh["era_before"]) + r")\s?$")
        self.zh_day_re = re.compile(r"\s?日(?![元圆])")
        self.zh_cur = zh["currency_words"]
        self.zh_unit = zh["unit_words"]
        self.zh_cur_unit_re = re.compile(
            r"\s?(?P<w>" + _alt(list(self.zh_cur) + list(self.zh_unit)) + r")"
        )
        self.zh_qual_before = zh["qualifiers_before"]
        self.zh_qual_before_re = re.compile(r"(?P<q>" + _alt(list(self.zh_qual_before)) + r")\s?$")
        self.zh_qual_after = zh["qualifiers_after"]
        self.zh_more_re = re.compile(r"\s?(?P<q>[多余])")
        self.zh_qual_after_re = re.compile(
            r"\s?(?P<q>" + _alt([w for w in self.zh_qual_after if len(w) > 1]) + r")"
        )
        self.zh_measured_qual_re = re.compile(
            r"\s?[" + zh["measure_words"] + r"](?P<q>" + _alt(["以上", "以下", "左右"]) + r")"
        )
        self.zh_tenths_re = re.compile(r"\s?成(?![" + zh["not_tenths"] + "])")
        self.zh_fractions = {k: Decimal(str(v)) for k, v in zh["fractions"].items()}
        self.zh_fraction_hints = (*self.zh_fractions, "分之")  # in every zh_fraction_re match
        num = "[" + zh["numeral_chars"] + "]+"
        self.zh_fraction_re = re.compile(
            r"(?P<q>超过|逾|近|约)?(?:(?P<half>" + _alt(list(self.zh_fractions)) + r")|"
            r"(?P<den>" + num + r"|\d+)\s?分之\s?(?P<num>" + num + r"|\d+))"
        )
        self.zh_percent_re = re.compile(
            r"百分之\s?(?P<n>[" + zh["numeral_chars"] + r"点點]+|\d+(?:\.\d+)?)"
        )


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    return _Patterns(lexicon())


# Same matches as (?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d), but the
# first digit comes before the look-behind, so re skips straight to digits (4x faster).
# Indian grouping (3,45,000; 12,50,000) too.
_ARABIC = re.compile(
    r"\d(?<![\d.,]\d)(?:\d?(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{0,2}(?:,\d{3})+(?:\.\d+)?"
    r"|\d*(?:\.\d+)?)(?!\d)"
)
_MASKS = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+"  # URLs, e-mails
    # dates; a full stop after one ends a sentence, a dot and a digit make it a version
    r"|(?<![\d.])\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\.?\d)"
    r"|(?<![\d.])\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?!\.?\d)"
    r"|(?<![\d.])(?:1[89]|20)\d{2}[-–/]\d{2}(?!\.?\d|%)"  # seasons and fiscal years: 2002-03
    r"|(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])"  # times
    r"|\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}"  # international phone
    r"|\(\d{2,4}\)\s?\d{3,4}[\s.-]\d{3,4}|\b\d{3,4}-\d{7,8}\b|\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b"
    r"|(?<![\d.])1[3-9]\d{9}(?!\d)"  # Chinese mobile numbers
    r"|\b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,}\b"  # hex digests
    r"|\b[A-Za-z]+\d+[A-Za-z\d]*\b|\b\d+[A-Za-z]*[A-Za-z]\d[A-Za-z\d]*\b"  # H20, Qwen3, 3D8
    r"|\b\d+\([a-z]\)|[(\[]\d{1,3}(?:[,–-]\s?\d{1,3})*[)\]]"  # 401(k); citations (19), [1]
    r"|^\s*\d{1,2}[.)](?=\s+[A-Z])"  # list items "5. Seek help"
)
# Where _MASKS is cut: whitespace, then a character that is neither whitespace, a digit nor "(".
# No _MASKS match (nor any attempt at one) runs across a cut: only the phone, citation and
# list-item forms cross whitespace, and each goes on with a digit or "(" after it. A new form
# of _MASKS that crosses whitespace otherwise needs this class widened (tests/test_numbers_speed).
_CUT = re.compile(r"\s(?=[^\s\d(])")
_LAST_CUT = re.compile(r".*\s(?=[^\s\d(])", re.DOTALL)
_PERIOD_BEFORE = re.compile(
    r"(?:first|second|third|last|latter|top|bottom|upper|lower|back|front) $", re.IGNORECASE
)
_TWICE = re.compile(r"(?<![\w-])twice(?![\w-])", re.IGNORECASE)
# What re.IGNORECASE matches to an ASCII letter besides its two cases: İ ı (i), K (k), ſ (s).
_CASE_EXTRA = re.compile("[\u0130\u0131\u017f\u212a]")
# ... and what they spell: a word matched with one reads as the word ("ſeven" is seven).
_CASE_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _fold(matched: str) -> str:
    """A word re.IGNORECASE matched, as the lexicon's key ("thouſand" -> "thousand")."""
    return matched.translate(_CASE_FOLD).lower()

_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|s|'s|’s)(?![A-Za-z])")
_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z.’'-]*)[ \u00a0]+$")
_NEXT_WORD = re.compile(r"[ \u00a0]+([A-Za-z]+)")


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _zh_to_decimal(text: str) -> Decimal | None:
    """Chinese numerals through cn2an; None when it is not a well-formed number."""
    import cn2an

    try:
        value = cn2an.cn2an(
            text.replace("點", "点").replace("萬", "万").replace("億", "亿"), "normal"
        )
    except Exception:  # noqa: BLE001  cn2an raises ValueError and bare Exceptions
        return None
    return Decimal(str(value))


class _Masks:
    """Which cores fall in a _MASKS span (URL, date, phone number, identifier ...), on demand.

    Scanning every paragraph with _MASKS cost a third of this stage, though only the cores
    that complete into quantities need the check. A check scans only the text between the
    cuts (see _CUT) around its core: the scan of the whole text finds the same spans there,
    because no match crosses a cut, so that scan starts afresh at each one.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) meets a span of the whole-text _MASKS scan."""
        text = self.text
        m = _LAST_CUT.match(text, 0, start + 1)  # the last cut at or before `start`
        lo = m.end() if m else 0
        m = _CUT.search(text, end - 1)  # the first cut at or after `end`
        hi = m.end() if m else len(text)
        spans = self.spans.get((lo, hi))
        if spans is None:
            # Seeing one character past `hi` is enough for every look-ahead of _MASKS there.
            spans = []
            for m in _MASKS.finditer(text, lo, hi + 1):
                if m.start() >= hi:
                    break
                spans.append(m.span())
            self.spans[(lo, hi)] = spans
        return any(a < end and start < b for a, b in spans)


def _may_contain(low: str | None, words: tuple[str, ...]) -> bool:
    """Whether a text may hold one of the lower-case ASCII `words`, in any case.

    `low` is the text lowered, or None when the text has a character that re.IGNORECASE matches to
    an ASCII letter though it lowers to something else (then the answer is always yes).
    """
    return low is None or any(map(low.__contains__, words))


def _cores(text: str, p: _Patterns) -> list[_Atom]:
    """Every candidate numeric core, overlapping ones resolved longest-first."""
    found: list[_Atom] = []
    # The scans below are skipped on text that holds none of the words they need: same result.
    low = None if _CASE_EXTRA.search(text) else text.lower()
    for m in p.zh_percent_re.finditer(text):
        raw = m.group("n")
        n = _dec(raw) if raw[0].isdigit() else _zh_to_decimal(raw)
        if n is not None:
            found.append(_Atom(m.start(), m.end(), n, raw, "percent_zh", unit="%"))
    zh_fractions = any(h in text for h in p.zh_fraction_hints)
    for m in p.zh_fraction_re.finditer(text) if zh_fractions else ():
        if m.group("half"):
            n = p.zh_fractions[m.group("half")]
            qual = "more_than" if m.group("half") == "过半" else "exact"
        else:
            den, num = m.group("den"), m.group("num")
            d = _dec(den) if den[0].isdigit() else _zh_to_decimal(den)
            u = _dec(num) if num[0].isdigit() else _zh_to_decimal(num)
            if not d or u is None or d == 100:
                continue
            n = (u / d).quantize(Decimal("0.000001"))
            qual = "exact"
        q = m.group("q")
        if q:
            qual = p.zh_qual_before.get(q, qual)
        found.append(_Atom(m.start(), m.end(), n, m.group(0), "fraction", qualifier=qual))
    for m in _ARABIC.finditer(text):
        n = _dec(m.group(0))
        if n is not None:
            found.append(_Atom(m.start(), m.end(), n, m.group(0), "arabic"))
    for m in p.zh_numeral_re.finditer(text):
        found.append(_Atom(m.start(), m.end(), Decimal(0), m.group(0), "zh"))
    for m in p.word_re.finditer(text):
        found.append(_Atom(m.start(), m.end(), Decimal(0), m.group("w"), "word"))
    for m in _TWICE.finditer(text) if _may_contain(low, ("twice",)) else ():
        found.append(_Atom(m.start(), m.end(), Decimal(2), m.group(0), "fraction", unit="x"))
    for m in p.fraction_re.finditer(text) if _may_contain(low, p.fraction_words) else ():
        k = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}.get((m.group("n") or "a").lower())
        f = _fold(m.group("f"))
        if f != "half" and f != "halves" and not m.group("n"):
            continue  # "third of" alone is an ordinal
        if _PERIOD_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "the first half of 2019", "the top third": a period or a part, no share
        n = (Decimal(k) * p.fractions[f]).quantize(Decimal("0.000001"))
        found.append(_Atom(m.start(), m.end(), n, m.group(0), "fraction"))
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out: list[_Atom] = []
    for a in found:
        if out and a.start < out[-1].end:
            continue
        out.append(a)
    return out


def _word_value(words: str, p: _Patterns) -> tuple[Decimal, bool] | None:
    """Value of an English number phrase, and whether it stands alone without a unit."""
    w = _fold(words).replace("-", " ").split()
    if w[-1] == "dozen":
        mult = Decimal("0.5") if w[0] == "half" else p.words.get(w[0], Decimal(1))
        return Decimal(12) * (mult if len(w) > 1 else 1), False
    hundred = w[-1] == "hundred"
    if hundred:
        w = w[:-1]
    if w in (["a"], ["an"]):
        total = Decimal(1)
        alone_needs_unit = True
    else:
        total = sum((p.words.get(x, Decimal(0)) for x in w), Decimal(0))
        alone_needs_unit = w == ["one"]
    if hundred:
        return total * 100, False
    return total, alone_needs_unit


def _extend_right(text: str, atom: _Atom, p: _Patterns) -> None:
    """Consume scale, currency, unit and trailing qualifier after the core."""
    i = atom.end
    if atom.kind in ("percent_zh", "fraction"):
        m = p.zh_qual_after_re.match(text, i)
        if m:
            atom.qualifier = p.zh_qual_after[m.group("q")]
            atom.end = m.end()
        return
    if atom.kind in ("arabic", "zh"):
        m = p.zh_more_re.match(text, i)
        if m:
            atom.qualifier = "more_than"
            i = m.end()
        if _zh_measure(text, atom, p, i):
            return
        # a scale after digits, or after a Chinese decimal ("三点五亿": cn2an reads no scale there)
        scalable = atom.kind == "arabic" or atom.literal[-1] in p.zh_digits and (
            "点" in atom.literal or "點" in atom.literal
        )
        m = p.zh_scale_re.match(text, i) if scalable else None
        if m:
            chars = m.group("s")
            rest = text[m.end() : m.end() + 3]
            if "兆" in chars and any(rest.startswith(u) for u in p.mega_units):
                atom.drop = True  # 兆瓦 is megawatts: a measurement, not a trillion
                return
            for ch in chars:
                atom.scale *= p.zh_scale[ch]
            atom.has_scale = True
            i = m.end()
            m2 = p.zh_more_re.match(text, i)
            if m2:
                atom.qualifier = "more_than"
                i = m2.end()
            elif text.startswith(("+", "＋"), i):  # "22万+": more than 220,000
                atom.qualifier = "more_than"
                i += 1
        if _zh_measure(text, atom, p, i):
            return
        m = p.zh_cur_unit_re.match(text, i)
        if m:
            w = m.group("w")
            atom.unit = p.zh_cur.get(w) or p.zh_unit.get(w)
            i = m.end()
        elif not atom.has_scale:
            m = p.zh_tenths_re.match(text, i)
            if m:  # 五成 = 50%
                atom.scale, atom.unit, i = Decimal(10), "%", m.end()
        mq = p.zh_qual_after_re.match(text, i) or p.zh_measured_qual_re.match(text, i)
        if mq and (atom.kind == "zh" or atom.has_scale or m or _CJK.match(text, mq.start("q"))):
            atom.qualifier = p.zh_qual_after[mq.group("q")]
            i = mq.end()
        found = i > atom.end
        atom.end = i
        if atom.kind == "zh" or found:
            return
    if atom.kind in ("arabic", "word"):
        i = atom.end
        m = p.scale_re.match(text, i)
        if m and not atom.has_scale:
            s = _fold(m.group("s"))
            attached = not m.group("sp")
            metres = (
                s in p.money_only
                and not p.cur_prefix_re.search(text[max(0, atom.start - 8) : atom.start])
                and p.en_measure_re.match(text, i)
            )
            if metres:
                pass
            elif (s not in p.attached_only or attached) and (m.group("sp") != "-" or len(s) > 2):
                atom.scale = p.en_scales[s]
                atom.has_scale = True
                atom.literal_scale = s
                i = m.end()
        m = p.en_measure_re.match(text, i)
        if m and not atom.unit and _measure_ok(text, m, atom):
            base, factor = p.en_measures[m.group("w")]
            atom.unit, atom.scale = base, atom.scale * factor
            i = m.end()
            m = None
        else:
            m = p.en_cur_re.match(text, i)
            if m and m.group("w").startswith("pound") and _weight_context(text, atom.start, p):
                atom.unit, atom.scale = "kg", atom.scale * Decimal("0.45359237")
                i = m.end()
                m = None
        if m and not atom.unit:
            atom.unit = p.en_cur_words[m.group("w")]
            i = m.end()
        elif not atom.unit:
            m = p.en_unit_re.match(text, i)
            if m and _fold(m.group("w")) == "times" and not p.times_next_re.match(text, m.end()):
                m = None  # "intercepted three times": how often, not a multiplier
            if m and not atom.unit:
                atom.unit = p.en_unit_words[_fold(m.group("w"))]
                i = m.end()
            elif not atom.unit and atom.kind == "arabic" and atom.number < 100:
                m = p.mult_x_re.match(text, i)
                if m:
                    atom.unit = "x"
                    i = m.end()
        m = p.en_qual_after_re.match(text, i)
        if m and (atom.unit or not m.group("dim")):
            q = m.group("q").strip()
            atom.qualifier = "more_than" if q == "+" else p.en_qual_after.get(q, atom.qualifier)
            i = m.end()
        atom.end = i


def _zh_measure(text: str, atom: _Atom, p: _Patterns, i: int) -> bool:
    """A Chinese measure word at i (千米, 公顷, 斤, 兆焦 ...): unit, factor, and a trailing
    qualifier (左右, 以上); True when one was found (the atom is then complete)."""
    m = p.zh_measure_re.match(text, i)
    if not m or atom.unit:
        return False
    base, factor = p.zh_measures[m.group("w")]
    atom.unit, atom.scale = base, atom.scale * factor
    i = m.end()
    mq = p.zh_qual_after_re.match(text, i)
    if mq:
        atom.qualifier = p.zh_qual_after[mq.group("q")]
        i = mq.end()
    atom.end = i
    return True


def _measure_ok(text: str, m: re.Match[str], atom: _Atom) -> bool:
    """Whether a matched English measure word is one here: single letters (m, g, C, F) only
    attached to the number or after a degree sign; "m" after money is millions, not metres."""
    w = m.group("w")
    if len(w) == 1 and m.group("sp"):
        return False
    if w in ("C", "F"):
        return not m.group("sp") and atom.kind == "arabic"
    return True


def _weight_context(text: str, start: int, p: _Patterns) -> bool:
    """Whether the words just before `start` speak of weight ("weighed 8 pounds")."""
    words = re.findall(r"[a-z]+", text[max(0, start - 40) : start].lower())
    return any(w in p.weight_context for w in words[-4:])


def _extend_left(text: str, atom: _Atom, p: _Patterns, lang: str) -> None:
    """Consume a currency sign/code and a qualifier before the core."""
    j = atom.start
    before = text[max(0, j - 8) : j]
    if p.foreign_dollar_re.search(before):
        atom.drop = True  # a currency the warehouse does not model (HK$, ₹ ...)
        return
    m = p.cur_prefix_re.search(before)
    if m:
        pre = m.group("p")
        k = j - (len(before) - m.start())
        ok = (
            k == 0
            or not text[k - 1].isalpha()
            or pre in ("US$", "U.S.$")
            or (not pre[0].isalpha() and _CJK.match(text[k - 1]) is not None)
        )
        if ok and (pre[-1] in "$€£¥￥" or k == 0 or not text[k - 1].isalnum()):
            code = p.cur_prefix[pre]
            if code == "YEN":
                china = lang == "zh" or (
                    _CHINA_CUES.search(text) is not None and _JAPAN_CUES.search(text) is None
                )
                code = "CNY" if china else "JPY"
            if atom.unit is None:
                atom.unit = code
                j = k
            elif atom.unit != "%":
                j = k  # "$5 billion dollars": the sign and the word agree or the word wins
    before = text[max(0, j - 24) : j]
    m = p.en_qual_before_re.search(before)
    if m:
        atom.qualifier = p.en_qual_before[_fold(m.group("q"))]
        j -= len(before) - m.start()
    else:
        m = p.zh_qual_before_re.search(text[max(0, j - 4) : j])
        if m:
            atom.qualifier = p.zh_qual_before[m.group("q")]
            j -= len(text[max(0, j - 4) : j]) - m.start()
    atom.start = j


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether a word starting at `pos` opens a sentence ("Covers 29 to 54 MHz")."""
    head = text[max(0, pos - 10) : max(0, pos)].rstrip()
    return not head or head[-1] in '.!?:;"“(' and pos > 0 or pos <= 0


def _prev_word(text: str, pos: int) -> str | None:
    m = _PREV_WORD.search(text[max(0, pos - 30) : pos])
    return m.group(1) if m else None


def _counted_not_year(text: str, core_end: int, qualified: bool) -> bool:
    """A bare four-digit number is a year unless qualified ("more than 2000 authors")."""
    return qualified and bool(re.match(r"[ \u00a0]+[a-z]", text[core_end:]))


def _is_not_quantity(text: str, atom: _Atom, core_end: int, p: _Patterns) -> bool:
    """Years, dates, times, ordinals, labels and identifiers (decided on the bare core)."""
    s, lit = atom.start, atom.literal
    prev = text[s - 1] if s > 0 else ""
    prev2 = text[s - 2] if s > 1 else ""
    nxt = text[core_end : core_end + 1]
    if atom.kind in ("arabic", "zh") and not atom.unit:
        if (
            prev == "第"
            or _ZH_CLOCK_AFTER.match(text, core_end)
            or _ZH_LABEL_AFTER.match(text, core_end)
        ):
            return True
        if prev == "时" and text[core_end : core_end + 1] == "分":
            return True
    if atom.kind == "arabic" and not atom.unit and not atom.has_scale:
        around = text[max(0, s - 40) : core_end + 8]
        if re.search(r"\d+\s?[-–]\s?\d+", around):
            words = re.findall(r"[a-z]+", text[max(0, s - 40) : s].lower())
            if _context_words("score_words") & set(words[-4:]):
                return True  # "won 112-104": a score
    if atom.kind == "arabic":
        if prev.isascii() and prev.isalpha():
            return True
        if prev in "+-_/#.\\" and prev2.isascii() and prev2.isalpha():
            return True
        if prev == "#" or (nxt == "." and text[core_end + 1 : core_end + 2].isdigit()):
            return True
        if not atom.has_scale and not atom.unit and _ORDINAL_SUFFIX.match(text, core_end):
            return True
        if nxt.isascii() and nxt.isalpha() and not atom.has_scale and not atom.unit:
            return True
        plain = "," not in lit and "." not in lit
        bare = not atom.unit and not atom.has_scale and atom.qualifier == "exact"
        if plain and len(lit) >= 8 and bare:
            return True  # account numbers, article ids
        # the era words (公元前, 民国 ...) are at most three characters, and a space may follow
        dated = (
            p.zh_date_after_re.match(text, core_end)
            or p.zh_day_re.match(text, core_end)
            or p.zh_year_re.match(text, core_end)
            or p.zh_era_re.search(text[max(0, s - 4) : s])
        )
        if dated and not atom.unit and not atom.has_scale:
            return True
        counted = _counted_not_year(text, core_end, atom.qualifier != "exact") or (
            _counted_four_digits(text, s, core_end)
        )
        if (
            plain
            and len(lit) == 4
            and 1000 <= int(lit) <= 2199
            and not counted
            and not (atom.unit or atom.has_scale)
        ):
            # a year unless a measure word follows (2000 家企业; 年 is one, but makes a year):
            # the measure words are all Chinese characters, so any other follower is a year too
            after = text[core_end : core_end + 3].lstrip()
            if after.startswith("年"):
                return True
            if not (after[:1] and after[0] in p.measure_words):
                return True
        if p.after_words_re.match(text, core_end) and not atom.unit:
            return True
    if atom.kind in ("arabic", "word") and not atom.unit and not atom.has_scale:
        word = _prev_word(text, s)
        if word:
            lw = word.lower()
            is_month = lw.rstrip(".") in p.months or lw in p.months
            if is_month and word[0].isupper() and (atom.number <= 31 or atom.kind == "word"):
                return True
            if lw in p.label_words:
                return True
            if (
                any(c.isupper() for c in word)
                and lw not in p.capitalised_ok
                and not lw.endswith(("'s", "’s"))
                and atom.qualifier == "exact"
                and not _sentence_initial(text, text.rfind(word, 0, s))
            ):
                return True  # "Gemini 2.5", "Razr 2025", "Windows 11": names, not quantities
        m = _NEXT_WORD.match(text, core_end)
        if m and m.group(1).lower() in p.months and atom.number <= 31:
            return True
        if (
            m
            and atom.kind == "arabic"
            and atom.qualifier == "exact"
            and atom.number >= 100
            and lit.isdigit()
            and m.group(1)[0].isupper()
            and not m.group(1).endswith("s")
            and m.group(1).lower() not in p.months
            and not _sentence_initial(text, s)
        ):
            return True  # "its first 787 Dreamliner", "a 737 Max": a model, not a count
    if atom.kind == "zh":
        for w in p.zh_not_after:
            if text[max(0, s - len(w)) : s] == w:
                return True
        if (
            p.zh_date_after_re.match(text, core_end)
            or p.zh_day_re.match(text, core_end)
            or p.zh_year_re.match(text, core_end)
            or p.zh_era_re.search(text[max(0, s - 4) : s])
        ):
            return True
        digits_only = all(c in p.zh_digits for c in lit)
        if digits_only and len(lit) > 1:
            return True  # 二〇二五 read digit by digit: a year or a code
        lone = len(lit) == 1 and not atom.unit and not atom.has_scale
        if lone and (lit == "一" or not (nxt and nxt in p.measure_words)):
            return True
        if lit == "十" and nxt in ("分", "足", "几"):
            return True
    return False


def _atom(text: str, atom: _Atom, p: _Patterns, lang: str) -> _Atom | None:
    """Complete one core into a quantity, or None when it is not one."""
    core_end = atom.end
    if atom.kind == "zh":
        n = _zh_to_decimal(atom.literal)
        if n is None:
            return None
        atom.number = n
    elif atom.kind == "word":
        wv = _word_value(atom.literal, p)
        if wv is None:
            return None
        atom.number, needs_unit = wv
        atom_end0 = atom.end
        if _DURATION.match(text, atom.end):
            return None  # "three decades", "two years": a span of time, not a quantity
        half = _HALF_A.search(text, max(0, atom.start - 20), atom.start)
        if half and atom.literal.lower() in ("a", "an"):
            atom.number = Decimal("0.5") if half.group(1).lower() == "half" else Decimal("0.25")
            atom.start = half.start()
        _extend_right(text, atom, p)
        if needs_unit and not atom.has_scale and atom.unit not in _SCALELESS_UNITS:
            return None  # "a ton of", "a foot-long": no figure
        if atom.unit in MONEY_UNITS and not atom.has_scale and (atom.number < 2):
            return None  # "a dollar", "one yuan" are not reported amounts
        _extend_left(text, atom, p, lang)
        if _is_not_quantity(text, atom, atom_end0, p):
            return None
        return None if atom.drop else atom
    if atom.kind == "fraction" and atom.unit is None:
        m = _OF_A_SCALE.match(text, atom.end)
        if m:  # "a quarter of a million": a number, not a share
            atom.number *= Decimal(str(lexicon()["en"]["scales"][_fold(m.group(1))]))
            atom.end, atom.has_scale = m.end(), True
    if atom.kind in ("fraction", "percent_zh"):
        _extend_right(text, atom, p)
        if atom.kind == "fraction" and atom.unit is None and not atom.has_scale:
            atom.number, atom.unit = atom.number * 100, "%"  # a fraction of a whole
        if atom.kind == "fraction" and atom.qualifier == "exact" or atom.kind == "percent_zh":
            _extend_left(text, atom, p, lang)
        return None if atom.drop else atom
    _extend_right(text, atom, p)
    scale_word = atom.literal_scale
    if scale_word == "k" and text[core_end : atom.end].strip(" -").startswith("K"):
        scale_word = "K"  # "4K" is a screen, "$10K" money
    if (
        atom.start > 0
        and text[atom.start - 1] in "-−"
        and (atom.start == 1 or text[atom.start - 2] in " \t(\u00a0")
    ):
        atom.number, atom.start = -atom.number, atom.start - 1  # "-5.44%"
    _extend_left(text, atom, p, lang)
    if atom.drop:
        return None
    if (scale_word in p.money_only or scale_word == "K") and atom.unit not in MONEY_UNITS:
        return None  # "5m" without money is a length, "910B" a model
    if _is_not_quantity(text, atom, core_end, p):
        return None
    return atom


_OF_A_SCALE = re.compile(r" of an? (million|billion|thousand|trillion)(?![A-Za-z])", re.IGNORECASE)
_HALF_A = re.compile(r"(?<![A-Za-z])(half|a quarter of) $", re.IGNORECASE)
_DURATION = re.compile(r"[ -]decades?\b", re.IGNORECASE)
# A bare ¥ in English text: yuan where the text speaks of China and not of Japan, else yen.
_CHINA_CUES = re.compile(r"\b(?:China|Chinese|Beijing|Shanghai|Shenzhen|yuan|renminbi|RMB)\b")
_JAPAN_CUES = re.compile(r"\b(?:Japan|Japanese|Tokyo|Osaka|yen)\b")
# Clock times and labels in Chinese: 9点, 3时15分, 80后, 第2名, 三季度.
_ZH_CLOCK_AFTER = re.compile(
    r"\s?(?:点\s?\d{1,2}\s?分|点(?![\d零〇一二两三四五六七八九])|时(?!间|期|代|候|刻|速)|分(?![之钟])|秒)"
)
_ZH_LABEL_AFTER = re.compile(r"(?:后(?=[^\d年月天周个]|$)|季度)")
_COUNTED = re.compile(r"[ \u00a0]+([a-z]+)")
# Plural nouns of people ("protesters", "residents", "migrants", "tourists", "civilians") make
# a four-digit number a count; others ("2016 elections", "2019 sales") leave it a year.
_COUNTED_SUFFIXES = ("ers", "ors", "ants", "ents", "ists", "ians", "ees")


@lru_cache(maxsize=1)
def _context_words(name: str) -> frozenset[str]:
    """A word list of [en.context] in numbers.toml."""
    return frozenset(lexicon()["en"]["context"][name])


def _counted_four_digits(text: str, s: int, core_end: int) -> bool:
    """'1339 people', 'arrested 1200 protesters': a count, not a year, when a plural noun
    follows and no year word (in, since, the ...) comes before."""
    m = _COUNTED.match(text, core_end)
    if not m:
        return False
    word = m.group(1)
    plural = word in _context_words("count_nouns") or word.endswith(_COUNTED_SUFFIXES)
    prev = _prev_word(text, s)
    if prev and prev.lower() in _context_words("year_before"):
        return False
    if text[max(0, s - 2) : s].strip() == "," and _after_date_comma(text[max(0, s - 24) : s]):
        return False  # "September 11, 2001 attacks"; "In Paris, 1200 protesters" is a count
    return plural


_DATE_COMMA = re.compile(r"([A-Za-z]+)\.?(?:[ \u00a0]+\d{1,2}(?:st|nd|rd|th)?)?,[ \u00a0]*$")


def _after_date_comma(before: str) -> bool:
    """The comma of a date ends `before`: "September 11," "Sept. 11," "June,"."""
    m = _DATE_COMMA.search(before)
    return bool(m) and m.group(1).lower() in _patterns().months


_RANGE_SEP = re.compile(r"^(?:\s*(?:to|至|到|~|～|〜)\s*|[-–—]| [-–—] )$")
_RANGE_AND = re.compile(r"^\s*and\s*$")
_BETWEEN = re.compile(r"(?:between|from|从|由)\s*$", re.IGNORECASE)
_AFTER_DASH_RANGE = re.compile(r"\s*(?P<w>[A-Za-z]+|[\u3400-\u9fff])")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(lexicon()["match"]["stopwords"].split())


@lru_cache(maxsize=1)
def _change_words() -> frozenset[str]:
    return frozenset(lexicon()["en"]["change_words"])


def _merge_compounds(text: str, atoms: list[_Atom]) -> None:
    """'5亿3000万元', '1万2千人', '3亿零500万': a figure written in two scales is one figure.
    The first part ends in a Chinese scale and has no unit; the second follows at once (or
    after 零), has a scale of its own and is less than one unit of the first's scale (so
    '5亿3亿' stays two figures); '1.2亿3000万' is no such figure. Its unit and any qualifier
    after it are the whole's."""
    i = 0
    while i + 1 < len(atoms):
        a, b = atoms[i], atoms[i + 1]
        between = text[a.end : b.start]
        part = b.number * b.scale
        if (
            a.kind == "arabic" and b.kind == "arabic" and a.has_scale and b.has_scale
            and a.unit is None and a.qualifier in ("exact", "approx")
            and between.strip() in ("", "零") and len(between) <= 3 and _CJK.match(text, a.end - 1)
            and 0 <= part < a.scale and a.number == a.number.to_integral_value()
        ):
            a.number, a.scale = a.number * a.scale + part, Decimal(1)
            a.unit, a.end = b.unit, b.end
            if b.qualifier != "exact":
                a.qualifier = b.qualifier
            del atoms[i + 1]
            continue
        i += 1


def _merge_ranges(text: str, atoms: list[_Atom]) -> None:
    """'10 to 15 percent', '$5-6 billion', '10至15%': low end inherits the high end's unit."""
    for a, b in pairwise(atoms):
        between = text[a.end : b.start]
        lead = _BETWEEN.search(text[max(0, a.start - 9) : a.start])
        if not (_RANGE_SEP.match(between) or (_RANGE_AND.match(between) and lead)):
            continue
        if between.strip() in "-–—" and not (b.unit or b.has_scale):
            nxt = _AFTER_DASH_RANGE.match(text, b.end)
            if not nxt or nxt.group("w").lower() in _stopwords():
                continue  # "4-7, 3-4 on the road": scores and records, not ranges
        if a.unit and b.unit and a.unit != b.unit:
            continue
        # "about 40 to 50 million": the low end's "about" keeps it out of the range, not out
        # of the high end's scale and unit (read alone, it was 40 and 50 million)
        if a.qualifier not in ("exact", "approx") or b.qualifier != "exact" or a.number < 0 or b.number < 0:
            continue
        scale = b.scale if (not a.has_scale and b.has_scale) else a.scale
        if a.number * scale > b.number * b.scale:
            continue
        a.scale, a.has_scale = scale, a.has_scale or b.has_scale
        if a.unit is None:
            a.unit = b.unit
        elif b.unit is None and a.unit != "%":
            b.unit = a.unit  # "$5-6 billion"
        if a.qualifier != "exact":
            continue
        prev = _prev_word(text, a.start)
        changed = prev and prev.lower() in _change_words()
        if changed or lead and lead.group(0).strip().lower() in ("from", "从", "由"):
            continue  # a change from one value to another, not a range
        a.qualifier, b.qualifier = "range_low", "range_high"


# Languages that write a decimal comma and group thousands with a point or a space ("3.500
# Menschen" is three thousand five hundred people, "1,5 Millionen" one and a half million): the
# parser reads English and Chinese conventions, and read its way a German "3.500" is 3.5 and
# would meet an English "3,500" as a slip of a thousand. Their figures are not read (no verdict
# rather than a wrong one); a text whose language is unknown is read as English.
DECIMAL_COMMA_LANGUAGES = frozenset(re.findall(r"\w+", """
    de fr es it pt nl pl ru uk be tr sv da nb nn no fi is cs sk hu ro bg mk hr sr bs sl el id vi
    lt lv et ca eu gl sq az kk
"""))


def extract_numbers(text: str, lang: str | None = None) -> list[NumberMention]:
    """Quantities in `text` with offsets, base-unit values, units and qualifiers; none in a
    language that writes a decimal comma (`DECIMAL_COMMA_LANGUAGES`)."""
    if not isinstance(text, str) or not text:
        return []
    if lang and lang.lower()[:2] in DECIMAL_COMMA_LANGUAGES:
        return []
    p = _patterns()
    lang = (lang or detect_script(text)).lower()[:2]
    lang = "zh" if lang == "zh" else lang
    masks = _Masks(text)
    atoms: list[_Atom] = []
    for core in _cores(text, p):
        # Masks are checked on the bare core, but only for cores that make a quantity (few
        # do); _atom only reads the text, so running it first changes nothing.
        start, end = core.start, core.end
        done = _atom(text, core, p, lang)
        if done is None or masks.overlaps(start, end):
            continue
        if atoms and done.start < atoms[-1].end:
            continue
        atoms.append(done)
    _merge_compounds(text, atoms)
    _merge_ranges(text, atoms)
    out: list[NumberMention] = []
    for a in atoms:
        value = float(a.number * a.scale)
        if not math.isfinite(value):
            continue
        if a.unit == "°F":  # one base unit per dimension: degrees Celsius
            value, a.unit = round((value - 32) * 5 / 9, 2), "°C"
        out.append(
            NumberMention(
                text=text[a.start : a.end],
                start=a.start,
                end=a.end,
                value=value,
                unit=a.unit,
                qualifier=a.qualifier,
            )
        )
    return out

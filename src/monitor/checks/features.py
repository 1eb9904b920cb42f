"""What matching needs of each mention: its context words, entities, period and interval.

`_enrich` turns warehouse mentions into `_M` objects grouped by paragraph: sentence and clause
words (English content words lightly stemmed, Chinese bigrams, Chinese words glossed into
English match words by `monitor.glossary`), the names and years around the figure, the other
figures of its sentence, and the interval its statement admits (`intervals`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from monitor.checks.intervals import interval
from monitor.glossary import dictionary_glosses, news_glossary
from monitor.models import MentionRecord
from monitor.numbers import detect_script, extract_numbers, family, lexicon

SHORT_SENTENCE = 6  # content words; shorter sentences borrow the previous one's
# the words right at a figure are glossed with an everyday word's next senses too ('客户' ->
# client, customer: a translation may use any of them); a sentence's words are not: more words
# on one side would dilute its likeness to the other
MORE_SENSES = True
# the words right at a figure are read with CC-CEDICT's one-character content words too ('买够
# $100' -> buy, '穷' -> poor) where no longer word starts at a character; a sentence's words
# are not (the stories never)
SINGLE_CHARACTERS = True
COUNTERS_GLOSSED = True  # the counter word after a Chinese figure says what it counts
# Across languages, English words in one form whatever their ending or spelling ('increased',
# 'increasing' and a gloss's 'increase'; 'colour' and 'color', 'whisky' and 'whiskey'): a
# dictionary glosses with a verb's base form and American spelling, a translator writes what
# the sentence needs (`stemmed`; within one language words meet as they did)
STEMS = True

_CJK_RE = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _match_lists() -> tuple[frozenset[str], dict[str, str]]:
    m = lexicon()["match"]
    return frozenset(m["stopwords"].split()), dict(m["synonyms"])



@lru_cache(maxsize=50_000)
def glossed(text: str, names_only: bool = False, senses: bool = False) -> frozenset[str]:
    """English match words for the Chinese terms in `text`: the news glossary's ('电网' ->
    'grid') and CC-CEDICT's ('罚款' -> 'fine', '沙巴' -> 'sabah'); `names_only`: of the
    dictionary only the glosses of names (an everyday word is no entity); `senses`: an
    everyday word's next senses too ('罚款' -> 'fine', 'penalty')."""
    if not _CJK_RE.search(text):
        return frozenset()
    pattern, words = news_glossary()
    out = {w for m in pattern.finditer(text) for w in words[m.group(0)]}
    for run in _CJK_RUN.findall(text):
        for _, gloss in dictionary_glosses(
            run, more=senses and MORE_SENSES, single=senses and SINGLE_CHARACTERS
        ):
            if names_only and not gloss[:1].isupper():
                continue
            out.update(_gloss_words(gloss))
    if COUNTERS_GLOSSED and not names_only:
        counter, _, counted = _counters()
        for m in counter.finditer(text):
            out.update(counted[m.group(1)])
    return frozenset(out)


def counted_after(after: str) -> tuple[str, ...]:
    """The match words of the counter word opening the text right after a Chinese figure
    ('300 天内' -> day): what the figure counts."""
    if not COUNTERS_GLOSSED:
        return ()
    _, opening, counted = _counters()
    m = opening.match(after)
    return counted[m.group(1)] if m else ()


@lru_cache(maxsize=1)
def _counters() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[str, ...]]]:
    """Patterns of the counter words right after a numeral ('300 天', '三个月', '1000 多种')
    and opening the text after a figure, and the match words of what each counts
    (`[match.zh_counters]`)."""
    table = lexicon()["match"]["zh_counters"]
    alt = "|".join(map(re.escape, sorted(table, key=lambda t: (-len(t), t))))
    after = rf"\s*[多余]?\s*({alt})"
    return (
        re.compile(rf"[0-9０-９零〇一二两三四五六七八九十百千万亿]{after}"),
        re.compile(after),
        {t: tuple(n for w in g.split() if (n := _norm_word(w))) for t, g in table.items()},
    )


@lru_cache(maxsize=20_000)
def _gloss_words(gloss: str) -> tuple[str, ...]:
    return tuple(n for w in gloss.split() if (n := _norm_word(w)))


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


def stems() -> bool:
    """Whether words meet in one form across languages (`STEMS`, read when asked)."""
    return STEMS


@lru_cache(maxsize=100_000)
def stemmed(words: frozenset[str]) -> frozenset[str]:
    """Match words as they meet another language's (`STEMS`): Latin words in one form
    (`_stem`); Chinese bigrams, which no English word meets, left out."""
    forms = _FORMS[STEMS]
    out = []
    for w in words:
        f = forms.get(w)
        if f is None:
            f = forms[w] = "" if _CJK_RE.search(w) else _stem(w) if STEMS else w
        if f:
            out.append(f)
    return frozenset(out)


_FORMS: dict[bool, dict[str, str]] = {True: {}, False: {}}  # word -> its form across languages


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    return dict(lexicon()["match"]["spellings"])


# British spellings written the American way wherever the word ends: 'colour(ed)', 'centre',
# 'organis(ation)', 'analyse', 'catalogue'
_OUR = re.compile(r"(?<=[a-z]{2})our(?=(?:s|ed|ing|able|ably|ite|ites|er|ers|ful)?$)")
_ISE = re.compile(r"(?<=[a-z]{3})([iy])s(?=(?:e|ed|es|ing|ation|ations|er|ers)$)")
_RE_END = re.compile(r"(?<=[a-z]{2}[^aeiou])re$")


@lru_cache(maxsize=200_000)
def _stem(w: str) -> str:
    """One form for a word's endings and spellings (`STEMS`): verb endings (-ed, -ing), a
    final -e (so 'increase', 'increased' and 'increasing' are one), a doubled last consonant
    ('travelled' / 'traveled'), British spellings (`[match.spellings]`, -our, -ise, -re,
    -ogue). Not a word to show: a form to compare."""
    if w.startswith("#"):
        return w  # a figure or a year
    w = _spellings().get(w, w)
    if len(w) < 5:
        return w
    w = _OUR.sub("or", w)
    w = _ISE.sub(r"\1z", w)
    w = _RE_END.sub("er", w)
    if w.endswith("ogue"):
        w = w[:-2]
    if w.endswith("ing") and len(w) >= 7:
        w = w[:-3]
    elif w.endswith("ied") and len(w) >= 6:
        w = w[:-3] + "y"
    elif w.endswith("ed") and not w.endswith("eed") and len(w) >= 6:
        w = w[:-2]
    if w.endswith("e") and not w.endswith("ee") and len(w) >= 5:
        w = w[:-1]
    if len(w) >= 5 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    elif len(w) >= 6 and w.endswith("ll"):
        w = w[:-1]  # 'travell(ed)', 'cancell(ing)'; not 'fill', 'hall'
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
        before = ctx[k - 1 : k] if k else ""  # ctx[-1:0] is "", which `in ".,"` would accept
        after = ctx[k + len(text) : k + len(text) + 2]
        in_number = before.isalnum() or before in (".", ",") or after[:1].isdigit() or (
            after[:1] in (".", ",") and after[1:2].isdigit()  # "5" of "5.5" or "5,000"
        )
        if not in_number:
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
    # the figure itself is left out of its words; what its counter word says it counts is not
    end = pos + len(strip)
    counted = counted_after(ctx[end : end + 8]) if ctx[pos:end] == strip else ()
    sent_tok = tokens(sentence.replace(strip, " ")) | set(others) | set(counted)
    if len(sent_tok) < SHORT_SENTENCE and s0 > 0:
        # "That is up from 35": lean on the sentence before
        p0, p1 = _clamp(*_around(sents, s0 - 1), s0 - 1)
        sent_tok |= tokens(ctx[p0:p1])
    clause_period = years(clause)
    sent_years = years(sentence)
    clause_tok = (
        tokens(clause.replace(strip, " ")) | {f"#y{y}" for y in clause_period} | set(counted)
    )
    period = clause_period or sent_years
    sent_tok |= {f"#y{y}" for y in sent_years}
    ents = frozenset(entities(sentence) | glossed(sentence, names_only=True))
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

"""Cross-source checks: mentions of different articles that state the same fact.

Same unit family, overlapping words, entities and years around them. Candidates are found
through an inverted index of context words per unit family, so the work grows with the matches,
not with the square of the mentions; within one story every pair of one family is a candidate.
Copies of one sentence (wire stories, republished pages) meet one representative copy.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import lru_cache

from monitor.checks.explain import (
    _check,
    _label,
    explain_difference,
    power_apart,
    slip_power,
)
from monitor.checks.features import (
    _CJK_RUN,
    _M,
    _WORD,
    _norm_word,
    _stem,
    counted_after,
    glossed,
    stemmed,
    stems,
)
from monitor.checks.intervals import agrees, meet_at_an_edge
from monitor.checks.labels import non_quantity
from monitor.models import SURE_CONFIDENCE, NumberCheck

# Context similarity needed before two mentions count as the same fact.
CONSISTENT_MIN = 0.30
CONFLICT_MIN = 0.40
MIN_SHARED = 2
CONFLICT_SHARED = 4  # a conflict needs more shared context words than an agreement
POSTING_CAP = 400  # words on more mentions than this are too common to find candidates with
FAR_APART = 3.0  # figures further apart than this, and not by a power of ten, are unsure
STORY_MIN = 0.10  # context similarity enough within one story when the words at the figure meet
STORY_PAIR_CAP = 1000  # a story with more mentions than this finds candidates by the index only
# An article meets only this many neighbours of its own source in one story (in article_id
# order) on each side: one outlet's many versions of a story (updates, live pages, copies with
# a line changed) made k(k - 1)/2 `same_source` pairs, 600,000 conflicts at 10,000 documents.
SAME_SOURCE_WINDOW = 4
# A conflict with a page that reports nothing (`claims.Reading.reports_nothing`: a guide, a
# listing) gets no verdict unless the two sentences are nearly one (a copy, a translation):
# such pages state figures for many cases of one topic.
REPORTS_NOTHING_UNSURE = True
# The words right after a Chinese figure are glossed into English match words (`features.glossed`)
# as its sentence's are, so what it counts can meet what an English figure counts.
AFTER_GLOSSED = True
# Across languages, an amount with a unit that ends its clause in both languages ('运费都要
# 200 元。' / 'Even the delivery fee is 20 yuan.') counts alike by one word at the figures
# (`_counts_alike`; where words follow, two are needed)
NOTHING_AFTER = True
# Across languages, within one story, the clause words need not meet where the words right at
# the two figures do (`_near`, read with every sense of a Chinese word): a Chinese clause is
# cut at every '，' and glossed with first senses only ('达近100 %' / 'with an increase rate
# of nearly 10%'), so a translation's clauses often share no word at all.
NEAR_FOR_CLAUSE = True


def _similarity(
    a: _M, b: _M, idf: dict[str, float], norms: dict, clauses_meet: bool = False
) -> tuple[float, int]:
    """Weighted overlap of sentence and clause words (cosine on idf weights), shared count.

    Sums are exact (fsum): a set's iteration order changes with Python's hash seed, and a
    plain float sum in another order could break a tie between two copies differently.

    `norms` caches each word set's total weight: near-duplicate articles make the same
    mention meet many others, and summing its words again for every pair dominated the cost.
    `clauses_meet`: the caller knows the words at the figures meet (no clause word need).
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

    sa, sb, ca, cb = a.sent, b.sent, a.clause, b.clause
    if (a.lang == "zh") != (b.lang == "zh"):
        # across languages only the glossed, Latin and figure words can meet: weigh those, in
        # one form ('increased' meets a gloss's 'increase', `features.stemmed`), each as
        # rare as the rarest word of that form
        sa, sb, ca, cb = (stemmed(x) for x in (sa, sb, ca, cb))
        if stems() and isinstance(idf, _Weights):
            idf, norms = idf.across(), idf.norms
    if not clauses_meet and not a.clause & b.clause and not ca & cb:
        return 0.0, 0  # the words right around the figures must meet, not only the sentences
    shared_n = len(sa & sb)
    return 0.6 * cos(sa, sb) + 0.4 * cos(ca, cb), shared_n


class _Weights(dict):
    """Each word's idf, and, made on first use across languages, each stemmed form's (the
    highest of the words of that form; `features.STEMS`) with a cache of set weights of its own."""

    _across: dict[str, float] | None = None
    norms: dict

    def across(self) -> dict[str, float]:
        if self._across is None:
            out: dict[str, float] = {}
            for w, v in self.items():
                s = _stem(w)
                if s != w and s not in self and v > out.get(s, 0.0):
                    out[s] = v
            self._across = {**self, **out}
            self.norms = {}
        return self._across


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
    idf = _Weights((w, math.log(1 + n / c)) for w, c in df.items())
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
    # whether each figure is a label (`non_quantity`), asked once per figure, not once per
    # pair it is in (45,000 calls for 5,000 figures at 700 documents)
    labels: dict[int, bool] = {}

    def is_label(k: int) -> bool:
        label = labels.get(k)
        if label is None:
            label = labels[k] = non_quantity(pool[k]) is not None
        return label

    for i, j in _all_candidates(pool):
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if pool[i].fam != pool[j].fam or is_label(i) or is_label(j):
            continue
        a, b = pool[i], pool[j]
        if a.rec.article_id > b.rec.article_id or (
            a.rec.article_id == b.rec.article_id and a.rec.mention_id > b.rec.mention_id
        ):
            a, b = b, a
        in_story = a.story is not None and a.story == b.story
        near = len(_meet(a, b, _near(a), _near(b))) if in_story else 0
        across = NEAR_FOR_CLAUSE and near > 0 and ("zh" in (a.lang, b.lang)) and a.lang != b.lang
        score, shared = _similarity(a, b, idf, norms, across)
        slipped = None
        if in_story and near and score > 0:
            slipped = _slip(a, b) and _counts_alike(a, b, near) and _same_thing(a, b)
        if not (score >= CONSISTENT_MIN and shared >= MIN_SHARED) and not (
            in_story and near and score >= STORY_MIN
        ) and not slipped:
            continue
        ok, why = _compare(a, b)
        if ok is None:
            continue
        if not ok and slipped is None:
            slipped = _slip(a, b) and _counts_alike(a, b, near) and _same_thing(a, b)
        by_pair[(a.rec.article_id, b.rec.article_id)].append(
            (score, a, b, ok, why, near, bool(slipped))
        )
    stated: dict[str, set[tuple[str | None, float]]] = defaultdict(set)
    by_article: dict[str, list[_M]] = defaultdict(list)
    for m in pool:
        stated[m.rec.article_id].add((m.rec.unit, round(m.rec.value, 9)))
        by_article[m.rec.article_id].append(m)
    varies = _Varies(by_article)
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
                _far_end(c[1], c[2]) or _far_end(c[2], c[1]),
                -c[5],
                -c[0],
                c[1].rec.mention_id,
                c[2].rec.mention_id,
            )
        )
        agreed: dict[int, _M] = {}  # a mention -> the mention it agreed with
        # the figures of each conflict: a figure one article repeats ('a $5 fee' three times)
        # against the other's makes one conflict, not one per repeat
        disputed: set[tuple[str | None, float, float]] = set()
        for score, a, b, ok, why, near, slipped in cands:
            if (a.idx in used or b.idx in used) and (
                ok or not _repeats_elsewhere(a, b, used, agreed)
            ):
                continue
            in_story = a.story is not None and a.story == b.story
            confidence, reason = 1.0, "same figure"
            if not ok:
                if _count_other_things(a, b):
                    continue  # '5 homes' against '2 crews': two facts of the story, not one
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
                figures = (a.rec.unit, round(a.rec.value, 9), round(b.rec.value, 9))
                if figures in disputed:
                    continue
                disputed.add(figures)
                confidence, reason = _cross_confidence(a, b, near, in_story, stated, varies)
                if (
                    REPORTS_NOTHING_UNSURE
                    and (a.rec.reports_nothing or b.rec.reports_nothing)
                    and not close
                    and confidence >= SURE_CONFIDENCE
                ):
                    # a guide or a listing ('preheat your oven to 450 degrees' / 'hold the
                    # blade at a 45 degree angle'): figures of one topic, each for another
                    # case, not one event's; only a copy of its sentence (a republished or
                    # translated page: `close`) states the same case
                    confidence, reason = 0.5, (
                        "a page that reports nothing (a guide, a listing): figures for many cases"
                    )
            used.update((a.idx, b.idx))
            if ok:
                agreed[a.idx], agreed[b.idx] = b, a
            verdict = "consistent" if ok else "conflict"
            checks.append(_check("cross_source", a, b, verdict, why, confidence, reason))
    return checks


def _far_end(m: _M, other: _M) -> bool:
    """m ends a stated range and its other end is nearer the other figure: '10 to 100' meets
    another outlet's 100 by its high end, not its low one."""
    return m.partner is not None and abs(m.rec.value - other.rec.value) > abs(
        m.partner - other.rec.value
    )


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
            and _slip(x, y)
        ):
            return True
    return False


def _all_candidates(pool: list[_M]) -> Iterator[tuple[int, int]]:
    """Pairs sharing rare words, and every pair of figures of one family within a story.

    Two articles of one source meet only within `SAME_SOURCE_WINDOW` of each other.
    """
    near = _source_neighbours(pool)
    for i, j in _candidates(pool):
        if near(i, j):
            yield i, j
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
                if (
                    pool[i].rec.article_id != pool[j].rec.article_id
                    and pool[i].fam == pool[j].fam
                    and near(i, j)
                ):
                    yield i, j


def _source_neighbours(pool: list[_M]) -> Callable[[int, int], bool]:
    """Whether mentions i and j may be compared: other sources, or near in their source.

    Each source's articles in one story are ranked by article_id; two of them are near when
    their ranks differ by `SAME_SOURCE_WINDOW` or less, so the pairs grow with the articles, not
    with their square, and a source with up to `SAME_SOURCE_WINDOW` + 1 articles in a story
    still has every pair compared.
    """
    groups: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for m in pool:
        groups[(m.rec.source_id, m.story)].add(m.rec.article_id)
    rank: dict[str, int] = {}
    for arts in groups.values():
        for r, art in enumerate(sorted(arts)):
            rank[art] = r

    def near(i: int, j: int) -> bool:
        a, b = pool[i].rec, pool[j].rec
        return a.source_id != b.source_id or (
            abs(rank[a.article_id] - rank[b.article_id]) <= SAME_SOURCE_WINDOW
        )

    return near


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
    out += counted_after(after)
    return frozenset(out) | glossed(before[-8:] + " " + after[:8], senses=True)


def _near(m: _M) -> frozenset[str]:
    return _near_words(m.rec.context or "", m.pos, m.rec.text)


def _meet(a: _M, b: _M, wa: frozenset[str], wb: frozenset[str]) -> frozenset[str]:
    """The words two figures' word sets share: as they are within one language, in one form
    across Chinese and another language (`features.stemmed`)."""
    if (a.lang == "zh") != (b.lang == "zh"):
        return stemmed(wa) & stemmed(wb)
    return wa & wb


_PART_AFTER = re.compile(
    r"^\s*(?:of\s+(?:them|those|whom|these|which)\b|out of\b)", re.IGNORECASE
)
_PART_BEFORE = re.compile(r"(?:其中|among them|of whom)\s*[^\s]{0,6}\s*$", re.IGNORECASE)


def _clause_after(ctx: str, pos: int, text: str) -> str:
    """What follows a figure (at `pos` in its context) up to the end of its clause; "" when the
    figure is not found there."""
    if pos < 0 or ctx[pos : pos + len(text)] != text:
        return ""
    after = _NEAR_STOP.split(ctx[pos + len(text) : pos + len(text) + 80])[0]
    return re.split(r"[,，、]", after)[0]


@lru_cache(maxsize=100_000)
def _after_words(ctx: str, pos: int, text: str) -> frozenset[str]:
    """Up to 4 content words right after a figure, in its clause: what it counts."""
    after = _clause_after(ctx, pos, text)
    # days and months say when, not what is counted ('30 people on Friday', '40 on Friday')
    words = [n for w in _WORD.findall(after) if (n := _norm_word(w)) and n not in _CALENDAR][:4]
    cjk = _CJK_RUN.findall(after[:6])
    words += [run[i : i + 2] for run in cjk for i in range(len(run) - 1)]
    if cjk and AFTER_GLOSSED:
        # what a Chinese figure counts, in English match words ('240 小时内回复' -> hour,
        # reply), as its sentence's words are glossed: so it meets '24 hours' of a report in
        # English
        words += glossed(after[:6], senses=True)
        words += counted_after(after)
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
    return a.rec.unit == b.rec.unit and power_apart(a.rec.value, b.rec.value) is not None


def _slip(a: _M, b: _M) -> bool:
    """A power of ten one writer could have slipped (`explain.slip_power`: at most a thousand)
    between two single figures of one unit: the end of a stated range, '5-10 percent', is no
    slip of '100 percent' (the two are not written alike)."""
    if _range_end(a) or _range_end(b) or a.rec.unit != b.rec.unit:
        return False
    return slip_power(a.rec.value, b.rec.value) is not None


# another figure joined to this one by a dash or "to": 'about 5–10 percent', '$50–200'
_RANGE_BEFORE = re.compile(r"\d\s*(?:[-–—~～]|to|至|到)\s*[$€£¥]?$")
_RANGE_AFTER = re.compile(r"^\s*(?:[-–—~～]|to|至|到)\s*[$€£¥]?\d")


# a range that names its unit at both ends: 'from 1 night to 4 nights', 'between 2 hours and
# 5 hours' (seen from the first end, then from the second; the unit must be the same word)
_NUM = r"(?:[$€£¥]?\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten)"
_FROM_BEFORE = re.compile(r"\b(?:from|between)\s+[$€£¥]?$", re.IGNORECASE)
_FROM_RANGE_AFTER = re.compile(rf"\s+([A-Za-z]+)\s+(?:to|and)\s+{_NUM}\s+([A-Za-z]+)", re.IGNORECASE)
_FROM_RANGE_BEFORE = re.compile(
    rf"\b(?:from|between)\s+{_NUM}\s+([A-Za-z]+)\s+(?:to|and)\s+[$€£¥]?$", re.IGNORECASE
)
_UNIT_AFTER = re.compile(r"\s+([A-Za-z]+)")


def _one_unit(x: str, y: str) -> bool:
    return x.lower().rstrip("s") == y.lower().rstrip("s")


def _range_end(m: _M) -> bool:
    """m is one end of a range: read as one (`partner`), or written as one that the parser
    keeps apart ('about 5–10 percent': an approximate low end stays its own figure)."""
    if m.partner is not None:
        return True
    ctx, text = m.rec.context or "", m.rec.text
    if m.pos < 0 or ctx[m.pos : m.pos + len(text)] != text:
        return False
    end = m.pos + len(text)
    return bool(
        _RANGE_BEFORE.search(ctx[max(0, m.pos - 12) : m.pos])
        or _RANGE_AFTER.match(ctx[end : end + 12])
        or _range_with_units(ctx, m.pos, end)
    )


def _range_with_units(ctx: str, pos: int, end: int) -> bool:
    """The figure at ctx[pos:end] is an end of a range naming its unit at both ends."""
    before = ctx[max(0, pos - 48) : pos]
    first = _FROM_BEFORE.search(before) and _FROM_RANGE_AFTER.match(ctx, end, end + 48)
    if first:
        return _one_unit(first.group(1), first.group(2))
    second = _FROM_RANGE_BEFORE.search(before)
    if not second:
        return False
    # the unit after the figure, or the figure's own last word ('5 hours' read as a measure)
    own = re.findall(r"[A-Za-z]+", ctx[pos:end])
    unit = own[-1] if own else (u.group(1) if (u := _UNIT_AFTER.match(ctx, end, end + 24)) else "")
    return bool(unit) and _one_unit(second.group(1), unit)


def _same_thing(a: _M, b: _M) -> bool:
    """A slipped count counts the same thing: the first word after both figures is one ('70-term'
    / 'seven-term', '30 months' / 'three months'; not '60-oz' / '6-minute'), or the sentences
    name the same subject ('nearly 90 faculty members ... at Georgetown' / 'nearly 900
    professors ... Georgetown'). Figures with a unit (money, a percentage, a measure) have it
    as their head; a count with no word after it is not refused."""
    if a.rec.unit is not None or "zh" in (a.lang, b.lang) or _subjects(a) & _subjects(b):
        return True
    heads = []
    for m in (a, b):
        words = _WORD.findall(_clause_after(m.rec.context or "", m.pos, m.rec.text))
        heads.append(_norm_word(words[0]) if words else None)
    return None in heads or heads[0] == heads[1]


_RAW_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# where the name of what a count counts ends: '5 homes near Paradise', '90 faculty members at
# Georgetown'
_PHRASE_END = frozenset(
    [
        "in", "at", "on", "near", "from", "to", "for", "with", "by", "of", "into", "onto",
        "over", "under", "across", "after", "before", "during", "since", "until", "than", "who",
        "which", "that", "were", "was", "are", "is", "have", "has", "had", "will", "would",
        "said", "say",
    ]
)


# Past tenses without -ed that open a second clause after "and" ("50 homes and drew 20 crews").
_IRREGULAR_PAST = frozenset(
    [
        "began", "brought", "built", "came", "caught", "cut", "drew", "fell", "forced", "found",
        "gave", "got", "hit", "held", "kept", "led", "left", "lost", "made", "met", "paid", "put",
        "ran", "rose", "sank", "saw", "sent", "set", "shot", "sold", "spent", "spread", "stood",
        "struck", "swept", "took", "told", "threw", "tore", "went", "won", "wrote",
    ]
)


def _opens_a_clause(word: str | None) -> bool:
    """Whether a word after "and" / "or" starts a new verb phrase ('... 50 homes and killed 30
    people'), not a second thing counted ('faculty members and priests', 'past and present
    senators'): a past tense, the one form of verb news writes such clauses in."""
    if word is None or not word.islower():
        return False
    return (len(word) >= 5 and word.endswith("ed")) or word in _IRREGULAR_PAST


@lru_cache(maxsize=100_000)
def _counted(ctx: str, pos: int, text: str) -> frozenset[str]:
    """What an English count counts: the content words of the phrase right after it, up to a
    preposition, a verb of saying or being, or the end of its clause ('5 homes near Paradise'
    -> home; 'nearly 90 faculty members and priests at Georgetown' -> faculty, member, priest).
    Empty unless a content word follows the figure at once ('5 were hurt', '5 of the homes')."""
    after = _clause_after(ctx, pos, text)
    words: list[str] = []
    raw = _RAW_WORD.findall(after)
    for k, w in enumerate(raw):
        if w.lower() in _PHRASE_END or len(words) == 4:
            break
        if w in ("and", "or") and _opens_a_clause(raw[k + 1] if k + 1 < len(raw) else None):
            break
        # 'people' is too common to match figures by, but it names what a count counts
        n = _norm_word(w) or ("person" if w.lower() == "people" else None)
        if k == 0 and not n:
            return frozenset()
        if n:
            words.append(n)
    return frozenset(words)


def _count_other_things(a: _M, b: _M) -> bool:
    """Two English counts each followed by what it counts, with no word of it in common: '5
    homes' and '2 crews' are two facts of a story, not one ('five senior Missouri Republicans'
    and 'five Missouri senators' meet). Counts only: what follows money or a percentage
    qualifies it rather than naming it."""
    if a.rec.unit is not None or b.rec.unit is not None or "zh" in (a.lang, b.lang):
        return False
    ha = _counted(a.rec.context or "", a.pos, a.rec.text)
    hb = _counted(b.rec.context or "", b.pos, b.rec.text)
    return bool(ha and hb) and not ha & hb


def _counts_alike(a: _M, b: _M, near: int) -> bool:
    """What two figures of a slip count meets: the words right after them, or, for an amount
    with a unit across languages, two words around them (what follows '400 英镑' is no
    English word to meet '£40' by), or one where neither figure has words after it
    (`NOTHING_AFTER`)."""
    if _after_meet(a, b):
        return True
    if "zh" not in (a.lang, b.lang) or a.lang == b.lang:
        return False
    if a.rec.unit is not None and near >= 2:
        return True
    # an amount that ends its clause on both sides ('运费都要 200 元。' / 'the delivery fee is
    # 20 yuan.'): what it measures is said before it, and nothing after either figure is
    # left to meet; one word at the figures is enough
    return (
        NOTHING_AFTER
        and a.rec.unit is not None
        and near >= 1
        and not _after_latin(a)
        and not _after_latin(b)
    )


def _after_latin(m: _M) -> frozenset[str]:
    """The words right after a figure that another language's could meet."""
    return stemmed(_after_words(m.rec.context or "", m.pos, m.rec.text))


def _after_meet(a: _M, b: _M) -> bool:
    wa = _after_words(a.rec.context or "", a.pos, a.rec.text)
    return bool(_meet(a, b, wa, _after_words(b.rec.context or "", b.pos, b.rec.text)))


def _same_measure(a: _M, b: _M, near: int) -> bool:
    """The figures measure the same thing: what follows them meets, or the words around
    them share two or more."""
    if (abs(a.rec.value) < 1) != (abs(b.rec.value) < 1) and a.fam == "count":
        return False  # a fraction of a whole and a count
    return _after_meet(a, b) or near >= 2 or (near >= 1 and len(_subjects(a) & _subjects(b)) >= 2)


class _Varies:
    """Whether an article gives other values for what a figure measures: another figure of its
    own of the same unit, another value (not the other end of its range), the same words right
    after it ('$119 price tag' and '$249 price tag' on one page of earbuds): a page listing
    items, each with its own value."""

    def __init__(self, by_article: dict[str, list[_M]]):
        self.by_article, self.seen = by_article, {}

    def __call__(self, m: _M) -> bool:
        hit = self.seen.get(m.idx)
        if hit is None:
            hit = self.seen[m.idx] = any(
                o is not m
                and o.rec.unit == m.rec.unit
                and o.rec.value != m.partner  # the other end of its own range
                and not math.isclose(o.rec.value, m.rec.value)
                and _after_meet(m, o)
                for o in self.by_article.get(m.rec.article_id, ())
            )
        return hit


def _cross_confidence(
    a: _M,
    b: _M,
    near: int,
    in_story: bool,
    stated: dict[str, set] | None = None,
    varies: Callable[[_M], bool] | None = None,
) -> tuple[float, str]:
    """How sure a cross-source conflict is: the same fact, not a part of it or another item."""
    if stated is not None:
        ka, kb = (a.rec.unit, round(a.rec.value, 9)), (b.rec.unit, round(b.rec.value, 9))
        a_in_b, b_in_a = ka in stated.get(b.rec.article_id, ()), kb in stated.get(a.rec.article_id, ())
        # one article states both figures, the other only one of them: a slip by a power of
        # ten that the slipping article states rightly elsewhere, not a list of two facts
        repeat = a_in_b != b_in_a and _slip(a, b)
        if (a_in_b or b_in_a) and not repeat:
            return 0.3, "each figure appears in the other article too: two facts of one list"
    for m in (a, b):
        ctx, end = m.rec.context or "", m.pos + len(m.rec.text)
        if _PART_AFTER.match(ctx[end : end + 20]) or _PART_BEFORE.search(ctx[max(0, m.pos - 20) : m.pos]):
            return 0.4, "a part against its whole"
    if in_story and not near:
        return 0.5, "the words at the figures differ: maybe another fact of the story"
    slip = _slip(a, b)
    if slip and not _same_thing(a, b):
        return 0.6, "a power of ten apart, but each counts another thing: likely two facts"
    if in_story and not slip and varies is not None and (varies(a) or varies(b)):
        # pages on one topic (guides, reviews, listings) state many figures of one kind for
        # different things: '$119' and '$300' for two pairs of earbuds
        return 0.5, "the article gives other values for this too: items of a list, not one fact"
    lo, hi = sorted((abs(a.rec.value), abs(b.rec.value)))
    if a.rec.unit == b.rec.unit and lo > 0 and hi / lo > FAR_APART and not slip:
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
    if agree and meet_at_an_edge((a.lo, a.hi), (b.lo, b.hi)):
        # '11 Pacific Rim nations' and 'the 12-nation deal': neither one figure nor, with
        # the two one apart, a disagreement worth a verdict
        return None, ""
    if a.period and b.period and not (a.period & b.period) and not agree:
        return None, ""  # different periods: different facts
    if agree:
        return True, f"{_label(a)} and {_label(b)} agree"
    why = explain_difference(a.rec.value, ua, a.rec.qualifier, b.rec.value, ub, b.rec.qualifier)
    return False, f"{_label(a)} vs {_label(b)}: {why}"

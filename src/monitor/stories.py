"""Stories: the articles that report one event, across sources and languages.

Pure: plain article data in (`StoryArticle`), a story id per article out. The warehouse side
(reading articles, writing the `stories` table and `articles.story_id`) is in warehouse.py.

Method (chosen on the dev sets, see benchmarks/stories.py):
- a republication (`derived_from` names the other article) or a near copy (most of its
  8-word shingles shared) joins the original's story outright;
- otherwise two articles are compared on their rare words: tf-idf over content words of the
  headline and body (names weigh more than common words), numbers, and the English glosses of
  Chinese terms, so a Chinese write-up meets an English one. Two articles join when their
  cosine similarity is high enough and they share enough rare names;
- shared names are not enough: two articles on one company or place may report two of its
  events (WeWork's layoffs, the attorney general's inquiry into WeWork). Two lone articles
  found a story only when their other words agree too, and each one's lead (headline, first
  lines) is found in the other: an article that recalls the other's event in a paragraph of
  background does not pass. Across scripts the glosses, Latin names and figures are the only
  evidence (a figure with a magnitude word counts as its value: '1.3 trillion' = '1.3万亿'),
  and two lone articles sharing XLANG_KEYS of them are compared at a higher boost. The glosses
  come from a glossary of news terms (numbers.toml) and from CC-CEDICT (data/
  zh_en_glossary.tsv.gz, scripts/build_zh_glossary.py), read longest word first; the gloss of
  an everyday word ('player', 'share') adds to the cosine but counts as no shared key: a name,
  a glossary term or a figure does;
- stories are built by average linkage: an article joins a story only when it is close to the
  story as a whole, not merely to one member, so one loose pair does not chain two events;
- when both publication dates are known and far apart, no join (other than copies).

Story ids are stable: a story's id is derived from its earliest member (first seen, then
article id), so re-running over the same articles gives the same ids and a new article
joining a story keeps the story's id. Work grows with the candidate pairs found through an
inverted index of rare words, not with the square of the articles.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from monitor.glossary import dictionary_glosses, news_glossary
from monitor.numbers import lexicon

__all__ = ["Story", "StoryArticle", "group_stories", "similarity", "story_rows"]

JOIN_MIN = 0.28  # cosine of rare-word vectors to join a story (average over its members)
NAMES_MIN = 3  # rare names (capitalised words) two articles must share
COPY_MIN = 0.5  # share of 8-word shingles that makes a near copy
DAYS_APART = 10  # publication dates further apart than this: not the same event
DF_CAP = 0.05  # words in more than this share of articles are not candidates' keys
NAME_WEIGHT = 2.0
XLANG_BOOST = 1.4  # across scripts the shared vocabulary is small (glossary, names, figures)
# across scripts, two lone articles sharing at least XLANG_KEYS rare terms (figures, glosses,
# Latin names under the candidates' df cap) are compared at a higher boost. Measured on the
# EN/ZH halves of all 152 enzh-dev documents: grouped pairs 74 (x1.4), 91 (x2.0), 92 (x2.2),
# 94 (x2.8), wrong pairs 4 at every boost (the same 2 document pairs as at x1.4)
XLANG_KEYS = 3
XLANG_BOOST_KEYED = 2.2
LEAD_WORDS = 60  # articles opening with the same 60 words are copies of one another
MIN_KEYS = 2  # of each article's 40 heaviest terms, shared before two articles are compared
COPY_KEYS = 15  # shared heaviest terms before the (costlier) copy test
MAX_CHARS = 6000  # an article's first characters are enough to tell its event
SAME_SOURCE_MIN = 0.6  # one source's two articles join only when nearly the same text
# Two articles that share only names (the Taliban, Kabul; WeWork, its founder) may report two
# events of one place or company: they join only when their other words agree too
# (`event_evidence`: cosine of the non-name terms + EVENT_LEAD_WEIGHT x the leads' overlap)
EVENT_MIN = 0.2  # two lone articles, to found a story (the same figures from 0.18 to 0.22)
EVENT_JOIN = 0.12  # an article and one member of a story of several (the same from 0 to 0.16)
EVENT_LEAD_WEIGHT = 0.5
LEAD_CHARS = 400  # an article's lead: its headline and first characters


@dataclass(frozen=True)
class StoryArticle:
    article_id: str
    source_id: str
    title: str | None
    text: str  # clean text, one paragraph per line
    language: str | None = None
    languages: tuple[str, ...] = ()
    published_at: str | None = None
    first_seen_at: str | None = None
    url: str | None = None
    derived_from: str | None = None


@dataclass(frozen=True)
class Story:
    story_id: str
    title: str | None
    first_seen_at: str | None
    last_seen_at: str | None
    n_articles: int
    n_sources: int
    n_languages: int
    article_ids: tuple[str, ...]
    sources: tuple[str, ...]
    languages: tuple[str, ...]


# ---------------------------------------------------------------- features

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|\d[\d,.]*\d|\d")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_SENT_START = re.compile(r"(?:^|[.!?:]\s+|[\"“])$")
# a figure with its magnitude in words, so '1.3 trillion' and '1.3万亿', '30 million' and
# '3000万' meet as one term ('#1300000000000')
_EN_MAG = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion)\b",
                     re.IGNORECASE)
_ZH_MAG = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万亿|亿|万)")
_MAG = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
        "万": 10**4, "亿": 10**8, "万亿": 10**12}


def _magnitude(m: re.Match[str]) -> str | None:
    """'#<value>' of a figure and its magnitude word, None when it is not a plain number."""
    try:
        v = Decimal(m.group(1).replace(",", "")) * _MAG[m.group(2).lower()]
    except (InvalidOperation, KeyError):
        return None
    return "#" + format(v.normalize(), "f")


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    extra = """
    said says say told according would could should will may might also just like one two three
    new year years day days time week weeks month months people percent president mr mrs ms dr
    monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december the this that these those there here
    it its he she they we you i his her their our your but and or if when while after before
    what who which where why how all any some many much more most other such than then so
    not no yes can did does do done been being be is are was were has have had get got make
    made way well even still back first last over into out up down about since because
    """
    words = set(lexicon()["match"]["stopwords"].split()) | set(extra.split())
    return frozenset(words)


@lru_cache(maxsize=200_000)
def _norm(w: str) -> str | None:
    w = w.lower().strip("'’-.,")
    for suf in ("'s", "’s"):
        w = w.removesuffix(suf)
    if w[:1].isdigit():
        w = w.replace(",", "")
        if re.fullmatch(r"\d{1,2}", w):
            return None  # small numbers: everywhere
        return "#" + w
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) < 3 or w in _stop():
        return None
    return w


@lru_cache(maxsize=20_000)
def _gloss_terms(gloss: str) -> tuple[tuple[str, bool], ...]:
    """A dictionary gloss's terms, each with whether it names someone or something (the file
    keeps a proper noun's capitals: 'Donald Trump', 'Sabah'; an everyday word is lower-case)."""
    return tuple((t, w[:1].isupper()) for w in gloss.split() if (t := _norm(w)))


def dictionary_terms(run: str) -> list[tuple[int, str, bool]]:
    """(offset, English term, whether it names something) of the dictionary words in a run of
    Chinese characters (`glossary.dictionary_glosses`)."""
    return [(i, t, name) for i, gloss in dictionary_glosses(run) for t, name in _gloss_terms(gloss)]


def features(title: str | None, text: str) -> Features:
    """Term counts (words, '#numbers', Chinese bigrams, glosses), the names among them, the
    names capitalised in the body (a headline in title case capitalises every word), the
    lead's terms (the headline's and those of the text's first LEAD_CHARS characters), and the
    everyday terms only a dictionary gloss of a Chinese word gave (weak evidence across
    scripts: 'player', 'share', 'online' could be any story)."""
    counts: Counter = Counter()
    names: set[str] = set()
    body_names: set[str] = set()
    lead: set[str] = set()
    everyday: set[str] = set()
    strong: set[str] = set()
    written: set[str] = set()  # the terms of Latin words and figures the text itself holds
    for part, boost in ((title or "", 2), (text, 1)):
        end = len(part) if boost == 2 else LEAD_CHARS
        for m in _WORD.finditer(part):
            w = m.group(0)
            n = _norm(w)
            if not n:
                continue
            counts[n] += boost
            written.add(n)
            start = m.start()
            if start < end:
                lead.add(n)
            if w[0].isupper() and not _SENT_START.search(part[max(0, start - 3) : start]):
                names.add(n)
                if boost == 1:
                    body_names.add(n)
        cjk = _CJK.search(part) is not None
        for m in (_ZH_MAG if cjk else _EN_MAG).finditer(part):
            t = _magnitude(m)
            if t:
                counts[t] += boost
                if m.start() < end:
                    lead.add(t)
        if cjk:
            pattern, gloss = news_glossary()
            for g in pattern.finditer(part):
                for w in gloss[g.group(0)]:
                    n = _norm(w)
                    if n:
                        counts[n] += boost
                        strong.add(n)
                        if g.start() < end:
                            lead.add(n)
            for m in _CJK_RUN.finditer(part):
                run = m.group(0)
                for i, t, name in dictionary_terms(run):
                    counts[t] += boost
                    (strong if name else everyday).add(t)
                    if m.start() + i < end:
                        lead.add(t)
                for i in range(len(run) - 1):
                    counts["~" + run[i : i + 2]] += boost
                    if m.start() + i < end:
                        lead.add("~" + run[i : i + 2])
    weak = frozenset(everyday - strong - written)
    return counts, frozenset(names), frozenset(body_names), frozenset(lead), weak


def shingles(text: str, n: int = 8) -> frozenset[int]:
    """Hashes of n-word shingles (copies and republications share most of them)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if _CJK.search(text):
        words += list("".join(_CJK_RUN.findall(text)))
    if len(words) < n:
        return frozenset([hash(tuple(words))]) if words else frozenset()
    return frozenset(hash(tuple(words[i : i + n])) for i in range(len(words) - n + 1))


_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/._-]|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")


def _when(published_at: str | None, url: str | None) -> tuple[date, date] | None:
    """When an article was published, as a range: its date, else the date (or the month) its
    URL carries ('/2011/04/07/', '/2019/11/'), else None."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(published_at or ""))
    if not m and url:
        m = _URL_DAY.search(url)
    if m:
        try:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return d, d
        except ValueError:
            pass
    m = _URL_MONTH.search(url or "")
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        first = date(y, mo, 1)
        last = date(y + (mo == 12), mo % 12 + 1, 1) - timedelta(days=1)
        return first, last
    return None


def _apart(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    """Published too far apart to report one event."""
    if a is None or b is None:
        return False
    gap = max((b[0] - a[1]).days, (a[0] - b[1]).days, 0)
    return gap > DAYS_APART


# ---------------------------------------------------------------- similarity


@dataclass
class _Doc:
    art: StoryArticle
    counts: Counter
    names: frozenset[str]
    vec: dict[str, float]
    norm: float
    shingles: frozenset[int] | None  # computed when first needed (few pairs are copy-tested)
    day: tuple[date, date] | None
    cjk: bool = False  # mostly Chinese text
    latin: dict[str, float] = field(default_factory=dict)  # the terms without Chinese bigrams
    latin_norm: float = 1.0
    body_names: frozenset[str] = frozenset()
    lead: frozenset[str] = frozenset()  # the terms of its headline and first lines
    rest: dict[str, float] | None = None  # the terms that are not names (when first needed)
    rest_norm: float = 1.0
    weak: frozenset[str] = frozenset()  # everyday terms only a dictionary gloss gave


Features = tuple[Counter, frozenset[str], frozenset[str], frozenset[str], frozenset[str]]
FeatureCache = dict[tuple[str | None, str], Features]


def remember_features(cache: FeatureCache, title: str | None, text: str) -> Features:
    """An article's features (what `features` finds in its headline and first MAX_CHARS
    characters), from `cache` or computed into it: a run works them out as its articles land,
    while its workers process the rest, so that `group_stories(..., cache)` has only the
    grouping left after the last document. Keyed by the headline and text themselves, so
    an entry can only ever be the features of what it is used for."""
    key = (title, text[:MAX_CHARS])
    if key not in cache:
        cache[key] = features(*key)
    return cache[key]


def _prepare(articles: list[StoryArticle], cache: FeatureCache | None = None) -> list[_Doc]:
    cache = {} if cache is None else cache
    feats = [remember_features(cache, a.title, a.text) for a in articles]
    df: Counter = Counter()
    for counts, *_ in feats:
        df.update(counts.keys())
    n = max(len(articles), 1)
    # a floor on the corpus size: with a handful of articles every word looks rare
    n_eff = max(n, 50)
    docs = []
    for a, (counts, names, body_names, lead, weak) in zip(articles, feats, strict=True):
        vec = {}
        for t, c in counts.items():
            idf = math.log((n_eff + 1) / (df[t] + 0.5))
            if idf <= 0:
                continue
            w = (1 + math.log(c)) * idf * (NAME_WEIGHT if t in names else 1.0)
            vec[t] = w
        norm = math.sqrt(math.fsum(v * v for v in vec.values())) or 1.0
        head = a.text[:MAX_CHARS]
        cjk = len(_CJK.findall(head)) > 0.3 * max(1, len(head))
        latin = {t: w for t, w in vec.items() if not t.startswith("~")}
        latin_norm = math.sqrt(math.fsum(v * v for v in latin.values())) or 1.0
        docs.append(_Doc(a, counts, names, vec, norm, None, _when(a.published_at, a.url), cjk,
                         latin, latin_norm, body_names, lead, weak=weak))
    return docs


def similarity(a: _Doc, b: _Doc, keys: int | None = None) -> float:
    """Cosine of the two articles' weighted terms. Across scripts (a Chinese article and an
    English one) only the terms both can hold count: glosses, Latin words, figures; with
    XLANG_KEYS of them shared (`keys`: how many of the shared terms are rare; all of them when
    not given) at the higher boost."""
    va, vb, na, nb = a.vec, b.vec, a.norm, b.norm
    if a.cjk != b.cjk:
        va, vb, na, nb = a.latin, b.latin, a.latin_norm, b.latin_norm
    small, big = (va, vb) if len(va) < len(vb) else (vb, va)
    shared = [t for t in small if t in big]
    dot = math.fsum(small[t] * big[t] for t in shared)
    if a.cjk == b.cjk:
        return dot / (na * nb)
    n = len(shared) if keys is None else keys
    return dot / (na * nb) * (XLANG_BOOST_KEYED if n >= XLANG_KEYS else XLANG_BOOST)


def _copy(a: _Doc, b: _Doc) -> bool:
    for d in (a, b):
        if d.shingles is None:
            d.shingles = shingles(d.art.text[:MAX_CHARS])
    sa, sb = a.shingles, b.shingles
    if not sa or not sb:
        return False
    return len(sa & sb) >= COPY_MIN * min(len(sa), len(sb))


def event_evidence(a: _Doc, b: _Doc) -> float:
    """Evidence beyond shared names that two articles report one event: the words that are not
    names (what happened: 'crash', 'layoffs', 'released') agree (cosine), and each article's
    lead is found in the other (the least of the two shares of the lead's weight). An article
    that mentions the other's event in a closing paragraph of background meets the other's
    lead, but the other does not meet its own."""
    ra, rb = _rest(a), _rest(b)
    small, big = (ra, rb) if len(ra) < len(rb) else (rb, ra)
    words = math.fsum(w * big[t] for t, w in small.items() if t in big) / (a.rest_norm * b.rest_norm)

    def lead_found(x: dict[str, float], lead: frozenset[str], y: dict[str, float]) -> float:
        total = math.fsum(x[t] for t in lead if t in x)
        return math.fsum(x[t] for t in lead if t in x and t in y) / total if total else 0.0

    lead = min(lead_found(ra, a.lead, rb), lead_found(rb, b.lead, ra))
    return words + EVENT_LEAD_WEIGHT * lead


def _rest(d: _Doc) -> dict[str, float]:
    """What happened, beside who and where: the article's terms that are not names in its body."""
    if d.rest is None:
        d.rest = {t: w for t, w in d.vec.items() if t not in d.body_names}
        d.rest_norm = math.sqrt(math.fsum(v * v for v in d.rest.values())) or 1.0
    return d.rest


def _rare_names_shared(a: _Doc, b: _Doc, df: Counter, n: int) -> int:
    cap = max(3, DF_CAP * n * 4)
    return sum(1 for t in a.names & b.names if df[t] <= cap)


# ---------------------------------------------------------------- grouping


def _story_id(members: list[StoryArticle]) -> str:
    first = min(members, key=lambda a: (a.first_seen_at or "", a.article_id))
    return "s_" + hashlib.sha256(first.article_id.encode()).hexdigest()[:16]


def group_stories(
    articles: list[StoryArticle], cache: FeatureCache | None = None
) -> dict[str, str]:
    """article_id -> story_id for every article (an article alone is a story of one).
    `cache`: features worked out before (`remember_features`); the others are computed here."""
    arts = sorted({a.article_id: a for a in articles}.values(), key=lambda a: a.article_id)
    if not arts:
        return {}
    n = len(arts)
    # union-find for certain joins (republications, copies)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    # copies that open with the same words (wire copies, a page saved twice) are one
    # article for what follows: only one representative of each is compared
    lead: dict[int, int] = {}
    for i, a in enumerate(arts):
        words = tuple(w.lower() for w in _WORD.findall(a.text[:2000])[:LEAD_WORDS])
        if len(words) >= LEAD_WORDS:
            union(i, lead.setdefault(hash(words), i))
    reps = [i for i in range(n) if find(i) == i]
    # a republication (a translation, say) joins its original's story, but both are compared
    # with other articles: their words differ
    by_url = {a.url: i for i, a in enumerate(arts) if a.url}
    by_id = {a.article_id: i for i, a in enumerate(arts)}
    for i, a in enumerate(arts):
        if a.derived_from:
            j = by_url.get(a.derived_from, by_id.get(a.derived_from))
            if j is not None:
                union(i, j)
    docs = dict(zip(reps, _prepare([arts[i] for i in reps], cache), strict=True))
    df: Counter = Counter()
    for d in docs.values():
        df.update(d.names)
    # candidates: pairs sharing a rare term
    post: dict[str, list[int]] = defaultdict(list)
    cap = max(4, int(DF_CAP * len(reps)))
    tdf: Counter = Counter()
    for i in reps:
        tdf.update(docs[i].vec.keys())
    for i in reps:
        d = docs[i]
        top = sorted(d.vec.items(), key=lambda kv: (-kv[1], kv[0]))[:40]
        if d.cjk:  # its glosses and figures find the English write-ups
            top += sorted(d.latin.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
        for t in dict(top):
            if tdf[t] <= cap:
                post[t].append(i)
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    for plist in post.values():
        for x in range(len(plist)):
            for y in range(x + 1, len(plist)):
                pairs[(plist[x], plist[y])] += 1
    # an English article's heaviest terms are its rarest words, seldom the glosses and figures
    # a Chinese write-up holds: its whole vocabulary meets the Chinese articles' keys
    zpost: dict[str, list[int]] = defaultdict(list)
    for t, plist in post.items():
        for i in plist:
            if docs[i].cjk:
                zpost[t].append(i)
    if zpost:
        for i in reps:
            if docs[i].cjk:
                continue
            for t in docs[i].latin:
                for j in zpost.get(t, ()):
                    key = (i, j) if i < j else (j, i)
                    if key not in pairs:
                        pairs[key] = 1
    sims: dict[tuple[int, int], float] = {}
    evid: dict[tuple[int, int], float] = {}  # evidence of one event beyond names, when needed
    keyed: set[tuple[int, int]] = set()  # pairs across scripts at the keyed boost
    unkey = XLANG_BOOST / XLANG_BOOST_KEYED
    for (i, j), k in pairs.items():
        a, b = docs[i], docs[j]
        # across scripts few of the heaviest terms can meet at all (a Chinese article's are
        # mostly Chinese bigrams): one shared key is enough to compare them
        if k < (MIN_KEYS if a.cjk == b.cjk else 1) or find(i) == find(j):
            continue  # one shared rare word: a coincidence, not worth comparing
        if a.cjk != b.cjk and len(a.latin.keys() & b.latin.keys() - a.weak - b.weak) < MIN_KEYS:
            continue  # one name in common across scripts: not enough to tell an event
        if k >= COPY_KEYS and _copy(a, b):
            union(i, j)
            continue
        if _apart(a.day, b.day):
            continue
        # across scripts: the shared terms that are rare (an everyday gloss is no evidence)
        # ... and not an everyday word only a dictionary gloss gave
        n_keys = (sum(1 for t in a.latin.keys() & b.latin.keys()
                      if tdf[t] <= cap and t not in a.weak and t not in b.weak)
                  if a.cjk != b.cjk else None)
        s = similarity(a, b, n_keys)
        if a.art.source_id == b.art.source_id and s < SAME_SOURCE_MIN:
            continue  # one outlet's two articles: its own boilerplate makes them look alike
        # names are capitalised words: a Chinese article has none to share, its glosses speak
        names_needed = NAMES_MIN if not (a.cjk or b.cjk) else 0
        if s >= JOIN_MIN * 0.8 and _rare_names_shared(a, b, df, len(docs)) >= names_needed:
            sims[(i, j)] = s
            if n_keys is not None and n_keys >= XLANG_KEYS:
                keyed.add((i, j))
            # across scripts the names are glosses and figures: the cosine is all there is
            evid[(i, j)] = 1.0 if a.cjk != b.cjk else event_evidence(a, b)
    # average linkage over the certain groups, best pair first
    groups: dict[int, list[int]] = defaultdict(list)  # root -> its representatives
    for i in reps:
        groups[find(i)].append(i)
    label = {i: find(i) for i in reps}
    order = sorted(sims.items(), key=lambda kv: (-kv[1], kv[0]))
    for (i, j), _ in order:
        gi, gj = label[i], label[j]
        if gi == gj:
            continue
        total, cnt, close = 0.0, 0, []
        lone = len(groups[gi]) == 1 and len(groups[gj]) == 1
        for x in groups[gi]:
            for y in groups[gj]:
                key = (x, y) if x < y else (y, x)
                if key in sims:
                    # the keyed boost founds a story of two; a story of several is joined
                    # at the plain one (two translated pairs on one topic stay two stories)
                    total += sims[key] * (1.0 if lone or key not in keyed else unkey)
                    close.append(key)
                cnt += 1
        if not cnt or total / cnt < JOIN_MIN:
            continue
        # and evidence beyond names: two lone articles need it to found a story; to join a
        # story of several (whose members already agree on the event) less, with one member
        need = EVENT_MIN if lone else EVENT_JOIN
        for key in close:
            if key not in evid:
                a, b = docs[key[0]], docs[key[1]]
                evid[key] = 1.0 if a.cjk != b.cjk else event_evidence(a, b)
        if any(evid[key] >= need for key in close):
            keep, drop = min(gi, gj), max(gi, gj)
            for x in groups[drop]:
                label[x] = keep
            groups[keep].extend(groups.pop(drop))
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[label[find(i)]].append(i)
    out: dict[str, str] = {}
    for group in members.values():
        sid = _story_id([arts[i] for i in group])
        for i in group:
            out[arts[i].article_id] = sid
    return out


def story_rows(articles: list[StoryArticle], assignment: dict[str, str]) -> list[Story]:
    """One row per story: title (its earliest member's), first/last seen, counts."""
    members: dict[str, list[StoryArticle]] = defaultdict(list)
    for a in articles:
        sid = assignment.get(a.article_id)
        if sid:
            members[sid].append(a)
    out = []
    for sid in sorted(members):
        ms = sorted(members[sid], key=lambda a: (a.first_seen_at or "", a.article_id))
        seen = [a.first_seen_at for a in ms if a.first_seen_at]
        langs: list[str] = []
        for a in ms:
            for lang in (a.languages or ((a.language,) if a.language else ())):
                if lang and lang not in langs:
                    langs.append(lang)
        sources = sorted({a.source_id for a in ms})
        title = next((a.title for a in ms if a.title), None)
        out.append(
            Story(
                story_id=sid,
                title=title,
                first_seen_at=min(seen) if seen else None,
                last_seen_at=max(seen) if seen else None,
                n_articles=len(ms),
                n_sources=len(sources),
                n_languages=len(langs),
                article_ids=tuple(a.article_id for a in ms),
                sources=tuple(sources),
                languages=tuple(langs),
            )
        )
    return out

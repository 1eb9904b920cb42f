"""Cleaning stage: article text out of HTML pages and saved text snapshots.

HTML goes through trafilatura (precision-first, recall fallback) and then through the same
line classifier the snapshots use; every removed block is kept with its reason. Patterns live
in ``monitor.boilerplate``; this module only decides where they apply.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import logging
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from monitor import boilerplate as bp
from monitor.byline import find_author
from monitor.encoding import decode
from monitor.models import Cleaned, RemovedBlock
from monitor.xpath_rules import faster_rules

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_TOKEN = re.compile(f"[{_CJK_CHARS}]|[^\\W{_CJK_CHARS}]+")
_LATIN = re.compile(r"[A-Za-z]")
_BULLET = re.compile(r"^\s*([•·*▪●◦‣]|-(?=\s)|\d{1,2}[.)](?=\s))\s*")
_SENTENCE_END = re.compile(r"[.!?。！？…\"”’»)]\s*$")
# Runs of spaces fold to one " ": the runs of two or more, and one space other than " ", are
# replaced (a lone " " between words is left as it is, rather than replaced by itself).
_SPACES_TO_FOLD = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]{2,}|[\t\u00a0\u2000-\u200b\u3000]")

# Too little text from the precise extraction means it missed the article: fall back.
MIN_TOKENS = 60
# The precise extraction kept only part of the body (an intro, the first post) when it holds
# less than this share of the words the page's own article markup holds, or (without markup
# that agrees with it) of all the words the page has outside links: then the full extraction
# (trafilatura's whole cascade, its readability and justext comparison included) is read too.
MARKUP_SHARE = 0.6
PAGE_SHARE = 0.5
# ... and taken when it holds FULL_GAIN times the precise one's words outside links; where the
# page's markup agrees with the precise extraction, only when it holds CONFIRMED_CAP times.
FULL_GAIN = 1.1
CONFIRMED_CAP = 4.0
# Where the recall-first text was taken and the full pass ran too, the two may hold different
# parts of the page (an app banner or a sidebar of reviews against the thread or the product):
# where the full text holds under DISAGREE_HELD of the recall text's words and at least
# DISAGREE_SHARE of its words outside links, the full pass (trafilatura's whole cascade,
# compared with readability and justext: plain trafilatura's answer) is taken.
DISAGREE_HELD = 0.35
DISAGREE_SHARE = 0.5
# A marked block (<article>, itemprop articleBody / text) under this many words outside links
# is a teaser card or a one-line comment: it says nothing of the body's length.
MARKUP_BLOCK = 50
# Where the precise text holds less than RECALL_SHARE of the page's words outside links (and
# the page's markup does not say it is the whole article), trafilatura's recall-first pass
# (under half the full pass's cost) is read first and taken for FULL_GAIN times the words: it
# keeps the later posts, the list items and the sections after a widget that the precise
# pass leaves out. The full pass then runs only where even that text holds under
# RECALL_FULL_SHARE of the page's words.
RECALL_SHARE = 0.7
RECALL_FULL_SHARE = 0.45
# Markup that holds the precise text's words only barely (MARKUP_SHARE up to WEAK_AGREEMENT of
# its words) confirms an intro as readily as a whole body: there, under RECALL_SHARE of the
# page's words, the recall-first pass is read too and taken for WEAK_GAIN times the words
# (the full pass still follows only where the text is short, as for confirmed markup).
WEAK_AGREEMENT = 0.8
WEAK_GAIN = 1.2
# What is left is a menu, not an article, when this share of its words are link words and
# fewer than LONG_BODY of them are words the page has outside links.
MAX_LINK_SHARE = 0.8
LONG_BODY = 100

for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


_RULES = dict(bp.LINE_RULES)
_HTML_SKIP = frozenset(bp.HTML_KEEP_REASONS)


class NoArticle(ValueError):
    """A document with no article text left after cleaning."""


def _fold(line: str) -> str:
    return _SPACES_TO_FOLD.sub(" ", unicodedata.normalize("NFKC", line)).strip()


def _count_words(text: str) -> int:
    if text.isascii():  # no CJK to count (isascii costs nothing)
        return len(_WORD.findall(text))
    return len(_WORD.findall(text)) + len(_CJK.findall(text)) // 2


# Each line is asked about by several rules: fold and count it once. Only lines up to this
# length are cached, so a page of one enormous line cannot pin megabytes in the cache.
_CACHED_CHARS = 2000
_fold_cached = functools.lru_cache(maxsize=2048)(_fold)
_count_cached = functools.lru_cache(maxsize=2048)(_count_words)


def _norm(line: str) -> str:
    """Folded form for matching only (NFKC, one space); output keeps the original text."""
    return _fold_cached(line) if len(line) <= _CACHED_CHARS else _fold(line)


def _tidy(line: str) -> str:
    """The line as stored: original characters, runs of spaces collapsed."""
    return _SPACES_TO_FOLD.sub(" ", line).strip()


def _words(text: str) -> int:
    """Word count; two CJK characters count as one word."""
    return _count_cached(text) if len(text) <= _CACHED_CHARS else _count_words(text)


@functools.cache
def _rules(skip: frozenset[str], long_line: bool) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """The rules that apply, as one alternation of groups: the first listed that matches wins.

    One regex call per line instead of one per rule; the result is the same as trying the
    rules one by one in order.
    """
    order = bp.LONG_LINE_REASONS if long_line else tuple(reason for reason, _ in bp.LINE_RULES)
    reasons = tuple(r for r in order if r not in skip)
    if not reasons:
        return None, ()
    flags = _RULES[reasons[0]].flags
    joined = "|".join(f"(?P<r{i}>{_RULES[r].pattern})" for i, r in enumerate(reasons))
    return re.compile(joined, flags), reasons


# Literal prefilter for the line rules. Most patterns can only match a line holding one of a few
# literal strings ('click to tweet', 'cookie policy', '@'): a pattern whose strings are all
# absent from the lowered line is left out of the alternation, which is then the same rules in
# the same order minus ones that cannot match, so the first that matches is the same. The
# strings are read off the parsed patterns (_needles); the expensive patterns open with
# '.{0,300}', which the regex engine retries at every length before failing.
_NEEDLE_RUN_LIMIT = 64  # most strings one literal run of a pattern may stand for


def _exact(item: tuple[Any, Any]) -> set[str] | None:
    """Every string a parsed regex item can match, when that is a small finite set."""
    from re import _constants as k

    op, av = item
    if op is k.LITERAL:
        return {chr(av)}
    if op is k.IN:
        return {chr(a) for _, a in av} if all(o is k.LITERAL for o, _ in av) else None
    if op is k.SUBPATTERN:
        return None if av[1] or av[2] else _exact_seq(av[3])
    if op is k.BRANCH:
        out = _union(av[1], _exact_seq)
        return out if out is not None and len(out) <= _NEEDLE_RUN_LIMIT else None
    if op in (k.MAX_REPEAT, k.MIN_REPEAT):
        low, high, sub = av
        one = _exact_seq(sub)
        if one is None or (low, high) not in ((1, 1), (0, 1)):
            return None
        return one if low == 1 else one | {""}
    if op in (k.AT, k.ASSERT, k.ASSERT_NOT):  # zero-width: no text of its own
        return {""}
    return None


def _union(alternatives: Any, read: Callable[[Any], set[str] | None]) -> set[str] | None:
    """What `read` says of each alternative of a branch, together (None if of any, None)."""
    out: set[str] = set()
    for alt in alternatives:
        one = read(alt)
        if one is None:
            return None
        out |= one
    return out


def _exact_seq(seq: Any) -> set[str] | None:
    out = {""}
    for item in seq:
        one = _exact(item)
        if one is None:
            return None
        out = {a + b for a in out for b in one}
        if len(out) > _NEEDLE_RUN_LIMIT:
            return None
    return out


def _needles_item(item: tuple[Any, Any]) -> set[str] | None:
    """Strings one of which every match of the item holds (None: none known)."""
    from re import _constants as k

    op, av = item
    one = _exact(item)
    if one is not None and "" not in one:
        return one
    if op is k.SUBPATTERN:
        return None if av[1] or av[2] else _needles_seq(av[3])
    if op is k.BRANCH:
        return _union(av[1], _needles_seq)
    if op in (k.MAX_REPEAT, k.MIN_REPEAT) and av[0] >= 1:
        return _needles_seq(av[2])
    return None


def _needles_seq(seq: Any) -> set[str] | None:
    """Strings one of which every match of the sequence holds: the best of its literal runs'
    (a run of items each matching one of a few strings) and its items' own."""
    found: list[set[str]] = []
    run = {""}  # the strings the items since the last unknown one match, joined
    word = ""  # the text of the items since the last that may match more than one string
    for item in [*seq, None]:
        one = _exact(item) if item is not None else None
        if one is not None and len(one) == 1:
            word += next(iter(one))
        else:
            if word:
                found.append({word})
            word = ""
        if one is not None:
            joined = {a + b for a in run for b in one}
            if len(joined) <= _NEEDLE_RUN_LIMIT:
                run = joined
                continue
        if "" not in run:
            found.append(run)
        run = {""} if one is None else one
        if item is not None:
            own = _needles_item(item)
            if own:
                found.append(own)
    if not found:
        return None
    # Strings of three characters or more, as few as possible, then the longest.
    return max(found, key=lambda s: (min(map(len, s)) >= 3, -len(s), min(map(len, s))))


def _slow_start(pattern: str) -> bool:
    """Whether the pattern opens with a repeat of any character ('.{0,300}', '[^.!?]{0,40}'):
    the engine tries each length of it before failing, ~1-5 µs a line. A pattern that opens
    with a word fails at the line's first character and is not worth a prefilter."""
    from re import _constants as k
    from re import _parser

    try:
        first = _parser.parse(pattern, re.IGNORECASE)[0]
    except Exception:  # noqa: BLE001 - another Python's parser: no prefilter
        return False
    op, av = first
    if op not in (k.MAX_REPEAT, k.MIN_REPEAT) or av[1] < 2:
        return False
    return _exact_seq(av[2]) is None


def _needles(pattern: str) -> frozenset[str] | None:
    """Lowered strings one of which any IGNORECASE match of `pattern` holds (None: none known)."""
    from re import _parser

    try:
        needles = _needles_seq(_parser.parse(pattern, re.IGNORECASE))
    except Exception:  # noqa: BLE001 - another Python's parser: no prefilter, same answers
        return None
    if not needles or "" in needles:
        return None
    lowered = {n.lower() for n in needles}
    # A string holding another is found only where that one is: 'photos' goes, 'photo' stays.
    return frozenset(n for n in lowered if not any(o != n and o in n for o in lowered))


# Characters that IGNORECASE matching folds other than str.lower does: 'İ' lowers to two
# characters, and re's extra cases ('ı' matches 'i', 'ſ' matches 's', 'ϐ' matches 'β' ...). A
# pattern whose strings hold one is never left out; a line holding one that matches an ASCII
# letter ('İ', 'ı', 'ſ') is matched against every rule.
def _fold_classes() -> list[frozenset[str]]:
    from re import _casefix

    classes = [frozenset({"\u0130", "i"})]
    for code, others in _casefix._EXTRA_CASES.items():
        classes.append(frozenset({chr(code), *map(chr, others)}))
    return classes


_FOLD_CLASSES = _fold_classes()
_FOLD_TRAP_CHARS = frozenset(c for cls in _FOLD_CLASSES for c in cls if not c.isascii())
_FOLD_TRAPS = re.compile(
    "["
    + "".join(sorted({
        c for cls in _FOLD_CLASSES if any(x.isascii() for x in cls) for c in cls
        if not c.isascii()
    }))
    + "]"
)


class _Gates(NamedTuple):
    patterns: tuple[tuple[str, str], ...]  # the rules' patterns in order, as (reason, pattern)
    gates: tuple[tuple[int, frozenset[str]], ...]  # a gated pattern's index and its strings
    closed: tuple[int, ...]  # every gated pattern's index: a line holding none of the strings
    any_string: re.Pattern[str]  # finds any gated pattern's string in a lowered line
    ungated: tuple[int, ...]  # the other patterns' indexes, in order
    single: dict[int, re.Pattern[str]]  # a gated pattern's index -> the pattern on its own


@functools.cache
def _gates(skip: frozenset[str], long_line: bool) -> _Gates:
    """The patterns of the rules that apply, and the literal strings of those worth gating."""
    _, reasons = _rules(skip, long_line)
    patterns = tuple((reason, p) for reason in reasons for p in bp.LINE_PATTERNS[reason])
    gates = []
    for i, (_, pattern) in enumerate(patterns):
        needles = _needles(pattern) if _slow_start(pattern) else None
        if (
            needles is not None
            # one letter ('h' in '[:h]') is in nearly every line: not worth asking
            and not any(len(n) == 1 and n.isalnum() for n in needles)
            and not any(_FOLD_TRAP_CHARS.intersection(n) for n in needles)
        ):
            gates.append((i, needles))
    strings = sorted({n for _, needles in gates for n in needles}, key=lambda n: (-len(n), n))
    any_string = re.compile("|".join(map(re.escape, strings)) if strings else "(?!)")
    closed = tuple(i for i, _ in gates)
    ungated = tuple(i for i in range(len(patterns)) if i not in closed)
    single = {i: re.compile(patterns[i][1], bp._I) for i in closed}
    return _Gates(patterns, tuple(gates), closed, any_string, ungated, single)


@functools.lru_cache(maxsize=256)
def _rules_among(
    skip: frozenset[str], long_line: bool, left_out: tuple[int, ...]
) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """_rules' alternation, pattern by pattern, without the patterns `left_out`."""
    kept = [
        (reason, p) for i, (reason, p) in enumerate(_gates(skip, long_line).patterns)
        if i not in left_out
    ]
    if not kept:
        return None, ()
    joined = "|".join(f"(?P<r{i}>{p})" for i, (_, p) in enumerate(kept))
    return re.compile(joined, bp._I), tuple(reason for reason, _ in kept)


# A line holding a gated pattern's string: the ungated patterns' alternation (the one the usual
# line is asked, compiled once), then the opened gated patterns on their own, those listed before
# the alternation's match in order: the first pattern in order that matches the whole line, as
# the alternation of every pattern not left out finds. (An alternation per set of opened
# patterns was a new ~10 ms regex compile for each set a worker met, ~25 sets on the throughput
# corpus.)
GATED_ALONE = True


def _with_gated_open(
    text: str, lowered: str, gated: _Gates, skip: frozenset[str], long_line: bool
) -> str | None:
    rule, reasons = _rules_among(skip, long_line, gated.closed)
    m = rule.fullmatch(text) if rule is not None else None
    # the matching ungated pattern's place among all patterns: the kept ones in their order
    first = gated.ungated[int(m.lastgroup[1:])] if m is not None else len(gated.patterns)
    for i, needles in gated.gates:
        if i > first:
            break
        if any(map(lowered.__contains__, needles)) and gated.single[i].fullmatch(text):
            return gated.patterns[i][0]
    return reasons[int(m.lastgroup[1:])] if m is not None else None


def classify_line(line: str, skip: frozenset[str] = frozenset()) -> str | None:
    """The boilerplate reason a single line matches on its own, or None for body text."""
    text = _norm(line)
    if not text:
        return None
    # Long lines are body text unless a pattern is explicitly built for long lines.
    long_line = _words(text) > bp.MAX_BOILERPLATE_WORDS and not bp.CAPTION_LABEL_RE.fullmatch(text)
    if text.isascii() or not _FOLD_TRAPS.search(text):
        lowered = text.lower()
        gated = _gates(skip, long_line)
        if gated.any_string.search(lowered) is None:  # the usual line: one scan, all left out
            left_out = gated.closed
        elif GATED_ALONE:
            return _with_gated_open(text, lowered, gated, skip, long_line)
        else:
            left_out = tuple(
                i for i, needles in gated.gates if not any(n in lowered for n in needles)
            )
        rule, reasons = _rules_among(skip, long_line, left_out)
    else:
        rule, reasons = _rules(skip, long_line)
    m = rule.fullmatch(text) if rule is not None else None
    return reasons[int(m.lastgroup[1:])] if m else None


def block_reason(line: str) -> str | None:
    """The reason when a line is a heading that opens a teaser/related/navigation block."""
    text = _norm(_BULLET.sub("", line))
    if not text or _words(text) > 8:
        return None
    for reason, rule in bp.BLOCK_RULES:
        if rule.fullmatch(text):
            return reason
    return None


def _is_body_paragraph(line: str) -> bool:
    """A paragraph long and sentence-like enough to end a teaser/related block."""
    text = _norm(line)
    return (
        not _BULLET.match(line)
        and _words(text) >= 25
        and bool(_SENTENCE_END.search(text))
        and classify_line(text) is None
    )


def _ends_html_block(line: str) -> bool:
    """In extracted HTML a teaser list holds titles; a real sentence means the body resumes."""
    text = _norm(line)
    if not text or classify_line(text) is not None:
        return False
    words = _words(text)
    return words >= 25 or (words >= 8 and bool(_SENTENCE_END.search(text)))


def _same(line: str, title: str | None) -> bool:
    """The line repeats the page title (titles often carry a ' | Site' suffix)."""
    if not title:
        return False
    a = _WORD.findall(line.casefold())
    b = _WORD.findall(title.casefold())
    if not a:
        return False
    if a == b:
        return True
    if len(a) < 3:
        return False
    sa, sb = " ".join(a), " ".join(b)
    if f" {sa} " in f" {sb} ":
        return True
    # Headline and <title> often differ by a word or an abbreviation.
    if len(a) > 25 or _SENTENCE_END.search(line.strip()):
        return False
    shared = sum((Counter(a) & Counter(b)).values())
    return shared / len(a) >= 0.7 and shared / len(b) >= 0.6


def _title_like(line: str) -> bool:
    """A headline: most longer words capitalised and no sentence punctuation at the end."""
    text = _norm(_BULLET.sub("", line))
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
    if not words or _SENTENCE_END.search(text) and not text.endswith((")", "”", '"')):
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return len(words) >= 3 and caps / len(words) >= 0.6 and _words(text) <= 20


# ---------------------------------------------------------------------------------------------
# HTML


@functools.lru_cache(maxsize=1)
def _html_parser() -> Any:
    """trafilatura's HTML parser, with lxml.html's element classes chosen in C.

    lxml.html picks each element's class in a Python callback (`HtmlElementClassLookup`, once
    for every element Python touches: 7 % of cleaning a page); every element here is a plain
    `HtmlElement`, which is all trafilatura and this module use (only the form-control classes
    of lxml.html, never used, are not made).
    """
    from lxml import etree, html

    parser = html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                             remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction,
        entity=html.HtmlEntity,
    ))
    return parser


# Characters XML forbids, as trafilatura's INVALID_XML_CHARS: the C0 controls but tab, newline
# and carriage return (one byte each in UTF-8), and U+FFFE / U+FFFF.
_CONTROL_BYTES = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))


def _repaired(html: str, beginning: str) -> bytes:
    """The page as UTF-8 bytes, repaired as trafilatura's `repair_faulty_html` repairs it.

    Its regex scan for forbidden characters costs ~0.9 ms a page; the bytes libxml2 parses
    (faster than a str: ~0.25 ms a page, the same tree) tell in ~0.1 ms whether there are any,
    and the regex runs only on a page that holds one.
    """
    from trafilatura.utils import INVALID_XML_CHARS

    encoded = html.encode("utf8", "surrogatepass")
    if (
        len(encoded.translate(None, _CONTROL_BYTES)) != len(encoded)
        or "\ufffe" in html
        or "\uffff" in html
    ):
        html = INVALID_XML_CHARS.sub("", html)
        encoded = b""  # the bytes above are not the page's any more
    repaired = _repair_markup(html, beginning)
    return encoded if encoded and repaired is html else repaired.encode("utf8", "surrogatepass")


def _repair_markup(html: str, beginning: str) -> str:
    """`repair_faulty_html` but its forbidden-character pass: the same string when nothing in
    the page needs repairing."""
    from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML

    if "doctype" in beginning:
        firstline, newline, rest = html.partition("\n")
        fixed = DOCTYPE_TAG.sub("", firstline, count=1)
        if fixed != firstline or not newline:
            html = fixed + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            html = FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    return html


def _parse(html: str) -> HtmlElement | None:
    """The page's lxml tree, parsed as trafilatura's `load_html` parses a string (its repairs,
    its refusal of what is not HTML), from the repaired page's UTF-8 bytes, else its string."""
    from lxml.html import fromstring
    from trafilatura.utils import is_dubious_html

    def parsed(markup: str | bytes) -> HtmlElement | None:
        try:
            return fromstring(markup, parser=_html_parser())
        except Exception:  # noqa: BLE001 - as load_html: unparsable markup is no tree
            return None

    beginning = html[:50].lower()
    markup = _repaired(html, beginning)
    tree = parsed(markup)
    if tree is None or len(tree) < 1:
        # as load_html: where the string gives no tree with children either (the parser
        # refuses a string whose XML declaration names an encoding), the bytes' tree stays
        retry = parsed(markup.decode("utf8", "surrogatepass"))
        if retry is not None and len(retry):
            tree = retry
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def _precise_in_place() -> contextlib.AbstractContextManager[None]:
    """trafilatura's precise fast pass without the two tree copies it never reads.

    ``bare_extraction`` copies the tree it is given, then its ``_prepare_tree`` copies that
    copy before cleaning it and copies the cleaned tree as a backup. The uncleaned tree is read
    again only by the readability/justext comparison (not in fast mode), the baseline (not in
    precision mode) and the recall retry (balanced mode only), and the backup only by the
    comparison and comment capture: in the precise fast pass without comments neither is
    read, so both copies (~0.5 ms a page each) go; every other pass runs trafilatura's own.
    """
    from trafilatura import core
    from trafilatura.htmlprocessing import convert_tags, tree_cleaning

    own = core._prepare_tree

    def prepare(tree: HtmlElement, options: Any, url: str | None) -> tuple[Any, Any]:
        if not (options.fast and options.focus == "precision" and not options.comments):
            return own(tree, options, url)
        cleaned = convert_tags(tree_cleaning(tree, options), options, url)
        return cleaned, cleaned

    return _patched(True, (core, "_prepare_tree", prepare))


# trafilatura's discard rules test @class / @id by substrings ('bar' in 'bard', 'slide' in
# 'listicle-slides', 'widget' in a page builder's every text block, 'embed', 'banner', a
# 'hidden' collapsed section): in the precise and recall passes a block they match is kept
# where it reads as prose, BODY_WORDS words with BODY_SENTENCES sentences, and its class or
# id does not name it boilerplate
# (_NAMED_BOILERPLATE). The full pass stays trafilatura's own.
SPARE_BODIES = True
BODY_WORDS = 60
BODY_SENTENCES = 3
_SENTENCE = re.compile(r"\w[.!?](?:\s|$)|[。！？]")


def _outer(elements: Any) -> list[Any]:
    """The elements no other one of them holds."""
    found = set(elements)
    return [el for el in found if not any(up in found for up in el.iterancestors())]


# ... but not where its class or id names what it is (or a matched block's around it): prose
# about the author, a byline, footnotes, related articles, comments, reviews, a banner asking
# for something, a footer's text
_NAMED_BOILERPLATE = re.compile(
    r"author|byline|contributor|\bbio|related|footnote|comment|cookie|consent|newsletter|"
    r"subscri|share|social|promo|popup|modal|disclaimer|sponsor|advert|footer|review|testimonial",
    re.IGNORECASE,
)


# code is no prose, with or without <pre> / <code> markup: its symbols tell it
_CODE_CHARS = re.compile(r"[{}=;<>]")
# a template's placeholder text
_PLACEHOLDER = re.compile(r"lorem ipsum", re.IGNORECASE)


def _prose_block(el: HtmlElement, words_needed: int, sentences_needed: int) -> bool:
    """Enough words in whole sentences, no code, varied words (not a placeholder repeated:
    'Loading paragraph...', 'Lorem ipsum'). Links are left to trafilatura's link-density
    pruning, which runs after."""
    text = el.text_content()
    if _words(text) < words_needed:
        return False
    tokens = _tokens(text)
    return (
        len(_SENTENCE.findall(text)) >= sentences_needed
        and len(_CODE_CHARS.findall(text)) <= 0.01 * len(text)
        and len(set(tokens)) >= 0.35 * len(tokens)
        and not _PLACEHOLDER.search(text)
    )


def _named_boilerplate(el: HtmlElement) -> bool:
    return bool(_NAMED_BOILERPLATE.search(f"{el.get('class', '')} {el.get('id', '')}"))


def _spared(matches: list[Any]) -> set[Any]:
    """The matched blocks that read as the article's prose, and their like: where one block
    of a kind (tag and class) is prose, the others of that kind with a sentence and few
    links are kept with it (a list of places, of products: each its own block)."""
    # (a block inside a named one goes with it: the named block is pruned whole)
    candidates = [el for el in matches if not _named_boilerplate(el)]
    spared = {el for el in candidates if _prose_block(el, BODY_WORDS, BODY_SENTENCES)}
    kinds = {(el.tag, el.get("class")) for el in spared if el.get("class")}
    for el in candidates:
        if el not in spared and (el.tag, el.get("class")) in kinds and _prose_block(el, 1, 1):
            spared.add(el)
    # a block shown on small screens and its copy for large ones: one copy is kept
    seen: set[str] = set()
    for el in matches:
        if el in spared:
            text = " ".join(el.text_content().split())
            if text in seen:
                spared.discard(el)
            seen.add(text)
    return spared


# trafilatura's PRECISION rules take a block whose style attribute holds 'border' for a boxed
# aside; in the precise pass a style that only holds the word draws no box ('box-sizing:
# border-box', a rich editor's reset on every span of a paragraph; 'border: none', 'border-width:
# 0'): a block matched for that alone is left to the other rules (a custom property naming a
# border, '--card-border-radius', still counts as one).
BORDERLESS = True
_BOX_NAMES = re.compile(r"(?:^|\s)bottom|bottom(?:\s|$)|(?:^|\s)link(?:\s|$)")
_NO_WIDTH = re.compile(r"(?:none|hidden|0(?:\.0+)?[a-z%]*)(?:\s|!|$)", re.IGNORECASE)


def _draws_border(style: str) -> bool:
    """A declaration of the style draws a border: a property naming one ('border-box' is a
    value, not a property), whose value is not none, hidden or a zero width."""
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if "border" in name.lower() and not _NO_WIDTH.match(value.strip()):
            return True
    return False


def _borderless(el: HtmlElement) -> bool:
    """Matched by the PRECISION rule only for a style that draws no border (its id and class
    name no 'bottom' or 'link' block, the rule's other tests)."""
    style = el.get("style", "")
    return (
        "border" in style
        and not _BOX_NAMES.search(el.get("id", ""))
        and not _BOX_NAMES.search(el.get("class", ""))
        and not _draws_border(style)
    )


# ... and every <header>, the page's and a section's: in the precise pass a <header> that holds
# a section's heading (h2-h6) and nothing else is the section's, kept.
SECTION_HEADERS = True


def _section_header(el: HtmlElement) -> bool:
    """A <header> that holds a section heading (h2-h6) and nothing else."""
    if el.tag != "header":
        return False
    heads = el.findall(".//head")
    if not heads or any(h.get("rend") == "h1" for h in heads):
        return False
    inside = "".join("".join(h.itertext()) for h in heads)
    return "".join(el.text_content().split()) == "".join(inside.split())


@contextlib.contextmanager
def _patched(on: bool, *patches: tuple[Any, str, Any]) -> Iterator[None]:
    """Each (module, name, replacement) of `patches` set while the block runs, where `on`;
    every name restored after, whatever happens in the block."""
    owns = [(module, name, getattr(module, name)) for module, name, _ in patches]
    if on:
        for module, name, new in patches:
            setattr(module, name, new)
    try:
        yield
    finally:
        for module, name, own in owns:
            setattr(module, name, own)


def _spare_bodies(spare: bool = True) -> contextlib.AbstractContextManager[None]:
    """trafilatura's class / id discard rules (its OVERALL and PRECISION lists) leave the
    blocks that read as the article's prose (`_spared`), where ``spare``.

    Where trafilatura would prune what its rules match (its guard refuses when that leaves
    under a seventh of the text: then nothing is pruned, as before), a matched block that
    reads as prose stays; the blocks matched inside it are judged on their own.
    """
    from trafilatura import main_extractor as me
    from trafilatura import xpaths
    from trafilatura.xml import delete_element

    own = me.prune_unwanted_nodes

    def prune(tree: HtmlElement, nodelist: list, with_backup: bool = False) -> HtmlElement:
        if nodelist is not xpaths.OVERALL_DISCARD_XPATH and (
            nodelist is not xpaths.PRECISION_DISCARD_XPATH
        ):
            return own(tree, nodelist, with_backup)
        matches = list(dict.fromkeys(el for rule in nodelist for el in rule(tree)))
        if BORDERLESS and nodelist is xpaths.PRECISION_DISCARD_XPATH:
            matches = [el for el in matches if not _borderless(el)]
        if SECTION_HEADERS and nodelist is xpaths.PRECISION_DISCARD_XPATH:
            matches = [el for el in matches if not _section_header(el)]
        if with_backup:
            old = len(tree.text_content())
            if old - sum(len(el.text_content()) for el in _outer(matches)) <= old / 7:
                return tree
        spared = _spared(matches)
        kept = [el for el in matches if el not in spared]
        for el in _outer(kept):
            delete_element(el)
        return tree

    return _patched(spare and SPARE_BODIES, (me, "prune_unwanted_nodes", prune))


# Where trafilatura's first body container holds next to nothing, it gathers the page's loose
# paragraphs (`recover_wild_text`), and only paragraphs (lists too in recall mode): the headings
# and lists between them are lost. In the precise and recall passes a heading or a list whose
# parent holds two paragraphs of BODY_PARAGRAPH words is gathered with them, as paragraphs.
RECOVER_HEADINGS_AND_LISTS = True
BODY_PARAGRAPH = 12


def _among_paragraphs(el: HtmlElement) -> bool:
    """Its parent holds two paragraphs of BODY_PARAGRAPH words: it is part of a body."""
    parent = el.getparent()
    if parent is None:
        return False
    long = [p for p in parent.iterchildren("p") if _words(p.text_content()) >= BODY_PARAGRAPH]
    return len(long) >= 2


def _gather_headings_and_lists(gather: bool = True) -> contextlib.AbstractContextManager[None]:
    """trafilatura's loose-paragraph gathering also reads the headings and lists of a body
    (`_among_paragraphs`), where ``gather``: they become paragraphs of the tree it reads."""
    from trafilatura import main_extractor as me

    own = me.recover_wild_text

    def recover(tree: HtmlElement, *args: Any, **kwargs: Any) -> Any:
        for el in list(tree.iter("head", "list")):
            if not _among_paragraphs(el):
                continue
            if el.tag == "head":
                el.tag = "p"
            else:
                for item in el.iter("item"):
                    item.tag = "p"
        return own(tree, *args, **kwargs)

    return _patched(gather and RECOVER_HEADINGS_AND_LISTS, (me, "recover_wild_text", recover))


# trafilatura reads a <div>'s own text (outside its paragraphs) only where the body's paragraphs
# are short: in a body of paragraphs, a box of prose written straight into a <div> (a note, an
# 'Updates:' box) is lost. In the precise and recall passes a div whose own text holds
# TEXT_DIV_WORDS words in TEXT_DIV_SENTENCES sentences, among paragraphs (its parent holds two
# of BODY_PARAGRAPH words), is read as a paragraph.
TEXT_DIVS = True
TEXT_DIV_WORDS = 20
TEXT_DIV_SENTENCES = 2
_INLINE = frozenset(("hi", "ref", "span", "lb"))  # after trafilatura's convert_tags


def _own_text(el: HtmlElement) -> str:
    """The element's own text: its text and its inline children's, not its blocks'."""
    parts = [el.text or ""]
    for child in el:
        if child.tag in _INLINE:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join(parts)


def _text_div(el: HtmlElement) -> bool:
    """A div of prose of its own among the body's paragraphs."""
    text = _own_text(el)
    if text.isspace() or not text:  # most divs: only the markup's indentation, no words to count
        return False
    return (
        _words(text) >= TEXT_DIV_WORDS
        and len(_SENTENCE.findall(text)) >= TEXT_DIV_SENTENCES
        and _among_paragraphs(el)
    )


def _text_divs(read: bool = True) -> contextlib.AbstractContextManager[None]:
    """trafilatura's handling of other elements reads a div of prose (`_text_div`, judged in
    the tree before extraction moves its paragraphs out) as a paragraph where it would drop
    it, where ``read``."""
    from trafilatura import main_extractor as me

    own_extract, own_handle = me._extract, me.handle_other_elements
    marked: set[Any] = set()

    def extract(tree: HtmlElement, options: Any) -> Any:
        marked.clear()
        marked.update(el for el in tree.iter("div") if _text_div(el))
        try:
            return own_extract(tree, options)
        finally:
            marked.clear()

    def handle(element: Any, potential_tags: set[str], options: Any) -> Any:
        if element in marked and "div" not in potential_tags:
            return own_handle(element, potential_tags | {"div"}, options)
        return own_handle(element, potential_tags, options)

    return _patched(
        read and TEXT_DIVS, (me, "_extract", extract), (me, "handle_other_elements", handle)
    )


# trafilatura's tree cleaning drops every <figure> (images) but one holding a table; a figure
# holding a <blockquote> is a quotation with its attribution (the markup HTML's own
# specification gives for one), not an image: in the precise and recall passes it is kept as
# the table's figure is.
QUOTED_FIGURES = True


def _quoted_figures(keep: bool = True) -> contextlib.AbstractContextManager[None]:
    """trafilatura's tree cleaning keeps the figures that hold a blockquote, where ``keep``
    (entered before `_precise_in_place`, which reads the cleaning function when entered)."""
    from trafilatura import core, htmlprocessing

    own = htmlprocessing.tree_cleaning

    def cleaning(tree: HtmlElement, options: Any) -> HtmlElement:
        for figure in tree.iter("figure"):
            if figure.find(".//blockquote") is not None:
                figure.tag = "div"
        return own(tree, options)

    return _patched(
        keep and QUOTED_FIGURES,
        (core, "tree_cleaning", cleaning),
        (htmlprocessing, "tree_cleaning", cleaning),
    )


# trafilatura's tree cleaning deletes the elements left empty (a <span> that held only an image,
# an icon's <i>); in precision mode it deletes their tails with them: a paragraph that opens with
# an image loses all its text. In the precise pass the tails stay, as in its other modes.
PRECISE_TAILS = True


def _precise_tails(keep: bool = True) -> contextlib.AbstractContextManager[None]:
    """trafilatura's pruning of empty elements keeps their tails in precision mode too, where
    ``keep``."""
    from trafilatura import htmlprocessing

    own = htmlprocessing.prune_html

    def prune(tree: HtmlElement, focus: str = "balanced") -> HtmlElement:
        return own(tree, "balanced" if focus == "precision" else focus)

    return _patched(keep and PRECISE_TAILS, (htmlprocessing, "prune_html", prune))


# In precision mode trafilatura deletes a heading that is mostly link text: a section heading
# that links its own anchor ('#choosing-an-instrument') or the resource it names goes with the
# teaser titles. In the precise pass a heading whose links all point into the page (a
# permalink), or directly followed by a paragraph of prose (SECTION_WORDS words and a
# sentence), heads a section: its links are read as text.
SECTION_HEADINGS = True
SECTION_WORDS = 12
# ... a paragraph of any length that is not mostly link text (a card's place line before its
# description, a step's one-line answer): of the linked headings the precise pass dropped on the
# WCXB tune half's articles, 87 of 88 with a paragraph as their next words were in the hand-made
# body, the 12-word test kept 14 of them.
ANY_PARAGRAPH = True


# ... and where the paragraph is the heading's next text in the page rather than its next element:
# past empty elements (an image's wrapper, a paragraph left empty by the markup's repair), out of
# a wrapper that holds only the heading (a section's <header>) and into the block that follows
# (the section's <main> or <div> of paragraphs), as far as the first text.
FOLLOWING_PARAGRAPHS = True
_WRAPPER_LEVELS = 3


def _has_tail(el: Any) -> bool:
    """Whether words follow `el` before its next sibling (its tail)."""
    return bool(el.tail and el.tail.strip())


def _first_text_block(el: HtmlElement) -> HtmlElement | None:
    """The element holding ``el``'s first words (its own text or a descendant's, not a tail),
    or None where a tail comes first or it holds none."""
    if el.text and el.text.strip():
        return el
    for child in el:
        if child.tag.__class__ is not str:  # a comment or processing instruction
            if _has_tail(child):
                return None
            continue
        found = _first_text_block(child)
        if found is not None:
            return found
        if child.text_content().strip() or _has_tail(child):
            return None  # text in a tail inside the child, or after it
    return None


def _following_paragraph(head: HtmlElement) -> HtmlElement | None:
    """The paragraph that holds the first words after the heading in the page, or None where
    they are in no paragraph."""
    el = head
    for _ in range(_WRAPPER_LEVELS + 1):
        if _has_tail(el):
            return None
        for after in el.itersiblings():
            if after.tag.__class__ is not str or not after.text_content().strip():
                if _has_tail(after):  # a comment, or an empty element, then words
                    return None
                continue
            block = _first_text_block(after)
            while block is not None and block.tag != "p" and block is not after:
                block = block.getparent()
            return block if block is not None and block.tag == "p" else None
        el = el.getparent()
        if el is None:
            return None
    return None


def _heads_section(head: HtmlElement, links: list[Any]) -> bool:
    """The heading's links are anchors in the page, or its next element is a paragraph of
    prose (with FOLLOWING_PARAGRAPHS: the paragraph holding the next words in the page; with
    ANY_PARAGRAPH: a paragraph under half of whose words are link text)."""
    if all((link.get("href") or "").startswith("#") for link in links):
        return True
    after = _following_paragraph(head) if FOLLOWING_PARAGRAPHS else head.getnext()
    if after is None or after.tag != "p":
        return False
    text = after.text_content()
    if ANY_PARAGRAPH:
        link_text = "".join("".join(r.itertext()) for r in after.iter("ref"))
        return len(link_text.split()) < 0.5 * len(text.split())
    return _words(text) >= SECTION_WORDS and bool(_SENTENCE.search(text))


def _section_headings(keep: bool = True) -> contextlib.AbstractContextManager[None]:
    """trafilatura's link-density pruning of headings leaves a section's heading
    (`_heads_section`): its links are stripped to their text first, where ``keep``."""
    from lxml.etree import strip_tags
    from trafilatura import main_extractor as me

    own = me.delete_by_link_density

    def delete(subtree: HtmlElement, tagname: str, *args: Any, **kwargs: Any) -> HtmlElement:
        if tagname == "head":
            for head in subtree.iter("head"):
                links = head.findall(".//ref")
                if links and _heads_section(head, links):
                    strip_tags(head, "ref")
        return own(subtree, tagname, *args, **kwargs)

    return _patched(keep and SECTION_HEADINGS, (me, "delete_by_link_density", delete))


# trafilatura's readability comparison reads the page's raw tree (after the pruning every pass
# but the precise one does alike): the recall pass, the full pass and the full pass's recall
# retry give it the same tree. Where a page may take the full pass its summary is read once,
# kept by the tree's serialization (~0.8 ms, a readability run ~4 ms).
SHARE_READABILITY = True


def _shared_readability(memo: dict[tuple[bytes, int], Any] | None) -> contextlib.AbstractContextManager[None]:
    """trafilatura's readability summaries kept in ``memo``, by the serialized tree and the
    minimum text length it is given (its whole input), where ``memo`` is given: a tree read
    again gets the same summary string (or the same error) without a second run."""
    from trafilatura import external

    own = getattr(external, "ReadabilityDocument", None)
    if memo is None or not SHARE_READABILITY or own is None:
        return contextlib.nullcontext()
    from lxml.etree import tostring

    class Remembered:
        def __init__(self, doc: HtmlElement, min_text_length: int = 25) -> None:
            self.doc, self.min_text_length = doc, min_text_length

        def summary(self) -> str:
            key = (tostring(self.doc), self.min_text_length)
            if key not in memo:
                try:
                    memo[key] = (own(self.doc, self.min_text_length).summary(), None)
                except Exception as exc:  # noqa: BLE001 - raised again below, as the first time
                    memo[key] = (None, exc)
            summary, error = memo[key]
            if error is not None:
                raise error
            return summary

    return _patched(True, (external, "ReadabilityDocument", Remembered))


# justext's classification turns the stop list it is given into a set through an lru_cache
# keyed by the list: trafilatura gives it a tuple of all languages' 154,000 words, hashed again
# on every call (~4.4 ms, a justext run 10-50 ms). A tuple given again (it cannot change) gets
# the set made for it.
REMEMBER_STOPLISTS = True
_STOPLISTS: dict[int, tuple[tuple[str, ...], Any]] = {}


def _remembered_stoplists(on: bool) -> contextlib.AbstractContextManager[None]:
    """justext's `define_stoplist` answers a tuple it was given already from `_STOPLISTS`
    (the very set it returned), where ``on``."""
    from justext import core as jc

    own = getattr(jc, "define_stoplist", None)
    if not on or not REMEMBER_STOPLISTS or own is None:
        return contextlib.nullcontext()

    def define(stoplist: Any) -> Any:
        known = _STOPLISTS.get(id(stoplist))
        if known is not None and known[0] is stoplist:
            return known[1]
        words = own(stoplist)
        if type(stoplist) is tuple:
            _STOPLISTS[id(stoplist)] = (stoplist, words)
        return words

    return _patched(True, (jc, "define_stoplist", define))


def _extract_text(
    tree: HtmlElement, url: str | None, fast: bool = True, in_place: bool = False,
    readability: dict[tuple[bytes, int], Any] | None = None, **options: object,
) -> str:
    """trafilatura's main extractor on a copy of the tree (it prunes what it is given).

    ``fast=True`` skips its readability/justext comparison: on the dev benchmark that costs
    about 6 ms a page and changes no page's score, so only the short-result path runs it.
    ``in_place`` (the precise fast pass only): no copy, the extractor prunes ``tree`` itself,
    which nothing may read afterwards. ``readability``: the page's summaries read already
    (`_shared_readability`).
    """
    from trafilatura import bare_extraction, core

    ours = bool(options)  # the precise and recall passes; the full pass is trafilatura's own
    own_copy = core.copy
    with (
        # bare_extraction copies a tree it is given (~0.65 ms a page, and ~0.2 ms to free)
        _patched(in_place and fast and options.get("favor_precision") is True,
                 (core, "copy", lambda x: x if x is tree else own_copy(x))),
        faster_rules(),
        _spare_bodies(ours),
        _gather_headings_and_lists(ours),
        _text_divs(ours),
        _quoted_figures(ours),
        _precise_tails(ours),
        _section_headings(ours),
        _precise_in_place(),
        _shared_readability(readability),
        _remembered_stoplists(not fast),  # justext runs only where trafilatura is not fast
    ):
        doc = bare_extraction(
            tree, url=url, fast=fast, include_comments=False, with_metadata=False, **options
        )
    return (doc.text or "") if doc is not None else ""


# trafilatura's JSON-LD step (2.x), as it stands, for the check below.
_TRAFILATURA_META_JSON = (
    "def extract_meta_json(tree: HtmlElement, metadata: Document) -> Document: "
    "\"\"\"Parse and extract metadata from JSON-LD data\"\"\" for elem in tree.xpath('.//script"
    "[@type=\"application/ld+json\" or @type=\"application/settings+json\"]'): if not "
    "elem.text: continue element_text = normalize_json(JSON_MINIFY.sub(r\"\\1\", elem.text)) "
    "try: # strict=False: trim() handles \\n\\r\\t, but strict JSON rejects the full 0x00-0x1F "
    "# range; rarer control chars (from encoding issues) would otherwise raise here schema = "
    "json.loads(element_text, strict=False) metadata = extract_json(schema, metadata) except "
    "json.JSONDecodeError: metadata = extract_json_parse_error(element_text, metadata) return "
    "metadata"
)
_TRAFILATURA_NORMALIZE_JSON = (
    "def normalize_json(string: str) -> str: \"Normalize unicode strings and trim the output\" "
    "if \"\\\\\" in string: string = string.replace(\"\\\\n\", \"\").replace(\"\\\\r\", \"\")"
    ".replace(\"\\\\t\", \"\") string = JSON_UNICODE_REPLACE.sub(lambda match: "
    "chr(int(match[1], 16)), string) string = \"\".join(c for c in string if ord(c) < 0xD800 "
    "or ord(c) > 0xDFFF) string = unescape(string) return trim(HTML_STRIP_TAGS.sub(\"\", string))"
)
_SURROGATES = re.compile("[\ud800-\udfff]")
_JSON_SCRIPTS = XPath(
    './/script[@type="application/ld+json" or @type="application/settings+json"]'
)


@functools.cache
def _meta_json_applies() -> bool:
    """Whether the installed trafilatura's JSON-LD step is the one _meta_json follows."""
    import inspect

    from trafilatura import json_metadata as tj
    from trafilatura import metadata as tm

    def collapsed(function: Any) -> str:
        return " ".join(inspect.getsource(function).split())

    try:
        return (
            collapsed(tm.extract_meta_json) == _TRAFILATURA_META_JSON
            and collapsed(tj.normalize_json) == _TRAFILATURA_NORMALIZE_JSON
            and tm.normalize_json is tj.normalize_json
        )
    except (OSError, TypeError):  # no source to read: trafilatura's own step
        return False


def _normalize_json(string: str) -> str:
    """trafilatura's normalize_json, its surrogates dropped by one regex instead of a Python
    loop over every character of the page's JSON-LD."""
    from html import unescape

    from trafilatura.json_metadata import JSON_UNICODE_REPLACE
    from trafilatura.utils import HTML_STRIP_TAGS, trim

    if "\\" in string:
        string = string.replace("\\n", "").replace("\\r", "").replace("\\t", "")
        string = JSON_UNICODE_REPLACE.sub(lambda match: chr(int(match[1], 16)), string)
        string = _SURROGATES.sub("", string)
        string = unescape(string)
    return trim(HTML_STRIP_TAGS.sub("", string))


def _meta_json(tree: HtmlElement, meta: Any) -> Any:
    """trafilatura's extract_meta_json, for less CPU and the same answer: its minifying keeps
    each JSON string by a group reference, which re.sub expands in Python for every string and
    every space (~190 calls a page); operator.itemgetter(1) answers in C (None: nothing, as for
    the group a space leaves unmatched)."""
    from trafilatura import metadata as tm

    if not _meta_json_applies():
        return tm.extract_meta_json(tree, meta)
    for elem in _JSON_SCRIPTS(tree):
        if not elem.text:
            continue
        element_text = _normalize_json(tm.JSON_MINIFY.sub(operator.itemgetter(1), elem.text))
        try:
            schema = json.loads(element_text, strict=False)
            meta = tm.extract_json(schema, meta)
        except json.JSONDecodeError:
            meta = tm.extract_json_parse_error(element_text, meta)
    return meta


def _metadata(tree: HtmlElement, url: str | None) -> dict[str, str | None]:
    """Title, author, date, site name and canonical URL: trafilatura's own metadata steps.

    ``extract_metadata`` also computes categories, tags, licence and description (about 3.5 ms
    a page) which nothing here stores; this runs only the steps for the five fields kept.
    """
    from htmldate import find_date
    from trafilatura import metadata as tm
    from trafilatura.settings import set_date_params

    meta = tm.examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    with contextlib.suppress(Exception):  # trafilatura's JSON-LD walker has its own bugs
        meta = _meta_json(tree, meta)
    meta.title = meta.title or tm.extract_title(tree)
    meta.author = meta.author or find_author(tree)
    meta.url = meta.url or tm.extract_url(tree, url)
    # extensive search as trafilatura's default: without it 3 of 93 test pages lose their date
    meta.date = find_date(tree, **{**set_date_params(True), "url": meta.url})
    meta.sitename = meta.sitename or tm.extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url:
        host = tm.META_URL.match(meta.url)
        meta.sitename = host[1] if host else None
    meta.clean_and_trim()
    return {
        "title": meta.title,
        "author": meta.author,
        "date": meta.date,
        "sitename": meta.sitename,
        "url": meta.url,
    }


def _tokens(text: str) -> list[str]:
    """Case-folded words, each CJK character on its own (CJK runs split differently by markup)."""
    folded = text.casefold()
    if folded.isascii() or not _CJK.search(folded):  # the same words, ~25 % faster
        return _WORD.findall(folded)
    return _TOKEN.findall(folded)


def _host(url: str | None) -> str:
    """The URL's host without 'www.' ('' for a relative address)."""
    if not url or "//" not in url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # a malformed address ('http://[bad') leads nowhere known
        return ""
    return host.removeprefix("www.")


def _same_site(host: str, own: str) -> bool:
    return not host or host == own or host.endswith("." + own) or own.endswith("." + host)


def _links(tree: HtmlElement, url: str | None = None) -> tuple[set[str], Counter, set[str]]:
    """Link texts of ≥ 3 words (a headline that is a whole link is a teaser), all link words,
    and the link texts of ≥ 3 words whose every link leads off the page's site (``url``'s host;
    none without it): a teaser leads to the site's own pages.

    Read before extraction, which prunes the tree it works on.
    """
    anchors: set[str] = set()
    own = _host(url)
    offsite: set[str] = set()
    onsite: set[str] = set()
    texts = []
    words: list[str] = []
    for a in tree.iter("a"):
        # a link with no child element: its text is its whole text content (lxml's
        # text_content is an XPath string() per call, ~1 µs)
        text = (a.text or "" if not len(a) else a.text_content()).casefold()
        texts.append(text)
        found = _WORD.findall(text)
        words += found
        if len(found) >= 3:
            key = " ".join(found)
            anchors.add(key)
            if own:
                (onsite if _same_site(_host(a.get("href")), own) else offsite).add(key)
    offsite -= onsite
    # one count over all link texts (a space between two never joins their words); without
    # CJK the words found above are those tokens already
    everything = " ".join(texts)
    if everything.isascii() or not _CJK.search(everything):
        return anchors, Counter(words), offsite
    return anchors, Counter(_TOKEN.findall(everything)), offsite


_TEXT_OUTSIDE_LINKS = XPath(
    "//body//text()[not(ancestor::a or ancestor::script or ancestor::style)]", smart_strings=False
)


_NOT_PROSE = frozenset(("a", "script", "style"))


class _NotPlain(Exception):
    """A tree the Python walk leaves to the XPath: a body inside a body."""


def _texts_outside_links(tree: HtmlElement) -> list[str]:
    """`_TEXT_OUTSIDE_LINKS`'s text nodes, in its order, read by a walk of the tree in Python.

    The XPath's three ancestor tests on every text node cost ~0.6 ms a page more than this
    walk. A tree that is not a whole document, with a body in a body, or nested too deep for
    Python's recursion, is left to the XPath (the same text nodes either way).
    """
    if tree.getparent() is not None:
        return _TEXT_OUTSIDE_LINKS(tree)
    out: list[str] = []
    append = out.append

    def walk(el: HtmlElement, inside: bool) -> None:
        for child in el:
            tag = child.tag
            if tag.__class__ is str and tag not in _NOT_PROSE:  # a comment's text is no text node
                if tag == "body":
                    if inside:
                        raise _NotPlain
                    if child.text:
                        append(child.text)
                    walk(child, True)
                else:
                    if inside and child.text:
                        append(child.text)
                    if len(child):
                        walk(child, inside)
            if inside and child.tail:
                append(child.tail)

    try:
        if tree.tag == "body":
            raise _NotPlain
        walk(tree, False)
    except (_NotPlain, RecursionError):
        return _TEXT_OUTSIDE_LINKS(tree)
    return out


def _prose(tree: HtmlElement) -> Counter:
    """The words the page has outside links: what an article is made of, unlike a menu."""
    return Counter(_tokens(" ".join(_texts_outside_links(tree))))


def _shared(words: Counter, other: Counter) -> int:
    """``sum((words & other).values())`` without building the intersection (counts are > 0):
    each word's smaller count, looked up, compared and added in C."""
    return sum(map(min, words.values(), map(other.get, words, itertools.repeat(0))))


def _held(text: str, other: str) -> float:
    """The share of the text's words the other text holds too (1 for an empty text)."""
    words = Counter(_tokens(text))
    n = sum(words.values())
    return _shared(words, Counter(_tokens(other))) / n if n else 1.0


def _prose_words(text: str, prose: Counter) -> int:
    """How many of the text's words the page has outside links."""
    return _shared(Counter(_tokens(text)), prose)


_ARTICLE_BODY_JSON = re.compile(r'"articleBody"\s*:\s*"((?:[^"\\]|\\.)*)"', re.DOTALL)
# `//*[@itemprop='articleBody' or @itemprop='text']` as the parents of the matching attributes:
# the same elements, without a predicate on every element (~0.4 ms a page)
_BODY_MARKUP = XPath(
    "//article | //@itemprop[.='articleBody' or .='text']/..", smart_strings=False
)
_OWN_TEXT = XPath(
    ".//text()[not(ancestor::a or ancestor::script or ancestor::style)]", smart_strings=False
)
_LD_JSON = XPath("//script[@type='application/ld+json']/text()", smart_strings=False)


def _own_texts(el: HtmlElement) -> list[str]:
    """`_OWN_TEXT(el)`'s text nodes, in its order, read by a walk of `el` in Python (as
    `_texts_outside_links` reads the page's): the XPath tests every text node's ancestors up to
    the root for a link, a script or a style (~0.1 ms a page on the benchmark's pages). A text
    node's ancestors above `el` are `el`'s own: one such, and none is read. Nested too deep for
    Python's recursion, it is left to the XPath (the same text nodes either way)."""
    if el.tag in _NOT_PROSE or any(up.tag in _NOT_PROSE for up in el.iterancestors()):
        return []
    out: list[str] = [el.text] if el.text else []
    append = out.append

    def walk(parent: HtmlElement) -> None:
        for child in parent:
            tag = child.tag
            if tag.__class__ is str and tag not in _NOT_PROSE:  # a comment's text is no text node
                if child.text:
                    append(child.text)
                if len(child):
                    walk(child)
            if child.tail:
                append(child.tail)

    try:
        walk(el)
    except RecursionError:
        return _OWN_TEXT(el)
    return out


def _markup_words(tree: HtmlElement) -> int:
    """How long the page's own markup says its article body is (0 where it says nothing).

    The longer of: a JSON-LD ``articleBody``; the ``itemprop="articleBody"`` / ``"text"`` and
    ``<article>`` elements together (their words outside links: a teaser card is mostly its
    link), each counted once: an element inside another is counted with it, a copy of one
    already counted is not, and blocks under MARKUP_BLOCK words (teaser cards, one-line
    comments) are left out. A thread marks each post as its own block: the posts together
    are its body, not the longest one. Read before extraction, which prunes the tree it works
    on.
    """
    longest = 0
    for script in _LD_JSON(tree):
        if "articleBody" in script:
            for m in _ARTICLE_BODY_JSON.finditer(script):
                longest = max(longest, _count_words(m.group(1)))
    blocks = _BODY_MARKUP(tree)
    marked = set(blocks)
    texts: dict[str, int] = {}
    for el in blocks:
        if any(up in marked for up in el.iterancestors()):
            continue
        text = " ".join(_own_texts(el))
        if text not in texts:
            texts[text] = _count_words(text)
    return max(longest, sum(n for n in texts.values() if n >= MARKUP_BLOCK))


def _is_menu(
    text: str, tree: HtmlElement, link_words: Counter, prose: Counter | None = None
) -> bool:
    """Most of the kept words occur on the page only as link text: a menu, not an article.

    Never when a long body is there: LONG_BODY words the page has outside links make an
    article (or a forum thread, a listing with descriptions) whatever the links around them.
    """
    words = Counter(_tokens(text))
    total = sum(words.values())
    if not total:
        return True
    # cheap bound first: a word that is no link's word anywhere on the page is prose
    # (the words minus the link words, counted here without walking all the link words as
    # `Counter.__sub__` does)
    if total - _shared(words, link_words) > total * (1 - MAX_LINK_SHARE):
        return False
    prose = _shared(words, _prose(tree) if prose is None else prose)
    return prose <= total * (1 - MAX_LINK_SHARE) and prose < LONG_BODY


def _link_key(line: str) -> str:
    """The line's words as `_links` keys a link text (its bullet left out)."""
    return " ".join(_WORD.findall(_norm(_BULLET.sub("", line)).casefold()))


def _is_link_teaser(line: str, anchors: set[str]) -> bool:
    text = _norm(_BULLET.sub("", line))
    if not anchors or _SENTENCE_END.search(text) or _words(text) > 25:
        return False
    return " ".join(_WORD.findall(text.casefold())) in anchors


def _next_nonblank(lines: list[str], i: int) -> int | None:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i if i < len(lines) else None


def _is_deck(line: str) -> bool:
    """A subheadline under the title: a phrase, not a sentence, of headline length."""
    text = _norm(line)
    return (
        6 <= _words(text) <= 30
        and not _SENTENCE_END.search(text)
        and not text.endswith((":", "：", ",", ";"))
        and not _BULLET.match(line)
    )


def _in_link_run(lines: list[str], i: int, anchors: set[str]) -> bool:
    """Teaser lists come in runs: a link-only headline next to another one."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and not lines[j].strip():
            j += step
        if 0 <= j < len(lines) and _is_link_teaser(lines[j], anchors):
            return True
    return False


# A run of headlines that are whole links ('related_links') is a teaser list; but between the
# article's first and last sentence paragraphs, a line whose links all lead off the page's
# site is an item of the body's own list (the pull requests a report lists, the sources an
# explainer cites), kept: teasers lead to the site's own stories.
BODY_LINK_LISTS = True


def _body_span(lines: list[str]) -> tuple[int, int]:
    """Indexes of the first and last sentence paragraphs ((n, -1) when there is none; a
    sentence is no link teaser)."""
    body = [k for k, line in enumerate(lines) if _is_sentence_paragraph(line.strip())]
    return (body[0], body[-1]) if body else (len(lines), -1)


def _filter_html_lines(
    lines: list[str], title: str | None, anchors: set[str] = frozenset(),
    elsewhere: set[str] = frozenset(),
) -> tuple[list[str], list[RemovedBlock]]:
    """Drop boilerplate lines trafilatura let through; a trailing related block goes whole."""
    kept: list[str] = []
    removed: list[RemovedBlock] = []
    n = len(lines)
    first, last = _body_span(lines) if elsewhere else (n, -1)
    i = 0
    while i < n:
        line = lines[i].strip()
        i += 1
        if not line:
            continue
        if not kept and not removed and _same(line, title):
            removed.append(RemovedBlock(line, "title"))
            deck = _next_nonblank(lines, i)
            if deck is not None and _is_deck(lines[deck]):
                why = classify_line(lines[deck], _HTML_SKIP) or "standfirst"
                removed.append(RemovedBlock(lines[deck].strip(), why))
                i = deck + 1
            continue
        start = block_reason(line)
        if start and not _is_heading_of_body(lines, i):
            block = [line]
            while i < n and not _ends_html_block(lines[i]):
                if lines[i].strip():
                    block.append(lines[i].strip())
                i += 1
            removed.extend(RemovedBlock(b, start) for b in block)
            continue
        reason = classify_line(line, _HTML_SKIP)
        if (
            reason is None
            and _is_link_teaser(line, anchors)
            and not (BODY_LINK_LISTS and first < i - 1 < last and _link_key(line) in elsewhere)
            and _in_link_run(lines, i - 1, anchors)
        ):
            reason = "related_links"
        if reason:
            removed.append(RemovedBlock(line, reason))
            continue
        kept.append(line)
    return _trim_teaser_runs(kept, removed)


def _trim_teaser_runs(
    kept: list[str], removed: list[RemovedBlock]
) -> tuple[list[str], list[RemovedBlock]]:
    """Headline lists before the first or after the last body paragraph are teasers."""
    body = [k for k, line in enumerate(kept) if _is_sentence_paragraph(line)]
    if not body:
        return kept, removed
    first, last = body[0], body[-1]
    head = kept[:first]
    if len(head) >= 3 and all(_title_like(x) for x in head):
        removed.extend(RemovedBlock(x, "teaser") for x in head)
        kept = kept[first:]
        last -= first
    tail = kept[last + 1 :]
    bullets = [x for x in tail if _BULLET.match(x)]
    if len(bullets) >= 2 and all(_title_like(x) for x in bullets):
        drop = [x for x in tail if _BULLET.match(x) or _title_like(x)]
        removed.extend(RemovedBlock(x, "related_links") for x in drop)
        kept = kept[: last + 1] + [x for x in tail if x not in drop]
    return kept, removed


def _is_sentence_paragraph(line: str) -> bool:
    text = _norm(line)
    return _words(text) >= 8 and bool(_SENTENCE_END.search(text))


def _is_heading_of_body(lines: list[str], i: int) -> bool:
    """A block-starter heading directly followed by a long paragraph is a body heading."""
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i < len(lines) and _is_body_paragraph(lines[i])


def _fuller(
    page: Callable[[], HtmlElement | None], url: str | None, text: str, prose: Counter,
    markup_words: int,
) -> str:
    """The precise extraction, or a fuller one where the precise one kept only part of the body.

    What the extractions say decides, not a fixed length. Where the precise text holds under
    RECALL_SHARE of the words the page has outside links and the page's markup does not
    confirm it, the recall-first pass is read and taken for FULL_GAIN times its words outside
    links; where the markup confirms it only barely (under WEAK_AGREEMENT of its words), for
    WEAK_GAIN times. Where the text is still short (beside the page's own article markup, or beside all
    the page's text outside links, or under MIN_TOKENS words; after a recall pass, only where
    even the fuller text holds under RECALL_FULL_SHARE of the page's words), trafilatura's
    whole cascade runs (readability and justext compared too) and is taken for FULL_GAIN
    times the words, CONFIRMED_CAP times where the markup agrees with the precise text (the
    full pass then mostly adds teasers and comments); after a recall pass it is also taken
    where it holds another part of the page than the recall text (under DISAGREE_HELD of its
    words) and at least DISAGREE_SHARE of its words outside links. Last comes trafilatura's baseline (all
    paragraph-like text) for a page where all found next to nothing.

    ``page()`` gives the page's tree as parsed (the precise pass pruned the first one in
    place): asked once, only where a further pass is read (~1 page in 9).
    """
    pristine = functools.cache(page)

    kept = _prose_words(text, prose)
    total = sum(prose.values())
    confirmed = markup_words > 0 and kept >= MARKUP_SHARE * markup_words
    short = (
        _words(text) < MIN_TOKENS
        or markup_words > 0 and not confirmed
        or kept < PAGE_SHARE * total
    )
    # where the page's markup agrees with the precise text, the recall pass is not read (it
    # would have to hold CONFIRMED_CAP times the words, as the full one: on the dev pages it
    # never does)
    took_recall = False
    summaries: dict[tuple[bytes, int], Any] = {}
    if kept < RECALL_SHARE * total and not confirmed:
        # the recall pass keeps its readability summary only where the full pass can follow:
        # the kept words only grow, so these hold after the recall pass only if they do now
        may_follow = short and kept < RECALL_FULL_SHARE * total and (
            not text or total > kept * FULL_GAIN
        )
        recall = _extract_text(
            pristine(), url, fast=False, readability=summaries if may_follow else None,
            favor_recall=True,
        )
        gained = _prose_words(recall, prose)
        if gained > kept * FULL_GAIN:
            text, kept, took_recall = recall, gained, True
        # the full pass is read only where even the fuller of the two is short beside the page
        short = short and kept < RECALL_FULL_SHARE * total
    elif confirmed and kept < WEAK_AGREEMENT * markup_words and kept < RECALL_SHARE * total:
        recall = _extract_text(pristine(), url, fast=False, favor_recall=True)
        gained = _prose_words(recall, prose)
        if gained > kept * WEAK_GAIN:
            text, kept = recall, gained
    needed = kept * (CONFIRMED_CAP if confirmed else FULL_GAIN)
    # The full text's words outside links are at most all the page has: where even that is
    # not enough, the full pass cannot be taken and is not run (same result, ~12 ms saved).
    if short and (not text or total > needed):
        full = _extract_text(pristine(), url, fast=False, readability=summaries)
        gained = _prose_words(full, prose)
        if (
            not text
            or gained > needed
            or took_recall
            and gained >= DISAGREE_SHARE * kept
            and _held(text, full) < DISAGREE_HELD
        ):
            text, kept = full, gained
    if _words(text) < MIN_TOKENS // 3:
        from trafilatura import baseline

        rescue = baseline(pristine())[1] or ""
        if _prose_words(rescue, prose) > kept:
            text = rescue
    return text


def clean_html(html: str, url: str | None = None) -> Cleaned:
    """Article paragraphs and metadata of an HTML page; raises NoArticle when there is none."""
    if not html or not html.strip():
        raise NoArticle("empty document")
    try:
        tree = _parse(html)
    except (ValueError, TypeError) as exc:
        raise NoArticle(f"HTML could not be parsed: {exc}") from exc
    if tree is None:
        raise NoArticle("not an HTML page: no markup to find an article in")
    try:
        anchors, link_words, offsite = _links(tree, url)
        markup_words = _markup_words(tree)
        prose = _prose(tree)
        meta = _metadata(tree, url)
        # the precise pass prunes the page's tree in place: a further pass parses it again
        text = _extract_text(tree, url, in_place=True, favor_precision=True)
        text = _fuller(functools.partial(_parse, html), url, text, prose, markup_words)
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup deep in lxml
        raise NoArticle(f"HTML could not be parsed: {exc}") from exc
    title = meta.get("title") or None
    paragraphs, removed = _filter_html_lines(text.splitlines(), title, anchors, offsite)
    if not paragraphs:
        raise NoArticle("no article text found in the HTML page")
    if _is_menu("\n".join(paragraphs), tree, link_words, prose):
        raise NoArticle("only navigation links on the page, no article text")
    return Cleaned(
        paragraphs=paragraphs,
        removed=removed,
        title=title,
        author=meta.get("author") or None,
        published_at=meta.get("date") or None,
        sitename=meta.get("sitename") or None,
        url=meta.get("url") or url,
        provenance={},
    )


# ---------------------------------------------------------------------------------------------
# Text snapshots


def _script(text: str) -> str:
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "cjk" if cjk * 2 >= latin else "latin"


# Removed lines whose translation on the next line goes with them (bilingual snapshots).
_TRANSLATED_REASONS = frozenset(
    {
        "caption_credit",
        "image_alt",
        "byline",
        "contact",
        "footer",
        "dateline",
        "newsletter",
        "cookie",
    }
)


def _snapshot_block(lines: list[str], i: int, reason: str, bulleted: bool) -> int:
    """Index after a teaser/related/navigation block whose heading is line i - 1.

    A bulleted block ends at its first unbulleted line; any other block ends at a body
    paragraph after a blank line, or at a line that is boilerplate of another kind.
    """
    nxt = _next_nonblank(lines, i)
    bulleted = bulleted or (nxt is not None and bool(_BULLET.match(lines[nxt])))
    blank = False
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            blank = True
            i += 1
            continue
        if bulleted and not _BULLET.match(line):
            return i
        if blank and _is_body_paragraph(line):
            return i
        other = classify_line(line)
        if other not in (None, reason, "separator", "teaser", "related_links", "navigation"):
            return i
        blank = False
        i += 1
    return i


def _provenance(text: str) -> dict[str, str]:
    """Where a snapshot says it comes from: saved-page URL, original URL, credited outlet."""
    out: dict[str, str] = {}
    for key, rule in bp.PROVENANCE_RES.items():
        m = rule.search(text)
        if m:
            value = next(g for g in m.groups() if g)
            out[key] = value.rstrip(".,;:)）]")
    for rule in bp.CREDIT_RES:
        m = rule.search(text)
        if m:
            out["credited_outlet"] = m.group("outlet")
            break
    return out


def _snapshot_title(paragraphs: list[str]) -> str | None:
    """The first short heading-like line near the top, if there is one."""
    for line in paragraphs[:3]:
        text = _norm(line)
        if _words(text) > 20:
            continue
        if not re.search(r"[.!。！,，;；:：]\s*$", text) or re.search(r"\b(?:[A-Z]\.){2,}$", text):
            return _tidy(line)
    return None


def clean_snapshot(text: str) -> Cleaned:
    """Body paragraphs of a saved text snapshot, with each removed line and why.

    Never raises: a snapshot with nothing left gives an empty paragraph list.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = text.split("\n")
    kept: list[str] = []
    removed: list[RemovedBlock] = []
    # (kind, index into kept/removed) of the previous non-blank line, None after a blank
    prev: tuple[str, int] | None = None
    caption_next = False
    # the removed line at prev is itself the translation of the removed line before it
    paired = False
    i, n = 0, len(lines)
    while i < n:
        raw = lines[i]
        line = _tidy(raw)
        i += 1
        if not line:
            prev = None
            continue
        if bp.CAPTION_LABEL_RE.fullmatch(_norm(line)):
            removed.append(RemovedBlock(line, "caption_label"))
            caption_next, prev = True, ("removed", len(removed) - 1)
            continue
        if caption_next:
            caption_next = False
            if _words(line) <= bp.MAX_BOILERPLATE_WORDS and classify_line(line) is None:
                removed.append(RemovedBlock(line, "caption"))
                prev = ("removed", len(removed) - 1)
                continue
        start = block_reason(line)
        if start and not _is_heading_of_body(lines, i):
            end = _snapshot_block(lines, i, start, bulleted=bool(_BULLET.match(raw)))
            removed.append(RemovedBlock(line, start))
            removed.extend(RemovedBlock(_tidy(x), start) for x in lines[i:end] if x.strip())
            i, prev = end, None
            continue
        reason = classify_line(line)
        if reason is None and i < n and _words(line) <= 20:
            follower = _tidy(lines[i])
            if follower and classify_line(follower) == "caption_credit":
                reason = "image_alt"
        if reason is None and prev and prev[0] == "removed" and not paired:
            before = removed[prev[1]]
            if before.reason in _TRANSLATED_REASONS and _script(before.text) != _script(line):
                reason = before.reason
        if reason:
            # a removed line in another script than the removed line just above it is that
            # line's translation: the pair is whole, the next line is no translation of it
            paired = bool(prev and prev[0] == "removed") and _script(removed[prev[1]].text) != _script(line)
            removed.append(RemovedBlock(line, reason))
            prev = ("removed", len(removed) - 1)
            continue
        kept.append(line)
        prev = ("kept", len(kept) - 1)
    return Cleaned(
        paragraphs=kept,
        removed=removed,
        title=_snapshot_title(kept),
        provenance=_provenance(text),
    )


def clean_document(
    raw: bytes, kind: str, url: str | None = None, declared_charset: str | None = None
) -> Cleaned:
    """Decode bytes and clean them as HTML or as a text snapshot."""
    text = decode(raw, kind, declared_charset)
    if kind == "html":
        return clean_html(text, url)
    cleaned = clean_snapshot(text)
    if not cleaned.paragraphs:
        raise NoArticle("no article text left after removing boilerplate")
    if url and not cleaned.url:
        cleaned.url = url
    return cleaned

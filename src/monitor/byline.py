"""A page's author, as trafilatura's `extract_author` finds it, without copying the page.

trafilatura looks for the author in three XPath passes over a copy of the whole page from which
it has first deleted comment sections, sidebars, dates, figures and the like. On the throughput
benchmark's pages that costs ~4.7 ms a page whose meta tags name no author (a third of them):
the copy (~0.6 ms) and five XPaths whose `re:test` calls each go back into Python for every
element with an id or a class attribute. Every condition in those XPaths is a test of an
element's own name and attributes, so one pass over the page in Python finds the same elements
(~1 ms), and only a candidate holding a deleted part needs the deletion done, on a copy of that
candidate alone.

The answer is trafilatura's: the expressions below are its own (`trafilatura.xpaths`), checked
against it when first used; if trafilatura's differ (another version), or the page holds what
this pass does not model (a `<rel>` element, which its first XPath reads as a child's text),
trafilatura's own function answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import deepcopy
from functools import lru_cache
from typing import Any

# The XPaths this module stands in for, whitespace collapsed, as trafilatura 2.3 has them.
EXPECTED_AUTHOR_XPATHS = (
    ("//*[self::a or self::address or self::div or self::link or self::p or self::span or "
    "self::strong][ @rel='author' or @id='author' or @class='author' or @itemprop='author name' "
    "or rel='me' or @data-testid='AuthorCard' or @data-testid='AuthorURL' or re:test(@class, "
    "'author-?name|AuthorName|authorName')]|//author"),
    ("//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span][ "
    "@class='byline' or @class='username' or @class='byl' or @class='BBL' or "
    "contains(@itemprop, 'author') or re:test(@id, 'author|zuozhe|bianji|xiaobian') or "
    "re:test(@class, 'author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|"
    "journalist-name')]"),
    ("//*[ contains(@data-component, 'Byline') or contains(@itemprop, 'author') or "
    "re:test(@id, '[Aa]uthor') or re:test(@class, '[Aa]uthor|screenname|writer|[Bb]yline')]"),
)
EXPECTED_DISCARD_XPATHS = (
    (".//*[self::a or self::div or self::section or self::span][ @id='comments' or "
    "@class='comments' or @class='title' or @class='date' or re:test(@id, "
    "'^comments|comment-?list|ProductReviews') or re:test(@class, '^[Cc]omments|commentlist|"
    "comments-list|sidebar|is-hidden|quote|embedly-instagram|article-(?:share|support)|print|"
    "category|meta-date|meta-reviewer') or contains(@data-component, 'Figure')]"),
    "//time|//figure",
)

_TAGS_1 = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_TAGS_2 = frozenset({"a", "div", "h3", "h4", "p", "span"})
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD_ALWAYS = frozenset({"time", "figure"})
# The re:test patterns of the XPaths above. lxml's EXSLT re:test is re.search on the attribute's
# value, or on "" when the element has no such attribute; none of these matches "", so an
# absent attribute is simply no match.
_CLASS_1 = re.compile("author-?name|AuthorName|authorName")
_ID_2 = re.compile("author|zuozhe|bianji|xiaobian")
_CLASS_2 = re.compile(
    "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
_ID_3 = re.compile("[Aa]uthor")
_CLASS_3 = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
_DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
LEN_LIMIT = 120  # extract_author's limit on the length of a candidate's text


# What a class or id attribute's value says, in this order: the element is deleted by the first
# discard XPath (if it is one of the elements that XPath names), selected by the first, the
# second, the third author XPath.
def _class_flags(value: str) -> tuple[bool, bool, bool, bool]:
    return (
        value in ("comments", "title", "date") or bool(_DISCARD_CLASS.search(value)),
        value == "author" or bool(_CLASS_1.search(value)),
        value in ("byline", "username", "byl", "BBL") or bool(_CLASS_2.search(value)),
        bool(_CLASS_3.search(value)),
    )


def _id_flags(value: str) -> tuple[bool, bool, bool, bool]:
    return (
        value == "comments" or bool(_DISCARD_ID.search(value)),
        value == "author",
        bool(_ID_2.search(value)),
        bool(_ID_3.search(value)),
    )


def _tested(seen: dict, value: str, flags_of: Callable[[str], tuple]) -> tuple[bool, ...]:
    """`flags_of(value)`, kept in `seen` for the next element with that value."""
    flags = seen[value] = flags_of(value)
    return flags


def _collapsed(path: str) -> str:
    return " ".join(path.split())


@lru_cache(maxsize=1)
def fast_path_applies() -> bool:
    """Whether the installed trafilatura searches with the XPaths this module mirrors."""
    from trafilatura import xpaths

    return (
        tuple(_collapsed(x.path) for x in xpaths.AUTHOR_XPATHS) == EXPECTED_AUTHOR_XPATHS
        and tuple(_collapsed(x.path) for x in xpaths.AUTHOR_DISCARD_XPATHS)
        == EXPECTED_DISCARD_XPATHS
    )


def find_author(tree: Any) -> str | None:
    """The author trafilatura's `extract_author(tree)` finds (tree: an lxml.html element)."""
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.metadata import extract_author

    if not fast_path_applies():
        return extract_author(tree)
    found = _scan(tree)
    if found is None:  # something this pass does not model: trafilatura's own search
        return extract_author(tree)
    passes, discarded = found
    gone = set(discarded)
    for candidates in passes:
        for elem in candidates:
            if elem in gone or any(a in gone for a in elem.iterancestors()):
                continue  # deleted with a discarded part of the page
            content = " ".join(_text_after_deletions(elem, discarded, gone).split())
            if content and 2 < len(content) < LEN_LIMIT:
                return normalize_authors(None, content)
    return None


def _scan(tree: Any) -> tuple[tuple[list, list, list], list] | None:
    """The elements each of the three XPaths selects, in document order, and the elements the
    discard XPaths delete (the first's, then the second's, each in document order; never the
    top element, which trafilatura's deletion leaves in place). None: fall back."""
    first: list = []
    second: list = []
    third: list = []
    discard_first: list = []
    discard_second: list = []
    # A page repeats its class and id values: each is tested once.
    no_flags = (False, False, False, False)  # no such attribute
    by_class: dict[str | None, tuple[bool, ...]] = {None: no_flags}
    by_id: dict[str | None, tuple[bool, ...]] = {None: no_flags}
    for elem in tree.iter():
        tag = elem.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions: no XPath here selects them
        if tag == "rel":
            return None  # `rel='me'` compares a child's text: left to trafilatura
        get = elem.get
        cls, ident = get("class"), get("id")
        c_discard, c_first, c_second, c_third = (
            by_class.get(cls) or _tested(by_class, cls, _class_flags))
        i_discard, i_first, i_second, i_third = by_id.get(ident) or _tested(by_id, ident, _id_flags)
        itemprop = get("itemprop")
        by_itemprop = itemprop is not None and "author" in itemprop
        component = get("data-component")
        if elem is not tree:
            if tag in _DISCARD_ALWAYS:
                discard_second.append(elem)
            elif tag in _DISCARD_TAGS and (
                c_discard or i_discard or (component is not None and "Figure" in component)
            ):
                discard_first.append(elem)
        if tag == "author" or (
            tag in _TAGS_1
            and (
                c_first
                or i_first
                or itemprop == "author name"
                or get("rel") == "author"
                or get("data-testid") in ("AuthorCard", "AuthorURL")
            )
        ):
            first.append(elem)
        if tag in _TAGS_2 and (c_second or i_second or by_itemprop):
            second.append(elem)
        if c_third or i_third or by_itemprop or (component is not None and "Byline" in component):
            third.append(elem)
    return (first, second, third), discard_first + discard_second


def _text_after_deletions(elem: Any, discarded: list, gone: set) -> str:
    """" ".join(elem.itertext()) as it reads once the discarded elements inside it are deleted
    the way trafilatura deletes them (each element's tail text kept, joined to what precedes)."""
    below = {d for d in elem.iterdescendants() if d in gone}
    if not below:
        return " ".join(elem.itertext())
    from trafilatura.xml import delete_element

    copy = deepcopy(elem)
    twin = dict(zip(elem.iter(), copy.iter(), strict=True))
    for d in discarded:  # in trafilatura's order
        if d in below:
            delete_element(twin[d])
    return " ".join(copy.itertext())


"""A page's author: the same answer as trafilatura's own search, found without copying the page."""

from __future__ import annotations

import gzip
from html import escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_extraction_gate import bench  # the extraction benchmark's loader: where its pages are
from trafilatura.metadata import extract_author

from monitor import byline
from monitor.clean import _parse, clean_document
from monitor.encoding import decode

HTML = Path(__file__).parent / "fixtures" / "html"


def tree_of(markup: str):
    return _parse(f"<html><head><title>t</title></head><body>{markup}</body></html>")


def test_the_installed_trafilatura_searches_with_the_xpaths_mirrored_here():
    # If this fails, trafilatura's author XPaths changed: find_author falls back to trafilatura's
    # own (slower) search until byline.py is brought up to date.
    assert byline.fast_path_applies()


def test_author_of_the_fixture_article():
    story = clean_document((HTML / "article_en.html").read_bytes(), "html")
    assert story.author == "Elena Marsh"


@pytest.mark.parametrize(
    ("markup", "author"),
    [
        # the first pass: a link marked rel=author
        ('<p>By <a rel="author" href="/jane">Jane Doe</a></p><p>Body text.</p>', "Jane Doe"),
        # a date inside the byline is deleted first; its tail text stays, joined to what precedes
        # it without a space (so "Jane" and "Doe" run together, as in trafilatura's answer)
        ('<div class="byline">By Jane<time>3 May</time>Doe, Reuters</div>', "JaneDoe; Reuters"),
        # an author box inside the comments section is not the article's author
        (
            ('<div id="comments"><span class="author">Troll Account</span></div>'
            '<p class="byline">Maria Rossi</p>'),
            "Maria Rossi",
        ),
        # a figure caption's photographer is deleted with the figure
        (
            ('<figure><span class="author">Photo Agency</span></figure>'
            '<span class="writer">Li Wei</span>'),
            "Li Wei",
        ),
        # nothing that reads as an author
        ("<p>Just a paragraph of text.</p>", None),
    ],
)
def test_author_as_trafilatura_finds_it(markup, author):
    tree = tree_of(markup)
    assert byline.find_author(tree) == extract_author(tree) == author


def test_a_page_with_a_rel_element_is_left_to_trafilatura():
    tree = tree_of('<span><rel>me</rel>Jane Doe</span><div class="author">Max Muster</div>')
    assert byline._scan(tree) is None
    assert byline.find_author(tree) == extract_author(tree)


def test_the_page_is_left_as_it_was():
    tree = tree_of('<div class="byline">By <time>today</time> Jane Doe</div>')
    before = len(list(tree.iter()))
    byline.find_author(tree)
    assert len(list(tree.iter())) == before
    assert tree.find(".//time") is not None


def _real_pages() -> list[bytes]:
    pages = [p.read_bytes() for p in sorted(HTML.glob("*.html"))]
    pages += [gzip.decompress(p.read_bytes())
              for p in sorted((bench.extraction_dir() / "html").glob("*.html.gz"))]
    return pages


def test_same_author_as_trafilatura_on_every_real_page():
    pages = _real_pages()
    found = 0
    for raw in pages:
        tree = _parse(decode(raw, "html", None))
        expected = extract_author(tree)
        assert byline.find_author(tree) == expected
        found += expected is not None
    assert found >= 1
    if len(pages) > 50:  # the extraction benchmark's pages are beside the repository
        assert found >= 40


# Random pages built from the names, classes and ids the author XPaths look at.
TAGS = ["a", "address", "div", "link", "p", "span", "strong", "h3", "h4", "section", "time",
        "figure", "author", "em", "li"]
ATTRS = st.fixed_dictionaries(
    {},
    optional={
        "class": st.sampled_from(["author", "byline", "comments", "Comments-box", "sidebar",
                                  "title", "date", "author-name", "post-author", "Byline x",
                                  "writer", "meta-date", "comments-list", "print-only", "x",
                                  "username", "BBL", "screenname"]),
        "id": st.sampled_from(["author", "comments", "comment-list", "main", "Author1",
                               "zuozhe", "ProductReviews"]),
        "itemprop": st.sampled_from(["author", "author name", "name"]),
        "rel": st.sampled_from(["author", "me"]),
        "data-testid": st.sampled_from(["AuthorCard", "AuthorURL", "x"]),
        "data-component": st.sampled_from(["Byline", "Figure", "x"]),
    },
)
WORDS = st.sampled_from(["", "By", "Jane Doe", "Max Mustermann", "and", "x", "Li Wei",
                         "https://example.com", "@handle", " ", "Reuters"])


def _element(children):
    return st.tuples(st.sampled_from(TAGS), ATTRS, WORDS, children, WORDS)


ELEMENTS = st.recursive(
    _element(st.just([])), lambda inner: _element(st.lists(inner, max_size=4)), max_leaves=25
)


def _markup(node) -> str:
    tag, attrs, text, children, tail = node
    attributes = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
    inner = escape(text) + "".join(_markup(c) for c in children)
    return f"<{tag}{attributes}>{inner}</{tag}>{escape(tail)}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ELEMENTS, min_size=1, max_size=4))
def test_same_author_as_trafilatura_on_generated_pages(nodes):
    tree = tree_of("".join(_markup(n) for n in nodes))
    assert byline.find_author(tree) == extract_author(tree)

"""The JSON-LD metadata step: the cleaner's _meta_json answers as trafilatura's extract_meta_json."""

from __future__ import annotations

from pathlib import Path

import pytest
from trafilatura import metadata as tm

from monitor import clean
from monitor.encoding import decode

HTML = Path(__file__).parent / "fixtures" / "html"

PAGES = [
    """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "NewsArticle",
     "headline": "Port  strike \\u00e9tend \\ud83d\\ude00 <b>ends</b>\\n",
     "author": {"@type": "Person", "name": "Jane \\"JD\\" Doe"},
     "publisher": {"@type": "Organization", "name": "The Daily &amp; Co"},
     "datePublished": "2024-05-03T10:45:00Z", "articleSection": "World"}
    </script></head><body><p>Text</p></body></html>""",
    """<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline":
    "broken \\ud800 surrogate", "author": [{"name": "A B"}, {"name": "C D"}] </script>
    <script type="application/settings+json">{"publisher": {"name": "Site"}}</script>
    <script type="application/ld+json"></script></head><body></body></html>""",
    """<html><head><script type="application/ld+json">[{"@type": "WebPage", "name": "x"},
    {"@type": "Person", "name": "http://example.com/me"}]</script></head></html>""",
]


def _fields(doc):
    # body and commentsbody: a fresh empty element in each Document, never metadata
    return {n: getattr(doc, n, None) for n in doc.__slots__ if n not in ("body", "commentsbody")}


def _both(tree):
    ours = _fields(clean._meta_json(tree, tm.examine_meta(tree)))
    theirs = _fields(tm.extract_meta_json(tree, tm.examine_meta(tree)))
    return ours, theirs


@pytest.mark.parametrize("page", PAGES)
def test_same_metadata_as_trafilatura(page):
    assert clean._meta_json_applies()
    ours, theirs = _both(clean._parse(page))
    assert ours == theirs


@pytest.mark.parametrize("name", ["article_en.html", "article_gbk.html"])
def test_same_metadata_on_the_fixture_pages(name):
    tree = clean._parse(decode((HTML / name).read_bytes(), "html"))
    ours, theirs = _both(tree)
    assert ours == theirs


def test_normalize_json_drops_surrogates_as_trafilatura_does():
    from trafilatura.json_metadata import normalize_json

    for text in ['a\\ud83d\\ude00b', 'x\\ud800y \\n <i>z</i>', "plain  text", '\\"q\\"']:
        assert clean._normalize_json(text) == normalize_json(text)

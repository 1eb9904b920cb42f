"""trafilatura's pruning rules compiled to Python select exactly what lxml's XPath selects.

The cleaning stage runs trafilatura with its rules compiled (monitor.xpath_rules): a rule
that selected one element more or less would change what is pruned from every page, quietly.
Each rule is compared with its own XPath on generated pages built from the words the rules
look for (ids and classes in either order, empty and missing attributes, hidden styles,
headings inside containers, nested lists), on the fixture pages, and, where
../shared/bench is present, on real pages of both extraction benchmarks.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest
from lxml import etree
from lxml.html import fromstring

from monitor import clean
from monitor import xpath_rules as xr

FIXTURES = Path(__file__).parent / "fixtures" / "html"
REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}

TAGS = ["div", "section", "span", "p", "article", "main", "aside", "details", "ol", "ul", "li",
        "header", "h1", "cite", "quote", "list", "item", "a", "nav"]
WORDS = ["comment", "Comments", "commentary", "comments-title", "comment-list", "comol",
         "disqus_thread", "share-", "share", "ad-", "x ad-y", " ad ", "bottom", "x bottom",
         "link", "hidden", "nav", "Navigation", "teaser", "Teaser", "caption", "main-content",
         "Main-Content", "page-Content", "mvp-post-add-box", "infinite-scroll", "respond",
         "social", "articleBody", "article-body", "reply-x", "post", "entry", "content",
         "story-body", "fulltext", "FullText", "main", "cookie", "akismet", "post-comments",
         "elementor-share-buttons", "plain", "body-text", ""]
ATTRS = ["id", "class", "style", "role", "aria-hidden", "data-component", "itemprop",
         "data-lp-replacement-content"]
VALUES = {"style": ["display:none", "display: none", "border:1px", "color:red", ""],
          "role": ["navigation", "Navigation", "main", "article", ""],
          "aria-hidden": ["true", "false"],
          "data-component": ["MostPopularStories", "Other"],
          "itemprop": ["articleBody", "text"]}


def _page(rng: random.Random, elements: int = 160) -> str:
    out, depth = [], []
    for _ in range(elements):
        if depth and rng.random() < 0.35:
            out.append(f"</{depth.pop()}>")
            continue
        tag = rng.choice(TAGS)
        attrs = rng.sample(ATTRS, rng.randint(0, 3))  # any order: class before id, too
        parts = []
        for name in attrs:
            if name in ("id", "class"):
                value = " ".join(rng.sample(WORDS, rng.randint(1, 2))).strip()
            else:
                value = rng.choice(VALUES.get(name, [""]))
            parts.append(f'{name}="{value}"')
        out.append(f"<{tag} {' '.join(parts)}>text {rng.randint(0, 99)} ")
        depth.append(tag)
    out.extend(f"</{tag}>" for tag in reversed(depth))
    return f"<html><body>{''.join(out)}</body></html>"


def _rules() -> list:
    from trafilatura import xpaths

    singles = [own for _module, _name, own, _fast in xr._compiled_singles()]
    return [rule for name in xr.RULE_LISTS for rule in getattr(xpaths, name)] + singles


def _same(compiled: object, xpath: object, tree: object) -> bool:
    a, b = compiled(tree), xpath(tree)
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


def test_every_rule_trafilatura_runs_most_is_compiled():
    """The point of the module: the costly rules run in Python (only positions past the first and
    the like are left to lxml)."""
    compiled = [xr.compile_rule(rule) for rule in _rules()]
    share = sum(isinstance(c, xr.CompiledRule) for c in compiled) / len(compiled)
    assert share >= 0.8
    for name in ("OVERALL_DISCARD_XPATH", "REMOVE_COMMENTS_AND_LISTS_XPATH",
                 "RAW_TREE_PRUNE_XPATH", "PRECISION_DISCARD_XPATH"):
        from trafilatura import xpaths

        assert all(isinstance(xr.compile_rule(r), xr.CompiledRule) for r in getattr(xpaths, name))


def test_compiled_rules_select_what_xpath_selects_on_generated_pages():
    rng = random.Random(7)
    pairs = [(xr.compile_rule(rule), rule) for rule in _rules()]
    pairs = [(c, r) for c, r in pairs if isinstance(c, xr.CompiledRule)]
    matched = 0
    for _ in range(150):
        tree = fromstring(_page(rng))
        for compiled, rule in pairs:
            assert _same(compiled, rule, tree), rule.path
            matched += len(rule(tree))
        # the same on a subtree, as trafilatura prunes parts of pages too
        body = tree.find("body")
        for compiled, rule in pairs:
            assert _same(compiled, rule, body), rule.path
    assert matched > 1000  # the generated pages do exercise the rules


@pytest.mark.parametrize(
    ("path", "markup", "expected"),
    [
        # a union of attributes reads the first in the markup's order
        ("re:test(@id|@class, '^a')", '<div class="a" id="b"></div><div id="b" class="a"></div>', 1),
        ("starts-with(@id|@class, 'b')", '<div class="a" id="b"></div><div id="b" class="a"></div>', 1),
        # an attribute present but empty is there (and its string is "")
        ("@data-x", '<div data-x=""></div><div></div>', 1),
        ("not(@class)", '<div class=""></div><div></div>', 1),
        ("@class='post'", '<div class="post"></div><div class="posts"></div>', 1),
        ("@class!='post'", '<div class="post"></div><div class="posts"></div><div></div>', 1),
        ("contains(translate(@role, 'N', 'n'), 'nav')", '<div role="Nav"></div><div role="NAV"></div>', 1),
        # translate drops the characters it has no replacement for
        ("contains(translate(@class, 'ABX', 'ab'), 'ab')", '<div class="AXB"></div><div class="AB"></div><div class="Ab"></div>', 3),
        ("re:test(@class, 'fulltext', 'i')", '<div class="FullText"></div><div class="full"></div>', 1),
        ("not(.//h1)", "<div><p><h1>x</h1></p></div><div><p>y</p></div>", 3),
        ("@id or @class and contains(@style, 'x')", '<div id="a"></div><div class="b" style="x"></div><div class="c"></div>', 2),
    ],
)
def test_compiled_predicates_follow_xpath(path, markup, expected):
    rule = etree.XPath(f".//*[self::div or self::p][{path}]", namespaces=REGEXP_NS)
    compiled = xr.compile_rule(rule)
    assert isinstance(compiled, xr.CompiledRule)
    tree = fromstring(f"<html><body>{markup}</body></html>")
    assert len(rule(tree)) == expected
    assert _same(compiled, rule, tree)


def test_first_match_among_siblings_and_first_in_document():
    markup = ("<div><section class='a'>1</section><section class='a'>2</section></div>"
              "<div><section class='b'>3</section><section class='a'>4<section class='a'>5"
              "</section></section></div>")
    tree = fromstring(f"<html><body>{markup}</body></html>")
    for path in (".//*[self::section][@class='a'][1]", "(.//*[self::section][@class='a'])[1]",
                 "(.//section)[1]"):
        rule = etree.XPath(path)
        compiled = xr.compile_rule(rule)
        assert isinstance(compiled, xr.CompiledRule), path
        assert _same(compiled, rule, tree), path
    assert [e.text for e in xr.compile_rule(etree.XPath(".//section[@class='a'][1]"))(tree)] == [
        "1", "4", "5"]


def test_unions_of_paths_select_each_element_once_in_document_order():
    markup = ("<aside class='x'><p class='footer'>1</p><footer>2<div id='footer'>3</div></footer>"
              "</aside><div class='cookie-banner'><aside>4</aside></div><p>5</p>")
    tree = fromstring(f"<html><body>{markup}</body></html>")
    for path in (".//aside|.//footer", ".//footer|.//aside",
                 ".//div[contains(@class|@id, 'footer')]|.//*[re:test(@class, 'cookie|footer')]",
                 ".//*[@class]|.//aside|.//p", "(.//footer|.//p)[1]"):
        rule = etree.XPath(path, namespaces=REGEXP_NS)
        compiled = xr.compile_rule(rule)
        assert isinstance(compiled, xr.CompiledRule), path
        assert rule(tree), path
        assert _same(compiled, rule, tree), path


def test_baseline_cleaning_runs_compiled_inside_the_block_only():
    """trafilatura's baseline cleaning rule (a union of paths, held alone by its module) is
    compiled and swapped in by faster_rules, and put back after."""
    import importlib

    baseline = importlib.import_module("trafilatura.baseline")
    own = baseline.BASIC_CLEAN_XPATH
    assert [name for _m, name, _o, _f in xr._compiled_singles()] == ["BASIC_CLEAN_XPATH"]
    with pytest.raises(RuntimeError), xr.faster_rules():
        assert isinstance(baseline.BASIC_CLEAN_XPATH, xr.CompiledRule)
        raise RuntimeError("an extraction that fails")
    assert baseline.BASIC_CLEAN_XPATH is own


def test_expressions_outside_the_compiled_part_stay_with_lxml():
    for path in ("(.//cite|.//quote)[2]", ".//cite|(.//quote)[1]", ".//*[@class][2]",
                 ".//*[count(*) > 2]", "//div"):
        rule = etree.XPath(path)
        assert xr.compile_rule(rule) is rule


def test_faster_rules_puts_trafilatura_s_own_rules_back():
    from trafilatura import xpaths

    before = list(xpaths.OVERALL_DISCARD_XPATH)
    with pytest.raises(RuntimeError), xr.faster_rules():
        assert isinstance(xpaths.OVERALL_DISCARD_XPATH[0], xr.CompiledRule)
        raise RuntimeError("an extraction that fails")
    assert all(a is b for a, b in zip(xpaths.OVERALL_DISCARD_XPATH, before, strict=True))


def _checked_cleaning(pages: list[bytes]) -> int:
    """Clean the pages with each compiled rule also run as XPath; the count of rule calls."""
    calls, mismatches = [0], []

    class Both:
        def __init__(self, compiled):
            self.compiled, self.path = compiled, compiled.path

        def __call__(self, node, **kw):
            a, b = self.compiled(node, **kw), self.compiled.xpath(node, **kw)
            calls[0] += 1
            if len(a) != len(b) or any(x is not y for x, y in zip(a, b, strict=True)):
                mismatches.append(self.path)
            return b

    swapped = xr._compiled()
    saved = [list(fast) for _live, _own, fast in swapped]
    own_singles = xr._compiled_singles
    singles = own_singles()
    try:
        for _live, _own, fast in swapped:
            fast[:] = [Both(f) if isinstance(f, xr.CompiledRule) else f for f in fast]
        checked = tuple((m, name, own, Both(fast)) for m, name, own, fast in singles)
        xr._compiled_singles = lambda: checked
        for page in pages:
            try:
                clean.clean_document(page, "html")
            except clean.NoArticle:
                pass
    finally:
        for (_live, _own, fast), old in zip(swapped, saved, strict=True):
            fast[:] = old
        xr._compiled_singles = own_singles
    assert not mismatches, mismatches[:3]
    return calls[0]


def test_cleaning_real_pages_runs_rules_that_agree_with_xpath():
    pages = [p.read_bytes() for p in sorted(FIXTURES.glob("*.html"))]
    assert _checked_cleaning(pages) >= 10 * len(pages)


def _bench_dir() -> Path:
    """The bench root as every benchmark reads it (MONITOR_BENCH_DIR, else ../shared/bench)."""
    import os

    default = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
    return Path(os.environ.get("MONITOR_BENCH_DIR", default))


def test_cleaning_benchmark_pages_runs_rules_that_agree_with_xpath():
    bench = _bench_dir()
    if not (bench / "extraction-dev2" / "html").is_dir():
        pytest.skip(f"extraction benches not found under {bench} (set MONITOR_BENCH_DIR)")
    files = sorted((bench / "extraction-dev" / "html").glob("*.html.gz"))[::6]
    files += sorted((bench / "extraction-dev2" / "html").glob("*.html*"))[::50]
    pages = [gzip.decompress(f.read_bytes()) if f.suffix == ".gz" else f.read_bytes()
             for f in files]
    assert len(pages) >= 30
    assert _checked_cleaning(pages) >= 10 * len(pages)

"""HTML pages: the article body and its metadata out, navigation and promotion blocks left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.clean import NoArticle, clean_document, clean_html
from monitor.encoding import DecodeError

HTML = Path(__file__).parent / "fixtures" / "html"


# Cleaned afresh for each test (~0.1 s): a module-scoped result is computed inside the first
# test only, so mutmut, which reruns only the tests it saw call the code, would never run the
# metadata and removal checks below against a mutant.
@pytest.fixture
def port_story():
    return clean_document((HTML / "article_en.html").read_bytes(), "html")


def test_body_paragraphs_headings_and_list_items_kept(port_story):
    text = "\n".join(port_story.paragraphs)
    assert port_story.paragraphs[0].startswith(
        "Dock workers at the country's largest container port"
    )
    assert "Backlog will take weeks to clear" in port_story.paragraphs
    assert "More than 200 ships delayed at anchor" in text
    assert port_story.paragraphs[-1].startswith("The transport minister welcomed the deal")


def test_navigation_promotion_and_footer_left_out(port_story):
    text = "\n".join(port_story.paragraphs)
    for junk in (
        "cookies",
        "Home",
        "Share",
        "newsletter",
        "Related stories",
        "Shipping rates fall as demand cools",
        "All rights reserved",
        "Photo: Sam Lee",
    ):
        assert junk not in text


def test_metadata_from_the_page(port_story):
    assert port_story.title == "Port strike ends after workers accept pay deal"
    assert port_story.author == "Elena Marsh"
    assert port_story.published_at.startswith("2025-03-14")
    assert port_story.sitename == "Harbour Gazette"
    assert port_story.url == "https://www.harbourgazette.example/business/port-strike-ends"


def test_headline_repeated_in_body_is_recorded_as_removed(port_story):
    assert "Port strike ends after workers accept pay deal" not in port_story.paragraphs
    assert ("title", port_story.title) in {(r.reason, r.text) for r in port_story.removed}


def test_gbk_page_decoded_from_its_meta_charset():
    raw = (HTML / "article_gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    c = clean_document(raw, "html", url="https://finance.example.cn/a/1")
    assert c.title == "新能源汽车出口前十个月增长三成"
    assert c.paragraphs[0].startswith("海关总署数据显示")
    assert len(c.paragraphs) == 4
    assert "相关阅读" not in "\n".join(c.paragraphs)
    assert c.sitename == "财经频道"


def test_leaked_boilerplate_lines_are_removed_with_reasons():
    body = "".join(
        f"<p>Paragraph {i} of the report says the committee met on Monday and agreed that "
        f"the budget for the coming year should rise by {i} percent, officials said.</p>"
        for i in range(1, 7)
    )
    html = (
        "<html><head><title>Budget rises</title></head><body><article>"
        + body
        + "<p>Advertisement</p>"
        + "<p>Sign up for our newsletter and get the day's top stories in your inbox.</p>"
        + "<p>Follow us on Twitter</p>"
        + "</article></body></html>"
    )
    c = clean_html(html)
    reasons = {r.reason for r in c.removed}
    assert len(c.paragraphs) == 6
    assert {"advertisement", "newsletter"} <= reasons
    assert all("Advertisement" not in p for p in c.paragraphs)


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<html><body><nav><a href='/'>Home</a></nav></body></html>"],
    ids=["empty", "blank", "nav-only"],  # plain ids: mutmut reruns tests by id
)
def test_page_without_article_raises_noarticle(html: str):
    with pytest.raises(NoArticle) as err:
        clean_html(html)
    assert str(err.value)


_NAV = (
    "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/business'>Business</a>"
    " <a href='/sport'>Sport</a></nav>"
)


@pytest.mark.parametrize(
    "html",
    [
        (
            "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> "
            "<a href='/about'>About</a></nav></body></html>"
        ),
        "<html><head><title>News</title></head><body>"
        + _NAV
        + "<main><ul>"
        + "".join(
            f"<li><a href='/a/{i}'>Council approves new budget for city parks, part {i}</a></li>"
            for i in range(12)
        )
        + "</ul></main><footer><a href='/privacy'>Privacy policy</a></footer></body></html>",
        (
            "<html><head><title>新闻</title></head><body><nav><a href='/'>首页</a> "
            "<a href='/gn'>国内新闻</a> <a href='/gj'>国际新闻</a></nav></body></html>"
        ),
    ],
    ids=["menu", "headline-index", "chinese-menu"],
)
def test_page_of_only_links_is_no_article(html: str):
    """A menu or a list of headline links is not an article: rejected, not ingested."""
    with pytest.raises(NoArticle, match="navigation|no article"):
        clean_html(html)


def test_short_article_with_links_is_kept_without_the_menu():
    """A short story with inline links is ingested, and the site menu does not join it."""
    html = (
        "<html><head><title>Storm</title></head><body>"
        + _NAV
        + "<article><p>A storm closed the <a href='/h'>harbour</a> on Tuesday, the "
        "<a href='/pa'>port authority</a> said. Ferries will resume on Wednesday.</p>"
        "</article></body></html>"
    )
    c = clean_html(html)
    assert c.paragraphs == [
        (
            "A storm closed the harbour on Tuesday, the port authority said. "
            "Ferries will resume on Wednesday."
        )
    ]


def test_binary_input_is_rejected_with_a_reason():
    with pytest.raises(DecodeError, match="binary"):
        clean_document(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "html")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=3000))
def test_arbitrary_text_as_html_gives_article_or_noarticle(text: str):
    """Whatever the markup, the cleaner answers with paragraphs or a NoArticle reason."""
    try:
        cleaned = clean_html(f"<html><body><div>{text}</div></body></html>")
    except NoArticle as err:
        assert str(err)
    else:
        assert cleaned.paragraphs and all(p.strip() for p in cleaned.paragraphs)


def _report_paragraph(i: int, part: str) -> str:
    return (
        f"<p>{part} {i}: the harbour authority said on Tuesday that the new crane schedule "
        f"would cut waiting times for container ships by about {i} hours, and that dock workers "
        "had agreed to extra weekend shifts until the backlog clears.</p>"
    )


def test_intro_only_precise_extraction_falls_back_to_the_whole_article():
    """A page builder's layout: the intro in one block, the long body in a sibling block after
    an empty carousel. The precise extraction keeps the 80-word intro (above any fixed
    fallback length); the page has 800 words of text, so the full extraction is taken."""
    intro = "".join(_report_paragraph(i, "Intro") for i in range(2))
    body = "".join(_report_paragraph(i, "Body") for i in range(2, 20))
    html = (
        "<html><head><title>Port cuts waiting times</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<div class='container'><div class='article-body-copy'>" + intro + "</div></div>"
        "<div class='image-carousel'><div class='carousel-mask'><div>No items found.</div>"
        "</div></div>"
        "<div class='container'><section class='article-body-copy'>" + body + "</section></div>"
        "<footer><a href='/privacy'>Privacy</a></footer></body></html>"
    )
    c = clean_html(html)
    bodies = [p for p in c.paragraphs if p.startswith("Body ")]
    assert len(bodies) == 18 and bodies[-1].startswith("Body 19:")
    assert not any("Privacy" in p or "No items found" in p for p in c.paragraphs)


def test_link_heavy_page_with_a_long_body_is_kept():
    """A wiki-style page whose sentences are mostly links is still an article: with a long
    body there, the navigation-share test never drops it."""
    para = (
        "<p>In {year} <a href='/w/port'>the port of Harbourtown and its container terminal"
        "</a> took over <a href='/w/ctr'>the container traffic of the northern coastal region"
        "</a> from <a href='/w/river'>the old inland river harbour at the mouth of the valley"
        "</a>, said <a href='/w/auth'>the annual report of the regional harbour authority</a>."
        "</p>"
    )
    body = "".join(para.replace("{year}", str(1990 + i)) for i in range(20))
    html = (
        "<html><head><title>Port of Harbourtown</title></head><body>"
        + _NAV
        + "<main><h1>Port of Harbourtown</h1>" + body + "</main></body></html>"
    )
    c = clean_html(html)
    assert len(c.paragraphs) == 20
    assert all("took over the container traffic" in p for p in c.paragraphs)


def _board_paragraphs(first: int, last: int) -> str:
    return "".join(
        f"<p>Paragraph {i} of the report says the harbour board met on Monday and agreed that "
        f"the crane budget for the coming year should rise by {i} percent, officials said.</p>"
        for i in range(first, last + 1)
    )


def _board(i: int) -> str:
    return (
        f"Paragraph {i} of the report says the harbour board met on Monday and agreed that the "
        f"crane budget for the coming year should rise by {i} percent, officials said."
    )


def test_teaser_headlines_around_the_body_and_a_related_block_go_with_their_reason():
    """Headline lists before the first body paragraph are teasers; a "Related stories" heading
    takes the headlines under it until a sentence resumes the body; a bulleted headline list
    after the last body paragraph is related links. Every body paragraph stays, in order."""
    html = (
        "<html><head><title>Harbour board raises crane budget</title></head><body><article>"
        "<p>Shipping Rates Fall As Demand Cools Worldwide</p>"
        "<p>Northern Ports Brace For Winter Storm Season</p>"
        "<p>Union Leaders Meet Ministers Over Pension Plans</p>"
        + _board_paragraphs(1, 3)
        + "<p>Related stories</p><p>Crane Drivers Vote On New Contract Terms</p>"
        "<p>Ferry Operator Cancels Routes Through Winter</p>"
        "<p>The board will publish the full budget, with every line item, at its next meeting "
        "in April.</p>"
        + _board_paragraphs(4, 6)
        + "<p>• Dock Strike Ends After Three Weeks Of Talks</p>"
        "<p>• Container Volumes Hit Record High In March</p>"
        "</article></body></html>"
    )
    c = clean_html(html)
    resumed = (
        "The board will publish the full budget, with every line item, at its next meeting in April."
    )
    assert c.paragraphs == [_board(1), _board(2), _board(3), resumed, _board(4), _board(5), _board(6)]
    assert [(r.reason, r.text) for r in c.removed] == [
        ("related_links", "Related stories"),
        ("related_links", "Crane Drivers Vote On New Contract Terms"),
        ("related_links", "Ferry Operator Cancels Routes Through Winter"),
        ("teaser", "Shipping Rates Fall As Demand Cools Worldwide"),
        ("teaser", "Northern Ports Brace For Winter Storm Season"),
        ("teaser", "Union Leaders Meet Ministers Over Pension Plans"),
        ("related_links", "• Dock Strike Ends After Three Weeks Of Talks"),
        ("related_links", "• Container Volumes Hit Record High In March"),
    ]


def test_headline_and_the_subheadline_under_it_are_removed_as_title_and_standfirst():
    html = (
        "<html><head><title>Harbour board raises crane budget | Harbour Gazette</title></head>"
        "<body><article><h1>Harbour board raises crane budget</h1>"
        "<p>The money will pay for two new cranes and a night shift at the container terminal</p>"
        + _board_paragraphs(1, 6)
        + "</article></body></html>"
    )
    c = clean_html(html)
    assert c.title == "Harbour board raises crane budget"
    assert c.paragraphs == [_board(i) for i in range(1, 7)]
    assert [(r.reason, r.text) for r in c.removed] == [
        ("title", "Harbour board raises crane budget"),
        (
            "standfirst",
            "The money will pay for two new cranes and a night shift at the container terminal",
        ),
    ]


# The page's words outside links decide fallbacks and menus; they are read by a Python walk
# where trafilatura-style XPath would be slower. Both must find the same text on any page.
@pytest.mark.parametrize(
    "html",
    [
        (HTML / "article_en.html").read_text("utf-8"),
        (
            "<html><head><title>T</title><a href='/'>head link</a></head><body>one <a>link"
            " <b>bold</b></a> two<script>var x = 1;</script> three<div>four<style>p{}</style>"
            " five<p><a><span>deep</span> link</a> six</p></div> seven</body></html>"
        ),
        "<html><body>outer<body>inner</body> after</body></html>",
        "<p>fragment <a>link</a> text</p>",
        "<html><body>" + "<div>" * 250 + "deep text" + "</div>" * 250 + "</body></html>",
    ],
)
def test_text_outside_links_is_the_same_whichever_way_it_is_read(html: str):
    from lxml.html import fromstring

    from monitor import clean

    tree = fromstring(html, parser=clean._html_parser())
    assert clean._texts_outside_links(tree) == clean._TEXT_OUTSIDE_LINKS(tree)
    assert clean._texts_outside_links(tree)  # every case has text outside its links


def test_precise_pass_without_its_copies_extracts_what_trafilatura_does():
    """trafilatura's precise pass with its copies skipped gives its own text and leaves the
    page's tree as it was (the fuller pass and the baseline read it afterwards)."""
    from lxml.html import tostring
    from trafilatura import bare_extraction

    from monitor import clean

    tree = clean._parse((HTML / "article_en.html").read_text("utf-8"))
    before = tostring(tree)
    ours = clean._extract_text(tree, None, favor_precision=True)
    assert tostring(tree) == before
    theirs = bare_extraction(
        tree, fast=True, favor_precision=True, include_comments=False, with_metadata=False
    ).text
    assert ours == theirs and "Dock workers" in ours

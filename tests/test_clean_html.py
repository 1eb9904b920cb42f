"""HTML pages: the article body and its metadata out, navigation and promotion blocks left behind."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.clean import NoArticle, clean_document, clean_html
from monitor.encoding import DecodeError

HTML = Path(__file__).parent / "fixtures" / "html"


@pytest.fixture(autouse=True)
def cold_caches():
    """Each test folds, counts and classifies its lines afresh: the cleaner caches them per
    line, and a cache filled by an earlier test would answer for the code under test."""
    from monitor import clean

    for cached in (clean._fold_cached, clean._count_cached, clean._rules, clean._gates,
                   clean._rules_among):
        cached.cache_clear()


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


def test_the_precise_pass_prunes_the_pages_tree_in_place_without_copying_it(monkeypatch):
    """clean_html's precise pass is the extractor's own on the page's tree itself, not on a
    copy (~0.85 ms a page to copy and free): the same text, and no copy of the page made."""
    from trafilatura import core

    from monitor import clean

    page = (HTML / "article_en.html").read_text("utf-8")
    copied = clean._extract_text(clean._parse(page), None, favor_precision=True)
    own, copies = core.copy, []
    monkeypatch.setattr(core, "copy", lambda x: copies.append(x) or own(x))
    tree = clean._parse(page)
    assert clean._extract_text(tree, None, in_place=True, favor_precision=True) == copied
    assert not any(c is tree for c in copies)
    # in place only where asked: the recall pass, asked too, still works on its own copy
    other = clean._parse(page)
    clean._extract_text(other, None, fast=False, in_place=True, favor_recall=True)
    assert any(c is other for c in copies)


_STORY = (
    "<body><article><p>Dock workers ended their strike on Friday after accepting a pay deal, "
    "the union said.</p></article></body></html>"
)
_XHTML = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'


# Pages that need trafilatura's markup repairs before libxml2 reads them, and input that is
# no HTML page. The cleaner parses them itself (faster); the tree must be the one
# trafilatura's own loader makes, or refused where it refuses.
@pytest.mark.parametrize(
    "html",
    [
        _XHTML + "<html><head><title>Strike ends</title></head>" + _STORY,
        _XHTML + "\n<html><head><title>Strike ends</title></head>" + _STORY,
        "<!doctype html>\n<html lang='en' />\n<head><title>Strike ends</title></head>" + _STORY,
        "\n\n\n<html lang='en'/>\n<head><title>Strike ends</title></head>" + _STORY,
        "\n\n\n\n<html lang='en' />\n<head><title>Strike ends</title></head>" + _STORY,
        "<html><body><p>Dock\x0bworkers\x0c ended\x1f their strike\ufffe on Friday\uffff.</p></body></html>",
        "<html><body><p>Dock workers\ufffe ended their strike.</p></body></html>",
        "<html><body><p>Dock workers\uffff ended their strike.</p></body></html>",
        "<html><body><p>Dock workers\x01 ended their strike.</p></body></html>",
        "Dock workers ended their strike on Friday after accepting a pay deal.",
        "<p>Dock workers ended their strike.</p>",
        "<div><p>Dock workers</p></div><div><p>ended their strike.</p></div>",
        "x" * 46 + "<html><body><p>Dock workers ended their strike.</p></body></html>",
        "x" * 45 + "<html><body><p>Dock workers ended their strike.</p></body></html>",
        "<html><!-- ad slot --><body><?php echo 1; ?><p>Dock workers ended their strike.</p></body></html>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>Dock workers ended their strike.</p></body></html>',
        '<?xml version="1.0" encoding="utf-8"?>\n<html><head><title>Strike ends</title></head>' + _STORY,
        "<!-- nothing here -->",
    ],
    ids=[
        "xhtml-doctype-same-line", "xhtml-doctype-own-line", "self-closed-html",
        "self-closed-html-line-4", "self-closed-html-line-5", "control-characters", "ufffe",
        "uffff", "c0-control", "plain-text", "fragment", "two-divs", "html-at-50", "html-at-49",
        "comment-and-processing-instruction", "xml-declaration-one-paragraph", "xml-declaration",
        "comment-only",
    ],
)
def test_page_is_parsed_as_trafilatura_loads_it(html: str):
    from lxml.html import tostring
    from trafilatura.utils import load_html

    from monitor import clean

    ours, theirs = clean._parse(html), load_html(html)
    assert (ours is None) == (theirs is None)
    if theirs is not None:
        assert tostring(ours, encoding="unicode") == tostring(theirs, encoding="unicode")


def test_page_with_an_xhtml_doctype_and_control_characters_gives_its_article():
    """An XHTML page written on one line (its doctype before <html>), with control characters
    in its text: the article and title come out, without the control characters."""
    html = (
        _XHTML + "<html><head><title>Strike ends</title></head><body><article>"
        + "".join(
            f"<p>Dock workers\x0b ended their strike on day {i} after accepting a pay deal\x1f, "
            "the union said, and the port will reopen on Monday morning.</p>"
            for i in range(1, 7)
        )
        + "</article></body></html>"
    )
    c = clean_html(html)
    assert c.title == "Strike ends"
    assert len(c.paragraphs) == 6
    assert c.paragraphs[0] == (
        "Dock workers ended their strike on day 1 after accepting a pay deal, the union said, "
        "and the port will reopen on Monday morning."
    )


def test_a_one_paragraph_xhtml_page_with_an_xml_declaration_gives_its_paragraph():
    """Found by the test above: such a page was refused as "not an HTML page" (the string
    parse that followed the bytes' lone <p> refuses an encoding declaration); trafilatura
    reads its paragraph."""
    c = clean_html(
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>Dock workers ended their strike '
        "on Friday after accepting a pay deal.</p></body></html>"
    )
    assert c.paragraphs == ["Dock workers ended their strike on Friday after accepting a pay deal."]


def test_text_that_is_no_html_page_is_refused():
    with pytest.raises(NoArticle, match="not an HTML page"):
        clean_html("Dock workers ended their strike on Friday after accepting a pay deal.")



# The line filter after trafilatura: which extracted lines stay, which go and why.
def _filtered(lines, title=None, anchors=frozenset()):
    from monitor import clean

    kept, removed = clean._filter_html_lines(lines, title, set(anchors))
    return kept, [(r.reason, r.text) for r in removed]


_PORT_TITLE = "Port strike ends after workers accept pay deal | Harbour Gazette"
# a 27-word headline: a line of 25 words that differs in its last word is still the headline,
# a line of 26 words is not compared word by word (a paragraph, not a headline)
_LONG_HEADLINE_TEXT = (
    "Port strike ends after dock workers accept pay deal that raises wages by ten percent and "
    "brings two new cranes and night shifts to the container terminal"
)
_LONG_HEADLINE = _LONG_HEADLINE_TEXT.split()


@pytest.mark.parametrize(
    ("line", "title", "is_title"),
    [
        ("Port strike ends", _PORT_TITLE, True),  # three words of the title, in its order
        ("Port strike ends as workers accept pay deal", _PORT_TITLE, True),  # a word differs
        ("Port strike ends after workers vote on deal", _PORT_TITLE, True),  # 6 of 8, 6 of 10
        ("Port strike ends after workers accept pay rise in spring", _PORT_TITLE, True),  # 7 of 10
        ("Port strike ends after workers vote on new deal", _PORT_TITLE, False),  # 6 of 9
        ("Port strike ends after workers vote", _PORT_TITLE, False),  # 5 of 6, 5 of 10
        ("Port strike ends today", _PORT_TITLE, False),  # 3 of 4, but 3 of the title's 10
        ("Port strike ends after deal.", _PORT_TITLE, False),  # a sentence, not a headline
        ("Harbour report", _PORT_TITLE, False),
        ("Harbour report", None, False),
        (
            "Harbour board raises crane budget for two new cranes and a night shift",
            "Harbour board raises crane budget",
            False,
        ),
        (" ".join(_LONG_HEADLINE[:24] + ["tonight"]), " ".join(_LONG_HEADLINE) + " | Harbour Gazette", True),
        (" ".join(_LONG_HEADLINE[:25] + ["tonight"]), " ".join(_LONG_HEADLINE) + " | Harbour Gazette", False),
    ],
    ids=[
        "three-words-in-title", "one-word-differs", "6-of-8-and-6-of-10", "7-of-10",
        "6-of-9", "5-of-10", "3-of-10", "sentence", "other-two-words", "no-title",
        "title-inside-a-longer-line", "25-words", "26-words",
    ],
)
def test_first_line_is_the_headline_only_when_it_repeats_the_page_title(line, title, is_title):
    """The first extracted line goes as "title" when it is the page's <title> (whole, or
    within its " | Site" suffix, or sharing 70 % of its words and 60 % of the title's)."""
    kept, removed = _filtered([line, _board(1)], title)
    assert kept == ([_board(1)] if is_title else [line, _board(1)])
    assert removed == ([("title", line)] if is_title else [])


_LONG_DECK = (
    "Two new cranes and a night shift for the container terminal, with more staff for the "
    "weekend shifts and a new schedule for all ships at anchor in the bay"
)


@pytest.mark.parametrize(
    ("deck", "why"),
    [
        ("Two new cranes and night shift", "standfirst"),  # 6 words
        ("Two new cranes for night", None),  # 5 words: too short for a standfirst
        (_LONG_DECK, "standfirst"),  # 30 words
        (_LONG_DECK + " today", None),  # 31 words
        ("Two new cranes and a night shift:", None),  # introduces what follows
        ("Two new cranes and a night shift：", None),
        ("Two new cranes and a night shift,", None),
        ("Two new cranes and a night shift;", None),
        ("Two new cranes and a night shift.", None),  # a sentence
        ("• Two new cranes and a night shift", None),  # a list item
        ("Contact the author at sam.lee@example.com for comment on this story", "standfirst"),
    ],
    ids=[
        "6-words", "5-words", "30-words", "31-words", "colon", "full-width-colon", "comma",
        "semicolon", "full-stop", "bullet", "contact-line",
    ],
)
def test_a_standfirst_is_a_phrase_of_headline_length_right_under_the_headline(deck, why):
    title = "Harbour board raises crane budget"
    kept, removed = _filtered([title, deck, _board(1)], title)
    assert removed == [("title", title)] + ([(why, deck)] if why else [])
    assert kept == ([_board(1)] if why else [deck, _board(1)])


def _related(after: str) -> tuple[list[str], list]:
    return _filtered(
        [_board(1), "Related stories", "Crane Drivers Vote On New Contract", after, _board(2)]
    )


@pytest.mark.parametrize(
    ("line", "ends_block"),
    [
        (" ".join(["crane"] * 25), True),  # 25 words: body text again
        (" ".join(["crane"] * 24), False),
        ("The board met again on Monday morning.", False),  # 7 words
        ("The board met again on Monday morning today.", True),  # 8 words and a full stop
        ("The Board Met Again On Monday Morning Today Too", False),  # 9 words, no full stop
        ("Sign up for our newsletter and get the day's top stories in your inbox.", False),
    ],
    ids=["25-words", "24-words", "7-word-sentence", "8-word-sentence", "9-word-headline", "newsletter"],
)
def test_a_related_block_runs_until_a_sentence_resumes_the_body(line, ends_block):
    """Under "Related stories" the headlines go with the heading; a long line or a sentence of
    8 words or more is the body again, kept with everything after it. Boilerplate inside the
    block goes with the block."""
    kept, removed = _related(line)
    block = [("related_links", "Related stories"), ("related_links", "Crane Drivers Vote On New Contract")]
    if ends_block:
        assert kept == [_board(1), line, _board(2)] and removed == block
    else:
        assert kept == [_board(1), _board(2)] and removed == block + [("related_links", line)]


def test_blank_lines_inside_the_extracted_text_end_nothing():
    """Blank lines between extracted lines neither end a related block nor the article."""
    lines = [
        _board(1), "", "Related stories", "", "Crane Drivers Vote On New Contract", "",
        "Ferry Operator Cancels Winter Routes", "", _board(2), "", "Advertisement", "", _board(3),
    ]
    kept, removed = _filtered(lines)
    assert kept == [_board(1), _board(2), _board(3)]
    assert removed == [
        ("related_links", "Related stories"),
        ("related_links", "Crane Drivers Vote On New Contract"),
        ("related_links", "Ferry Operator Cancels Winter Routes"),
        ("advertisement", "Advertisement"),
    ]


def test_a_related_block_at_the_end_of_the_page_takes_every_line_to_the_end():
    kept, removed = _filtered([_board(1), "See also", "Crane Drivers Vote On New Contract"])
    assert kept == [_board(1)]
    assert removed == [
        ("related_links", "See also"), ("related_links", "Crane Drivers Vote On New Contract"),
    ]


_TEASERS = ["Crane Drivers Vote On New Contract", "Ferry Operator Cancels Winter Routes"]
_ANCHORS = {" ".join(t.casefold().split()) for t in _TEASERS}


@pytest.mark.parametrize(
    "lines",
    [
        [_board(1), *_TEASERS, _board(2)],
        [_board(1), _TEASERS[0], "", "", _TEASERS[1], _board(2)],
        [*_TEASERS, _board(1), _board(2)],
        ["", *_TEASERS, _board(1), _board(2)],
        [_board(1), _board(2), *_TEASERS],
        [_board(1), _board(2), *_TEASERS, "", ""],
        [_board(1), _board(2), "• " + _TEASERS[0], "• " + _TEASERS[1]],
    ],
    ids=["between", "blank-lines-between", "first", "after-a-blank", "last", "before-blanks", "bulleted"],
)
def test_a_run_of_headlines_that_are_links_on_the_page_goes_as_related_links(lines):
    """Two or more lines in a row that are whole link texts of the page (headlines of other
    stories) are a teaser run, wherever they stand."""
    kept, removed = _filtered(lines, anchors=_ANCHORS)
    assert kept == [_board(1), _board(2)]
    assert removed == [("related_links", x) for x in lines if x.strip() and x not in kept]


@pytest.mark.parametrize(
    ("lines", "anchors"),
    [
        ([_board(1), _TEASERS[0], _board(2)], _ANCHORS),  # one alone: a subheading
        ([_board(1), *_TEASERS, _board(2)], set()),  # not links on the page
        (
            [_board(1), "Crane drivers vote on new contract.", "Ferry operator cancels winter routes.", _board(2)],
            {"crane drivers vote on new contract", "ferry operator cancels winter routes"},
        ),  # sentences
        (
            [_board(1), " ".join(["Crane"] * 26), " ".join(["Ferry"] * 26), _board(2)],
            {" ".join(["crane"] * 26), " ".join(["ferry"] * 26)},
        ),  # 26 words: too long for a headline
    ],
    ids=["single", "no-anchors", "sentences", "26-words"],
)
def test_link_text_lines_that_are_no_teaser_run_are_kept(lines, anchors):
    kept, removed = _filtered(lines, anchors=anchors)
    assert kept == lines and removed == []


def test_a_run_of_25_word_link_headlines_goes():
    lines = [_board(1), " ".join(["Crane"] * 25), " ".join(["Ferry"] * 25), _board(2)]
    kept, removed = _filtered(lines, anchors={" ".join(["crane"] * 25), " ".join(["ferry"] * 25)})
    assert kept == [_board(1), _board(2)]
    assert [r for r, _ in removed] == ["related_links", "related_links"]


def test_teaser_headlines_before_the_body_need_three_headline_like_lines():
    """Headline-like lines (three or more words over 3 letters, 60 % capitalised, up to 20
    words, no sentence ending but a quotation or bracket) before the first body sentence are
    teasers only when there are at least three and all look like headlines."""
    heads = [
        "Shipping Rates Fall",  # exactly three long words
        "Union Leaders Meet Ministers (Video)",
        "Union Leaders Meet Ministers “Live”",
        'Union Leaders Meet Ministers "Live"',
        "Crane drivers Vote On new Contract",  # 3 of 4 long words capitalised
        "Harbour Board Approves " + " ".join(["Crane"] * 17),  # 20 words
    ]
    first = "The board met again on Monday morning today."  # an 8-word sentence: the body
    kept, removed = _filtered([*heads, first, _board(1)])
    assert kept == [first, _board(1)]
    assert removed == [("teaser", h) for h in heads]


@pytest.mark.parametrize(
    "odd",
    [
        "Shipping Rates Fall As Demand Cools.",  # a sentence
        "shipping rates fall as demand cools",  # not capitalised
        "Crane drivers vote On new Contract",  # 2 of 5 capitalised
        "Big Cat Ran",  # words of three letters are no headline words
        "Harbour Board Approves " + " ".join(["Crane"] * 18),  # 21 words
        "Shipping Rates",
    ],
    ids=["sentence", "lower-case", "2-of-5-capitalised", "short-words", "21-words", "two-words"],
)
def test_a_line_that_is_no_headline_keeps_the_lines_before_the_body(odd):
    heads = ["Shipping Rates Fall As Demand Cools", "Northern Ports Brace For Winter", odd]
    kept, removed = _filtered([*heads, _board(1), _board(2)])
    assert kept == [*heads, _board(1), _board(2)] and removed == []


def test_headlines_after_the_body_go_only_as_a_bulleted_list_with_its_headline_lines():
    """After the last body sentence: two or more bulleted headlines go, with the headline-like
    lines between them; a single bulleted headline or unbulleted headlines stay. A subheading
    between body paragraphs is never part of it."""
    sub = "Backlog Will Take Weeks To Clear"
    tail = ["• Dock Strike Ends After Talks", "Container Volumes Hit Record High", "• Ferry Operator Cancels Routes"]
    kept, removed = _filtered([*_TEASERS, "Shipping Rates Fall", _board(1), sub, _board(2), *tail])
    assert kept == [_board(1), sub, _board(2)]
    assert removed == [("teaser", x) for x in [*_TEASERS, "Shipping Rates Fall"]] + [
        ("related_links", x) for x in tail
    ]
    for tail in (["• Dock Strike Ends After Talks"], ["Dock Strike Ends After Talks", "Ferry Operator Cancels Routes"]):
        kept, removed = _filtered([_board(1), _board(2), *tail])
        assert kept == [_board(1), _board(2), *tail] and removed == []


def test_a_removed_line_is_recorded_as_written():
    kept, removed = _filtered([_board(1), "Advertisement", "Follow us on Twitter", _board(2)])
    assert removed == [("advertisement", "Advertisement"), ("byline", "Follow us on Twitter")]
    assert kept == [_board(1), _board(2)]


def _page(head: str, before: str = "", url: str | None = None):
    return clean_html(
        f"<html><head><title>Crane budget</title>{head}</head><body><article>{before}"
        + _board_paragraphs(1, 6)
        + "</article></body></html>",
        url,
    )


@pytest.mark.parametrize(
    ("head", "before", "author"),
    [
        ('<meta name="author" content="Elena Marsh">', "", "Elena Marsh"),
        ('<meta name="author" content="admin">', "", None),  # one word: an account, no name
        ('<meta name="author" content="admin">', "<p class='byline'>By Elena Marsh</p>", "Elena Marsh"),
        ("", "<p class='byline'>By Elena Marsh</p>", "Elena Marsh"),
    ],
    ids=["meta", "account-name", "account-name-and-byline", "byline"],
)
def test_author_from_the_page_meta_or_its_byline(head, before, author):
    assert _page(head, before).author == author


@pytest.mark.parametrize(
    ("site_name", "shown"),
    [
        ("@harbourgazette", "Harbourgazette"),  # a social handle: no "@", capitalised
        ("harbourgazette", "Harbourgazette"),
        ("harbour.example", "harbour.example"),  # a domain stays as written
        ("BBC News", "BBC News"),
        ("XPort Weekly", "XPort Weekly"),
        ("McClatchy DC", "McClatchy DC"),  # capitalised as written: not "Mcclatchy Dc"
    ],
    ids=["handle", "lower-case", "domain", "capitals", "leading-x", "mixed-case"],
)
def test_site_name_as_the_page_gives_it_tidied(site_name, shown):
    assert _page(f'<meta property="og:site_name" content="{site_name}">').sitename == shown


def test_a_page_without_its_own_address_takes_the_fetched_one_its_host_and_its_date():
    """No canonical link, no site name, no date on the page: the fetched URL is the article's
    address, its host the site name, and the date in its path the publication date."""
    url = "https://www.harbourgazette.example/2025/03/14/crane-budget"
    c = _page("", url=url)
    assert (c.url, c.sitename, c.published_at) == (url, "harbourgazette.example", "2025-03-14")
    assert c.provenance == {}


def test_metadata_only_in_json_ld_is_read():
    ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
        '"NewsArticle", "headline": "Crane budget rises", "author": {"@type": "Person", "name": '
        '"Elena Marsh"}, "datePublished": "2025-03-14", "publisher": {"@type": "Organization", '
        '"name": "Harbour Gazette"}}</script>'
    )
    c = _page(ld)
    assert (c.title, c.author, c.published_at, c.sitename) == (
        "Crane budget rises", "Elena Marsh", "2025-03-14", "Harbour Gazette",
    )


def test_a_date_written_only_in_the_text_is_found():
    c = _page("", "<p>Published on March 14, 2025 in the harbour section</p>")
    assert c.published_at == "2025-03-14"


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("", "empty document"),
        ("  \n ", "empty document"),
        ("Dock workers ended their strike.", "not an HTML page: no markup to find an article in"),
        ("<!-- nothing here -->", "not an HTML page: no markup to find an article in"),
        ("<!-- \ud800 -->", "not an HTML page: no markup to find an article in"),
        ("<html><body><div></div></body></html>", "no article text found in the HTML page"),
        (
            (
                "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> "
                "<a href='/news'>Harbour news</a></nav></body></html>"
            ),
            "only navigation links on the page, no article text",
        ),
        (
            "<html><head><title>News</title></head><body><main><ul>"
            + "".join(
                f"<li><a href='/{w}'>Harbour {w}</a></li>"
                for w in ("news", "sport", "weather", "ferries", "cranes", "shipping", "unions", "markets")
            )
            + "</ul></main></body></html>",
            "only navigation links on the page, no article text",
        ),
    ],
    ids=[
        "empty", "blank", "plain-text", "comment-only", "surrogate-in-a-comment", "empty-body",
        "menu", "list-of-links",
    ],
)
def test_why_a_page_gives_no_article(html, message):
    """The reason a refused page is quarantined with, word for word."""
    with pytest.raises(NoArticle) as err:
        clean_html(html)
    assert str(err.value) == message


@pytest.mark.parametrize("extra", ["", "\x0b"], ids=["surrogate", "surrogate-and-control"])
def test_a_lone_surrogate_in_the_page_does_not_lose_the_article(extra):
    """A page string holding a lone surrogate (half of a broken emoji) still gives its
    article; the broken character is replaced, the rest of the text kept."""
    html = (
        "<html><head><title>Crane budget</title></head><body><article><p>Dock workers \ud800 "
        f"ended their strike on Friday after accepting a pay deal.{extra}</p>"
        + _board_paragraphs(1, 6)
        + "</article></body></html>"
    )
    c = clean_html(html)
    assert c.paragraphs[1:] == [_board(i) for i in range(1, 7)]
    assert c.paragraphs[0] == (
        "Dock workers \ufffd\ufffd\ufffd ended their strike on Friday after accepting a pay deal."
    )


_MENU = "<nav><a>Harbour news</a> <a>Port authority</a> <a>Crane drivers</a> <a>Ferry routes</a></nav>"
_MENU_TEXT = "Harbour news port authority crane drivers ferry routes"


@pytest.mark.parametrize(
    ("text", "body", "menu"),
    [
        # every word a link word, 2 of 8 also written outside links (spread over tags): 25 %
        (_MENU_TEXT, _MENU + "<p>Harbour <b>news</b> and the</p>", False),
        (_MENU_TEXT, _MENU + "<p>Harbour and the</p>", True),  # 1 of 8: 12.5 %
        ("— — —", _MENU + "<p>— — —</p>", True),  # no words at all
        # 500 link words: 100 of them outside links too make a long body, 99 do not
        (" ".join(["harbour"] * 500), "<nav>" + "<a>harbour</a>" * 500 + "</nav><p>" + " ".join(["harbour"] * 100) + "</p>", False),
        (" ".join(["harbour"] * 500), "<nav>" + "<a>harbour</a>" * 500 + "</nav><p>" + " ".join(["harbour"] * 99) + "</p>", True),
        # a Chinese menu with English words in its links
        ("Home 首页 News 新闻 Sport 体育", "<nav><a>Home 首页</a><a>News 新闻</a><a>Sport 体育</a></nav>", True),
    ],
    ids=["a-quarter-outside-links", "an-eighth-outside-links", "no-words", "100-words-outside-links", "99-words-outside-links", "mixed-chinese-menu"],
)
def test_text_made_of_the_pages_link_words_is_a_menu(text, body, menu):
    """What the extraction kept is a menu when 80 % of its words are words of the page's links
    and fewer than 100 of them (and at most 20 %) appear on the page outside links."""
    from monitor import clean

    tree = clean._parse(f"<html><body>{body}</body></html>")
    _anchors, link_words, _offsite = clean._links(tree)
    assert clean._is_menu(text, tree, link_words, clean._prose(tree)) is menu


def test_headlines_in_the_body_that_link_elsewhere_on_the_page_go_as_related_links():
    """Two headlines between body paragraphs that are, word for word, links of the page's
    sidebar (three words each) are teasers for other stories: removed as related links."""
    teasers = ["Crane Drivers Vote", "Ferry Routes Cut"]
    sidebar = "".join(f"<li><a href='/s/{i}'>{t}</a></li>" for i, t in enumerate(teasers))
    html = (
        "<html><head><title>Crane budget</title></head><body><article>"
        + _board_paragraphs(1, 3)
        + "".join(f"<p>{t}</p>" for t in teasers)
        + _board_paragraphs(4, 6)
        + f"</article><aside><ul>{sidebar}</ul></aside></body></html>"
    )
    c = clean_html(html)
    assert c.paragraphs == [_board(i) for i in range(1, 7)]
    assert [(r.reason, r.text) for r in c.removed] == [("related_links", t) for t in teasers]


def _layout_page(ld: str | None = None, itemprop: bool = False) -> str:
    """The page-builder layout above with a short body: a 76-word intro block, an empty
    carousel, then six more paragraphs (228 words) the precise extraction misses."""
    import json

    intro = "".join(_report_paragraph(i, "Intro") for i in range(2))
    body = "".join(_report_paragraph(i, "Body") for i in range(2, 8))
    head = "<title>Port cuts waiting times</title>"
    if ld is not None:
        head += (
            "<script type='application/ld+json'>"
            + json.dumps({"@type": "NewsArticle", "articleBody": ld})
            + "</script>"
        )
    prop = " itemprop='articleBody'" if itemprop else ""
    return (
        f"<html><head>{head}</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<div class='container'><div class='article-body-copy'{prop}>{intro}</div></div>"
        "<div class='image-carousel'><div class='carousel-mask'><div>No items found.</div>"
        f"</div></div><div class='container'><section class='article-body-copy'>{body}</section>"
        "</div><footer><a href='/privacy'>Privacy</a></footer></body></html>"
    )


def _plain(html_paragraphs: str) -> str:
    from lxml.html import fromstring

    return " ".join(p.text_content() for p in fromstring(f"<div>{html_paragraphs}</div>"))


@pytest.mark.parametrize(
    ("markup", "first"),
    [
        ("none", "Body 2:"),  # the full extraction holds 3 times the words: taken
        ("json-ld-intro", "Intro 0:"),  # the page's JSON-LD says the article is the intro
        ("itemprop-intro", "Intro 0:"),  # so does its itemprop="articleBody" block
        ("json-ld-whole", "Body 2:"),  # the JSON-LD article is much longer than the intro
    ],
)
def test_article_markup_decides_whether_the_fuller_extraction_is_taken(markup, first):
    """The precise extraction keeps the 76-word intro; the full one the six paragraphs after
    the carousel (3 times the words). Without article markup the full text is taken (it holds
    more than 1.2 times the words); where the page's JSON-LD or itemprop markup holds the intro
    alone, the intro is the article and the full text (less than 4 times) is left."""
    intro = _plain("".join(_report_paragraph(i, "Intro") for i in range(2)))
    whole = intro + " " + _plain("".join(_report_paragraph(i, "Body") for i in range(2, 8)))
    html = {
        "none": _layout_page(),
        "json-ld-intro": _layout_page(ld=intro),
        "itemprop-intro": _layout_page(itemprop=True),
        "json-ld-whole": _layout_page(ld=whole),
    }[markup]
    c = clean_html(html)
    assert [p.split(" the harbour")[0] for p in c.paragraphs] == (
        ["Intro 0:", "Intro 1:"] if first == "Intro 0:" else [f"Body {i}:" for i in range(2, 8)]
    )


def test_a_fetched_html_document_takes_its_url_when_the_page_names_none():
    raw = (
        "<html><head><title>Crane budget</title></head><body><article>"
        + _board_paragraphs(1, 6)
        + "</article></body></html>"
    ).encode()
    url = "https://www.harbourgazette.example/business/crane-budget"
    c = clean_document(raw, "html", url=url)
    assert (c.url, c.sitename) == (url, "harbourgazette.example")


def test_a_text_document_is_read_in_its_declared_charset():
    """A short Shift JIS snapshot is too short to guess its encoding; the charset the server
    declared reads it right."""
    text = "港の労働者"
    c = clean_document(text.encode("shift_jis"), "text", declared_charset="shift_jis")
    assert c.paragraphs == [text]


def test_a_text_document_of_only_boilerplate_says_why_it_is_refused():
    with pytest.raises(NoArticle) as err:
        clean_document(b"Advertisement\nShare\n", "text")
    assert str(err.value) == "no article text left after removing boilerplate"


def test_text_outside_links_of_a_page_nested_deeper_than_python_recursion_is_still_read():
    """A page nested deeper than Python's recursion allows is read by the XPath instead: the
    same text nodes, no RecursionError."""
    import inspect
    import sys

    from lxml.html import fromstring

    from monitor import clean

    html = "<html><body>" + "<div>" * 250 + "deep <a>link</a> text" + "</div>" * 250 + "</body></html>"
    tree = fromstring(html, parser=clean._html_parser())
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 100)
    try:
        texts = clean._texts_outside_links(tree)
    finally:
        sys.setrecursionlimit(limit)
    assert texts == clean._TEXT_OUTSIDE_LINKS(tree) == ["deep ", " text"]


def test_list_items_the_precise_pass_leaves_out_are_kept_when_they_hold_a_third_of_the_page():
    """Six paragraphs and a list whose items open with an empty <span> (a theme's bullet icon):
    the precise extraction keeps the paragraphs alone, two thirds of the page's words (enough
    for the old 50 % test). The page's words outside links say a third is missing, so the
    recall-first pass is read and its text, with the three list items, taken."""
    paragraphs = "".join(
        f"<p>Paragraph {i} of the guide says the harbour board met on Monday and agreed that "
        f"the crane budget should rise by {i} percent.</p>"
        for i in range(6)
    )
    items = "".join(
        f"<li><span></span>Point {i}: the crane drivers asked the board to publish the new "
        "shift rota before the end of the month, officials said.</li>"
        for i in range(3)
    )
    html = (
        "<html><head><title>Crane guide</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<div class='post'>{paragraphs}<ul>{items}</ul></div>"
        "<footer><a href='/p'>Privacy</a></footer></body></html>"
    )
    c = clean_html(html)
    assert [p.split(" of the guide")[0].split(": the crane")[0] for p in c.paragraphs] == (
        [f"Paragraph {i}" for i in range(6)] + [f"- Point {i}" for i in range(3)]
    )


def _post(i: int, words: int) -> str:
    text = " ".join(f"crane{i}x{k}" for k in range(words))
    return f"<p>{text}</p>"


@pytest.mark.parametrize(
    ("body", "length"),
    [
        # a thread: each post its own block, the posts together are the body (was the longest)
        ("".join(f"<div itemprop='text'>{_post(i, 60)}</div>" for i in range(5)), 300),
        # the article body twice on the page (a print copy): counted once
        ("<div itemprop='articleBody'>" + _post(0, 200) + "</div>"
         + "<div itemprop='articleBody'>" + _post(0, 200) + "</div>", 200),
        # an <article> holding the articleBody element: one block
        ("<article><div itemprop='articleBody'>" + _post(0, 120) + "</div></article>", 120),
        # teaser cards under MARKUP_BLOCK words say nothing of the body's length
        ("<article>" + _post(0, 200) + "</article>"
         + "".join(f"<article>{_post(i, 20)}</article>" for i in range(1, 6)), 200),
        ("".join(f"<article>{_post(i, 20)}</article>" for i in range(5)), 0),
        # a block of exactly MARKUP_BLOCK words, in two paragraphs (two text nodes): counted
        ("<article><p>" + " ".join(f"crane{k}" for k in range(25)) + ".</p><p>"
         + " ".join(f"ferry{k}" for k in range(25)) + ".</p></article>", 50),
        # an <article> holding the articleBody element, then another article: both counted
        ("<article><div itemprop='articleBody'>" + _post(0, 60) + "</div></article>"
         + "<article>" + _post(1, 60) + "</article>", 120),
    ],
    ids=["thread-posts", "copied-body", "nested", "teaser-cards-beside", "teaser-cards-only",
         "block-of-50-words", "nested-then-another"],
)
def test_the_pages_article_markup_says_how_long_its_body_is(body, length):
    """The body's length the page's markup gives (which decides whether the precise text is
    the whole article): every marked block counted once, teaser cards left out."""
    from monitor import clean

    tree = clean._parse(f"<html><body><nav><a href='/'>Home</a></nav>{body}</body></html>")
    assert clean._markup_words(tree) == length


# The decision of _fuller, pass by pass: which of trafilatura's passes are read and which text
# is taken, at the edges of its shares. Each paragraph holds 10 words, all of them on the page
# outside links, so a text's words outside links are 10 per paragraph; trafilatura's passes are
# replaced by the texts a page of that shape gives (the real passes are tested above).
def _council(k: int) -> str:
    return f"The council met on Monday and approved budget item {k}."


_TALKS = "Officials said talks would resume next week."  # 7 words


def _decide(monkeypatch, page: int, precise: int, markup: int, recall=None, full=None, rescue=None, talks=False):
    """(text taken, passes read) for a page of `page` paragraphs whose precise text holds the
    first `precise` (and the 7-word talks line), the recall and full passes and the baseline
    giving the paragraphs listed."""
    from collections import Counter

    import trafilatura

    from monitor import clean

    paragraphs = [_council(k) for k in range(page)] + ([_TALKS] if talks else [])
    prose = Counter(clean._tokens(" ".join(paragraphs)))
    text_of = lambda ks: "\n".join(_council(k) for k in ks)
    read = []

    def passes(tree, url, fast=True, **options):
        kind = "recall" if options.get("favor_recall") is True else "balanced"
        read.append((kind, "fast" if fast else "whole cascade"))
        return text_of(recall if kind == "recall" else full)

    monkeypatch.setattr(clean, "_extract_text", passes)
    monkeypatch.setattr(trafilatura, "baseline", lambda tree: (None, text_of(rescue or []), 0))
    text = text_of(range(precise)) + (f"\n{_TALKS}" if talks else "")

    def page():  # the page parsed again for the passes after the precise one
        read.append("parsed")
        return "tree"

    taken = clean._fuller(page, "https://news.example/a", text, prose, markup)
    parsed = read.count("parsed")
    return taken, [r for r in read if r != "parsed"], parsed


def _ks(text: str) -> list[int]:
    return [int(line.rsplit(" ", 1)[1][:-1]) for line in text.splitlines() if "item" in line]


RECALL = ("recall", "whole cascade")
FULL = ("balanced", "whole cascade")

_FULLER_CASES = [
    # markup confirms the precise text (at least 60 % of what it says) with a one-word JSON-LD
    # body, or with 80 % of it on a page of 200 words: no other pass is read
    ("confirmed-by-1-word", {"page": 10, "precise": 6, "markup": 1, "recall": range(10)}, range(6), []),
    ("confirmed-at-80pc", {"page": 20, "precise": 8, "markup": 100, "recall": range(20)}, range(8), []),
    # ... but barely, 60 of 100 marked words (under WEAK_AGREEMENT, 80 %) and of the page's 100:
    # the recall pass is read, taken for its 1.2x (100 words); 120 of 180 marked, 200 on the
    # page: recall's 130 words are not 1.2x, the precise text stands
    ("weakly-confirmed-at-60pc", {"page": 10, "precise": 6, "markup": 100, "recall": range(10)}, range(10), [RECALL]),
    ("weakly-confirmed-1.08x", {"page": 20, "precise": 12, "markup": 180, "recall": range(13)}, range(12), [RECALL]),
    # no markup, 80 of 100 words, 60 words or more: the precise text stands
    ("no-markup-80pc", {"page": 10, "precise": 8, "markup": 0, "full": range(10)}, range(8), []),
    # the markup says longer (150 words) than the 80 of 110 kept: the full pass, taken for 1.2x
    ("markup-longer", {"page": 11, "precise": 8, "markup": 150, "full": range(11)}, range(11), [FULL]),
    # 60 words, 75 % of the 80 the page has (no recall pass): 60 words are not short
    ("60-words-of-80", {"page": 8, "precise": 6, "markup": 0, "full": range(8)}, range(6), []),
    # 60 of 300 words: recall gains nothing, the text is under 30 %: the full pass is taken
    ("20pc-of-page", {"page": 30, "precise": 6, "markup": 0, "recall": range(6), "full": range(30)}, range(30), [RECALL, FULL]),
    # 60 of 200 words, recall 90: exactly 45 % after the recall pass: no full pass
    ("45pc-after-recall", {"page": 20, "precise": 6, "markup": 0, "recall": range(9), "full": range(20)}, range(9), [RECALL]),
    # recall 80 of 200 words, 40 %: the full pass is read, and taken for its 1.1x
    ("40pc-after-recall", {"page": 20, "precise": 6, "markup": 0, "recall": range(8), "full": range(20)}, range(20), [RECALL, FULL]),
    # 300 of 1,100 words: recall and full give exactly FULL_GAIN (1.1x, 330): neither is taken
    # (300 * 1.1 is 330.0 in floating point; 100 * 1.1 is 110.00000000000001, no edge)
    ("1.1x-not-taken", {"page": 110, "precise": 30, "markup": 0, "recall": range(33), "full": range(33)}, range(30), [RECALL, FULL]),
    # 200 of 800 words: recall gives 1.15x (230): taken; the full pass repeats it: left
    ("1.15x-recall-taken", {"page": 80, "precise": 20, "markup": 0, "recall": range(23), "full": range(23)}, range(23), [RECALL, FULL]),
    # recall gives as many words, other ones: not taken; the full pass gives fewer
    ("recall-as-many", {"page": 30, "precise": 5, "markup": 0, "recall": range(5, 10), "full": range(5)}, range(5), [RECALL, FULL]),
    # 20 words after every pass: the baseline is not read (under 20 only)
    ("20-words", {"page": 30, "precise": 2, "markup": 0, "recall": range(2), "full": range(2), "rescue": range(5)}, range(2), [RECALL, FULL]),
    # 17 words (10 and the 7-word talks line): the baseline's 50 words are taken
    ("17-words", {"page": 30, "precise": 1, "markup": 0, "recall": range(1), "full": range(1), "rescue": range(5), "talks": True}, range(5), [RECALL, FULL]),
]


@pytest.mark.parametrize(("kw", "taken", "passes"), [c[1:] for c in _FULLER_CASES], ids=[c[0] for c in _FULLER_CASES])
def test_the_fuller_extraction_is_read_and_taken_at_the_edges_of_its_shares(monkeypatch, kw, taken, passes):
    """Which of trafilatura's passes are read (the recall-first pass and the whole cascade,
    readability and justext compared) and whose text the user gets."""
    text, read, parsed = _decide(monkeypatch, **kw)
    assert _ks(text) == list(taken)
    assert read == passes
    # the precise pass pruned the page's tree: it is parsed again, once, for any further pass
    assert parsed == (1 if passes else 0)


def test_a_hundred_words_outside_links_are_an_article_however_many_link_words_around():
    """A listing page's text: 410 words that are also the page's link texts and a 100-word
    standfirst the page has outside links. Under a fifth of its words are prose (100 of 510),
    but 100 words (LONG_BODY) make a body: no menu. 99 are a menu."""
    from collections import Counter

    from monitor import clean

    prose_words = [f"harbour{k}" for k in range(100)]
    link_only = [f"ferry{k}" for k in range(410)]
    text = " ".join(link_only + prose_words)
    links = Counter(link_only + prose_words)
    assert not clean._is_menu(text, None, links, Counter(prose_words))
    text = " ".join(link_only + prose_words[:99] + ["ferry0"])
    assert clean._is_menu(text, None, links, Counter(prose_words))


def test_three_of_five_long_words_capitalised_is_a_headline():
    """3 of 5 words over three letters capitalised (60 %) make a headline: a teaser before the body."""
    heads = ["Shipping Rates Fall", "Northern Ports Brace For Winter", "Crane drivers Vote over Contract"]
    first = "The board met again on Monday morning today."
    kept, removed = _filtered([*heads, first, _board(1)])
    assert kept == [first, _board(1)]
    assert removed == [("teaser", h) for h in heads]


def test_a_bullet_is_no_capitalised_word_of_a_headline():
    """After the body, a bulleted line with 2 of its 4 long words capitalised ("eBay" is not)
    is no headline, so the bulleted list is no list of related headlines: both lines stay."""
    tail = ["• eBay Sellers Protest new fees", "• Ferry Operator Cancels Winter Routes"]
    kept, removed = _filtered([_board(1), _board(2), *tail])
    assert kept == [_board(1), _board(2), *tail] and removed == []


def test_a_bulleted_run_of_link_headlines_between_body_paragraphs_goes():
    """Two bulleted headlines that are whole links on the page, between two body paragraphs:
    a run of link teasers, gone as related links (the bullet is not part of the link text)."""
    teasers = ["Crane Drivers Vote On New Contract", "Ferry Operator Cancels Winter Routes"]
    anchors = {" ".join(t.casefold().split()) for t in teasers}
    lines = [_board(1), *(f"• {t}" for t in teasers), _board(2)]
    kept, removed = _filtered(lines, anchors=anchors)
    assert kept == [_board(1), _board(2)]
    assert removed == [("related_links", f"• {t}") for t in teasers]


@pytest.mark.parametrize(
    "lines",
    [
        [_board(1), "", "Crane Drivers Vote On New Contract", "", _board(2)],
        [_board(1), "Crane Drivers Vote On New Contract"],
        [_board(1), "Crane Drivers Vote On New Contract", "", ""],
    ],
    ids=["between-blank-lines", "last-line", "before-trailing-blank-lines"],
)
def test_a_single_link_headline_is_kept_wherever_it_stands(lines):
    """One headline that is a link elsewhere on the page is no run of teasers: kept between
    blank lines, as the last line, and before the blank lines the extracted text ends with."""
    kept, removed = _filtered(lines, anchors={"crane drivers vote on new contract"})
    assert kept == [x for x in lines if x] and removed == []


def test_a_standfirst_under_the_headline_after_a_blank_line_goes_with_it():
    headline = "Port strike ends after workers accept pay deal"
    deck = "Dock workers vote to return after two weeks of talks"
    kept, removed = _filtered([headline, "", deck, "", _board(1)], title=headline + " | Harbour Gazette")
    assert kept == [_board(1)]
    assert removed == [("title", headline), ("standfirst", deck)]


def test_a_first_line_without_words_is_no_headline():
    kept, removed = _filtered(["※", _board(1)], title="Port strike ends after workers accept pay deal")
    assert kept == ["※", _board(1)] and removed == []


def test_a_block_heading_over_a_blank_line_and_the_body_is_only_a_heading():
    """"Recommended" over a blank line and a body paragraph is a heading of the body: it goes
    alone, for what the line is (a related-links label, not the start of a teaser block); over
    a blank line and a headline, it opens a block that takes the headline."""
    kept, removed = _filtered(["Recommended", "", _board(1)])
    assert kept == [_board(1)] and removed == [("related_links", "Recommended")]
    kept, removed = _filtered(["See also", "", "Ferry Operator Cancels Winter Routes", _board(1)])
    assert kept == [_board(1)]
    assert removed == [("related_links", "See also"), ("related_links", "Ferry Operator Cancels Winter Routes")]


def test_a_publishers_disclaimer_in_an_html_article_stays():
    """In a page's extracted article a disclaimer belongs to the article it qualifies, and a
    line with an e-mail address is the reporter's own text: both stay (in a saved snapshot
    they are boilerplate)."""
    lines = [
        _board(1),
        "Disclaimer: The views expressed are the author's own.",
        "Readers can write to the harbour board at board@harbour.example with questions.",
        _board(2),
    ]
    kept, removed = _filtered(lines)
    assert kept == lines and removed == []


def test_words_the_page_has_neither_as_links_nor_as_prose_make_no_menu():
    """The page splits its words across markup ("Har<b>bour</b>"), the extraction joins them:
    words found neither among the link words nor among the prose are not a menu's words, and
    the text is kept as an article (the cheap bound answers before the prose is counted)."""
    from collections import Counter

    from monitor import clean

    text = "Harbour strike ends after dockworkers accept the offer"
    links = Counter(["home", "world", "business", "the"])
    prose = Counter(["har", "bour", "strike", "ends", "after", "dock", "workers", "accept", "the", "offer"])
    assert not clean._is_menu(text, None, links, Counter())
    assert not clean._is_menu(text, None, links, prose)


@pytest.mark.parametrize(
    ("full", "taken"),
    [
        ("intro thread", "full"),  # another part of the page than the recall text: taken
        ("intro banner", "recall"),  # the recall text's own words: not more of them, left
        ("banner", "recall"),  # most of the recall text's words (100 of 120): left
        ("intro", "recall"),  # under half the recall text's words: left
    ],
)
def test_a_full_pass_holding_another_part_of_the_page_than_the_recall_pass_is_taken(
    monkeypatch, full, taken
):
    """The precise pass keeps a 20-word intro of a 500-word page; the recall-first pass adds
    an app banner (100 words) and the full pass the thread (80 words), fewer words than
    needed to replace the recall text on length alone. Where the two hold different parts of
    the page, the full pass (trafilatura's whole cascade, plain trafilatura's answer) is
    taken; where the full text repeats the recall text, or holds under half its words, the
    recall text stays."""
    from monitor import clean

    def words(name: str, n: int) -> str:
        return " ".join(f"{name}{k}" for k in range(n))

    parts = {"intro": words("intro", 20), "banner": words("banner", 100),
             "thread": words("thread", 80)}
    texts = {"recall": parts["intro"] + "\n" + parts["banner"],
             "full": "\n".join(parts[p] for p in full.split())}
    prose = Counter(" ".join([*parts.values(), words("filler", 300)]).split())

    def extract(tree, url, fast=True, **options):
        return texts["recall" if options.get("favor_recall") else "full"]

    monkeypatch.setattr(clean, "_extract_text", extract)
    assert clean._fuller(lambda: None, None, parts["intro"], prose, 0) == texts[taken]


@pytest.mark.parametrize(
    ("recall", "full", "taken"),
    [
        # 60 words, exactly half the recall text's 120 outside links: taken; 59: left
        ("intro banner", "intro thread:40", "full"),
        ("intro banner", "intro thread:39", "recall"),
        # 42 of the recall text's 120 words (exactly 35 %) in the full text: left; 41: taken
        ("intro banner", "intro banner:22 thread", "recall"),
        ("intro banner", "intro banner:21 thread", "full"),
        # the recall text (20 words) is not 1.1x the precise one and is not taken; the full
        # text's 15 other words are not 1.1x the precise text's 20 either: it stays (the rule
        # of another part of the page holds only against a recall text)
        ("intro", "thread:15", "precise"),
    ],
    ids=["half-taken", "under-half-left", "35pc-held-left", "under-35pc-taken", "no-recall-taken"],
)
def test_the_full_pass_after_a_recall_pass_is_taken_at_the_edges_of_its_shares(
    monkeypatch, recall, full, taken
):
    """As above (a 20-word intro, a 100-word banner, an 80-word thread, 500 words outside
    links): the full pass is taken against the recall text where it holds at least half as
    many words outside links (DISAGREE_SHARE) and under 35 % of the recall text's words
    (DISAGREE_HELD), at the exact edges; "part:n" is the part's first n words."""
    from monitor import clean

    def words(name: str, n: int) -> str:
        return " ".join(f"{name}{k}" for k in range(n))

    sizes = {"intro": 20, "banner": 100, "thread": 80}
    parts = {p: words(p, n) for p, n in sizes.items()}

    def text(spec: str) -> str:
        specs = (s.partition(":") for s in spec.split())
        return "\n".join(words(p, int(n or sizes[p])) for p, _, n in specs)

    texts = {"precise": parts["intro"], "recall": text(recall), "full": text(full)}
    prose = Counter(" ".join([*parts.values(), words("filler", 300)]).split())

    def extract(tree, url, fast=True, **options):
        return texts["recall" if options.get("favor_recall") else "full"]

    monkeypatch.setattr(clean, "_extract_text", extract)
    assert clean._fuller(lambda: None, None, texts["precise"], prose, 0) == texts[taken]


def test_a_placeholder_paragraph_goes_a_sentence_naming_it_stays():
    """A template's 'Lorem ipsum dolor sit amet ...' block nobody filled is no article text,
    however long; a sentence that mentions the placeholder is."""
    filler = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
              "incididunt ut labore et dolore magna aliqua. " * 6).strip()
    body = "Dock workers ended their strike on Friday after accepting a pay deal."
    mention = "Designers call the filler lorem ipsum dolor sit amet, after a text by Cicero."
    kept, removed = _filtered([body, filler, mention])
    assert kept == [body, mention]
    assert removed == [("widget", filler)]

"""Boxes of prose inside an article's body that trafilatura's precise pass drops: a block whose
style only mentions a border ('box-sizing: border-box', 'border: none') matched by its
PRECISION rule as a boxed aside, and a div of prose written straight into it (no <p>) among the
body's paragraphs, which trafilatura reads only where the paragraphs are short."""

from __future__ import annotations

import pytest

from monitor import clean

PARAGRAPHS = (
    "<p>The river lock reopened on Friday morning, and the first convoy of barges passed "
    "through before noon, officials said at the quay.</p>"
    "<p>Engineers replaced the upstream gates during a six-week closure, which forced barge "
    "operators to reroute grain shipments through the northern canal.</p>"
    "<p>Local farmers complained that the detour added two days to every delivery, and several "
    "cooperatives asked the state for compensation.</p>"
)
CLOSING = "<p>Traffic is expected to return to normal levels by the end of next week.</p>"
NOTE = (
    "Update: the agency said on Monday that the lower gates will be replaced next spring. "
    "The work should take four weeks, and barges will be warned a month ahead."
)


def _page(block: str) -> str:
    return (
        "<html><head><title>River lock reopens after repairs</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>River lock reopens after repairs</h1>{PARAGRAPHS}{block}{CLOSING}"
        "</article><footer><a href='/privacy'>Privacy</a></footer></body></html>"
    )


def _precise(html: str) -> str:
    return clean._extract_text(clean._parse(html), None, favor_precision=True)


def _recall(html: str) -> str:
    return clean._extract_text(clean._parse(html), None, fast=False, favor_recall=True)


@pytest.mark.parametrize(
    "style",
    ["box-sizing: border-box; margin: 0", "border: none; padding: 30px", "border-width: 0"],
)
def test_a_style_that_draws_no_border_is_no_boxed_aside(monkeypatch, style):
    """A rich editor's reset on a paragraph's spans, or a box whose border is switched off:
    trafilatura's rule reads 'border' in the style and drops the sentence."""
    html = _page(f"<p>Barge crews <span style='{style}'>said the new gates open faster than "
                 "the old ones</span> and saved them an hour a day.</p>")
    assert "new gates open faster" in _precise(html)
    monkeypatch.setattr(clean, "BORDERLESS", False)
    assert "new gates open faster" not in _precise(html)


@pytest.mark.parametrize(
    "attributes",
    [
        "style='border: 1px solid #ccc; padding: 8px'",  # a box drawn: an aside
        "style='border-left: 4px solid green'",
        "style='box-sizing: border-box' class='link'",  # the rule's other test names it
    ],
)
def test_a_drawn_border_or_a_named_block_still_goes(attributes):
    html = _page(f"<div {attributes}><p>Subscribe to the canal newsletter for weekly "
                 "updates.</p></div>")
    assert "canal newsletter" not in _precise(html)


def test_draws_border_reads_the_declarations():
    assert clean._draws_border("border: 1px solid #000")
    assert clean._draws_border("border-radius: 12px")
    assert clean._draws_border("--card-border-width: 1px")  # a custom property naming one
    assert not clean._draws_border("box-sizing: border-box")
    assert not clean._draws_border("border: 0px solid #fff; border-style: none")
    assert not clean._draws_border("border-bottom: 0 !important")


def test_a_div_of_prose_among_paragraphs_is_read(monkeypatch):
    html = _page(f"<div class='special-box'><strong>Update:</strong> {NOTE[8:]}</div>")
    for extract in (_precise, _recall):
        text = extract(html)
        assert "lower gates will be replaced" in text and "Traffic is expected" in text
    monkeypatch.setattr(clean, "TEXT_DIVS", False)
    assert "lower gates will be replaced" not in _precise(html)


@pytest.mark.parametrize(
    "block",
    [
        "<div class='cta'>Sign up now and save ten percent today</div>",  # no prose
        # prose, but not among the body's paragraphs: a box beside the article
        None,
    ],
)
def test_a_short_div_or_one_outside_the_body_is_not_read(block):
    if block is not None:
        assert "Sign up now" not in _precise(_page(block))
        return
    html = (
        "<html><head><title>River lock reopens</title></head><body>"
        f"<article>{PARAGRAPHS}{CLOSING}</article>"
        f"<div class='sidebar-box'><div class='note'>{NOTE}</div></div></body></html>"
    )
    assert "lower gates will be replaced" not in _precise(html)


def test_the_full_pass_is_trafilaturas_own(monkeypatch):
    seen = []
    own = clean._text_divs

    def spy(read=True):
        seen.append(read)
        return own(read)

    monkeypatch.setattr(clean, "_text_divs", spy)
    tree = clean._parse(_page(f"<div>{NOTE}</div>"))
    clean._extract_text(tree, None, favor_precision=True)
    clean._extract_text(tree, None, fast=False, favor_recall=True)
    clean._extract_text(tree, None, fast=False)
    assert seen == [True, True, False]


QUOTE = (
    "<figure class='quote'><blockquote><p>We rebuilt the gates to last another century, and "
    "the barges will feel the difference from the first day.</p></blockquote>"
    "<figcaption>Chief engineer of the lock</figcaption></figure>"
)


def test_a_figure_holding_a_quotation_is_kept(monkeypatch):
    """A <figure> holding a <blockquote> is a quotation, not an image: trafilatura's tree
    cleaning drops every figure but one holding a table."""
    html = _page(QUOTE)
    for extract in (_precise, _recall):
        assert "rebuilt the gates to last another century" in extract(html)
    monkeypatch.setattr(clean, "QUOTED_FIGURES", False)
    assert "rebuilt the gates to last another century" not in _precise(html)


def test_a_figure_of_an_image_still_goes():
    html = _page("<figure><img src='gate.jpg' alt='the new gate'><figcaption>The new upstream "
                 "gate is lowered into place by a floating crane.</figcaption></figure>")
    assert "floating crane" not in _precise(html)


def test_the_cleaning_is_trafilaturas_own_after_the_pass():
    from trafilatura import core, htmlprocessing

    own = htmlprocessing.tree_cleaning
    clean._extract_text(clean._parse(_page(QUOTE)), None, favor_precision=True)
    assert htmlprocessing.tree_cleaning is own and core.tree_cleaning is own


def test_a_paragraph_that_opens_with_an_image_keeps_its_text(monkeypatch):
    """The image's wrapper is left empty by the cleaning and deleted; in precision mode
    trafilatura deleted the text after it (its tail), the paragraph's whole text."""
    html = _page("<p><span class='img-wrap'><picture><img src='gate.jpg'></picture></span>"
                 "Choosing a guided barge tour comes with plenty of perks, especially for "
                 "travellers who prefer a stress-free way to see the canal.</p>")
    assert "plenty of perks" in _precise(html)
    monkeypatch.setattr(clean, "PRECISE_TAILS", False)
    assert "plenty of perks" not in _precise(html)
    from trafilatura import htmlprocessing

    assert htmlprocessing.prune_html.__name__ == "prune_html"  # trafilatura's own after


SECTION = (
    "<p>Crews will work through the night so that the convoy can pass on Monday, the "
    "agency said in its statement.</p>"
)


@pytest.mark.parametrize(
    "heading",
    [
        "<h2 id='gates'><a href='#gates'>Why the gates failed</a></h2>",  # a permalink
        "<h2>2. <a href='https://example.org/report.pdf'>Why the gates failed</a></h2>",
    ],
)
def test_a_section_heading_that_is_a_link_is_kept(monkeypatch, heading):
    # (trafilatura reads links as links inside a div, a list item, a paragraph or a table)
    html = _page(f"<div class='section'>{heading}{SECTION}</div>")
    assert "Why the gates failed" in _precise(html)
    monkeypatch.setattr(clean, "SECTION_HEADINGS", False)
    assert "Why the gates failed" not in _precise(html)


def test_a_linked_title_without_a_paragraph_after_it_still_goes():
    """Teaser titles: linked headings one after another, no prose under them."""
    teasers = (
        "<div class='more'><h3><a href='/ferry'>Ferry fares rise again this winter</a></h3>"
        "<h3><a href='/bridge'>New bridge opens to cyclists and walkers</a></h3></div>"
    )
    text = _precise(_page(teasers))
    assert "Ferry fares" not in text and "New bridge" not in text
    text = _precise(_page(f"<div class='section'>{teasers}{SECTION}</div>")) and "New bridge" not in text


def test_a_header_holding_only_a_section_heading_is_kept(monkeypatch):
    html = _page(f"<header><h2 class='section-title'>Why the gates failed</h2></header>{SECTION}")
    assert "Why the gates failed" in _precise(html)
    monkeypatch.setattr(clean, "SECTION_HEADERS", False)
    assert "Why the gates failed" not in _precise(html)


def test_a_header_with_more_than_a_heading_still_goes():
    html = _page("<header><h2>Canal news</h2><p>Your guide to the waterways since "
                 f"1987</p></header>{SECTION}")
    assert "Your guide to the waterways" not in _precise(html)


def test_a_permalinked_heading_over_a_list_is_kept(monkeypatch):
    """A heading linking its own anchor heads a section whatever follows it (here a list)."""
    body = ("<div class='section'><h2 id='gates'><a href='#gates'>Why the gates failed</a></h2>"
            "<ul><li>The hinges had corroded after the spring floods of that year</li>"
            "<li>The seals leaked at the lower gate during every single lockage</li></ul>"
            f"{SECTION}</div>")
    assert "Why the gates failed" in _precise(_page(body))
    monkeypatch.setattr(clean, "SECTION_HEADINGS", False)
    assert "Why the gates failed" not in _precise(_page(body))



@pytest.mark.parametrize(
    "section",
    [
        # a section's <header> holding only its linked heading, the prose in the block after it
        ("<div class='listicle'><section><header><h3><a href='https://parks.example.org/gates'>"
        f"Why the gates failed</a></h3></header><main>{SECTION}</main></section></div>"),
        # an empty paragraph between (a space the editor left) and the prose in a div
        ("<div class='card'><h3><a href='https://example.org/report'>Why the gates failed</a></h3>"
        f"<p>\u00a0</p><div>{SECTION}</div></div>"),
    ],
)
def test_a_linked_heading_whose_next_words_are_prose_heads_a_section(monkeypatch, section):
    html = _page(section)
    assert "Why the gates failed" in _precise(html)
    monkeypatch.setattr(clean, "FOLLOWING_PARAGRAPHS", False)
    assert "Why the gates failed" not in _precise(html)


@pytest.mark.parametrize(
    "section",
    [
        # the next words are a teaser's date, in no paragraph
        ("<div class='section'><header><h3><a href='/ferry'>Ferry fares rise again this winter</a>"
        f"</h3></header><div><span>Two minutes ago</span></div>{SECTION}</div>"),
        # the next words are in no paragraph
        ("<div class='section'><h3><a href='/ferry'>Ferry fares rise again this winter</a></h3>"
        "<span>Crews will work through the night so that the convoy can pass on Monday.</span>"
        f"{SECTION}</div>"),
    ],
)
def test_a_linked_heading_whose_next_words_are_no_prose_paragraph_still_goes(section):
    assert "Ferry fares" not in _precise(_page(section))


def test_a_linked_heading_over_a_short_paragraph_heads_a_section(monkeypatch):
    """A card of a list: its linked title, a place line, then the description."""
    card = ("<div class='card'><h2><a href='https://expo.example.org/'>Lock Keepers Expo</a></h2>"
            f"<p>Bristol, United Kingdom</p>{SECTION}</div>")
    assert "Lock Keepers Expo" in _precise(_page(card))
    monkeypatch.setattr(clean, "ANY_PARAGRAPH", False)
    assert "Lock Keepers Expo" not in _precise(_page(card))

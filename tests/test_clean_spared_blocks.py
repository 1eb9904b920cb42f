"""trafilatura's class / id discard rules match by substring ('widget', 'embed', 'slide', 'bar',
a 'hide' class): a block they match that reads as the article's prose is kept by the precise and
recall passes, unless its name (or a matched block's around it) says what boilerplate it is."""

from __future__ import annotations

import pytest

from monitor import clean

# Three paragraphs of varied prose (86 words, 6 sentences).
PROSE = (
    "<p>Engineers at the river lock replaced the upstream gates during a six-week closure, "
    "which forced barge operators to reroute grain shipments through the northern canal.</p>"
    "<p>Local farmers complained that the detour added two days to every delivery. Several "
    "cooperatives asked the state for compensation, citing higher fuel bills and spoiled loads.</p>"
    "<p>The agency answered that the old gates had been cracking since the spring floods. "
    "Inspectors found corrosion deep inside the hinges, so waiting another season was not safe.</p>"
)
INTRO = (
    "<p>The river lock reopened on Friday morning, and the first convoy of barges passed "
    "through before noon, officials said.</p>"
)
CLOSING = "<p>Traffic is expected to return to normal levels by the end of next week.</p>"


def _page(block: str) -> str:
    return (
        "<html><head><title>River lock reopens after repairs</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>River lock reopens after repairs</h1>{INTRO}{block}{CLOSING}</article>"
        "<footer><a href='/privacy'>Privacy</a> <a href='/terms'>Terms</a></footer>"
        "</body></html>"
    )


def _precise(html: str) -> str:
    return clean._extract_text(clean._parse(html), None, favor_precision=True)


def _recall(html: str) -> str:
    return clean._extract_text(clean._parse(html), None, fast=False, favor_recall=True)


@pytest.mark.parametrize("name", ["story-widget", "text-embed", "listicle-slides", "bard"])
def test_a_prose_block_whose_class_only_looks_like_boilerplate_is_kept(monkeypatch, name):
    html = _page(f"<div class='{name}'>{PROSE}</div>")
    for extract in (_precise, _recall):
        text = extract(html)
        assert "Inspectors found corrosion" in text and "Traffic is expected" in text
    monkeypatch.setattr(clean, "SPARE_BODIES", False)  # trafilatura's rules alone drop it
    assert "Inspectors found corrosion" not in _precise(html)


def test_a_collapsed_section_of_prose_is_kept():
    """A 'hide' class marks an accordion's closed panel: its text is the article's."""
    html = _page(f"<div class='panel hide-closed'>{PROSE}</div>")
    assert "Inspectors found corrosion" in _precise(html)


@pytest.mark.parametrize(
    "block",
    [
        f"<div class='author-box'>{PROSE}</div>",  # prose about the author
        f"<div id='related-stories'>{PROSE}</div>",
        f"<div class='comment-widget'>{PROSE}</div>",
        # a matched block inside a block named boilerplate goes with it
        f"<div class='testimonial-slider'><div class='slides'>{PROSE}</div></div>",
    ],
)
def test_a_block_named_boilerplate_goes_however_it_reads(block):
    text = _precise(_page(block))
    assert "Inspectors found corrosion" not in text and "Traffic is expected" in text


def test_code_and_placeholder_text_are_no_prose():
    """Code (its symbols tell it, with or without <pre> markup; its comments are sentences)
    and a template's placeholder text are kept out."""
    code = (
        "<p>// Open the upper gate when both levels match. Log the time for the keeper.</p>"
        "<p>const upper = openLock({ side: 'upstream', hours: 2 }); log(upper);</p>"
        "<p>// Pumps start after the chamber drains. Never run them dry.</p>"
        "<p>if (chamber.level < 0.5) { pumps.start(); } else { pumps.wait(30); }</p>"
        "<p>// Close every valve before the convoy leaves. Report faults at once.</p>"
        "<p>for (let v of valves) { v.close(); report(v.state); }</p>"
        "<p>// Winter mode keeps heaters on. Ice damages the seals quickly.</p>"
        "<p>heaters.enable({ mode: 'winter', target: 4 }); seals.check();</p>"
    )
    lorem = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 4 + "</p>"
    for block in (f"<div class='code-embed'>{code}</div>", f"<div class='hero-banner'>{lorem}{PROSE}</div>"):
        text = _precise(_page(block))
        assert "openLock" not in text and "Inspectors found corrosion" not in text


def test_a_repeated_placeholder_is_no_prose():
    loading = "<p>Loading the paragraph. Please wait. Loading the image.</p>" * 12
    text = _precise(_page(f"<div class='story-widget'>{loading}</div>"))
    assert "Loading" not in text


def test_a_block_of_labels_is_no_prose():
    """Prose is words in sentences: a block of specification labels is no article text."""
    labels = (
        "<p>Upper gate width 12 metres height 9 metres steel grade S355 weight 40 tonnes</p>"
        "<p>Lower gate mitre type oak seals hydraulic rams two pumps rated 30 kilowatts</p>"
        "<p>Chamber length 190 metres depth 4 metres fill time 11 minutes lift 6 metres</p>"
        "<p>Opened 1932 rebuilt 1987 keeper cottage visitor centre car park cafe toilets</p>"
        "<p>Operating hours summer dawn to dusk winter weekdays only booking by radio</p>"
    )
    assert "steel grade" not in _precise(_page(f"<div class='story-widget'>{labels}</div>"))


def test_short_blocks_of_the_kind_of_a_prose_block_are_kept_with_it(monkeypatch):
    """A list of places, each its own embedded block: one long enough to read as prose, the
    others one or two sentences; all are the article's."""
    long_place = f"<div class='place-embed'><h3>Harbour Cafe</h3>{PROSE}</div>"
    short = (
        "<div class='place-embed'><h3>Lock Keeper's Inn</h3><p>A quiet inn beside the lower "
        "gate serves fish soup and local cider to barge crews.</p></div>"
        "<div class='place-embed'><h3>Canal Bakery</h3><p>Bread and pastries from five in the "
        "morning, with coffee for the early convoys.</p></div>"
    )
    text = _precise(_page(long_place + short))
    assert "quiet inn beside the lower gate" in text and "Bread and pastries" in text
    monkeypatch.setattr(clean, "SPARE_BODIES", False)
    assert "quiet inn beside the lower gate" not in _precise(_page(long_place + short))


def test_a_hidden_copy_for_another_screen_size_is_kept_once():
    """A page shows one copy of a text on small screens and another on large ones, both
    under a 'hide' class: one copy is the article's, two are a repetition."""
    block = f"<div class='copy hide-small'>{PROSE}</div><div class='copy hide-large'>{PROSE}</div>"
    text = _precise(_page(block))
    assert text.count("Inspectors found corrosion") == 1


@pytest.mark.parametrize("rule", ["_spare_bodies", "_gather_headings_and_lists"])
def test_the_full_pass_is_trafilaturas_own(monkeypatch, rule):
    """Only the precise and recall passes spare blocks and gather headings and lists: the
    full pass (trafilatura's whole cascade, plain trafilatura's answer) is trafilatura's."""
    seen = []
    own = getattr(clean, rule)

    def spy(on=True):
        seen.append(on)
        return own(on)

    monkeypatch.setattr(clean, rule, spy)
    tree = clean._parse(_page(f"<div class='story-widget'>{PROSE}</div>"))
    clean._extract_text(tree, None, favor_precision=True)
    clean._extract_text(tree, None, fast=False, favor_recall=True)
    clean._extract_text(tree, None, fast=False)
    assert seen == [True, True, False]


def test_a_short_block_is_no_body():
    """A few sentences under a boilerplate-looking class are a call to action, not prose
    that carries the article (the block of its kind is not prose either)."""
    block = "<div class='app-banner'><p>Get the app. It is free. Download it now.</p></div>"
    assert "Get the app" not in _precise(_page(block))


def test_where_the_rules_match_nearly_all_the_text_nothing_is_pruned():
    """trafilatura's guard: where its rules would leave under a seventh of the text, it
    prunes none of their blocks; sparing prose blocks keeps that (the short block stays)."""
    html = (
        "<html><head><title>River lock</title></head><body><article>"
        f"<div class='story-widget'>{PROSE}</div>"
        "<div class='facts-widget'><p>Gate facts: twelve metres wide, forty tonnes.</p></div>"
        "</article></body></html>"
    )
    assert "Gate facts" in _precise(html)


GATHERED_BODY = (
    "<p>The river lock reopened on Friday morning, and the first convoy of barges passed "
    "through before noon, officials said.</p>"
    "<h2>Why the gates failed</h2>"
    "<p>Inspectors found corrosion deep inside the hinges of the upstream gates after the "
    "spring floods, so the agency closed the lock for six weeks.</p>"
    "<ul><li>Barge operators rerouted grain through the northern canal during the closure</li>"
    "<li>Farmers asked the state to pay for the higher fuel bills and the spoiled loads</li></ul>"
    "<p>Traffic is expected to return to normal levels by the end of next week, the agency "
    "said in a statement on Friday.</p>"
)


def _thin_container_page() -> str:
    """trafilatura's first body container (class 'post-content') holds two short lines: it
    gathers the page's loose paragraphs instead."""
    return (
        "<html><head><title>River lock reopens</title></head><body>"
        "<div class='post-content'><p>Thanks for reading.</p><p>More stories below.</p></div>"
        f"<div class='main-column'>{GATHERED_BODY}</div>"
        "<div class='links'><h3>Popular now</h3><ul><li>Ferry fares rise again</li>"
        "<li>New bridge opens to cyclists</li></ul></div></body></html>"
    )


def test_headings_and_lists_among_gathered_paragraphs_are_kept(monkeypatch):
    text = _precise(_thin_container_page())
    assert "Why the gates failed" in text
    assert "Farmers asked the state to pay" in text
    # a heading and a list with no paragraphs beside them are no part of the body
    assert "Popular now" not in text and "Ferry fares" not in text
    monkeypatch.setattr(clean, "RECOVER_HEADINGS_AND_LISTS", False)
    text = _precise(_thin_container_page())
    assert "Why the gates failed" not in text and "Farmers asked" not in text


def test_the_recall_pass_gathers_headings_and_its_lists_once():
    text = _recall(_thin_container_page())
    assert "Why the gates failed" in text
    assert text.count("Farmers asked the state to pay") == 1

"""The line rules' literal prefilter: classify_line answers as trying every rule in order does."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor import boilerplate as bp
from monitor import clean


@pytest.fixture(autouse=True)
def cold_caches():
    for cached in (clean._fold_cached, clean._count_cached, clean._rules, clean._gates,
                   clean._rules_among):
        cached.cache_clear()


def reference(line: str, skip: frozenset[str] = frozenset()) -> str | None:
    """The rules one by one, in order, every one asked: what classify_line must answer."""
    text = clean._norm(line)
    if not text:
        return None
    long_line = (
        clean._words(text) > bp.MAX_BOILERPLATE_WORDS
        and not bp.CAPTION_LABEL_RE.fullmatch(text)
    )
    order = bp.LONG_LINE_REASONS if long_line else [reason for reason, _ in bp.LINE_RULES]
    for reason in order:
        if reason not in skip and clean._RULES[reason].fullmatch(text):
            return reason
    return None


LINES = [
    "Click to Tweet", "Photo: Reuters", "PHOTO: AP", "Photos © Jane Doe", "Image credit: NASA",
    "Sign up for our newsletter", "Our Newsletters", "This site uses cookies to improve things.",
    "Accept all cookies", "Cookie Policy", "© 2024 Foo Inc. All rights reserved.",
    "All Rights Reserved", "Jane Doe can be reached at jane@example.com", "jane@example.com",
    "Updated 2024 May 3, 10:45 GMT", "10:45 am ET", "Read the full story here",
    "Watch: the video [/embed]", "Markets rally [video]", "本报印刷版 2024年", "图片来源：新华社",
    "Continue reading", "12 comments", "Advertisement", "By Jane Doe and John Smith",
    "Dock workers at the country's largest container port walked out on Monday.",
    # characters IGNORECASE folds other than str.lower does: the prefilter steps aside
    "Clİck to Tweet", "Clıck to tweet", "Accept all cookıes", "ALL RİGHTS RESERVED",
    "Newſletters", "Our newsletters ϐ", "Sign up: Kelvin \u212a newsletter",
]


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("skip", [frozenset(), frozenset(bp.HTML_KEEP_REASONS)])
def test_same_reason_as_every_rule_in_order(line, skip):
    assert clean.classify_line(line, skip) == reference(line, skip)


def test_the_folded_forms_still_match():
    assert clean.classify_line("Clİck to Tweet") == "share"
    assert clean.classify_line("ALL RİGHTS RESERVED") == "footer"


WORDS = ["click", "to", "tweet", "photo", "photos", "©", "credit", ":", "：", "cookies", "cookie",
         "policy", "all", "rights", "reserved", "newsletter", "reached", "at", "@", "x.com",
         "[/", "]", "[video]", "印刷版", "图片", "2024", "10:45", "h", "ı", "İ", "ſ", "K", "\u212a",
         "the", "we", "use", "story", "comment", "read", "more", "by", "Jane", "-", "•", " "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.booleans())
def test_any_line_of_rule_words(words, html):
    line = " ".join(words)
    skip = frozenset(bp.HTML_KEEP_REASONS) if html else frozenset()
    assert clean.classify_line(line, skip) == reference(line, skip)


def test_strings_read_off_the_patterns():
    assert clean._needles(r".{0,80}\bnewsletters?\W*") == {"newsletter"}
    assert clean._needles(r".{0,400}click to tweet\W*") == {"click to tweet"}
    assert clean._needles(r".{0,200}\b(photos?|images?) ©.{0,80}") == {
        "photo ©", "photos ©", "image ©", "images ©"}
    assert clean._needles(r"(a|b)?x*") is None  # may match the empty line
    assert clean._needles(r".{0,40}\b\w+") is None


SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\u00a0\u2000\u2009\u200b\u3000\n\r ab文"))))
def test_spaces_fold_as_every_run_replaced(line):
    assert clean._fold(line) == SPACES.sub(" ", unicodedata.normalize("NFKC", line)).strip()
    assert clean._tidy(line) == SPACES.sub(" ", line).strip()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.booleans())
def test_gated_patterns_alone_answer_as_one_alternation(words, html):
    """A line that opens gated patterns: asked one by one after the ungated alternation, or in
    one alternation of every pattern not left out, the same reason."""
    line = " ".join(words)
    skip = frozenset(bp.HTML_KEEP_REASONS) if html else frozenset()
    alone = clean.classify_line(line, skip)
    try:
        clean.GATED_ALONE = False
        together = clean.classify_line(line, skip)
    finally:
        clean.GATED_ALONE = True
    assert alone == together == reference(line, skip)


def test_no_regex_compiled_per_set_of_opened_patterns():
    for line in LINES:
        clean.classify_line(line)
    # only the alternation of the ungated patterns, whatever the lines open
    assert clean._rules_among.cache_info().currsize <= 2

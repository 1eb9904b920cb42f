"""The shortcuts taken for speed in monitor.numbers and monitor.claims give the same results
as the plain scans they replace."""

from __future__ import annotations

import re
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from monitor import claims, numbers
from monitor.numbers import _ARABIC, _CASE_EXTRA, _MASKS, _Masks, _patterns

# Pieces of what _MASKS masks (phone numbers, dates, times, citations, identifiers, URLs),
# glued by the separators it cares about, so that random texts often half-form a mask.
PIECES = [
    "+1",
    "+86",
    "(555)",
    "(12)",
    "123",
    "4567",
    "12345678",
    "2024",
    "05",
    "1",
    "19",
    "2.5",
    "10:30",
    "[1",
    "2]",
    "401(k)",
    "H20",
    "abc123",
    "deadbeef12",
    "a.b@x.org",
    "http://x",
    "www.y",
    "word",
    "Big",
    "١٢",
    "３",
    "亿",
    "年",
]
SEPARATORS = ["", " ", "  ", "-", "–", ".", "/", ",", ":", "(", ")", "\n", "\u3000", "\u00a0"]
texts = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=10).map(
    lambda parts: "".join(piece + sep for piece, sep in parts)
)


def _full_scan(text: str) -> list[tuple[int, int]]:
    """The reference: every span of one _MASKS scan over the whole text."""
    return [m.span() for m in _MASKS.finditer(text)]


def _overlaps_full_scan(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


@settings(max_examples=1500, deadline=None)
@given(texts)
@example("+1 (12) 34 56")  # a phone number runs on across whitespace before "("
@example("5. Seek help")  # a list item's look-ahead reads past the cut after it
@example("call 555 123 4567 now")
def test_masks_near_a_core_match_the_whole_text_scan(text: str) -> None:
    masks, spans = _Masks(text), _full_scan(text)  # the scan made once, not per window
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + 8) + 1):
            assert masks.overlaps(start, end) == _overlaps_full_scan(spans, start, end), (
                text,
                start,
                end,
            )


def test_masks_on_typical_text() -> None:
    text = (
        "See https://example.com/a 5 or mail a.b@x.org, call +1 (555) 123-4567 on 2024-05-01"
        " at 10:30; H20 chips (19) [1, 2] and 401(k) plans. 5 more."
    )
    masks, spans = _Masks(text), _full_scan(text)
    for m in re.finditer(r"\d+|\w+", text):
        assert masks.overlaps(*m.span()) == _overlaps_full_scan(spans, *m.span())


@settings(max_examples=1000, deadline=None)
@given(texts)
def test_arabic_matches_its_look_behind_form(text: str) -> None:
    text = text.replace(" ", "")  # runs of digits, commas and dots
    plain = re.compile(  # Indian grouping (3,45,000) first, then thousands, then plain digits
        r"(?<![\d.,])(?:\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
        r"|\d+(?:\.\d+)?)(?![\d])"
    )
    assert [m.span() for m in _ARABIC.finditer(text)] == [m.span() for m in plain.finditer(text)]


WORDS = [
    "a",
    "an",
    "half",
    "dozen",
    "one",
    "two",
    "twenty",
    "sixty",
    "hundred",
    "the",
    "of",
    "A",
    "Twice",
    "twice",
    "third",
    "Quarter",
    "quarters",
    "x",
    "ſix",
    "İ",
    "ı",
    "K",
    "ſ",
    "一半",
    "三分之一",
    "过半",
    "百分之五",
]
phrases = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", "-", "", ", ", "_"])), max_size=8
).map(lambda parts: "".join(w + sep for w, sep in parts))


@settings(max_examples=1500, deadline=None)
@given(phrases)
def test_word_gate_and_skipped_scans_change_no_core(text: str) -> None:
    p = _patterns()
    gate_free = re.compile(p.word_re.pattern.replace(p.word_gate, "", 1), re.IGNORECASE)
    assert [m.span() for m in p.word_re.finditer(text)] == [
        m.span() for m in gate_free.finditer(text)
    ]
    full = [(a.start, a.end, a.literal, a.number) for a in _cores_without_skips(text, p)]
    assert [(a.start, a.end, a.literal, a.number) for a in numbers._cores(text, p)] == full


def _cores_without_skips(text: str, p: numbers._Patterns) -> list[numbers._Atom]:
    """_cores with its word tests answering 'maybe' every time, so that every scan runs."""
    case_extra, hints = numbers._CASE_EXTRA, p.zh_fraction_hints
    numbers._CASE_EXTRA = re.compile("")  # always found: the lowered text is not used
    p.zh_fraction_hints = ("",)
    try:
        return numbers._cores(text, p)
    finally:
        numbers._CASE_EXTRA, p.zh_fraction_hints = case_extra, hints


def test_case_extra_lists_every_non_ascii_ignorecase_letter() -> None:
    """_may_contain relies on re.IGNORECASE matching only these to ASCII letters."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    extra = {chr(c) for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c))}
    assert extra == set("\u0130\u0131\u017f\u212a")
    assert all(_CASE_EXTRA.fullmatch(c) for c in extra)


CLAIM_WORDS = [
    "He",
    "said",
    "has",
    "also",
    "says",
    "Dr.",
    "U.S.",
    "Mr.",
    "J.",
    "Inc.",
    "e.g.",
    "No.",
    "the",
    "report",
    "reports",
    "then",
    "showed",
    "data",
    "“Yes.”",
    "(AP)",
    "3.5",
    "x",
    "says.",
    "\n",
    "according",
    "to",
    "As",
    "noted",
    "by",
]
sentences = st.lists(
    st.tuples(st.sampled_from(CLAIM_WORDS), st.sampled_from([" ", "  ", ". ", ", ", "", "-"])),
    max_size=14,
).map(lambda parts: "".join(w + sep for w, sep in parts))


def _split_english_whole(text: str, c: claims._Compiled) -> list[str]:
    """claims._split_english as it was: the abbreviation test on all the text before a "."."""
    out, start = [], 0
    for m in c.en_split.finditer(text):
        if text[m.start()] == "." and c.abbrev_tail.search(text[start : m.start()]):
            continue
        out.append(text[start : m.end()])
        start = m.end()
    out.append(text[start:])
    return out


@settings(max_examples=1500, deadline=None)
@given(sentences)
@example("It cost approx. Sales fell. Lapprox. Sales fell. xDr. Smith said. J. Doe. AJ. Doe")
def test_claim_shortcuts_match_the_plain_scans(text: str) -> None:
    c = claims._compiled()
    assert claims._split_english(text, c) == _split_english_whole(text, c)
    gate = re.search(r"\(\?=[^)]*\)", c.cue_en.pattern)
    assert gate
    gate_free = re.compile(c.cue_en.pattern.replace(gate.group(0), "", 1))
    assert [m.span() for m in c.cue_en.finditer(text)] == [
        m.span() for m in gate_free.finditer(text)
    ]
    frames = c.according_to.search(text) or c.as_by.search(text)
    assert bool(c.any_frame.search(text)) == bool(frames)

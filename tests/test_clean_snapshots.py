"""Saved text snapshots: boilerplate out with a reason, every body paragraph kept, in order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.clean import clean_snapshot

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "snapshots"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def cold_caches():
    """Each test folds, counts and classifies its lines afresh: the cleaner caches them per
    line, and a cache filled by an earlier test would answer for the code under test."""
    from monitor import clean

    for cached in (clean._fold_cached, clean._count_cached, clean._rules, clean._gates,
                   clean._rules_among):
        cached.cache_clear()


def seed(prefix: str) -> str:
    """The seed document whose file name starts with prefix, as text."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text("utf-8")


def nonblank(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def removed_with(cleaned, reason: str) -> list[str]:
    return [r.text for r in cleaned.removed if r.reason == reason]


def assert_in_source_order(paragraphs: list[str], text: str) -> None:
    """Kept paragraphs are the source's lines, unchanged but for spacing, in source order."""
    lines = nonblank(text)
    pos = 0
    for p in paragraphs:
        want = " ".join(p.split())
        while pos < len(lines) and " ".join(lines[pos].split()) != want:
            pos += 1
        assert pos < len(lines), f"paragraph not found in order: {p[:60]!r}"
        pos += 1


def test_seed_000_caption_original_and_statement_removed():
    text = seed("000")
    c = clean_snapshot(text)
    assert removed_with(c, "caption_label") == ["Image caption:"]
    assert removed_with(c, "caption")[0].startswith("Robot boxing performance")
    assert removed_with(c, "original_link")[0].startswith("Original: https://www.toutiao.com/")
    assert removed_with(c, "statement")[0].startswith("Statement: The article represents")
    assert len(c.removed) == 4
    assert len(c.paragraphs) == len(nonblank(text)) - 4
    assert c.paragraphs[0].startswith("The Wall Street Journal, July 29 article")
    assert c.provenance["original_url"] == "https://www.toutiao.com/article/7533457713548886563/"
    assert c.provenance["credited_outlet"] == "The Wall Street Journal"
    assert_in_source_order(c.paragraphs, text)


def test_seed_001_bilingual_boilerplate_removed_both_languages_kept():
    text = seed("001")
    c = clean_snapshot(text)
    assert c.provenance["saved_from"].startswith("https://www.wsj.com/tech/ai/how-china-is-girding")
    assert removed_with(c, "save_page_header")[0].startswith("这是用户在")
    assert removed_with(c, "navigation") == [
        "• What to Read Next",
        "• Most Popular News",
        "• Most Popular Opinion",
        "• Recommended Videos",
    ]
    assert len(removed_with(c, "advertisement")) == text.count("\nAdvertisement")
    assert removed_with(c, "dateline") == ["ET"]
    credits = removed_with(c, "caption_credit")
    assert sum("Photo:" in x for x in credits) == 5
    assert sum(bool(CJK.search(x)) for x in credits) == 5  # their Chinese translations
    assert len(removed_with(c, "image_alt")) == 5
    byline = removed_with(c, "byline")
    assert byline[0].startswith("Write to Raffaele Huang") and byline[1].startswith("请发送邮件至")
    footer = removed_with(c, "footer")
    assert any(x.startswith("Copyright ©2025 Dow Jones") for x in footer)
    assert any(x.startswith("Appeared in the July 30, 2025, print edition") for x in footer)
    assert any("印刷版" in x for x in footer)
    kept = "\n".join(c.paragraphs)
    for junk in ("Advertisement", "Photo:", "@wsj.com", "What to Read Next", "print edition"):
        assert junk not in kept
    assert "‘Project Spare Tire’ “备胎计划”" in c.paragraphs
    assert c.title == "How China Is Girding for an AI Battle With the U.S."
    assert_in_source_order(c.paragraphs, text)
    # English body paragraphs are each followed by their Chinese translation.
    for en, zh in zip(c.paragraphs, c.paragraphs[1:]):
        if len(en.split()) >= 15 and not CJK.search(en):
            assert CJK.search(zh), en[:60]
    removed_count = len(c.removed)
    assert len(c.paragraphs) + removed_count == len(nonblank(text))


def test_seed_002_comment_prompts_removed():
    text = seed("002")
    c = clean_snapshot(text)
    assert [r.reason for r in c.removed] == ["comment_prompt", "comment_prompt"]
    assert c.removed[0].text.startswith("Post a Comment for")
    assert len(c.paragraphs) == len(nonblank(text)) - 2
    assert c.title == "China Races to Outpace U.S. in AI Leadership"


def test_seed_003_aggregator_sections_kept_teasers_removed():
    text = seed("003")
    c = clean_snapshot(text)
    for heading in ("What's happened", "What's behind the headline?", "What the papers say"):
        assert heading in c.paragraphs
    assert "How we got here" in c.paragraphs
    assert c.paragraphs[-1].startswith("Over recent years, China has prioritized AI")
    removed = [r.text for r in c.removed]
    for junk in ("Go deeper", "Common question", "More on these topics", "-"):
        assert junk in removed
        assert junk not in c.paragraphs
    assert any(x.startswith("Why Are Protests Happening") for x in removed)
    assert any(x.startswith("Xi Jinping is a Chinese politician") for x in removed)
    assert {r.reason for r in c.removed} == {"related_links"}
    assert_in_source_order(c.paragraphs, text)


def test_seed_004_you_may_also_like_block_removed():
    text = seed("004")
    c = clean_snapshot(text)
    assert c.title == "accelerate ai to compete"
    assert c.paragraphs[0] == "accelerate ai to compete"
    teaser = removed_with(c, "teaser")
    assert teaser[0] == "You May Also Like"
    assert sum(x.startswith("Dive into") for x in teaser) == 3
    assert len(teaser) == 7
    assert c.paragraphs[-1].startswith("Lastly, China sees AI as a key battleground")
    assert len(c.paragraphs) == 9


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_other_layouts(name: str):
    """A dozen layouts the seeds do not show: each removal carries the right reason."""
    spec = EXPECTED[name]
    text = (FIXTURES / name).read_text("utf-8")
    c = clean_snapshot(text)
    for reason, snippets in spec["removed"].items():
        got = removed_with(c, reason)
        for snippet in snippets:
            assert any(snippet in x for x in got), (reason, snippet, c.removed)
    expected_removed = sum(len(v) for v in spec["removed"].values())
    assert len(c.removed) == expected_removed, c.removed
    assert len(c.paragraphs) == spec["kept"], c.paragraphs
    assert c.title == spec["title"]
    for key, value in spec.get("provenance", {}).items():
        assert c.provenance.get(key) == value
    assert_in_source_order(c.paragraphs, text)


ALL_FILES = sorted(SEEDS.glob("*.txt")) + [FIXTURES / n for n in sorted(EXPECTED)]
ALL_TEXTS = [p.read_text("utf-8") for p in ALL_FILES]


# ids are the file names: mutmut reruns tests by id, and an id of the text's first characters
# (line breaks, Chinese) does not find its test again
@pytest.mark.parametrize("text", ALL_TEXTS, ids=[p.stem[:24] for p in ALL_FILES])
def test_cleaning_is_idempotent(text: str):
    """Cleaning the cleaned text again removes nothing more."""
    once = clean_snapshot(text)
    twice = clean_snapshot("\n".join(once.paragraphs))
    assert twice.paragraphs == once.paragraphs
    assert twice.removed == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_never_raises_and_idempotent_on_arbitrary_text(text: str):
    once = clean_snapshot(text)
    assert all(p.strip() for p in once.paragraphs)
    twice = clean_snapshot("\n".join(once.paragraphs))
    assert twice.paragraphs == once.paragraphs


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Advertisement",
                "Read more",
                "- A headline about something",
                "",
                "Share",
                "Photo: Someone/AP",
                "A short caption line.",
                "You May Also Like",
                (
                    "The council approved the plan on Tuesday after a long debate that went on "
                    "into the night, officials said, and it will take effect next year."
                ),
                "中国正加紧构建不依赖西方技术的人工智能产业生态,为与美国展开长期科技较量做准备。",
            ]
        ),
        max_size=30,
    )
)
def test_idempotent_on_mixed_boilerplate(lines: list[str]):
    once = clean_snapshot("\n".join(lines))
    twice = clean_snapshot("\n".join(once.paragraphs))
    assert twice.paragraphs == once.paragraphs


BODY = (
    "The council approved the plan on Tuesday after a long debate that went on into the night, "
    "officials said, and it will take effect next year."
)


def test_windows_and_old_mac_line_ends_a_caption_and_a_photo_credit():
    """A snapshot saved with \\r\\n or \\r line ends (and a stray NUL) cleans as with \\n: the
    caption under its label, the alt text over its credit and the source link go, with their
    reasons; the body keeps its text exactly."""
    text = (
        "Council approves harbour plan\r\n\r\n" + BODY + "\r\nA crane at the harbour on Monday\r\n"
        "Photo: Sam Lee/Reuters\r\nImage caption:\rThe harbour at night\r"
        + BODY.replace("Tuesday", "Wednesday") + "\x00\nOriginal: https://example.com/harbour-plan.\n"
    )
    c = clean_snapshot(text)
    assert c.title == "Council approves harbour plan"
    assert c.paragraphs == [
        "Council approves harbour plan",
        BODY,
        BODY.replace("Tuesday", "Wednesday"),
    ]
    assert [(r.reason, r.text) for r in c.removed] == [
        ("image_alt", "A crane at the harbour on Monday"),
        ("caption_credit", "Photo: Sam Lee/Reuters"),
        ("caption_label", "Image caption:"),
        ("caption", "The harbour at night"),
        ("original_link", "Original: https://example.com/harbour-plan."),
    ]
    # the link without the sentence's full stop
    assert c.provenance == {"original_url": "https://example.com/harbour-plan"}


def test_a_text_document_takes_the_fetched_url_and_one_of_only_boilerplate_is_no_article():
    from monitor.clean import NoArticle, clean_document

    doc = clean_document(("Council approves harbour plan\n\n" + BODY).encode(), "text", url="https://news.example/a")
    assert doc.url == "https://news.example/a"
    assert doc.paragraphs == ["Council approves harbour plan", BODY]
    with pytest.raises(NoArticle, match="no article text"):
        clean_document(b"Advertisement\nShare\n", "text")


def test_a_caption_label_over_a_body_paragraph_removes_only_the_label():
    """"Image caption:" whose next line is a long translated body paragraph: the label goes,
    the paragraph (in another script than the photo credit before) stays."""
    zh = (
        "理事会周二在一场持续到深夜的长时间辩论后批准了该计划，官员们表示，该计划将于明年生效，"
        "港口的起重机预算也将随之增加，码头工人对此表示欢迎，并称这将缩短船只的等待时间。"
    )
    c = clean_snapshot(f"{BODY}\nPhoto: Sam Lee/Reuters\nImage caption:\n{zh}\n")
    assert c.paragraphs == [BODY, zh]
    assert [(r.reason, r.text) for r in c.removed] == [
        ("caption_credit", "Photo: Sam Lee/Reuters"),
        ("caption_label", "Image caption:"),
    ]


def kept_and_removed(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The kept paragraphs and the (reason, text) of each removed line."""
    c = clean_snapshot(text)
    return c.paragraphs, [(r.reason, r.text) for r in c.removed]


ZH = "理事会周二在一场持续到深夜的长时间辩论后批准了该计划，官员们表示，该计划将于明年生效。"


def test_a_photo_credit_and_its_translation_take_no_body_paragraph_with_them():
    """Bilingual snapshot: a photo credit and its Chinese translation sit right above the next
    English paragraph and its translation. Only the two credit lines go; the body after them
    is no translation of the credit (it was dropped as "caption_credit" before the fix)."""
    text = f"{BODY}\n{ZH}\nPhoto: Sam Lee/Reuters\n图片：Sam Lee/路透社\n{BODY}\n{ZH}\n"
    paragraphs, removed = kept_and_removed(text)
    assert paragraphs == [BODY, ZH, BODY, ZH]
    assert removed == [
        ("caption_credit", "Photo: Sam Lee/Reuters"),
        ("caption_credit", "图片：Sam Lee/路透社"),
    ]


@pytest.mark.parametrize(
    ("line", "translation"),
    [
        ("请联系 Sam Lee", True),  # 3 Han characters, 6 Latin letters: Chinese enough
        ("请联系港口记者 Samuel Lee", True),
        ("联系 Samuel", False),  # 2 Han characters, 6 Latin letters: an English line
        ("联系记者 Samuel Lee", False),  # 4 Han, 9 Latin
    ],
    ids=["3-han-6-latin", "6-han-9-latin", "2-han-6-latin", "4-han-9-latin"],
)
def test_a_line_under_a_removed_byline_goes_with_it_only_in_the_other_script(line, translation):
    """Under an English byline, a line mostly in Chinese (two Latin letters per Han character
    at most) is its translation and goes with it as "byline"; a mostly Latin line is not."""
    c = clean_snapshot(f"{BODY}\nWrite to Sam Lee at sam.lee@example.com\n{line}\n{BODY}\n")
    assert (line in c.paragraphs) is not translation
    assert [r.reason for r in c.removed] == ["byline"] * (2 if translation else 1)
    assert c.paragraphs.count(BODY) == 2


def test_full_width_and_odd_spaces_do_not_hide_boilerplate_and_the_text_is_kept_as_written():
    """Full-width letters, no-break and ideographic spaces: the line is still recognised (as
    its folded form) and stored as written, spaces collapsed; a 2,500-character paragraph
    (longer than any cached line) is kept whole."""
    long_para = " ".join([BODY] * 18)
    assert len(long_para) > 2000
    text = (
        f"{BODY}\nＡｄｖｅｒｔｉｓｅｍｅｎｔ\nSign\u00a0up  for our newsletter\n"
        f"Follow us on\u3000Twitter\n{long_para}\n"
    )
    paragraphs, removed = kept_and_removed(text)
    assert paragraphs == [BODY, long_para]
    assert removed == [
        ("advertisement", "Ａｄｖｅｒｔｉｓｅｍｅｎｔ"),
        ("newsletter", "Sign up for our newsletter"),
        ("byline", "Follow us on Twitter"),
    ]


@pytest.mark.parametrize(("words", "removed"), [(20, True), (21, False)], ids=["20-words", "21-words"])
def test_alt_text_over_a_photo_credit_is_at_most_20_words(words: int, removed: bool):
    alt = "The " + " ".join(["crane"] * (words - 1))
    c = clean_snapshot(f"{BODY}\n{alt}\nPhoto: Sam Lee/Reuters\n{BODY}\n")
    assert (alt in c.paragraphs) is not removed
    assert [r.reason for r in c.removed] == (["image_alt"] if removed else []) + ["caption_credit"]


@pytest.mark.parametrize(("words", "caption"), [(40, True), (41, False)], ids=["40-words", "41-words"])
def test_a_caption_under_its_label_is_at_most_40_words(words: int, caption: bool):
    line = " ".join(["crane"] * words)
    c = clean_snapshot(f"Image caption:\n{line}\n{BODY}\n")
    assert c.paragraphs == ([BODY] if caption else [line, BODY])
    assert [r.reason for r in c.removed] == ["caption_label"] + (["caption"] if caption else [])


def test_a_related_block_ends_at_a_body_paragraph_after_a_blank_line_or_at_other_boilerplate():
    """Headlines under "Related stories" go with it; other boilerplate ends the block (and
    goes with its own reason); a body paragraph after a blank line ends it too."""
    text = (
        "Related stories\nCrane Drivers Vote On New Contract\nAdvertisement\n"
        f"{BODY}\nSee also\nFerry Operator Cancels Winter Routes\n\n{BODY}\n"
    )
    paragraphs, removed = kept_and_removed(text)
    assert paragraphs == [BODY, BODY]
    assert removed == [
        ("related_links", "Related stories"),
        ("related_links", "Crane Drivers Vote On New Contract"),
        ("advertisement", "Advertisement"),
        ("related_links", "See also"),
        ("related_links", "Ferry Operator Cancels Winter Routes"),
    ]


def test_a_teaser_block_runs_on_over_related_and_navigation_lines():
    """"You May Also Like" takes the "Read more" and "Most Popular" lines inside it with its
    headlines (teaser, related and navigation lines are all part of such a block); a comment
    block takes its own prompts and the headline after them."""
    text = (
        "You May Also Like\nCrane Drivers Vote On New Contract\nRead more\nMost Popular\n"
        f"Ferry Operator Cancels Winter Routes\n\n{BODY}\n\n"
        f"Comments\nPost a Comment for this story\nDock Strike Ends After Talks\n\n{BODY}\n"
    )
    paragraphs, removed = kept_and_removed(text)
    assert paragraphs == [BODY, BODY]
    assert removed == [
        ("teaser", "You May Also Like"),
        ("teaser", "Crane Drivers Vote On New Contract"),
        ("teaser", "Read more"),
        ("teaser", "Most Popular"),
        ("teaser", "Ferry Operator Cancels Winter Routes"),
        ("comment_prompt", "Comments"),
        ("comment_prompt", "Post a Comment for this story"),
        ("comment_prompt", "Dock Strike Ends After Talks"),
    ]


def test_a_bulleted_block_heading_ends_at_the_first_line_without_a_bullet():
    paragraphs, removed = kept_and_removed(f"• More stories\nCrane Drivers Vote On New Contract\n{BODY}\n")
    assert paragraphs == ["Crane Drivers Vote On New Contract", BODY]
    assert removed == [("related_links", "• More stories")]
    assert clean_snapshot(f"• More stories\nCrane Drivers Vote On New Contract\n{BODY}\n").title == (
        "Crane Drivers Vote On New Contract"
    )


@pytest.mark.parametrize(("words", "title"), [(20, True), (21, False)], ids=["20-words", "21-words"])
def test_a_snapshot_title_is_at_most_20_words(words: int, title: bool):
    head = " ".join(["Harbour"] * (words - 1) + ["Plan"])
    c = clean_snapshot(f"{head}\n{BODY}\n")
    assert c.title == (head if title else None)


def test_a_source_link_keeps_its_last_letters():
    c = clean_snapshot(f"{BODY}\nOriginal: https://t.co/AbcX\n")
    assert c.provenance == {"original_url": "https://t.co/AbcX"}


@pytest.mark.parametrize(("cranes", "removed"), [(36, True), (37, False)], ids=["40-words", "41-words"])
def test_a_line_ending_in_a_photo_credit_is_a_caption_up_to_40_words(cranes: int, removed: bool):
    """A caption line that ends in its photo credit goes as "caption_credit" up to 40 words;
    a longer line is body text (only the rules built for long lines apply to it)."""
    line = " ".join(["crane"] * cranes) + " Photo: Sam Lee/Reuters"
    c = clean_snapshot(f"{BODY}\n{line}\n{BODY}\n")
    assert (line in c.paragraphs) is not removed
    assert [r.reason for r in c.removed] == (["caption_credit"] if removed else [])


@pytest.mark.parametrize(("han", "removed"), [(39, True), (40, False)], ids=["39-han", "40-han"])
def test_chinese_alt_text_counts_two_characters_a_word(han: int, removed: bool):
    """A run of 39 Han characters counts as 20 words (the run, and one word per two
    characters): alt text over a photo credit; 40 are 21 words, a paragraph."""
    alt = "港" * han
    c = clean_snapshot(f"{BODY}\n{alt}\nPhoto: Sam Lee/Reuters\n{BODY}\n")
    assert (alt in c.paragraphs) is not removed
    assert [r.reason for r in c.removed] == (["image_alt"] if removed else []) + ["caption_credit"]


SENTENCE_25 = (
    "The council approved the plan on Tuesday after a long debate that went on into the night "
    "and officials said it takes effect next year."
)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (SENTENCE_25, True),  # 25 words and a full stop: the body under a heading
        (SENTENCE_25.replace(" long", ""), False),  # 24 words: a teaser under "See also"
        (SENTENCE_25[:-1], False),  # no full stop
        ("• " + SENTENCE_25, False),  # a list item
    ],
    ids=["25-word-sentence", "24-word-sentence", "no-full-stop", "bulleted"],
)
def test_a_block_heading_over_a_body_paragraph_is_only_a_heading(line: str, kept: bool):
    c = clean_snapshot(f"See also\n{line}\n")
    assert c.paragraphs == ([line] if kept else [])
    assert [r.text for r in c.removed] == ["See also"] + ([] if kept else [line])


@pytest.mark.parametrize(
    ("caption", "credit", "body"),
    [
        (None, "图片：Sam Lee/路透社", BODY),  # a Chinese credit right under an English label
        ("The harbour at night", "图片：Sam Lee/路透社", BODY),  # under an English caption
        ("港口夜景", "Photo: Sam Lee/Reuters", ZH),  # an English credit under a Chinese caption
    ],
    ids=["label-then-zh-credit", "en-caption-then-zh-credit", "zh-caption-then-en-credit"],
)
def test_a_credit_in_another_script_under_a_caption_takes_no_body_paragraph_with_it(caption, credit, body):
    """A photo credit in the other script than the caption (or its label) right above it is
    that caption's translation: the pair is whole, and the body paragraph after the credit,
    in the caption's script, is kept (it is no translation of the credit)."""
    lines = ["Image caption:", *([caption] if caption else []), credit, body]
    paragraphs, removed = kept_and_removed("\n".join(lines) + "\n")
    assert paragraphs == [body]
    assert [r for r, _ in removed] == ["caption_label", *(["caption"] if caption else []), "caption_credit"]


@pytest.mark.parametrize(
    ("heading", "block"),
    [
        ("More from our reporters on the port strike", True),  # 8 words
        ("More from our reporters on the port strike today", False),  # 9 words: a sentence
    ],
    ids=["8-words", "9-words"],
)
def test_a_block_heading_is_at_most_8_words(heading, block):
    """"More from ..." opens a related block up to 8 words (the headline under it goes with
    it); a 9-word line that starts the same way goes alone, the headline under it stays."""
    paragraphs, removed = kept_and_removed(f"{heading}\nCrane Drivers Vote On New Contract\n\n{BODY}\n")
    if block:
        assert paragraphs == [BODY]
        assert removed == [("related_links", heading), ("related_links", "Crane Drivers Vote On New Contract")]
    else:
        assert paragraphs == ["Crane Drivers Vote On New Contract", BODY]
        assert removed == [("related_links", heading)]


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        # a short heading under a long first paragraph: the heading is the title
        ([BODY, "Council approves harbour plan", BODY], "Council approves harbour plan"),
        # a short sentence is no title, nor is a heading past the first three paragraphs
        (["Officials said talks would resume next week.", BODY], None),
        ([BODY, BODY, "Officials said talks would resume next week.", "Council approves harbour plan"], None),
    ],
    ids=["heading-second", "short-sentence", "heading-fourth"],
)
def test_the_snapshot_title_is_a_heading_among_the_first_three_paragraphs(lines, title):
    assert clean_snapshot("\n".join(lines) + "\n").title == title


def test_a_click_through_line_inside_a_related_block_does_not_end_it():
    """"Click here to read the full story" under "Related stories" is one more teaser line of
    the block: the headline after it goes with the block too."""
    text = (
        "Related stories\nCrane Drivers Vote On New Contract\nClick here to read the full story\n"
        f"Ferry Operator Cancels Winter Routes\n\n{BODY}\n"
    )
    paragraphs, removed = kept_and_removed(text)
    assert paragraphs == [BODY]
    assert removed == [
        ("related_links", "Related stories"),
        ("related_links", "Crane Drivers Vote On New Contract"),
        ("related_links", "Click here to read the full story"),
        ("related_links", "Ferry Operator Cancels Winter Routes"),
    ]

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

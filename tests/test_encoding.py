"""Decoding: declared charset, BOM, <meta charset>, UTF-8, detection; junk rejected with a reason."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.encoding import DecodeError, decode

ZH = (
    "中国正加紧构建不依赖西方技术的人工智能产业生态，为与美国展开长期科技较量做准备。"
    "摩根士丹利分析师预测，国产芯片占比将在未来几年大幅提升。"
)
ZH_TW = (
    "中國正加緊構建不依賴西方技術的人工智慧產業生態，為與美國展開長期科技較量做準備。"
    "摩根士丹利分析師預測，國產晶片占比將在未來幾年大幅提升。"
)
JA = (
    "日本の人工知能産業は急速に成長しており、多くの企業が新しいモデルを発表しています。"
    "政府も研究開発への投資を増やしています。"
)
EN = (
    "Café owners in Zürich said the naïve plan — costing €5,000 — was “unworkable”, "
    "according to Señor Núñez, who has run the café for 30 years."
)

CASES = [
    ("utf-8", ZH),
    ("gbk", ZH),
    ("gb18030", ZH),
    ("big5", ZH_TW),
    ("shift_jis", JA),
    ("cp1252", EN),
]


@pytest.mark.parametrize(("codec", "text"), CASES)
def test_declared_charset_is_used(codec: str, text: str):
    assert decode(text.encode(codec), "text", declared=codec) == text


@pytest.mark.parametrize(("codec", "text"), CASES)
def test_undeclared_text_is_detected(codec: str, text: str):
    assert decode(text.encode(codec), "text") == text


@pytest.mark.parametrize(("codec", "text"), CASES)
def test_html_meta_charset(codec: str, text: str):
    page = f'<html><head><meta charset="{codec}"></head><body><p>{text}</p></body></html>'
    assert text in decode(page.encode(codec), "html")


def test_http_header_wins_over_a_wrong_meta_tag():
    page = f'<html><head><meta charset="utf-8"></head><body><p>{ZH}</p></body></html>'
    assert ZH in decode(page.encode("gbk"), "html", declared="gbk")


def test_wrong_declared_charset_falls_back():
    assert decode(ZH.encode("utf-8"), "text", declared="iso-8859-5x") == ZH
    assert decode(ZH.encode("utf-8"), "text", declared="ascii") == ZH


def test_legacy_labels_widen_to_their_supersets():
    # GB18030-only and CP932-only characters decode under the labels pages actually use.
    assert decode("𠀀汉字".encode("gb18030"), "text", declared="gb2312") == "𠀀汉字"
    assert decode("①②③".encode("cp932"), "text", declared="shift_jis") == "①②③"


def test_bom_is_honoured_and_stripped():
    assert decode(b"\xef\xbb\xbf" + EN.encode(), "text") == EN
    assert decode(EN.encode("utf-16"), "text") == EN


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00",
        b"%PDF-1.7\n\x00\x01\x02binary",
    ],
)
def test_binary_and_empty_rejected(raw: bytes):
    with pytest.raises(DecodeError) as err:
        decode(raw, "text")
    assert str(err.value)


def test_random_bytes_rejected_not_mojibake():
    rng = random.Random(7)
    for _ in range(100):
        raw = bytes(rng.randrange(256) for _ in range(rng.randint(64, 2000)))
        with pytest.raises(DecodeError):
            decode(raw, "text")


def test_random_high_bytes_rejected():
    rng = random.Random(11)
    for _ in range(30):
        raw = bytes(rng.randrange(0x80, 0x100) for _ in range(600))
        with pytest.raises(DecodeError):
            decode(raw, "text")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=500).filter(lambda t: "\x00" not in t))
def test_utf8_round_trip_or_clear_rejection(text: str):
    """Valid UTF-8 text comes back unchanged unless it is mostly control characters."""
    try:
        assert decode(text.encode("utf-8"), "text") == text
    except DecodeError as err:
        assert "control" in str(err) or "mojibake" in str(err) or "undecodable" in str(err)


# Text rich in what the garbage check looks for: C0/C1 controls, private use, planes 15-16,
# and their harmless neighbours (tab, newline, no-break space, fullwidth forms, CJK).
_EDGY = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0xFF),
    st.characters(min_codepoint=0xE000, max_codepoint=0xF8FF),
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFFFF),
    st.characters(min_codepoint=0xF0000, max_codepoint=0x10FFFF),
    st.sampled_from("漢字。，a \t\n"),
)


@settings(max_examples=400, deadline=None)
@given(st.text(_EDGY, max_size=300), st.sampled_from([0.0, 0.01, 0.1, 0.5]))
def test_the_garbage_bound_from_utf8_bytes_never_changes_the_verdict(text: str, share: float):
    """The shortcut from UTF-8 bytes decides exactly as counting the characters does."""
    from monitor.encoding import _mostly_garbage

    assert _mostly_garbage(text, share, text.encode("utf-8")) == _mostly_garbage(text, share)




TURKISH = "Petrol fiyatları salı günü yüzde 5 yükseldi, dedi Şükrü."


def test_a_pages_own_charset_is_read_when_the_server_sends_none() -> None:
    """A short Windows-1254 page: detection alone reads 'y³kseldi'; its meta tag says better."""
    raw = f'<meta charset="windows-1254"><p>{TURKISH}</p>'.encode("cp1254")
    assert TURKISH in decode(raw, "html")


def test_a_meta_charset_after_blank_lines_is_still_found() -> None:
    """Templates often open with a long run of blank lines before the head (here 1,500)."""
    raw = ("\n" * 1500 + f'<meta charset="windows-1254"><p>{TURKISH}</p>').encode("cp1254")
    assert TURKISH in decode(raw, "html")

"""Language per paragraph: script decisions, short text, expected languages, translation pairs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.language import analyse, detect_language

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
BILINGUAL = SEEDS / "001_d42593f2763e6899.txt"
MONOLINGUAL = sorted(p for p in SEEDS.glob("*.txt") if not p.name.startswith("001_"))
HAN = re.compile(r"[\u4e00-\u9fff]")
# The obvious boilerplate of the snapshots: ad markers, navigation bullets, the save-page header.
BOILERPLATE = re.compile(r"^(Advertisement|•.*|-|这是用户在.*保存的.*)$")

BENCH_LANGS = [
    "ar",
    "de",
    "en",
    "es",
    "fa",
    "fr",
    "he",
    "hi",
    "id",
    "it",
    "ja",
    "ko",
    "nl",
    "pl",
    "pt",
    "ru",
    "tr",
    "uk",
    "vi",
    "zh",
]


def seed_paragraphs(path: Path) -> list[str]:
    """A seed's non-empty lines minus the obvious boilerplate, one paragraph each."""
    lines = (line.strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line and not BOILERPLATE.match(line)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("中国如何备战与美国的 AI 竞赛", "zh"),
        ("中國如何備戰與美國的人工智慧競賽", "zh"),  # traditional characters: still Chinese
        ("在美国试图限制中国技术进步之际,北京正加大投入研发不依赖美国技术的人工智能", "zh"),
        ("東京は日本の首都です", "ja"),
        ("서울은 한국의 수도입니다", "ko"),
        ("สวัสดีครับ ยินดีต้อนรับ", "th"),
        ("שלום עולם", "he"),
        ("Καλημέρα κόσμε", "el"),
        ("Բարև աշխարհ", "hy"),
        ("გამარჯობა მსოფლიო", "ka"),
        ("नमस्ते दुनिया", "hi"),
        ("Як справи?", "uk"),
        ("За хатою на долинi розрiсся старий садок", "uk"),  # Latin i inside Cyrillic words
        ("Привет, как дела? Всё хорошо.", "ru"),
        ("کتاب خوب است", "fa"),
        ("یہ ایک کتاب ہے", "ur"),
        ("هذه مدينة جميلة", "ar"),
    ],
)
def test_script_decides_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_chinese_paragraphs_of_the_seed_are_never_korean() -> None:
    han_lines = [p for p in seed_paragraphs(BILINGUAL) if len(HAN.findall(p)) > 10]
    assert len(han_lines) > 30
    assert {detect_language(p) for p in han_lines} == {"zh"}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "12345",
        "!!! ---",
        "https://example.com/a/b?x=1",
        "2025-07-30 19:56",
        "$564 → 82% (+3.5)",
        "x@example.org",
    ],
)
def test_text_without_language_is_none(text: str) -> None:
    assert detect_language(text) is None


@pytest.mark.parametrize(
    "text", ["How we got here", "What's happened", "Go deeper", "Common question", "Image caption:"]
)
def test_short_english_is_english(text: str) -> None:
    assert detect_language(text) == "en"  # settings: expected = en, zh


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("water parks", "en"),
        ("political party", "en"),
        ("unterstützung finden", "de"),
        ("kepuasan tersebut", "id"),
        ("dziewiątka kursuje", "pl"),
        ("фабриканты нанимают", "ru"),
    ],
)
def test_two_words_among_many_expected_languages(text: str, lang: str) -> None:
    assert detect_language(text, BENCH_LANGS, strict=True) == lang


FRENCH = (
    "Le gouvernement français a annoncé mardi un nouveau plan d'investissement dans "
    "l'intelligence artificielle, qui doit permettre aux entreprises européennes de rivaliser "
    "avec les géants américains."
)


def test_long_text_escapes_the_expected_languages_unless_strict() -> None:
    assert detect_language(FRENCH, ["en", "zh"]) == "fr"
    assert detect_language(FRENCH, ["en", "zh"], strict=True) == "en"


def test_devanagari_is_hindi_unless_marathi_is_configured() -> None:
    assert detect_language("नमस्ते दुनिया") == "hi"
    assert detect_language("नमस्ते दुनिया", ["en", "mr"]) == "mr"


def test_detection_is_deterministic_across_processes() -> None:
    texts = [FRENCH, "Go deeper", "Olaf Scholz", "bancarios resolucin", "А де я таке сказала?"]
    here = [detect_language(t, BENCH_LANGS, strict=True) for t in texts]
    code = (
        "import json, sys; from monitor.language import detect_language as d; "
        f"print(json.dumps([d(t, {BENCH_LANGS!r}, strict=True) for t in json.load(sys.stdin)]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == here
    assert [detect_language(t, BENCH_LANGS, strict=True) for t in texts] == here


# --------------------------------------------------------------------------- documents


def test_bilingual_seed_pairs_every_translation() -> None:
    paragraphs = seed_paragraphs(BILINGUAL)
    result = analyse(paragraphs)
    assert result.primary == "en"
    assert result.languages == ["en", "zh"]
    expected_pairs = {}
    for i, text in enumerate(paragraphs):
        mixed = HAN.search(text) and re.search(r"[A-Za-z]{3,}\W*\s{2,}", text)
        if mixed:  # 'Open-source advantage  开源优势': both languages, its own translation
            assert result.segment_languages[i] == ["en", "zh"], text
            assert result.segment_langs[i] in ("en", "zh")
            continue
        want = "zh" if HAN.search(text) else "en"
        assert result.segment_langs[i] == want, text
        assert result.segment_languages[i] == [want], text
        if want == "zh" and i and not HAN.search(paragraphs[i - 1]):
            expected_pairs[i] = i - 1
    got = {i: j for i, j in enumerate(result.translation_of) if j is not None}
    assert got == expected_pairs
    assert len(got) == 43  # 36 article pairs + captions and footers a cleaner would drop


def test_bilingual_seed_through_the_cleaner_has_36_pairs() -> None:
    from monitor.clean import clean_document

    cleaned = clean_document(BILINGUAL.read_bytes(), "text")
    result = analyse(cleaned.paragraphs)
    pairs = [(j, i) for i, j in enumerate(result.translation_of) if j is not None]
    assert len(pairs) == 36
    assert all(
        result.segment_langs[j] == "en" and result.segment_langs[i] == "zh" for j, i in pairs
    )
    assert (result.primary, result.languages) == ("en", ["en", "zh"])


@pytest.mark.parametrize("path", MONOLINGUAL, ids=lambda p: p.name[:3])
def test_monolingual_seeds_are_english_throughout_without_pairs(path: Path) -> None:
    paragraphs = seed_paragraphs(path)
    result = analyse(paragraphs)
    assert result.segment_langs == ["en"] * len(paragraphs)
    assert result.translation_of == [None] * len(paragraphs)
    assert (result.primary, result.languages) == ("en", ["en"])


def test_short_headings_of_the_seeds_are_english() -> None:
    paragraphs = seed_paragraphs(SEEDS / "003_5377489e718f6736.txt")
    result = analyse(paragraphs)
    for heading in ("How we got here", "What's happened", "Go deeper", "What the papers say"):
        assert result.segment_langs[paragraphs.index(heading)] == "en"


GERMAN = [
    (
        "Die Bundesregierung hat am Montag ein neues Programm zur Förderung der künstlichen "
        "Intelligenz vorgestellt, das vor allem kleine und mittlere Unternehmen unterstützen soll."
    ),
    "Olaf Scholz",
    (
        "Der Kanzler sagte, Deutschland müsse bei der Entwicklung eigener Modelle schneller werden "
        "und dürfe sich nicht allein auf amerikanische Anbieter verlassen."
    ),
]
ENGLISH = [
    (
        "The federal government on Monday presented a new programme to promote artificial "
        "intelligence, aimed above all at supporting small and medium-sized companies."
    ),
    "Olaf Scholz",
    (
        "The chancellor said Germany had to move faster in developing its own models and could "
        "not rely on American providers alone."
    ),
]


def test_short_segment_follows_its_document() -> None:
    expected = ["en", "de", "zh"]
    german, english = analyse(GERMAN, expected), analyse(ENGLISH, expected)
    assert german.segment_langs == ["de", "de", "de"]
    assert english.segment_langs == ["en", "en", "en"]
    assert german.translation_of == [None] * 3


def test_article_outside_the_expected_languages_keeps_its_language() -> None:
    result = analyse([FRENCH, "Les enjeux", FRENCH.replace("mardi", "mercredi")])
    assert result.primary == "fr"
    assert result.segment_langs == ["fr", "fr", "fr"]


def test_mixed_line_gets_both_languages_never_a_third() -> None:
    result = analyse(["Talent and power  人才与实力"])
    assert result.segment_languages == [["en", "zh"]]
    assert result.languages[0] in ("en", "zh") and sorted(result.languages) == ["en", "zh"]


def test_a_chinese_original_with_english_translation_is_primary_zh() -> None:
    paragraphs = seed_paragraphs(BILINGUAL)
    swapped: list[str] = []
    i = 0
    while i < len(paragraphs):  # put each Chinese translation before its English original
        if (
            i + 1 < len(paragraphs)
            and HAN.search(paragraphs[i + 1])
            and not HAN.search(paragraphs[i])
        ):
            swapped += [paragraphs[i + 1], paragraphs[i]]
            i += 2
        else:
            swapped.append(paragraphs[i])
            i += 1
    result = analyse(swapped)
    assert result.primary == "zh"
    assert result.languages == ["zh", "en"]
    assert all(result.segment_langs[j] == "zh" for j in result.translation_of if j is not None)


# The bilingual seed's 'one detector run per document at most' is asserted in
# test_language_speed.py against the detector steps language.py runs itself.


# --------------------------------------------------------------------------- benchmark gate

FLOORS = REPO / "benchmarks" / "floors_langid.json"


def test_langid_gate_on_a_fast_subset() -> None:
    """detect_language on the first lines of each dev file never drops below pinned floors."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import langid
    finally:
        sys.path.pop(0)
    root = langid.bench_dir()
    if not root.exists():
        pytest.skip(f"no langid benchmark data at {root}")
    floors = json.loads(FLOORS.read_text("utf-8"))
    results = langid.run(limit=floors["limit"], root=root, with_plain=False)
    for kind, floor in floors["accuracy"].items():
        got = results[kind]["detect_language"]["accuracy"]
        assert got >= floor, f"{kind}: {got:.4f} < floor {floor}"
    for kind, floor in floors["defaults"].items():  # the settings a user gets
        got = results[kind]["defaults"]["accuracy"]
        assert got >= floor, f"{kind} with default settings: {got:.4f} < floor {floor}"


def test_bilingual_gate_on_real_translations() -> None:
    """Paragraph languages and translation pairs on enzh-dev's bilingual documents."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import bilingual
    finally:
        sys.path.pop(0)
    root = bilingual.bench_dir()
    if not root.exists():
        pytest.skip(f"no enzh benchmark data at {root}")
    floors = json.loads(FLOORS.read_text("utf-8"))["bilingual"]
    got = bilingual.score(bilingual.documents(root))["all"]
    assert got["para_right"] >= floors["paragraphs"], got
    assert got["pairs_found"] >= floors["pairs"], got
    assert got["wrong_pairs"] <= floors["wrong_pairs"], got


# --------------------------------------------------------------------------- default settings


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("komplexen situation", "de"),
        ("unterstützung finden", "de"),
        ("le gouvernement", "fr"),
        ("kepuasan tersebut", "id"),
        ("dziewiątka kursuje", "pl"),
        ("het kabinet", "nl"),
        ("water parks", "en"),
        ("political party", "en"),
        ("政府工作报告", "zh"),
    ],
)
def test_default_settings_identify_two_words_of_any_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang  # settings: expected = en, zh, a preference only


def test_only_expected_keeps_the_strict_mode() -> None:
    assert detect_language("komplexen situation", ["en", "zh"], strict=True) == "en"
    assert detect_language("komplexen situation", ["en", "zh"]) == "de"


def test_expected_languages_decide_a_close_call() -> None:
    """'hotel restaurant' is as good French or German as English: the preference decides."""
    assert detect_language("hotel restaurant") == "en"
    assert detect_language("hotel restaurant", ["de"]) == "de"


def test_a_chinese_line_with_latin_names_is_chinese() -> None:
    line = "内政大臣 Priti Patel 要求 Twitter 和 Facebook 删除相关帖子，并称这些平台负有责任。"
    assert detect_language(line) == "zh"
    result = analyse(["Home Secretary Priti Patel asked Twitter and Facebook to act.", line])
    assert result.segment_languages == [["en"], ["zh"]]


def test_a_truly_mixed_line_is_tagged_with_both() -> None:
    line = "英国内政大臣 Priti Patel said the Home Office would act quickly 今天表示"
    assert analyse([line]).segment_languages == [["zh", "en"]]


EN_ZH = [
    (
        (
            "The city will spend $2.4 billion on new subway lines over the next five years, the "
            "mayor said on Tuesday. Construction is due to start in March."
        ),
        "市长周二表示，该市将在未来五年投入24亿美元修建新的地铁线路。工程定于三月开工。",
    ),
    (
        (
            "More than 300 families were moved out of the flood zone overnight. Rescue teams "
            "worked until dawn."
        ),
        "一夜之间，300多户家庭被转移出洪水区。救援队一直工作到天亮。",
    ),
]


@pytest.mark.parametrize("n", [1, 2])
def test_a_short_bilingual_document_is_paired_whichever_language_comes_first(n: int) -> None:
    en_first = [p for pair in EN_ZH[:n] for p in pair]
    zh_first = [p for en, zh in EN_ZH[:n] for p in (zh, en)]
    for paragraphs, original in ((en_first, "en"), (zh_first, "zh")):
        got = analyse(paragraphs)
        assert got.translation_of == [None, 0, None, 2][: 2 * n], paragraphs[0][:20]
        assert got.primary == original  # the first of each pair is the original


def test_no_pair_is_claimed_when_unsure() -> None:
    """An English paragraph beside an unrelated Chinese one (other figures, other size), and a
    long report beside a one-line caption, are not pairs."""
    assert analyse([EN_ZH[0][0], EN_ZH[1][1]]).translation_of == [None, None]
    assert analyse([EN_ZH[1][0], EN_ZH[0][1]]).translation_of == [None, None]
    paragraphs = [EN_ZH[0][0] + " " + EN_ZH[1][0] * 3, "图片来源：路透社"]
    assert analyse(paragraphs).translation_of == [None, None]


def test_a_translation_between_two_versions_of_its_original_is_paired_with_neither() -> None:
    """The Chinese paragraph translates the English before it as much as the restatement after
    it: no verdict, no pair."""
    restated = (
        "The mayor said on Tuesday that $2.4 billion would go to new subway lines over five "
        "years, with construction to begin in March."
    )
    for paragraphs in ([EN_ZH[0][0], EN_ZH[0][1], restated], [restated, EN_ZH[0][1], EN_ZH[0][0]]):
        assert analyse(paragraphs).translation_of == [None, None, None]


def test_a_caption_after_a_long_report_is_no_translation_of_it() -> None:
    """Two true pairs, then a long report and a Chinese line a fraction of its size that
    shares a figure with it: the first two pair, the last does not."""
    report = (
        EN_ZH[1][0] + " Officials said the water at the main gauge rose by 40 centimetres in six "
        "hours, and that the dam upstream released 1,200 cubic metres a second, the most since "
        "2016. Residents of 14 villages were told to leave their homes before midnight."
    )
    paragraphs = [*EN_ZH[0], *EN_ZH[1], report, "300多户。"]
    assert analyse(paragraphs).translation_of == [None, 0, None, 2, None, None]


def test_a_foreign_quotation_in_an_english_article_keeps_its_language() -> None:
    paragraphs = seed_paragraphs(SEEDS / "002_b7517909f6e1d84e.txt")
    paragraphs.insert(3, FRENCH)
    result = analyse(paragraphs)
    assert result.segment_langs[3] == "fr"
    assert result.segment_langs[:3] + result.segment_langs[4:] == ["en"] * (len(paragraphs) - 1)
    assert (result.primary, result.languages) == ("en", ["en", "fr"])


def test_a_short_line_with_evidence_of_its_own_keeps_it() -> None:
    """Weak evidence leans on the document; a clearly Ukrainian reply in a Russian one does not."""
    result = analyse(["Привет, как дела? Всё хорошо, спасибо.", "Дякую, все добре, а як ти?"])
    assert result.segment_langs == ["ru", "uk"]
    assert result.primary == "ru"

"""The language stage's shortcuts give exactly the answers of the slower code they replace.

monitor.language counts letters per script with one translate pass, tests word lists with one
set, skips the address pattern where no address can be, follows langdetect's Detector in fewer
Python steps, and stops the open-detector escape check once no outside language can win. Each
test here runs the plain version (langdetect itself, one regex per script ...) beside the fast
one on the same texts and wants identical results.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from monitor import language

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
LANGID = Path(os.environ.get("MONITOR_BENCH_DIR") or REPO.parent / "shared" / "bench") / "langid-dev" / "sentences"

SAMPLES = [
    "The quick brown fox jumps over the lazy dog near the river bank.",
    "NASA and the UN signed the MoU; the CEO of IBM & AT&T's CFO agreed.",
    "NASA UN IBM",
    "McDONALD's iPhone USA-based eBay GmbH",
    "Nesta página você terá sempre a classificação atualizada da NASCAR até o fim.",
    "Die Digitalisierung als Wachstums- und Entwicklungstreiber zieht sich durch alle Bereiche.",
    "Le gouvernement a annoncé mardi de nouvelles mesures pour les entreprises.",
    "Mudah2an kita bisa memahami dan mengamalkan Al Qur’an dan Hadits ini.",
    "Tiếng Việt có dấu: người Việt Nam yêu hòa bình và độc lập.",
    "Tie\u0301ng Vie\u0323\u0302t vo\u031bi da\u0302\u0301u to\u0302\u0309 ho\u031b\u0323p.",  # combining marks
    "Привет, как дела? Всё хорошо, спасибо.",
    "Дякую, все добре, а як ти? Ми їдемо до Києва.",
    "долинi",  # a Latin i inside a Cyrillic word
    "Македонскиот јазик е јужнословенски јазик.",
    "هذا نص عربي قصير عن الأخبار اليومية في المنطقة.",
    "این یک متن فارسی است که درباره چیزهای مختلف صحبت می‌کند.",
    "یہ اردو میں لکھا گیا ایک جملہ ہے۔",
    # long enough to escape an Arabic-only expectation without the langid bench beside the repo
    ("این یک متن فارسی است که درباره چیزهای مختلف صحبت می‌کند و خبرگزاری‌ها گزارش دادند که دولت"
     " برنامه تازه‌ای را اعلام کرده است."),
    "中国如何备战与美国的 AI 竞赛",
    "中國如何備戰與美國的人工智慧競賽",
    "東京は日本の首都です。カタカナもひらがなも。",
    "서울은 한국의 수도입니다",
    "Talent and power  人才与实力",
    "Ελληνικά γράμματα και ΟΔΟΣ.Α",
    "İstanbul’da ŞİŞLİ ve Iğdır",
    "Visit https://example.com/a?b=c or www.Example.org, mail me at someone@example.com now.",
    "WWW.EXAMPLE.COM HTTP://X.Y",
    "tabs\tand\nnewlines  and   runs    of spaces ",
    "  leading and trailing  ",
    "12345 67.89 -- ... !!!",
    "",
    "a",
    "[brackets] ^carets^ _under_ `back`",
    "The report, \u00abquoted\u00bb and \u00a0spaced\u00b0, ends here.",
    "ſ long s, K Kelvin, ﬁ ligature, Ǆ digraph, ǅ titlecase",
    "Zhōngguó 中国 mixed with English words and 한국어 and русский in one line",
]


def _seed_lines() -> list[str]:
    lines = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines += [ln.strip() for ln in path.read_text("utf-8").splitlines() if ln.strip()]
    return lines


def _langid_lines(per_language: int) -> list[str]:
    if not LANGID.exists():
        return []
    lines = []
    for path in sorted(LANGID.glob("*.txt")):
        lines += [ln for ln in path.read_text("utf-8").splitlines() if ln.strip()][:per_language]
    return lines


TEXTS = SAMPLES + _seed_lines()[::3]  # always here; the dev sentences have a test of their own
LONG = " ".join(SAMPLES * 40)  # beyond langdetect's 10 000 characters


# --------------------------------------------------------------------------- langdetect


def plain_langdetect(text: str, langs: tuple[str, ...]) -> dict[str, float]:
    """langdetect's own Detector on the same factory (the code monitor.language used to run)."""
    from langdetect.lang_detect_exception import LangDetectException

    factory = language._langdetect_factory(langs)
    if factory is None:
        return {langs[0]: 1.0} if langs else {}
    detector = factory.create()
    detector.append(text)
    try:
        detector.get_probabilities()
    except LangDetectException:
        return {}
    probs: dict[str, float] = {}
    for lang, p in zip(detector.langlist, detector.langprob, strict=True):
        key = language._norm(lang)
        probs[key] = probs.get(key, 0.0) + p
    return probs


LANG_SETS = [
    ("en", "pt"),
    ("en", "de"),
    ("en", "zh"),  # zh is two profiles, zh-cn and zh-tw
    ("ru", "uk", "bg", "mk"),
    ("ar", "fa", "ur"),
    ("ja", "ko", "zh"),
    language._script_by_name()["latin"].languages,
    ("en",),
]


@pytest.mark.parametrize("langs", LANG_SETS, ids="-".join)
def test_langdetect_replica_gives_langdetects_probabilities(langs: tuple[str, ...]) -> None:
    texts = TEXTS if len(langs) < 10 else TEXTS[::4]
    for text in [*texts, LONG]:
        assert language._langdetect(text, langs) == plain_langdetect(text, langs), text[:80]


def plain_escape(text: str, langs: tuple[str, ...], candidates: tuple[str, ...]):
    lang, p = language._best(plain_langdetect(text, langs))
    if lang is not None and p >= language.ESCAPE_PROB and lang not in candidates:
        return lang, p
    return None


@pytest.mark.parametrize(
    ("script", "candidates"),
    [("latin", ("en",)), ("latin", ("en", "de")), ("cyrillic", ("ru",)), ("arabic", ("ar",))],
)
def test_escape_check_gives_the_full_detections_answer(script: str, candidates) -> None:
    langs = language._script_by_name()[script].languages
    texts = [t for t in TEXTS[::2] if len(t) >= 40] + [LONG[:4000]]
    escaped = 0
    for text in texts:
        got = language._escape(text, langs, candidates)
        assert got == plain_escape(text, langs, candidates), text[:80]
        escaped += got is not None
    assert escaped  # the check does let some text out


def test_escape_check_stops_after_one_trial_on_candidate_text(monkeypatch) -> None:
    """English text with names: the first trial settles on English, which rules escaping out."""
    trials = []
    original = language._langdetect_trials

    def counting(langs, rows):
        for result in original(langs, rows):
            trials.append(1)
            yield result

    monkeypatch.setattr(language, "_langdetect_trials", counting)
    text = "Palm Bay (1-0): Tolivert 25 points. Davis 17 points. Burgher 10 points. Smith 4."
    latin = language._script_by_name()["latin"].languages
    assert language._escape(text * 2, latin, ("en",)) is None
    assert len(trials) == 1


def test_bilingual_seed_runs_the_detector_at_most_once(monkeypatch) -> None:
    """Every langdetect run (full or escape check) starts by extracting n-grams: count those."""
    runs = []
    original = language._langdetect_rows

    def counting(text, langs):
        runs.append(langs)
        return original(text, langs)

    monkeypatch.setattr(language, "_langdetect_rows", counting)
    paragraphs = [
        ln.strip()
        for ln in (SEEDS / "001_d42593f2763e6899.txt").read_text("utf-8").splitlines()
        if ln.strip()
    ]
    language.analyse(paragraphs)
    assert len(paragraphs) > 90
    assert len(runs) <= 1


# --------------------------------------------------------------------------- scripts, words, URLs


def plain_profile(text: str) -> tuple[list, list]:
    """One regex pass per script, all-caps words removed for Latin (the code before)."""
    weights: dict[str, float] = {}
    letters: dict[str, int] = {}
    if not text.isascii():
        for script in language._scripts():
            if script.name == "latin":
                continue
            n = len(script.pattern.findall(text))
            if n:
                letters[script.name] = n
                weights[script.name] = n * script.weight
    latin = language._script_by_name()["latin"]
    n = len(latin.pattern.findall(language._CAPS_WORD.sub(" ", text)))
    if not n and not letters:
        n = len(latin.pattern.findall(text))
    if n:
        letters["latin"] = n
        weights["latin"] = n * latin.weight
    return list(weights.items()), list(letters.items())


def test_profile_counts_as_one_regex_per_script() -> None:
    for text in [*TEXTS, LONG]:
        profile = language._profile(text)
        got = (list(profile.weights.items()), list(profile.letters.items()))
        assert got == plain_profile(text), text[:80]


def plain_fits(text: str, langs: tuple[str, ...], max_words: int) -> bool | None:
    tables = [language._word_table(lang) for lang in langs]
    if not tables or any(table is None for table in tables):
        return None
    words = [w.lower().replace("’", "'") for w in language._WORD.findall(text)][:max_words]
    if len(words) < 5:
        return None
    known = sum(1 for w in words if any(w in table for table in tables if table is not None))
    return known >= language.FIT_SHARE * len(words)


@pytest.mark.parametrize("langs", [("en",), ("en", "de"), ("en", "pt", "fr"), ("ru", "uk")])
def test_fits_reads_word_lists_as_before(langs: tuple[str, ...]) -> None:
    if language._word_table("en") is None:
        pytest.skip("wordfreq is not installed")
    for text in [*TEXTS, LONG]:
        for max_words in (language.MAX_WORDS, 400):
            assert language._fits(text, langs, max_words) == plain_fits(text, langs, max_words)


def test_address_shortcut_blanks_what_the_pattern_blanks() -> None:
    extra = ["x@y.z", "no address here", "WwW.Site.Org", "ftp://host/path", "a @ b . c", "Www."]
    for text in [*TEXTS, *extra]:
        assert language._without_urls(text) == language._URL.sub(" ", text), text[:80]


def test_overlapping_script_ranges_are_refused(monkeypatch) -> None:
    """One mark per letter needs disjoint ranges: data that breaks that is an error, not a guess."""
    twice = language._Script("twice", re.compile("[a]"), "xx", ("xx",), None, 1.0)
    monkeypatch.setattr(language, "_scripts", lambda: (*language._script_by_name().values(), twice))
    with pytest.raises(ValueError, match="several scripts"):
        language._ScriptMarks()[ord("a")]


def test_the_shortcuts_agree_on_the_langid_dev_sentences() -> None:
    """The same comparisons on real sentences of 20 languages (skipped, not thinned, without
    the bench data)."""
    texts = _langid_lines(4)
    if not texts:
        pytest.skip(f"no langid-dev sentences at {LANGID}")
    for langs in LANG_SETS:
        for text in texts[:: 4 if len(langs) >= 10 else 1]:
            assert language._langdetect(text, langs) == plain_langdetect(text, langs), text[:80]
    for text in texts:
        profile = language._profile(text)
        got = (list(profile.weights.items()), list(profile.letters.items()))
        assert got == plain_profile(text), text[:80]
        assert language._without_urls(text) == language._URL.sub(" ", text), text[:80]
        if language._word_table("en") is not None:
            for langs in [("en",), ("en", "de"), ("ru", "uk")]:
                assert language._fits(text, langs, language.MAX_WORDS) == plain_fits(
                    text, langs, language.MAX_WORDS)


@pytest.mark.parametrize("lang", ["en", "ru", "zh", "ar", "de"])
def test_word_tables_are_wordfreqs_frequency_dicts(lang):
    wordfreq = pytest.importorskip("wordfreq")
    assert language._frequency_dict_applies(wordfreq)
    ours = language._word_table.__wrapped__(lang)
    theirs = wordfreq.get_frequency_dict(lang, wordlist="small")
    assert list(ours.items()) == list(theirs.items())

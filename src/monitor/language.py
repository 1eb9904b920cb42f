"""Per-paragraph language, mixed-script lines and translation pairs.

The cascade, cheapest first: the writing system decides where only one language uses it (Han
without kana -> zh, Hangul -> ko, ...); letters only one language of a shared script uses
decide next (Ukrainian і/ї/є, Urdu ے/ں, Persian پ/چ ...); then seeded langdetect, restricted to
the expected languages of that script, decides running text, and lingua decides short text,
where langdetect's sampling is unreliable; where either is unsure, wordfreq's word frequencies
weigh in. lingua and wordfreq are optional helpers ([language] helpers). `analyse` adds the
document: one call per document (not per paragraph) checks whether its text fits the expected
languages, short paragraphs weigh their own evidence against the document's languages, lines
that mix scripts get one language per script, and interleaved original/translation paragraphs
are paired. Scripts, letters and look-alikes are data: data/language_scripts.toml.
"""

from __future__ import annotations

import importlib
import itertools
import math
import re
import statistics
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .models import LanguageResult

# Text whose letters of one script are fewer than this is "short": lingua decides it.
SHORT_LETTERS = 24
# langdetect's top probability below this sends running text to lingua as well.
CONFIDENT = 0.995
# Outside the expected languages only text this long, detected this surely, may escape.
ESCAPE_LETTERS = 60
ESCAPE_PROB = 0.999
# A second script in a line counts as a second language from this share of the line's weight.
SECOND_SCRIPT_SHARE = 0.25
SECOND_SCRIPT_MIN = 6.0
# Word evidence (wordfreq): weight of the words' log frequencies against the detector's, the
# frequency assumed for a word the language's list lacks, and how many words are looked up.
WORD_WEIGHT = 0.5
WORD_FLOOR = 1e-8
MAX_WORDS = 40
# Share of a paragraph's words the document's languages must know for it to be theirs unasked
# (English news paragraphs: 0.64-1.0; French or German text against English lists: about 0.5).
FIT_SHARE = 0.75
# Short parts: how much each nearest sure neighbour adds to the document's count of a language,
# and the smoothing of that prior.
NEIGHBOUR_WEIGHT = 2
PRIOR_SMOOTHING = 0.5
# Latin letters count this much when another script is present (choosing the main script).
LATIN_BESIDE_OTHERS = 0.5
# Paragraph pairs: weighted sizes of a translation and its original differ by at most this.
PAIR_SIZE_RATIO = 3.0
PAIR_MIN_PAIRS = 3
PAIR_MIN_SHARE = 0.5  # share of the translation language's paragraphs that must sit in pairs
PAIR_MAX_SPREAD = 0.25  # median deviation of log size ratios; straddling pairs show about 0.5

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_SEED = 0


@dataclass(frozen=True)
class _Script:
    """A writing system: its character class and what it tells about the language."""

    name: str
    pattern: re.Pattern[str]
    decides: str | None
    languages: tuple[str, ...]
    default: str | None
    weight: float


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("monitor").joinpath("data/language_scripts.toml").read_text("utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def _scripts() -> tuple[_Script, ...]:
    scripts = []
    for name, spec in _data()["scripts"].items():
        scripts.append(
            _Script(
                name=name,
                pattern=re.compile(f"[{spec['ranges']}]"),
                decides=spec.get("decides"),
                languages=tuple(spec.get("languages", [spec.get("decides")])),
                default=spec.get("default"),
                weight=float(spec.get("weight", 1.0)),
            )
        )
    return tuple(scripts)


@lru_cache(maxsize=1)
def _script_by_name() -> dict[str, _Script]:
    return {s.name: s for s in _scripts()}


@dataclass(frozen=True)
class _LetterRule:
    """Letters that mark one language of a shared script, and those that merely fit it."""

    lang: str
    own: frozenset[str]
    weak: frozenset[str]
    also: frozenset[str]  # languages whose letters this one uses too


@lru_cache(maxsize=1)
def _letter_rules() -> dict[str, list[_LetterRule]]:
    rules: dict[str, list[_LetterRule]] = {}
    data = _data()
    for script, table in data.get("letters", {}).items():
        weak = data.get("letters_weak", {}).get(script, {})
        shared = data.get("letters_shared", {}).get(script, {})
        rules[script] = [
            _LetterRule(
                lang,
                frozenset(chars),
                frozenset(weak.get(lang, "")),
                frozenset(shared.get(lang, [])),
            )
            for lang, chars in table.items()
        ]
    return rules


@lru_cache(maxsize=1)
def _settings_expected() -> tuple[str, ...]:
    from .settings import load_settings

    return tuple(load_settings().get("language", {}).get("expected", []))


@lru_cache(maxsize=1)
def _settings_strict() -> bool:
    from .settings import load_settings

    return bool(load_settings().get("language", {}).get("only_expected", False))


@lru_cache(maxsize=1)
def _settings_helpers() -> frozenset[str]:
    """Which optional helpers (lingua, wordfreq) may be used when installed."""
    from .settings import load_settings

    return frozenset(load_settings().get("language", {}).get("helpers", ["lingua", "wordfreq"]))


def _norm(lang: str) -> str:
    return "zh" if lang.startswith("zh") else lang


# --------------------------------------------------------------------------- scripts


@dataclass
class _Profile:
    """How much of each script a text holds (weighted), and its letters per script."""

    weights: dict[str, float]
    letters: dict[str, int]

    def main(self) -> str | None:
        """The script that carries the text: Latin beside another script counts for less,
        since names, credits and boilerplate in Latin letters litter other scripts' text."""
        if not self.weights:
            return None
        if len(self.weights) == 1:
            return next(iter(self.weights))

        def weight(name: str) -> float:
            return self.weights[name] * (LATIN_BESIDE_OTHERS if name == "latin" else 1.0)

        return max(self.weights, key=weight)


_CAPS_WORD = re.compile(r"\b[A-Z][A-Z0-9.&-]+\b")


def _profile(text: str) -> _Profile:
    """Count letters per script; all-caps Latin words (acronyms, credits) count only alone."""
    weights: dict[str, float] = {}
    letters: dict[str, int] = {}
    if not text.isascii():
        for script in _scripts():
            if script.name == "latin":
                continue
            n = len(script.pattern.findall(text))
            if n:
                letters[script.name] = n
                weights[script.name] = n * script.weight
    latin = _script_by_name()["latin"]
    n = len(latin.pattern.findall(_CAPS_WORD.sub(" ", text)))
    if not n and not letters:
        n = len(latin.pattern.findall(text))
    if n:
        letters["latin"] = n
        weights["latin"] = n * latin.weight
    return _Profile(weights, letters)


def _candidates(script: _Script, expected: Sequence[str]) -> tuple[str, ...]:
    """The languages a shared script may be read as: the expected ones, else all of them."""
    chosen = tuple(lang for lang in script.languages if lang in expected)
    if chosen:
        return chosen
    if script.default:
        return (script.default,)
    return script.languages


@lru_cache(maxsize=1)
def _homoglyphs() -> dict[str, tuple[re.Pattern[str], dict[str, str]]]:
    """Per script: a pattern for Latin look-alikes inside its words, and their replacements."""
    out = {}
    for script, table in _data().get("homoglyphs", {}).items():
        own = _data()["scripts"][script]["ranges"]
        chars = re.escape("".join(table))
        out[script] = (re.compile(f"(?<=[{own}])[{chars}]|[{chars}](?=[{own}])"), table)
    return out


def _by_letters(script: str, text: str, candidates: Sequence[str]) -> str | None:
    """A language whose own letters the text holds, when no other language's letters appear."""
    rules = _letter_rules().get(script)
    if not rules:
        return None
    if script in _homoglyphs():
        pattern, table = _homoglyphs()[script]
        text = pattern.sub(lambda m: table[m.group()], text)
    chars = set(text)
    winner = next((rule for rule in rules if chars & rule.own), None)
    if winner is None or winner.lang not in candidates:
        return None
    for rule in rules:
        if rule is winner or rule.lang in winner.also:
            continue
        if chars & (rule.own | rule.weak):
            return None
    return winner.lang


# --------------------------------------------------------------------------- detectors


@lru_cache(maxsize=32)
def _langdetect_factory(langs: tuple[str, ...]) -> Any:
    """A seeded langdetect factory holding only these languages' profiles (faster, surer)."""
    import os

    from langdetect import DetectorFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY

    factory = DetectorFactory()
    factory.seed = _SEED
    profiles = []
    for lang in langs:
        names = ["zh-cn", "zh-tw"] if lang == "zh" else [lang]
        for name in names:
            path = os.path.join(PROFILES_DIRECTORY, name)
            if os.path.exists(path):
                with open(path, encoding="utf-8") as fh:
                    profiles.append(fh.read())
    if len(profiles) < 2:  # langdetect refuses a single profile; nothing to choose anyway
        return None
    factory.load_json_profile(profiles)
    return factory


def _langdetect(text: str, langs: tuple[str, ...]) -> dict[str, float]:
    """Seeded langdetect among `langs`: probabilities by language (empty: no features)."""
    from langdetect.lang_detect_exception import LangDetectException

    factory = _langdetect_factory(langs)
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
        key = _norm(lang)
        probs[key] = probs.get(key, 0.0) + p
    return probs


@lru_cache(maxsize=4)
def _helper_module(name: str) -> Any:
    """An optional helper detector ('lingua', 'wordfreq'), if the settings enable it and it is
    installed: without it the others still answer, less well on short text."""
    if name not in _settings_helpers():
        return None
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


@lru_cache(maxsize=32)
def _lingua_detector(langs: tuple[str, ...]) -> Any:
    lingua = _helper_module("lingua")
    if lingua is None:
        return None
    known = {lang.iso_code_639_1.name.lower(): lang for lang in lingua.Language.all()}
    known["no"] = known.get("nb")
    chosen = [known[lang] for lang in langs if known.get(lang) is not None]
    if len(chosen) < 2:
        return None
    return lingua.LanguageDetectorBuilder.from_languages(*chosen).build()


def _lingua(text: str, langs: tuple[str, ...]) -> dict[str, float]:
    """lingua's confidence values among `langs` (empty when lingua is not installed)."""
    detector = _lingua_detector(langs)
    if detector is None:
        return {}
    out: dict[str, float] = {}
    for value in detector.compute_language_confidence_values(text):
        code = value.language.iso_code_639_1.name.lower()
        out["no" if code == "nb" else code] = value.value
    return out


def _best(probs: dict[str, float]) -> tuple[str | None, float]:
    if not probs:
        return None, 0.0
    lang = max(probs, key=probs.__getitem__)
    return lang, probs[lang]


@lru_cache(maxsize=64)
def _word_table(lang: str) -> dict[str, float] | None:
    """wordfreq's 'small' list for exactly this language (never its 'nearest match')."""
    wordfreq = _helper_module("wordfreq")
    if wordfreq is None or lang not in wordfreq.available_languages(wordlist="small"):
        return None
    return wordfreq.get_frequency_dict(lang, wordlist="small")


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _with_words(text: str, probs: dict[str, float]) -> dict[str, float]:
    """Weigh a detector's probabilities by how common the text's words are in each language."""
    if len(probs) < 2:
        return probs
    tables = {lang: _word_table(lang) for lang in probs}
    words = [w.lower() for w in _WORD.findall(text)][:MAX_WORDS]
    if not words or any(table is None for table in tables.values()):
        return probs
    scores = {
        lang: math.log(p + 1e-4)
        + WORD_WEIGHT * sum(math.log(max(tables[lang].get(w, 0.0), WORD_FLOOR)) for w in words)
        for lang, p in probs.items()
    }
    top = max(scores.values())
    weights = {lang: math.exp(score - top) for lang, score in scores.items()}
    total = sum(weights.values())
    return {lang: w / total for lang, w in weights.items()}


def _fits(text: str, langs: Sequence[str], max_words: int = MAX_WORDS) -> bool | None:
    """Whether most of the text's words are common words of one of `langs` (None: can't tell)."""
    tables = [_word_table(lang) for lang in langs]
    if not tables or any(table is None for table in tables):
        return None
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)][:max_words]
    if len(words) < 5:
        return None
    known = sum(1 for w in words if any(w in table for table in tables if table is not None))
    return known >= FIT_SHARE * len(words)


def _statistical_probs(text: str, candidates: tuple[str, ...], letters: int) -> dict[str, float]:
    """Probabilities among candidates of one script: lingua on short text, langdetect on running
    text; where either is unsure, the words' frequencies in each language weigh in."""
    if len(candidates) == 1:
        return {candidates[0]: 1.0}
    if letters < SHORT_LETTERS:
        short = _lingua(text, candidates)
        if short:
            return _with_words(text, short)
    probs = _langdetect(text, candidates)
    if _best(probs)[1] >= CONFIDENT:
        return probs
    backup = _lingua(text, candidates)
    if backup:
        keys = set(probs) | set(backup)
        probs = {k: (probs.get(k, 0.0) + backup.get(k, 0.0)) / 2 for k in keys}
    return _with_words(text, probs)


def _statistical(text: str, candidates: tuple[str, ...], letters: int) -> tuple[str | None, float]:
    """The most likely candidate and its probability."""
    return _best(_statistical_probs(text, candidates, letters))


def _script_language(
    script: _Script,
    text: str,
    profile: _Profile,
    candidates: tuple[str, ...],
    strict: bool,
) -> tuple[str | None, float]:
    """The language of the part of `text` written in `script`, and how sure that is."""
    if script.decides:
        if script.name == "han" and "kana" in profile.letters:
            return "ja", 1.0
        return script.decides, 1.0
    by_letters = _by_letters(script.name, text, candidates)
    if by_letters:
        return by_letters, 1.0
    letters = profile.letters.get(script.name, 0)
    if not strict and letters >= ESCAPE_LETTERS:
        lang, p = _best(_langdetect(text, script.languages))
        if lang is not None and p >= ESCAPE_PROB and lang not in candidates:
            return lang, p
    return _statistical(text, candidates, letters)


def _resolve_expected(expected: Sequence[str] | None) -> tuple[str, ...]:
    if expected is None:
        return _settings_expected()
    return tuple(_norm(lang) for lang in expected)


def detect_language(
    text: str, expected: Sequence[str] | None = None, *, strict: bool | None = None
) -> str | None:
    """ISO 639-1 code of `text` ('zh' for any Chinese), or None when it holds no language.

    `expected` (default: settings [language] expected) are the languages short or ambiguous text
    is resolved among; long text confidently in another language escapes them unless `strict`
    (default: settings [language] only_expected).
    """
    text = _URL.sub(" ", text)
    profile = _profile(text)
    main = profile.main()
    if main is None:
        return None
    expected_t = _resolve_expected(expected)
    strict = _settings_strict() if strict is None else strict
    script = _script_by_name()[main]
    lang, _ = _script_language(script, text, profile, _candidates(script, expected_t), strict)
    return lang


# --------------------------------------------------------------------------- documents


def _scripts_in(profile: _Profile) -> list[str]:
    """The scripts of a line that count as languages: the main one, and a big enough second."""
    total = sum(profile.weights.values())
    main = profile.main()
    if main is None:
        return []
    keep = [main]
    for name in sorted(profile.weights, key=profile.weights.__getitem__, reverse=True):
        if name == main:
            continue
        weight = profile.weights[name]
        if weight >= SECOND_SCRIPT_MIN and weight >= SECOND_SCRIPT_SHARE * total:
            keep.append(name)
    # Kana and Han together are one language (Japanese), never two.
    if "kana" in keep and "han" in keep:
        keep.remove("han")
    return keep


def _in_reading_order(names: list[str], text: str) -> list[str]:
    """Scripts ordered by where each first appears, so 'Talent  人才' reads en, zh."""
    by_name = _script_by_name()

    def first(name: str) -> int:
        found = by_name[name].pattern.search(text)
        return found.start() if found else len(text)

    return sorted(names, key=first) if len(names) > 1 else names


def _doc_candidates(
    texts: dict[str, list[str]], expected: tuple[str, ...], strict: bool
) -> dict[str, tuple[str, ...]]:
    """Per shared script, the languages this document's paragraphs are resolved among."""
    out: dict[str, tuple[str, ...]] = {}
    for name, parts in texts.items():
        script = _script_by_name()[name]
        if script.decides:
            continue
        candidates = _candidates(script, expected)
        if not strict:
            joined = " ".join(parts)[:4000]
            letters = len(script.pattern.findall(joined))
            # Without word lists (or words) to tell, the detector is asked.
            if letters >= ESCAPE_LETTERS and not _fits(joined, candidates, max_words=400):
                lang, p = _best(_langdetect(joined, script.languages))
                if lang is not None and p >= ESCAPE_PROB and lang not in candidates:
                    candidates = candidates + (lang,)
        out[name] = candidates
    return out


def analyse(paragraphs: list[str], expected: Sequence[str] | None = None) -> LanguageResult:
    """Languages of a document's paragraphs, its primary language and translation pairs."""
    expected_t = _resolve_expected(expected)
    strict = _settings_strict()
    cleaned = [_URL.sub(" ", p) for p in paragraphs]
    profiles = [_profile(p) for p in cleaned]
    scripts_per = [_scripts_in(p) for p in profiles]

    by_script: dict[str, list[str]] = {}
    for text, names in zip(cleaned, scripts_per, strict=True):
        for name in names:
            by_script.setdefault(name, []).append(text)
    doc_cands = _doc_candidates(by_script, expected_t, strict)

    # First pass: every script part with enough evidence; short parts wait for the document.
    found: list[dict[str, tuple[str | None, float]]] = []
    for text, profile, names in zip(cleaned, profiles, scripts_per, strict=True):
        parts: dict[str, tuple[str | None, float]] = {}
        for name in names:
            script = _script_by_name()[name]
            cands = doc_cands.get(name, ())
            letters = profile.letters.get(name, 0)
            if script.decides or len(cands) == 1 or letters >= SHORT_LETTERS:
                # Running text whose words the document's languages hardly know may be a
                # quotation in another language: only then is the open detector asked.
                loose = (
                    not strict
                    and not script.decides
                    and letters >= ESCAPE_LETTERS
                    and _fits(text, cands) is False
                )
                parts[name] = _script_language(script, text, profile, cands, not loose)
            else:
                parts[name] = (None, 0.0)
        found.append(parts)

    # Second pass: short parts among the languages the document's running text shows.
    seen: dict[str, Counter[str]] = {}
    for parts in found:
        for name, (lang, p) in parts.items():
            if lang is not None and p >= CONFIDENT:
                seen.setdefault(name, Counter())[lang] += 1
    for i, (text, profile, parts) in enumerate(zip(cleaned, profiles, found, strict=True)):
        for name, (lang, _) in list(parts.items()):
            if lang is None:
                parts[name] = _short_part(text, profile, name, i, found, seen, doc_cands)

    segment_languages: list[list[str]] = []
    for text, parts, names in zip(cleaned, found, scripts_per, strict=True):
        langs: list[str] = []
        for name in _in_reading_order(names, text):
            lang = parts[name][0]
            if lang and lang not in langs:
                langs.append(lang)
        segment_languages.append(langs)

    # A line's main language: that of its main script (Latin beside others counts less).
    mains: list[str | None] = []
    for profile, parts, langs in zip(profiles, found, segment_languages, strict=True):
        main = profile.main()
        lang = parts[main][0] if main in parts else None
        mains.append(lang or (langs[0] if langs else None))

    translation_of, original = _translation_pairs(paragraphs, segment_languages, profiles)
    counts = Counter(lang for lang in mains if lang)
    if original:
        primary: str | None = original
    else:
        weight: Counter[str] = Counter()
        for lang, profile in zip(mains, profiles, strict=True):
            if lang:
                weight[lang] += sum(profile.weights.values())
        primary = weight.most_common(1)[0][0] if weight else None
    # A mixed line of a document reads as the document's primary language when it holds it.
    segment_langs = [
        primary if primary in langs else main
        for main, langs in zip(mains, segment_languages, strict=True)
    ]
    languages = sorted(
        {lang for langs in segment_languages for lang in langs},
        key=lambda lang: (lang != primary, -counts.get(lang, 0), lang),
    )
    return LanguageResult(
        segment_langs=segment_langs,
        translation_of=translation_of,
        primary=primary,
        languages=languages,
        segment_languages=segment_languages,
    )


def _short_part(
    text: str,
    profile: _Profile,
    name: str,
    i: int,
    found: list[dict[str, tuple[str | None, float]]],
    seen: dict[str, Counter[str]],
    doc_cands: dict[str, tuple[str, ...]],
) -> tuple[str | None, float]:
    """A short part's language: its own evidence weighed against the document's languages.

    The prior is the share of the document's sure paragraphs in each language (smoothed), the
    nearest sure neighbours counting extra. Title-case lines (names, headings) bring no evidence
    of their own: the document decides them.
    """
    shown = seen.get(name, Counter())
    cands = tuple(dict.fromkeys(doc_cands.get(name, ()) + tuple(shown)))
    if len(cands) <= 1:
        return (cands[0] if cands else None), 1.0
    by_letters = _by_letters(name, text, cands)
    if by_letters:
        return by_letters, 1.0
    counts = Counter({lang: n for lang, n in shown.items() if lang in cands})
    for neighbour in _neighbour_languages(found, i, name):
        if neighbour in cands:
            counts[neighbour] += NEIGHBOUR_WEIGHT
    total = sum(counts.values()) + PRIOR_SMOOTHING * len(cands)
    prior = {lang: (counts[lang] + PRIOR_SMOOTHING) / total for lang in cands}
    words = _WORD.findall(text)
    if words and all(w[0].isupper() for w in words):
        return _best(prior)
    own = _statistical_probs(text, cands, profile.letters.get(name, 0))
    posterior = {lang: (own.get(lang, 0.0) + 1e-3) * prior[lang] for lang in cands}
    lang, p = _best(posterior)
    return lang, p / sum(posterior.values())


def _neighbour_languages(
    found: list[dict[str, tuple[str | None, float]]], i: int, script: str
) -> list[str]:
    """The sure languages of the nearest paragraph before and after in the same script."""
    out: list[str] = []
    for direction in (-1, 1):
        j = i + direction
        while 0 <= j < len(found):
            lang, p = found[j].get(script, (None, 0.0))
            if lang is not None and p >= CONFIDENT:
                out.append(lang)
                break
            j += direction
    return out


def _translation_pairs(
    paragraphs: list[str], segment_languages: list[list[str]], profiles: list[_Profile]
) -> tuple[list[int | None], str | None]:
    """Pair each translated paragraph with its original when the document interleaves them.

    For each direction (A -> B) the paragraphs of language A directly followed by one of B are
    paired, left to right. True pairs keep a steady size ratio (letters weighted by script);
    pairs that straddle two items (a translation and the next original) do not. So the direction
    with the steadiest ratio wins, if it is steady enough (PAIR_MAX_SPREAD), has PAIR_MIN_PAIRS
    pairs and holds PAIR_MIN_SHARE of B's paragraphs. Returns (translation_of, original language).
    """
    n = len(paragraphs)
    translation_of: list[int | None] = [None] * n
    sizes = [sum(p.weights.values()) for p in profiles]
    single = [
        langs[0] if len(langs) == 1 and sizes[i] else None
        for i, langs in enumerate(segment_languages)
    ]
    directions = {(a, b) for a, b in itertools.pairwise(single) if a and b and a != b}
    best: tuple[float, str, str, list[tuple[int, int]]] | None = None
    for src, dst in sorted(directions):
        pairs: list[tuple[int, int]] = []
        i = 0
        while i < n - 1:
            if single[i] == src and single[i + 1] == dst:
                pairs.append((i, i + 1))
                i += 2
            else:
                i += 1
        if len(pairs) < PAIR_MIN_PAIRS:
            continue
        ratios = [math.log(sizes[b] / sizes[a]) for a, b in pairs]
        centre = statistics.median(ratios)
        spread = statistics.median(abs(r - centre) for r in ratios)
        pairs = [
            p
            for p, r in zip(pairs, ratios, strict=True)
            if abs(r - centre) <= math.log(PAIR_SIZE_RATIO)
        ]
        n_dst = sum(1 for lang in single if lang == dst)
        if spread > PAIR_MAX_SPREAD or len(pairs) < max(PAIR_MIN_PAIRS, PAIR_MIN_SHARE * n_dst):
            continue
        if best is None or spread < best[0]:
            best = (spread, src, dst, pairs)
    if best is None:
        return translation_of, None
    for orig, trans in best[3]:
        translation_of[trans] = orig
    return translation_of, best[1]

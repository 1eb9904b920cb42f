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
import random
import re
import statistics
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
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
# Open detection (not strict): the expected languages' weight against the others, and how many
# of the detector's best languages word frequencies then weigh (those within TOP_RATIO of the best).
PREFER = 4.0
TOP_N = 4
TOP_RATIO = 0.01
# Running text the expected languages' common words cover this well is resolved among them alone.
OPEN_FIT_SHARE = 0.9
PAIR_SIZE_RATIO = 3.0
# Log ratio of weighted sizes, translation over original: true pairs centre here (EN/ZH news:
# median -0.08, 90 % within -0.4..0.16) with this Laplace scale; pairs that straddle two items
# spread about 0.5 around 0.
PAIR_CENTRE = -0.08
PAIR_SCALE = 0.2
PAIR_FLOOR = 3.0
PAIR_MIN_PAIRS = 3  # pairs from which a run's own median ratio is its centre
PAIR_OTHER_SCALE = 0.5
# Evidence a figure (two or more digits) both paragraphs hold adds; a pair whose figures differ
# entirely loses as much.
PAIR_FIGURE = 1.0
# A pairing is claimed with at least this much evidence, and this much more than the other.
PAIR_MIN_EVIDENCE = 0.1
PAIR_MIN_SHARE = 0.5  # share of the translation language's paragraphs that must sit in pairs
PAIR_MAX_SPREAD = 0.25  # median deviation of log size ratios; straddling pairs show about 0.5
PAIR_MARGIN = 0.1

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

    return tuple(load_settings().language.expected)


@lru_cache(maxsize=1)
def _settings_strict() -> bool:
    from .settings import load_settings

    return load_settings().language.only_expected


@lru_cache(maxsize=1)
def _settings_helpers() -> frozenset[str]:
    """Which optional helpers (lingua, wordfreq) may be used when installed."""
    from .settings import load_settings

    return frozenset(load_settings().language.helpers)


def _norm(lang: str) -> str:
    return "zh" if lang.startswith("zh") else lang


def _without_urls(text: str) -> str:
    """The text with web and mail addresses blanked out. Most paragraphs hold none; ruling that
    out with substring tests is much cheaper than running the pattern (whose mail branch retries
    at every position)."""
    if "@" in text or "://" in text or "www." in text.lower():
        return _URL.sub(" ", text)
    return text


# --------------------------------------------------------------------------- scripts


@dataclass
class _Profile:
    """How much of each script a text holds (weighted), and its letters per script."""

    weights: dict[str, float]
    letters: dict[str, int]
    latin_names: bool = False  # the Latin letters are names inside another script's text

    def main(self) -> str | None:
        """The script that carries the text: Latin beside another script counts for less,
        since names, credits and boilerplate in Latin letters litter other scripts' text."""
        if not self.weights:
            return None
        if len(self.weights) == 1:
            return next(iter(self.weights))

        def weight(name: str) -> float:
            if name == "latin":
                return 0.0 if self.latin_names else self.weights[name] * LATIN_BESIDE_OTHERS
            return self.weights[name]

        return max(self.weights, key=weight)


_CAPS_WORD = re.compile(r"\b[A-Z][A-Z0-9.&-]+\b")


class _ScriptMarks(dict[int, str | None]):
    """A str.translate table: a letter -> the mark of its script (the script's index as a control
    character), anything else -> deleted. Filled as characters are first seen; translating and
    counting marks is one pass over the text instead of one regex pass per script."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        hits = [i for i, script in enumerate(_scripts()) if script.pattern.match(ch)]
        if len(hits) > 1:
            names = ", ".join(_scripts()[i].name for i in hits)
            raise ValueError(f"language_scripts.toml: U+{code:04X} is in several scripts: {names}")
        self[code] = chr(hits[0]) if hits else None
        return self[code]


@lru_cache(maxsize=1)
def _script_marks() -> _ScriptMarks:
    return _ScriptMarks()


def _letters_by_script(text: str) -> dict[str, int]:
    """How many letters of each script the text holds (scripts in data order)."""
    marks = text.translate(_script_marks())
    present = sorted(set(marks))
    if len(present) == 1:  # the usual case: one script
        return {_scripts()[ord(present[0])].name: len(marks)}
    return {_scripts()[ord(m)].name: marks.count(m) for m in present}


_LATIN_WORD = re.compile(r"(?<![\w'’-])[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’-]*")


def _names_inside(text: str) -> bool:
    """Whether the Latin words of a line in another script are names set inside it: every one
    capitalised (or all caps), with the other script's letters both before and after them. A
    heading beside its translation ("Project Spare Tire  备胎计划") has them on one side only;
    a line that truly mixes languages has lower-case words."""
    words = list(_LATIN_WORD.finditer(text))
    if not words or any(not m.group()[0].isupper() for m in words):
        return False
    marks = _script_marks()
    latin_mark = chr(next(i for i, sc in enumerate(_scripts()) if sc.name == "latin"))

    def other(part: str) -> bool:
        return any(m is not None and m != latin_mark for m in part.translate(marks))

    return other(text[: words[0].start()]) and other(text[words[-1].end() :])


def _profile(text: str) -> _Profile:
    """Count letters per script; all-caps Latin words (acronyms, credits) count only alone."""
    by_script = _script_by_name()
    letters = _letters_by_script(text)
    latin = letters.pop("latin", 0)
    if latin:
        # All-caps words' Latin letters are their A-Z; they count when nothing else is left.
        in_caps = sum(1 for word in _CAPS_WORD.findall(text) for ch in word if ch.isalpha())
        if in_caps < latin or letters:
            latin -= in_caps
        # "内政大臣 Priti Patel 要求 Twitter ...": names in another script's text, no language
        names = bool(latin and letters and _names_inside(text))
        if latin:
            letters["latin"] = latin  # last, as ties between scripts go to the first
    else:
        names = False
    weights = {name: n * by_script[name].weight for name, n in letters.items()}
    return _Profile(weights, letters, names)


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
    factory = _langdetect_factory(langs)
    if factory is None:
        return {langs[0]: 1.0} if langs else {}
    rows = _langdetect_rows(text, langs)
    if not rows:  # langdetect raises "No features in text"
        return {}
    *_, result = _langdetect_trials(langs, rows)  # the average over all trials
    return _by_language(factory.langlist, result)


def _by_language(langlist: Sequence[str], probs: Sequence[float]) -> dict[str, float]:
    """Probabilities by language code ('zh-cn' and 'zh-tw' together as 'zh')."""
    out: dict[str, float] = {}
    for lang, p in zip(langlist, probs, strict=True):
        key = _norm(lang)
        out[key] = out.get(key, 0.0) + p
    return out


def _escape(
    text: str, langs: tuple[str, ...], candidates: Sequence[str]
) -> tuple[str, float] | None:
    """The language outside `candidates` that langdetect among `langs` finds in `text` with at
    least ESCAPE_PROB, and its probability; None when there is none.

    The answer is _langdetect's, but sampling stops as soon as no outside language can reach
    ESCAPE_PROB any more: langdetect averages seven trials, so one trial that settles on a
    candidate (the usual case: names or numbers in English text) already rules escaping out.
    """
    factory = _langdetect_factory(langs)
    if factory is None:
        lang = langs[0] if langs else None
        return (lang, 1.0) if lang is not None and lang not in candidates else None
    rows = _langdetect_rows(text, langs)
    if not rows:
        return None
    trials = _langdetect_settings(langs).n_trial
    outside = [i for i, lang in enumerate(factory.langlist) if _norm(lang) not in candidates]
    outside_langs = [factory.langlist[i] for i in outside]
    result: list[float] = []
    for done, result in enumerate(_langdetect_trials(langs, rows), 1):
        # Each remaining trial adds at most 1/trials to a language (the margin covers rounding).
        reachable = _by_language(outside_langs, [result[i] for i in outside])
        if max(reachable.values(), default=0.0) + (trials - done) / trials < ESCAPE_PROB - 1e-9:
            return None
    lang, p = _best(_by_language(factory.langlist, result))
    if lang is not None and p >= ESCAPE_PROB and lang not in candidates:
        return lang, p
    return None


# langdetect (pinned, 1.0.9) spends its time in per-character objects and per-language Python
# loops. The functions below follow its Detector step for step - the same n-grams in the same
# order, the same random draws, the same floating-point operations in the same order - so the
# probabilities are identical (tests/test_language_speed.py compares them with langdetect's own)
# at a fraction of the CPU.


class _NgramChars(dict[int, str]):
    """A str.translate table: character -> langdetect's NGram.normalize of it (spaces for
    punctuation and digits, one representative per kana, Hangul or Kanji class ...), computed once
    per distinct character."""

    def __missing__(self, code: int) -> str:
        from langdetect.utils.ngram import NGram

        self[code] = NGram.normalize(chr(code))
        return self[code]


_NGRAM_CHARS = _NgramChars()
_LD_SPACES = re.compile(" {2,}")
_LD_LATIN = re.compile("[A-z]")  # langdetect's 'A' <= ch <= 'z', brackets and backquote included
_LD_NON_LATIN = re.compile(r"[^\x00-\u02ff]")


def _langdetect_rows(text: str, langs: tuple[str, ...]) -> list[list[float]]:
    """The n-grams langdetect's Detector samples from (Detector.append, cleaning_text and
    _extract_ngrams), each as its row of probabilities per language of the factory for `langs`.

    langdetect's n-gram buffer starts afresh at every space, so a word's n-grams depend on the
    word alone (and whether a space follows it): they are looked up once per word.
    """
    from langdetect.detector import Detector
    from langdetect.utils.ngram import NGram

    text = Detector.URL_RE.sub(" ", text)
    text = Detector.MAIL_RE.sub(" ", text)
    text = NGram.normalize_vi(text)
    # append: the first max_text_length characters, runs of spaces as one.
    text = _LD_SPACES.sub(" ", text[: _langdetect_settings(langs).max_text_length])
    # cleaning_text: mostly non-Latin text loses its Latin letters. (langdetect compares a block
    # number with a block name there, so every character from U+0300 on counts as non-Latin.)
    if 2 * len(_LD_LATIN.findall(text)) < len(_LD_NON_LATIN.findall(text)):
        text = _LD_LATIN.sub("", text)
    words = text.translate(_NGRAM_CHARS).split(" ")
    out: list[list[float]] = []
    for word in words[:-1]:
        if word:
            out += _word_rows(word + " ", langs)
    if words[-1]:
        out += _word_rows(words[-1], langs)
    return out


@lru_cache(maxsize=1 << 16)
def _word_rows(word: str, langs: tuple[str, ...]) -> tuple[list[float], ...]:
    """NGram.add_char and _extract_ngrams over one normalized word (and its trailing space): after
    each character its last 1-3 characters, unless inside an all-caps word, when the profiles of
    `langs` know them - as those profiles' rows."""
    from langdetect.utils.ngram import NGram

    known = _langdetect_factory(langs).word_lang_prob_map
    out: list[list[float]] = []
    grams, last = " ", " "
    for ch in word:
        if len(grams) >= NGram.N_GRAM:
            grams = grams[1:]
        grams += ch
        capital = ch.isupper() and last.isupper()
        last = ch
        if capital:
            continue
        for n in range(1, len(grams) + 1):
            gram = grams[-n:]
            if gram != " " and gram in known:
                out.append(known[gram])
    return tuple(out)


@lru_cache(maxsize=32)
def _langdetect_settings(langs: tuple[str, ...]) -> Any:
    """A Detector of the factory for `langs`, read only for its settings (trials, alpha, text
    limit, convergence), so that they stay langdetect's."""
    return _langdetect_factory(langs).create()


def _langdetect_trials(langs: tuple[str, ...], rows: list[list[float]]) -> Iterator[list[float]]:
    """Detector._detect_block: per trial, multiply in random n-grams' rows (normalizing after
    every fifth) until one language converges. Yields the running average after each trial; the
    last is langdetect's answer."""
    settings = _langdetect_settings(langs)
    n_langs, trials = len(settings.langlist), settings.n_trial
    rng = random.Random(settings.seed)
    # rng.choice(rows), inlined: the index is drawn as CPython's Random draws it (k random
    # bits, again while out of range: the same stream), without two calls per draw
    bits = rng.getrandbits
    n_rows = len(rows)
    k = n_rows.bit_length()
    converged, limit = settings.CONV_THRESHOLD, settings.ITERATION_LIMIT
    result = [0.0] * n_langs
    for _ in range(trials):
        prob = [1.0 / n_langs] * n_langs
        alpha = settings.alpha + rng.gauss(0.0, 1.0) * settings.ALPHA_WIDTH
        weight = alpha / settings.BASE_FREQ
        i = 0
        while True:
            pick = bits(k)
            while pick >= n_rows:
                pick = bits(k)
            prob = [p * (weight + q) for p, q in zip(prob, rows[pick])]
            if i % 5 == 0:
                total = sum(prob)
                prob = [p / total for p in prob]
                if max(prob) > converged or i >= limit:
                    break
            i += 1
        result = [r + p / trials for r, p in zip(result, prob)]
        yield result


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


@lru_cache(maxsize=1)
def _lingua_languages() -> dict[str, Any]:
    """lingua's languages by our codes (ISO 639-1; "no" is lingua's Bokmål)."""
    lingua = _helper_module("lingua")
    known = {lang.iso_code_639_1.name.lower(): lang for lang in lingua.Language.all()}
    known["no"] = known.get("nb")
    return known


@lru_cache(maxsize=32)
def _lingua_detector(langs: tuple[str, ...]) -> Any:
    lingua = _helper_module("lingua")
    if lingua is None:
        return None
    known = _lingua_languages()
    chosen = [known[lang] for lang in langs if known.get(lang) is not None]
    if len(chosen) < 2:
        return None
    return lingua.LanguageDetectorBuilder.from_languages(*chosen).build()


def preload_lingua(langs: Sequence[str]) -> None:
    """Load lingua's models of `langs` in this process now, as the first question about any of
    them would (the same model files: answers are unchanged). lingua keeps a language's models
    for every detector of the process, so a later question only loads its other languages."""
    lingua = _helper_module("lingua")
    if lingua is None:
        return
    known = _lingua_languages()
    for lang in langs:
        if known.get(lang) is not None:
            lingua.LanguageDetectorBuilder.from_languages(
                known[lang]
            ).with_preloaded_language_models().build()


# What answers lingua's questions in this process: None, lingua here; a pool's worker asks the
# process that holds the models for all of them (monitor.lingua_server).
_LINGUA_ANSWER: Callable[[str, tuple[str, ...]], dict[str, float]] | None = None


def use_lingua(answer: Callable[[str, tuple[str, ...]], dict[str, float]] | None) -> None:
    """Have `answer(text, langs)` give lingua's confidence values in this process (None: lingua
    here); it must answer as `lingua_values` would."""
    global _LINGUA_ANSWER
    _LINGUA_ANSWER = answer


def _lingua(text: str, langs: tuple[str, ...]) -> dict[str, float]:
    """lingua's confidence values among `langs` (empty when lingua is not installed)."""
    if _helper_module("lingua") is None:
        return {}
    if _LINGUA_ANSWER is not None:
        return _LINGUA_ANSWER(text, langs)
    return lingua_values(text, langs)


def lingua_values(text: str, langs: tuple[str, ...]) -> dict[str, float]:
    """lingua's confidence values among `langs`, from the models in this process."""
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
    if not _frequency_dict_applies(wordfreq):
        return wordfreq.get_frequency_dict(lang, wordlist="small")
    # get_frequency_dict, a bucket at a time: each worker builds the tables of the languages its
    # documents hold (~40-60,000 words each) on first use, in half the CPU (10-25 ms a table).
    # Same keys in the same order and the same values: a word in two buckets keeps its first
    # place and the later bucket's frequency, as assigning it again does.
    freqs: dict[str, float] = {}
    for index, bucket in enumerate(wordfreq.get_frequency_list(lang, wordlist="small")):
        freqs.update(dict.fromkeys(bucket, wordfreq.cB_to_freq(-index)))
    return freqs


# wordfreq's get_frequency_dict (3.1), whitespace collapsed, as _word_table follows it.
_WORDFREQ_DICT_LOOP = (
    "freqs = {} pack = get_frequency_list(lang, wordlist) for index, bucket in enumerate(pack): "
    "freq = cB_to_freq(-index) for word in bucket: freqs[word] = freq return freqs"
)


@lru_cache(maxsize=1)
def _frequency_dict_applies(wordfreq: Any) -> bool:
    """Whether the installed wordfreq builds its frequency dict as _word_table does."""
    import inspect

    try:
        source = " ".join(inspect.getsource(wordfreq.get_frequency_dict).split())
    except (OSError, TypeError):
        return False
    return source.endswith(_WORDFREQ_DICT_LOOP)


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _with_words(text: str, probs: dict[str, float], lenient: bool = False) -> dict[str, float]:
    """Weigh a detector's probabilities by how common the text's words are in each language.

    A language without a word list stops the weighing, unless `lenient`: then its words count as
    the mean of the other languages' (neither for it nor against it)."""
    if len(probs) < 2:
        return probs
    tables = {lang: _word_table(lang) for lang in probs}
    words = [w.lower() for w in _WORD.findall(text)][:MAX_WORDS]
    missing = [lang for lang, table in tables.items() if table is None]
    if not words or (missing and not lenient) or len(missing) == len(tables):
        return probs
    word_scores = {
        lang: WORD_WEIGHT * sum(math.log(max(table.get(w, 0.0), WORD_FLOOR)) for w in words)
        for lang, table in tables.items()
        if table is not None
    }
    mean = sum(word_scores.values()) / len(word_scores)
    scores = {lang: math.log(p + 1e-4) + word_scores.get(lang, mean) for lang, p in probs.items()}
    top = max(scores.values())
    weights = {lang: math.exp(score - top) for lang, score in scores.items()}
    total = sum(weights.values())
    return {lang: w / total for lang, w in weights.items()}


@lru_cache(maxsize=32)
def _known_words(langs: tuple[str, ...]) -> frozenset[str] | dict[str, float] | None:
    """The words any of `langs` knows (None: a language has no word list)."""
    tables = [_word_table(lang) for lang in langs]
    if not tables or any(table is None for table in tables):
        return None
    if len(tables) == 1:
        return tables[0]
    return frozenset().union(*tables)


def _fits(
    text: str, langs: Sequence[str], max_words: int = MAX_WORDS, share: float = FIT_SHARE
) -> bool | None:
    """Whether most of the text's words are common words of one of `langs` (None: can't tell)."""
    known_words = _known_words(tuple(langs))
    if known_words is None:
        return None
    words = _WORD.findall(text)[:max_words]
    if len(words) < 5:
        return None
    if "’" in text:
        words = [w.replace("’", "'") for w in words]
    known = sum(map(known_words.__contains__, map(str.lower, words)))
    return known >= share * len(words)


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
        escaped = _escape(text, script.languages, candidates)
        if escaped:
            return escaped
    return _statistical(text, candidates, letters)


def _prefer(probs: dict[str, float], preferred: Sequence[str]) -> dict[str, float]:
    """Probabilities with the preferred (expected) languages weighted PREFER times, renormalised:
    sure evidence for another language still wins, a close call goes to the preferred one."""
    if not preferred or not probs:
        return probs
    weighted = {k: v * (PREFER if k in preferred else 1.0) for k, v in probs.items()}
    total = sum(weighted.values()) or 1.0
    return {k: v / total for k, v in weighted.items()}


def _open_language(
    script: _Script, text: str, profile: _Profile, expected: tuple[str, ...]
) -> tuple[str | None, float]:
    """The language of the `script` part of `text` among every language the script serves, the
    expected ones preferred where the evidence is close (the default, not strict, mode).

    Running text that the expected languages' common words cover (FIT_SHARE) is resolved among
    them alone, as in strict mode: that keeps the usual case (an English paragraph) cheap and
    exactly as before. Anything else is asked of the detectors over all of the script's
    languages: lingua on short text, langdetect (lingua beside it when unsure) on running text.
    """
    if script.decides or script.default or len(script.languages) < 2:
        return _script_language(script, text, profile, _candidates(script, expected), True)
    everyone = script.languages
    by_letters = _by_letters(script.name, text, everyone)
    if by_letters:
        return by_letters, 1.0
    preferred = tuple(lang for lang in everyone if lang in expected)
    letters = profile.letters.get(script.name, 0)
    if preferred and letters >= SHORT_LETTERS and _fits(text, preferred, share=OPEN_FIT_SHARE):
        return _statistical(text, preferred, letters)
    if letters < SHORT_LETTERS:
        probs = _lingua(text, everyone)
        if probs:
            probs = _with_words(text, _top(probs, preferred), lenient=True)
            return _best(_prefer(probs, preferred))
    probs = _langdetect(text, everyone)
    if _best(probs)[1] < CONFIDENT:
        backup = _lingua(text, everyone)
        if backup:
            keys = set(probs) | set(backup)
            probs = {k: (probs.get(k, 0.0) + backup.get(k, 0.0)) / 2 for k in keys}
            probs = _with_words(text, _top(probs, preferred), lenient=True)
    return _best(_prefer(probs, preferred))


def _top(probs: dict[str, float], preferred: Sequence[str] = ()) -> dict[str, float]:
    """The few languages worth weighing further: within TOP_RATIO of the best, at most TOP_N,
    and the preferred ones the detector gave any chance."""
    if not probs:
        return probs
    best = max(probs.values())
    ranked = sorted(probs.items(), key=lambda kv: -kv[1])[:TOP_N]
    out = {k: v for k, v in ranked if v >= best * TOP_RATIO}
    for lang in preferred:
        if probs.get(lang, 0.0) > 0.0:
            out.setdefault(lang, probs[lang])
    return out


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
    text = _without_urls(text)
    profile = _profile(text)
    main = profile.main()
    if main is None:
        return None
    expected_t = _resolve_expected(expected)
    strict = _settings_strict() if strict is None else strict
    script = _script_by_name()[main]
    if strict:
        lang, _ = _script_language(script, text, profile, _candidates(script, expected_t), True)
    else:
        lang, _ = _open_language(script, text, profile, expected_t)
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
        if name == main or (name == "latin" and profile.latin_names):
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
            letters = _letters_by_script(joined).get(name, 0)
            # Without word lists (or words) to tell, the detector is asked.
            if letters >= ESCAPE_LETTERS and not _fits(joined, candidates, max_words=400):
                escaped = _escape(joined, script.languages, candidates)
                if escaped:
                    candidates = candidates + (escaped[0],)
        out[name] = candidates
    return out


def analyse(paragraphs: list[str], expected: Sequence[str] | None = None) -> LanguageResult:
    """Languages of a document's paragraphs, its primary language and translation pairs."""
    expected_t = _resolve_expected(expected)
    strict = _settings_strict()
    cleaned = [_without_urls(p) for p in paragraphs]
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
    """Translation pairs: a document whose paragraph pairs keep a steady size ratio is paired
    as a whole (_steady_pairs); otherwise (short documents, an original that comes second, an
    unsteady translator) each alternating run is weighed on its own (_evidence_pairs)."""
    steady, original = _steady_pairs(paragraphs, segment_languages, profiles)
    weighed, weighed_original = _evidence_pairs(paragraphs, segment_languages, profiles)
    if original is None:
        return weighed, weighed_original
    # The two agree on most documents. Where the run's own evidence pairs a paragraph otherwise,
    # the steady pair is dropped (a straddling pairing can look steady too); evidence pairs of
    # paragraphs the steady rule left alone are added.
    partner: dict[int, int] = {}
    for b, a in enumerate(weighed):
        if a is not None:
            partner[a], partner[b] = b, a
    out: list[int | None] = [None] * len(paragraphs)
    for b, a in enumerate(steady):
        if a is not None and partner.get(a, b) == b and partner.get(b, a) == a:
            out[b] = a
    used = {i for b, a in enumerate(out) if a is not None for i in (a, b)}
    for b, a in enumerate(weighed):
        if a is not None and a not in used and b not in used:
            out[b] = a
    if all(a is None for a in out):
        return out, None
    return out, original if any(a is not None for a in steady if a in used) else weighed_original


def _sizes_and_languages(
    segment_languages: list[list[str]], profiles: list[_Profile]
) -> tuple[list[float], list[str | None]]:
    """Each paragraph's weighted size, and its language where it has text in one language only."""
    sizes = [sum(p.weights.values()) for p in profiles]
    single = [
        langs[0] if len(langs) == 1 and sizes[i] else None
        for i, langs in enumerate(segment_languages)
    ]
    return sizes, single


def _evidence_pairs(
    paragraphs: list[str], segment_languages: list[list[str]], profiles: list[_Profile]
) -> tuple[list[int | None], str | None]:
    """Pair each translated paragraph with its original when the document interleaves them.

    Paragraphs of one language each that alternate between two languages form a run; in a run
    either paragraphs (0, 1), (2, 3) ... are the pairs or (1, 2), (3, 4) ... are, whichever
    language comes first. A true pair's weighted sizes keep the ratio of a translation (log ratio
    near PAIR_CENTRE, Laplace scale PAIR_SCALE); a pair that straddles two items (a translation
    and the next original) or joins unrelated paragraphs varies widely (PAIR_OTHER_SCALE); figures
    both paragraphs hold add evidence. Each pairing's evidence is the sum of its pairs' log
    likelihood ratios; the better one is claimed when it is sure enough (PAIR_MIN_EVIDENCE) and
    beats the other by PAIR_MARGIN, so a short document is paired when its sizes and figures
    agree, and no pair is claimed when unsure. Returns (translation_of, original language): the
    first paragraph of a pair is taken for the original.
    """
    n = len(paragraphs)
    translation_of: list[int | None] = [None] * n
    sizes, single = _sizes_and_languages(segment_languages, profiles)
    firsts: Counter[str] = Counter()
    i = 0
    while i < n - 1:
        if not (single[i] and single[i + 1] and single[i] != single[i + 1]):
            i += 1
            continue
        start, langs = i, {single[i], single[i + 1]}
        while i + 2 < n and single[i + 2] == single[i]:
            i += 1  # extend the run while it keeps alternating between the same two languages
        end = i + 1
        i = end
        options = []
        for parity in (0, 1):
            pairs = [(k, k + 1) for k in range(start + parity, end, 2)]
            ratios = [math.log(sizes[b] / sizes[a]) for a, b in pairs]
            # A translator keeps their own ratio: with enough pairs, the run's median is the centre.
            centre = PAIR_CENTRE
            evidence = sum(
                _pair_evidence(paragraphs[a], paragraphs[b], r, centre)
                for (a, b), r in zip(pairs, ratios, strict=True)
            )
            options.append((evidence, pairs))
        options.sort(key=lambda o: o[0], reverse=True)
        (best, pairs), (other, _) = options
        if best < PAIR_MIN_EVIDENCE or best - max(other, 0.0) < PAIR_MARGIN or len(langs) != 2:
            continue
        for a, b in pairs:
            if abs(math.log(sizes[b] / sizes[a]) - PAIR_CENTRE) <= math.log(PAIR_SIZE_RATIO):
                translation_of[b] = a
                firsts[single[a]] += 1  # type: ignore[index]
    original = firsts.most_common(1)[0][0] if firsts else None
    return translation_of, original


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def _figures(text: str) -> set[str]:
    """The figures of a paragraph with two or more digits, separators dropped."""
    return {
        f
        for f in (m.replace(",", "").replace(".", "") for m in _FIGURE.findall(text))
        if len(f) >= 2
    }


def _pair_evidence(a: str, b: str, r: float, centre: float) -> float:
    """Log likelihood ratio that paragraphs a and b (log size ratio r) are an original and its
    translation, bounded below so that one odd pair cannot sink a long run."""
    evidence = max(
        math.log(PAIR_OTHER_SCALE / PAIR_SCALE)
        - abs(r - centre) / PAIR_SCALE
        + abs(r) / PAIR_OTHER_SCALE,
        -PAIR_FLOOR,
    )
    fa, fb = _figures(a), _figures(b)
    if fa or fb:
        shared = len(fa & fb)
        evidence += min(shared, 3) * PAIR_FIGURE - (len(fa ^ fb) > 0 and shared == 0) * PAIR_FIGURE
    return evidence


def _steady_pairs(
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
    sizes, single = _sizes_and_languages(segment_languages, profiles)
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

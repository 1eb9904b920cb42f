"""Chinese attribution against English silver on aligned human translations (enzh-dev).

    python benchmarks/attribution_zh.py [--half tune|check|both] [--show N] [--seed N]

Data: <repo>/../shared/bench/enzh-dev (or $MONITOR_BENCH_DIR/enzh-dev): WMT 2022 general test
set, human EN<->ZH translations aligned line by line, both directions (en-orig: English
originals with Chinese references; zh-orig: Chinese originals with English references). The
lines are cut into documents as benchmarks/bilingual.py cuts them (1-11 paragraph pairs of 3-5
lines), each English paragraph followed by its Chinese one, and the whole document goes through
`monitor.claims.extract_claims` as the pipeline hands it over: the English sentences get the
trained attribution model (CRFs over the whole article), the Chinese ones the hand-written
frames.

The unit is one aligned line. A line is attributed on a side when a claim of that side
overlapping it is attributed; its class is that of its first attributed claim (named / anonymous; the
English model's "unclear" is kept apart and left out of class agreement, as is the Chinese
"unclear": a pronoun or description with no source before it). A sentence that is no
claim counts as not attributed, on both sides.

The English side is SILVER, not gold: on PolNeAR dev the English model detects attributed
sentences at precision 0.918, recall 0.83, class accuracy 0.777, and a translator may add or
drop a "said". Figures here measure agreement with it, not truth; read the disagreements.

Reported per direction: Chinese detection P/R/F1 against the silver, class agreement on lines
both attribute, a confusion table (rows English, columns Chinese) and the same for a baseline
computed in the same run: a plain regex of 表示|称|说|指出|认为|透露|据 (anonymous where 人士,
据悉 or 据了解 is in the line, otherwise named). Documents alternate between a tune half (even
positions within each direction) and a check half (odd): tune only on the first.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bilingual  # enzh-dev's files and documents, cut as the bilingual benchmark cuts them

from monitor.claims import extract_claims

CLASSES = ("named", "anonymous", "unclear", "none")
_BASE = re.compile(r"表示|称|说|指出|认为|透露|据")
_BASE_ANON = re.compile(r"人士|据悉|据了解")


def bench_dir() -> Path:
    env = os.environ.get("MONITOR_BENCH_DIR")
    base = Path(env) if env else REPO.parent / "shared" / "bench"
    return base / "enzh-dev"


Doc = list[list[tuple[str, str]]]  # paragraphs of aligned (English line, Chinese line)


def aligned_documents(root: Path, seed: int = 21) -> list[tuple[str, int, Doc]]:
    """(direction, index within it, paragraphs of aligned lines), cut as the bilingual and
    stories benchmarks cut them (`bilingual.line_blocks`: the same random draws), lines kept
    apart."""
    rng = random.Random(seed)
    out = []
    for tag, en_name, zh_name in bilingual.ENZH_SETS:
        en = (root / en_name).read_text("utf-8").splitlines()
        zh = (root / zh_name).read_text("utf-8").splitlines()
        n = 0
        for block in bilingual.line_blocks(en, zh, rng):
            doc: Doc = []
            for lines in block:
                para = [(e.strip(), z.strip()) for e, z in lines]
                para = [(e, z) for e, z in para if e and z]
                if para:
                    doc.append(para)
            if doc:
                out.append((tag, n, doc))
                n += 1
    return out


def _lines_of(text: str, starts: list[int], sentence: str, cursor: int) -> tuple[list[int], int]:
    """(the lines a claim's sentence overlaps, new cursor), found in its paragraph from `cursor`
    (a line without a terminator runs into the next one's sentence)."""
    at = text.find(sentence, cursor)
    if at < 0:
        at = text.find(sentence)
    if at < 0:
        return [], cursor
    end = at + len(sentence)
    ends = starts[1:] + [len(text) + 1]
    return [j for j, (s, e) in enumerate(zip(starts, ends, strict=True)) if s < end and e > at], end


def run_doc(doc: Doc) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Per aligned line: (class, source) on the English side and on the Chinese side."""
    segments, layout = [], []
    for p, para in enumerate(doc):
        for side, sep in ((0, " "), (1, "")):
            lines = [pair[side] for pair in para]
            starts, pos = [], 0
            for line in lines:
                starts.append(pos)
                pos += len(line) + len(sep)
            text = sep.join(lines)
            segments.append((2 * p + side, text, "en" if side == 0 else "zh"))
            layout.append(starts)
    claims = extract_claims(segments)
    n = sum(len(para) for para in doc)
    offset = [0]
    for para in doc:
        offset.append(offset[-1] + len(para))
    en: list[tuple[str, str]] = [("none", "")] * n
    zh: list[tuple[str, str]] = [("none", "")] * n
    cursor: dict[int, int] = {}
    for c in claims:
        p, side = divmod(c.seq, 2)
        text = segments[c.seq][1]
        lines, cursor[c.seq] = _lines_of(text, layout[c.seq], c.sentence, cursor.get(c.seq, 0))
        if c.attribution == "none":
            continue
        row = en if side == 0 else zh
        for line in lines:
            k = offset[p] + line
            if row[k][0] == "none":
                kind = c.attribution if c.attribution in CLASSES else "unclear"
                row[k] = (kind, f"{c.attributed_to or ''} [{c.cue or ''}]")
    return en, zh


def baseline(line: str) -> tuple[str, str]:
    m = _BASE.search(line)
    if not m:
        return ("none", "")
    return ("anonymous" if _BASE_ANON.search(line) else "named", m.group())


def new_group() -> dict:
    return {"docs": 0, "lines": 0, "ms": [], "zh_ms": [], "sys": Counter(), "base": Counter()}


def tally(counter: Counter, silver: str, got: str) -> None:
    counter[(silver, got)] += 1


def figures(conf: Counter) -> dict[str, float]:
    tp = sum(v for (s, g), v in conf.items() if s != "none" and g != "none")
    fp = sum(v for (s, g), v in conf.items() if s == "none" and g != "none")
    fn = sum(v for (s, g), v in conf.items() if s != "none" and g == "none")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    both = [
        (s, g, v) for (s, g), v in conf.items() if s in ("named", "anonymous") and g in ("named", "anonymous")
    ]
    n_both = sum(v for *_, v in both)
    agree = sum(v for s, g, v in both if s == g)
    # precision of the Chinese "anonymous": of lines both attribute where Chinese says anonymous,
    # the share English also calls anonymous (a wrong anonymous is worse than a missed one)
    za = [(s, v) for (s, g), v in conf.items() if g == "anonymous" and s in ("named", "anonymous")]
    za_n = sum(v for _, v in za)
    za_ok = sum(v for s, v in za if s == "anonymous")
    return {
        "P": p, "R": r, "F1": f, "tp": tp, "fp": fp, "fn": fn,
        "class": agree / n_both if n_both else 0.0, "class_n": n_both,
        "anon_P": za_ok / za_n if za_n else 0.0, "anon_n": za_n,
    }


def score(docs: list[tuple[str, int, Doc]], show: int = 0, out=sys.stdout) -> dict[str, dict]:
    groups: dict[str, dict] = {}
    shown = 0
    for tag, _, doc in docs:
        t0 = time.perf_counter()
        en, zh = run_doc(doc)
        ms = 1000 * (time.perf_counter() - t0)
        t0 = time.perf_counter()  # the Chinese side alone: what the frames cost
        extract_claims([(p, "".join(z for _, z in para), "zh") for p, para in enumerate(doc)])
        zh_ms = 1000 * (time.perf_counter() - t0)
        lines = [pair for para in doc for pair in para]
        for key in (tag, "all"):
            g = groups.setdefault(key, new_group())
            g["docs"] += 1
            g["lines"] += len(lines)
            g["ms"].append(ms)
            g["zh_ms"].append(zh_ms)
            for (e_line, z_line), (ek, _), (zk, _) in zip(lines, en, zh, strict=True):
                tally(g["sys"], ek, zk)
                tally(g["base"], ek, baseline(z_line)[0])
        if show:
            for (e_line, z_line), (ek, es), (zk, zs) in zip(lines, en, zh, strict=True):
                if ek == zk or shown >= show:
                    continue
                shown += 1
                print(f"--- [{tag}] en {ek} {es} | zh {zk} {zs}", file=out)
                print(f"    EN: {e_line[:300]}", file=out)
                print(f"    ZH: {z_line[:300]}", file=out)
    return groups


def confusion(conf: Counter) -> str:
    cols = ("named", "anonymous", "unclear", "none")
    rows = [f"      {'en/zh':>10}" + "".join(f"{c:>10}" for c in cols)]
    for s in CLASSES:
        rows.append(f"      {s:>10}" + "".join(f"{conf[(s, c)]:>10}" for c in cols))
    return "\n".join(rows)


def report(name: str, groups: dict[str, dict]) -> None:
    print(f"== {name} half")
    for key in ("en-orig", "zh-orig", "all"):
        g = groups.get(key)
        if not g:
            continue
        s, b = figures(g["sys"]), figures(g["base"])
        ms, zh_ms = sorted(g["ms"]), sorted(g["zh_ms"])
        print(
            f"  {key:8} {g['docs']:>4} docs {g['lines']:>5} lines | silver attributed "
            f"{s['tp'] + s['fn']:>4} | median ms/doc {ms[len(ms) // 2]:.1f} both sides, "
            f"{zh_ms[len(zh_ms) // 2]:.1f} Chinese alone"
        )
        for label, f in (("frames", s), ("baseline", b)):
            print(
                f"    {label:9} P {f['P']:.3f} R {f['R']:.3f} F1 {f['F1']:.3f} "
                f"(tp {f['tp']} fp {f['fp']} fn {f['fn']}) | class agreement {f['class']:.3f} "
                f"of {f['class_n']} | zh-anonymous agreeing {f['anon_P']:.3f} of {f['anon_n']}"
            )
        if key != "all":
            print("    frames confusion (rows English silver, columns Chinese):")
            print(confusion(g["sys"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--half", choices=("tune", "check", "both"), default="tune")
    parser.add_argument("--show", type=int, default=0, help="print N disagreements")
    args = parser.parse_args(argv)
    root = bench_dir()
    if not root.exists():
        print(f"no benchmark data at {root} (set MONITOR_BENCH_DIR)", file=sys.stderr)
        return 2
    docs = aligned_documents(root, args.seed)
    halves = {"tune": [d for d in docs if d[1] % 2 == 0], "check": [d for d in docs if d[1] % 2 == 1]}
    names = ["tune", "check"] if args.half == "both" else [args.half]
    print(f"data: {root}, seed {args.seed}; English side is silver (PolNeAR dev P 0.918), not gold")
    print("baseline: regex 表示|称|说|指出|认为|透露|据 (anonymous with 人士|据悉|据了解)")
    for name in names:
        report(name, score(halves[name], args.show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

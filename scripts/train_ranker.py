"""Train the source ranker of English attribution (issue 18, eleventh round).

Run: ``python scripts/train_ranker.py --models DIR`` where DIR is a
``scripts/train_attribution.py --holdout 5 --out DIR`` model (with its four-fifths detector,
``scripts/train_detector.py --holdout-dir DIR``). The pipeline of that model runs over the fifth
of PolNeAR train it left out; every attributed sentence's source candidates
(``attribution.source_candidates``) are labelled by the gold source as
``benchmarks/attribution.py`` matches it (a shared content word with the gold source or what it
resolves to). A logistic regression scores them; five-fold cross-validation by article picks
the margin by which another candidate must beat the chosen one (the highest source match whose
detection precision, anonymous-label precision and named-label precision are not below the
pipeline's without the ranker). The shipped ``ranker.json`` is fitted on the whole fifth (the
shipped CRFs, trained on all of train, meet unseen text there as the four-fifths model met the
fifth). Dev is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

import attribution as B  # benchmarks/attribution.py

from monitor import attribution as A

VERSION = "1.0.0"
OUT = REPO / "src" / "monitor" / "data" / "attribution"
L2 = 10.0  # held-out fifth, five-fold, source match at margin 0: L2 3 .6603, 10 .6611, 30 .6611, 100 .6592
MIN_COUNT = 3
MARGINS = (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0)


def collect(models: Path) -> tuple[dict, dict, list]:
    """Per held-out article: the system's preds (ranker off) and the logged candidates."""
    A.MODEL_PATH = models
    A._taggers.cache_clear()
    A._detector.cache_clear()
    A._ranker_file.cache_clear()
    A.classify.cache_clear()
    A.RANKER_MODEL = {"weights": {}, "margin": 1e9, "floor": 1e9}  # log only, change nothing
    texts, gold = B.load("train")
    held = B.held_out_articles(5)
    texts = {a: t for a, t in texts.items() if a in held}
    gold = [g for g in gold if g["article"] in held]
    logs = {}
    for a, t in texts.items():
        A.RANK_LOG = {}
        B.system_preds(t)
        logs[a] = A.RANK_LOG
    A.RANK_LOG = None
    return texts, logs, gold


def dataset(texts: dict, logs: dict, gold: list, preds: dict) -> list[tuple[str, list, list[bool]]]:
    """(article, candidates, labels) per detected gold-attributed sentence."""
    rows = []
    for g in gold:
        if not g["attributed"]:
            continue
        best, best_ov = None, 0
        for p in preds[g["article"]]:
            ov = min(p.end, g["end"]) - max(p.start, g["start"])
            if ov > best_ov:
                best, best_ov = p, ov
        if best is None or best.attribution == "none":
            continue
        sent = texts[g["article"]][best.start : best.end]
        cands = logs[g["article"]].get(sent)
        if not cands:
            continue
        gw = B.content_words(g["source"]) | B.content_words(g.get("resolved_text"))
        rows.append((g["article"], cands, [bool(gw & B.content_words(c[0])) for c in cands]))
    return rows


def fit(rows) -> dict[str, float]:
    """A conditional logit (softmax over each sentence's candidates, Newton, L2): the right
    candidates share the target. A sentence without a chosen source has a "no source" candidate
    too (right where none is); sentences with no right candidate teach nothing and are left out."""
    groups = []
    for _, cands, labs in rows:
        feats = [g for _, g, _ in cands]
        labs = list(labs)
        if not any(cur for _, _, cur in cands):
            feats.append(A.NO_SOURCE)
            labs.append(not any(labs))
        if any(labs):
            groups.append((feats, labs))
    count = Counter(k for feats, _ in groups for g in feats for k in g)
    vocab = sorted(k for k, c in count.items() if c >= MIN_COUNT and k != "bias")
    index = {k: j for j, k in enumerate(vocab)}
    n = sum(len(f) for f, _ in groups)
    X = np.zeros((n, len(vocab)))
    t = np.zeros(n)
    gid = np.zeros(n, dtype=int)
    r = 0
    for q, (feats, labs) in enumerate(groups):
        right = sum(labs)
        for g, y in zip(feats, labs, strict=True):
            for k, v in g.items():
                j = index.get(k)
                if j is not None:
                    X[r, j] = v
            t[r] = y / right
            gid[r] = q
            r += 1
    w = np.zeros(len(vocab))
    for _ in range(40):
        z = X @ w
        zmax = np.full(len(groups), -np.inf)
        np.maximum.at(zmax, gid, z)
        e = np.exp(z - zmax[gid])
        den = np.bincount(gid, weights=e)
        p = e / den[gid]
        grad = X.T @ (p - t) + L2 * w
        M = np.zeros((len(groups), len(vocab)))
        np.add.at(M, gid, X * p[:, None])
        H = (X * p[:, None]).T @ X - M.T @ M + np.eye(len(vocab)) * (L2 + 1e-6)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return {k: round(float(w[j]), 4) for k, j in index.items() if abs(w[j]) >= 1e-4}


def end_to_end(texts, gold, models_by_article: dict[str, dict], margin: float) -> dict:
    """benchmarks/attribution.py's figures over the held-out fifth, each article ranked by
    the ranker its fold left it out of."""
    A.RANK_MARGIN = margin
    preds = {}
    for a, t in texts.items():
        A.RANKER_MODEL = models_by_article[a]
        preds[a] = B.system_preds(t)
    A.RANK_MARGIN = None
    return B.score(gold, preds)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", type=Path, required=True,
                    help="a train_attribution.py --holdout 5 model folder (with its detector)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--tune-only", action="store_true")
    ap.add_argument("--l2", type=float, default=None)
    args = ap.parse_args(argv)
    if args.l2 is not None:
        globals()["L2"] = args.l2
    t0 = time.time()
    texts, logs, gold = collect(args.models)
    off = {"weights": {}, "margin": 1e9, "floor": 1e9}
    base_preds = {}
    for a, t in texts.items():
        A.RANKER_MODEL = off
        base_preds[a] = B.system_preds(t)
    base = B.score(gold, base_preds)
    rows = dataset(texts, logs, gold, base_preds)
    arts = sorted(texts)
    fold_of = {a: i % args.folds for i, a in enumerate(arts)}
    by_article = {}
    for k in range(args.folds):
        w = fit([r for r in rows if fold_of[r[0]] != k])
        for a in arts:
            if fold_of[a] == k:
                by_article[a] = {"weights": w, "margin": 0.0, "floor": 0.0}
    keys = ("precision", "recall", "f1", "class_accuracy", "anonymous_found",
            "anonymous_precision", "named_precision", "source_match")
    report = {"held_out_articles": len(arts), "sentences_with_candidates": len(rows),
              "candidates": sum(len(r[1]) for r in rows),
              "with_a_right_candidate": sum(any(r[2]) for r in rows),
              "chosen_right": sum(any(y and c[2] for c, y in zip(r[1], r[2], strict=True)) for r in rows),
              "without_ranker": {k: round(base[k], 4) for k in keys}, "cv": {}}
    best = None
    for m in MARGINS:
        res = end_to_end(texts, gold, by_article, m)
        report["cv"][str(m)] = {k: round(res[k], 4) for k in keys}
        print(m, report["cv"][str(m)], flush=True)
        ok = all(res[k] >= base[k] - 1e-9 for k in ("precision", "anonymous_precision", "named_precision"))
        if ok and (best is None or res["source_match"] > best[1]):
            best = (m, res["source_match"])
    print(json.dumps(report, indent=1))
    if args.tune_only or best is None:
        return 0
    card = {
        "version": VERSION,
        "trained_on": "the fifth of PolNeAR train a --holdout 5 model left out",
        "margin": best[0], "floor": 0.0, "l2": L2,
        "held_out": report, "train_seconds": round(time.time() - t0, 1),
        "weights": fit(rows),
    }
    (args.out / "ranker.json").write_text(json.dumps(card, indent=1) + "\n", "utf-8")
    print(f"margin {best[0]}, {len(card['weights'])} weights -> {args.out / 'ranker.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

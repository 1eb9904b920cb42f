"""Second-stage sentence detector for English attribution (issue 18): logistic regression over
the sentence CRF's own features plus a train-learned cue lexicon and neighbour features,
stacked with the CRF's marginal.

Run: ``python scripts/train_detector.py [--out DIR]`` (bench as for
``scripts/train_attribution.py``; train split only, dev is never read here).

1. Every 5th train article (``held_out_articles(5)``) is held out; a sentence CRF is trained on
   the other four fifths (same features and params as the shipped one).
2. The logistic regression is trained on the four fifths (numpy, L2, full-batch Adam).
3. On the held-out fifth: a two-weight combiner (LR logit, CRF logit) is fitted, and the
   threshold chosen: the highest sentence recall whose sentence precision is at least the
   CRF's own at 0.5 on that fifth (precision first).
4. The shipped LR is retrained on all of train with the same settings; the combiner and
   threshold from step 3 ship with it in ``detector.json`` (weights rounded, small features
   pruned).

With ``--fold K --fold-dir DIR`` the same procedure runs inside the four folds a five-fold model
``train_attribution.py --holdout 5 --fold K --out DIR`` was trained on (fold K % 5 + 1 as the
held-out fifth, ``--crf45`` a sentence CRF of the other three), and the fold's detector.json
goes to DIR: without one, ``benchmarks/attribution.py --models DIR`` scores the pipeline
without the detector (and every rule that reads its margin).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pycrfsuite

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "scripts"))

from attribution import held_out_articles  # benchmarks/attribution.py
from train_attribution import article_data, bench_dir  # scripts/train_attribution.py
from train_attribution import cue_lexicon as train_cue_lexicon

from monitor import attribution as A

VERSION = "1.0.0"
OUT = REPO / "src" / "monitor" / "data" / "attribution"
L2 = 10.0  # held-out fifth, sentence recall at the CRF's precision: L2 1 .868, 10 .888, 30 .886, 100 .885
EPOCHS = 300
LR_RATE = 0.05
MIN_COUNT = 3  # a feature must occur in this many training sentences


def cue_lexicon(arts) -> list[str]:
    """train_attribution's cue lexicon of the articles `arts`."""
    return train_cue_lexicon((info, labs) for _, infos, _, tlabs in arts
                             for info, labs in zip(infos, tlabs, strict=True))


def crf_marginals(tagger, infos) -> list[float]:
    tagger.set(A.sentence_features(infos))
    tagger.tag()
    return [tagger.marginal("A", i) for i in range(len(infos))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--crf45", type=Path, default=Path("/tmp/sentence45.crfsuite"),
                    help="where the four-fifths sentence CRF is written (reused if present)")
    ap.add_argument("--l2", type=float, default=None)
    ap.add_argument("--holdout-dir", type=Path, default=None,
                    help="also write a four-fifths model folder (sentence CRF and detector) to "
                    "score the held-out fifth end to end: benchmarks/attribution.py --holdout 5 "
                    "(its span and class CRFs from --crf45's folder where that holds them: "
                    "train_attribution.py --holdout 5 --out DIR, then --crf45 DIR/sentence.crfsuite)")
    ap.add_argument("--fold", type=int, default=None, metavar="K",
                    help="five-fold cross-validation over train: the detector of the fold model "
                    "that leaves out fold K (train_attribution.py --holdout 5 --fold K --out DIR), "
                    "written to DIR/detector.json (--fold-dir DIR) by this same procedure within "
                    "the other four folds: combiner and threshold fitted on fold K %% 5 + 1 with an "
                    "LR and a sentence CRF (--crf45, trained if absent) of the three others, the "
                    "LR then retrained on all four; nothing shipped")
    ap.add_argument("--fold-dir", type=Path, default=None, help="the fold model's folder (--fold)")
    ap.add_argument("--tune-only", action="store_true", help="stop after the held-out figures")
    ap.add_argument("--eval-only", action="store_true",
                    help="only (re)write the dev figures (benchmarks/attribution.py) of detector.json")
    args = ap.parse_args(argv)
    if args.eval_only:
        _evaluate(args.out / "detector.json")
        return 0
    if args.l2 is not None:
        globals()["L2"] = args.l2
    t0 = time.time()
    root = bench_dir()
    held = held_out_articles(5, root)
    arts = [(a, i, s, t) for a, i, s, t, _ in article_data(root, "train")]
    if args.fold is not None:
        if args.fold_dir is None:
            ap.error("--fold needs --fold-dir")
        # the fold's own training articles stand for train; the next fold is the held-out fifth
        outer = held_out_articles(5, root, args.fold)
        arts = [x for x in arts if x[0] not in outer]
        held = held_out_articles(5, root, args.fold % 5 + 1)
    fit = [x for x in arts if x[0] not in held]
    hold = [x for x in arts if x[0] in held]
    print(f"train: {len(fit)} articles to fit, {len(hold)} held out", flush=True)
    if not args.crf45.exists():
        tr = pycrfsuite.Trainer(verbose=False)
        for _, infos, slabs, _ in fit:
            tr.append(A.sentence_features(infos, full=True), slabs)
        tr.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": 150,
                       "feature.possible_transitions": True})
        tr.train(str(args.crf45))
        print(f"four-fifths CRF trained ({time.time() - t0:.0f} s)", flush=True)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(args.crf45))

    lex = frozenset(cue_lexicon(fit))
    w_fit, _ = train_lr(fit, lex)
    # held-out fifth: LR logit, CRF logit, label
    zs, cs, ys = [], [], []
    for _, infos, slabs, _ in hold:
        fs = A.sentence_features(infos)
        zs += A.detector_logits(fs, {"weights": w_fit, "lexicon": lex})
        cs += [A._logit(m) for m in crf_marginals(tagger, infos)]
        ys += [lab == "A" for lab in slabs]
    zs, cs, ys = np.array(zs), np.array(cs), np.array(ys, dtype=float)
    comb = fit_combiner(np.stack([zs, cs], 1), ys)
    score = comb[0] + comb[1] * zs + comb[2] * cs
    crf_p, crf_r = pr(cs >= 0.0, ys)
    lr_only = best_threshold(zs, ys, crf_p)
    stacked = best_threshold(score, ys, crf_p)
    report = {
        "held_out_sentences": len(ys),
        "crf@0.5": {"precision": round(crf_p, 4), "recall": round(crf_r, 4)},
        "lr_only": lr_only,
        "stacked": stacked,
        "combiner": [round(float(c), 4) for c in comb],
    }
    print(json.dumps(report, indent=2), flush=True)
    if args.fold is not None:
        # the fold model's LR: its four folds, with the combiner and threshold fitted above
        lex_fold = frozenset(cue_lexicon(arts))
        w_fold, _ = train_lr(arts, lex_fold)
        (args.fold_dir / "detector.json").write_text(json.dumps({
            "trained_on": f"PolNeAR train less fold {args.fold} (--fold {args.fold})",
            "held_out": report, "combiner": report["combiner"], "threshold": stacked["threshold"],
            "lexicon": sorted(lex_fold),
            "weights": {k: round(v, 4) for k, v in w_fold.items() if abs(v) >= 0.005},
        }) + "\n", "utf-8")
        print(f"-> {args.fold_dir / 'detector.json'}")
        return 0
    if args.holdout_dir:
        import shutil

        args.holdout_dir.mkdir(parents=True, exist_ok=True)
        # the span and class CRFs of the four-fifths model where --crf45 is one's sentence CRF
        # (`train_attribution.py --holdout 5 --out DIR`, then --crf45 DIR/sentence.crfsuite);
        # the shipped ones saw the held-out fifth (held-out F1 0.878 with them, 0.864 without)
        base = args.crf45.parent if (args.crf45.parent / "span.crfsuite").exists() else OUT
        if base == OUT:
            print("warning: the shipped span and class CRFs, trained on the held-out fifth too",
                  file=sys.stderr)
        for name in ("span.crfsuite", "class.crfsuite", "cue_lexicon.json", "model.json"):
            if (base / name).exists() and base / name != args.holdout_dir / name:
                shutil.copy(base / name, args.holdout_dir / name)
        if args.crf45.resolve() != (args.holdout_dir / "sentence.crfsuite").resolve():
            shutil.copy(args.crf45, args.holdout_dir / "sentence.crfsuite")
        (args.holdout_dir / "detector.json").write_text(json.dumps({
            "combiner": report["combiner"], "threshold": stacked["threshold"],
            "lexicon": sorted(lex), "weights": w_fit}) + "\n", "utf-8")
    if args.tune_only:
        return 0
    # the shipped LR: all of train
    lex_all = frozenset(cue_lexicon(arts))
    w_all, _ = train_lr(arts, lex_all)
    weights = {k: round(v, 4) for k, v in w_all.items() if abs(v) >= 0.005}
    model = {
        "version": VERSION,
        "trained_on": "PolNeAR train split; combiner and threshold on its held-out fifth",
        "l2": L2, "epochs": EPOCHS, "min_count": MIN_COUNT,
        "held_out": report,
        "combiner": report["combiner"],
        "threshold": stacked["threshold"],
        "lexicon": sorted(lex_all),
        "weights": dict(sorted(weights.items())),
        "train_seconds": round(time.time() - t0, 1),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "detector.json").write_text(json.dumps(model, indent=0) + "\n", "utf-8")
    print(f"{len(weights)} weights -> {args.out / 'detector.json'}")
    if args.out == OUT:
        _evaluate(args.out / "detector.json")
    return 0


def _evaluate(path: Path) -> None:
    """The dev figures of benchmarks/attribution.py, the detector's and the CRF's alone."""
    import importlib

    A._taggers.cache_clear()
    A._detector.cache_clear()
    bench = importlib.import_module("attribution")
    res = bench.run("dev")
    model = json.loads(path.read_text("utf-8"))
    for name, key in (("detector", "dev"), ("crf-only", "dev_crf_only"), ("monitor", None)):
        if name in res["figures"]:
            key = key or ("dev" if A.DETECTOR else "dev_crf_only")
            model[key] = {k: round(v, 4) for k, v in res["figures"][name].items()
                          if not isinstance(v, dict)}
    path.write_text(json.dumps(model, indent=0) + "\n", "utf-8")
    print(json.dumps(model["dev"], indent=1))


def pr(pred: np.ndarray, ys: np.ndarray) -> tuple[float, float]:
    tp = float((pred & (ys > 0)).sum())
    return tp / max(1, pred.sum()), tp / max(1, ys.sum())


def best_threshold(score: np.ndarray, ys: np.ndarray, min_p: float) -> dict:
    """The threshold of highest recall whose precision is >= min_p."""
    best = None
    for t in np.quantile(score, np.linspace(0.2, 0.95, 301)):
        p, r = pr(score >= t, ys)
        if p >= min_p and (best is None or r > best["recall"]):
            f = 2 * p * r / (p + r) if p + r else 0.0
            best = {"threshold": round(float(t), 4), "precision": round(p, 4),
                    "recall": round(r, 4), "f1": round(f, 4)}
    return best or {"threshold": float(score.max()), "precision": 0, "recall": 0, "f1": 0}


def fit_combiner(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Plain logistic regression of y on [1, x] (Newton steps)."""
    X = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(X.shape[1])
    for _ in range(25):
        p = 1 / (1 + np.exp(-X @ w))
        g = X.T @ (p - y) + 1e-3 * w
        H = (X * (p * (1 - p))[:, None]).T @ X + 1e-3 * np.eye(X.shape[1])
        w -= np.linalg.solve(H, g)
    return w


def train_lr(arts, lex) -> tuple[dict[str, float], dict[str, int]]:
    rows, ys = [], []
    for _, infos, slabs, _ in arts:
        rows += A.detector_features(A.sentence_features(infos), lex)
        ys += [lab == "A" for lab in slabs]
    count = Counter(k for r in rows for k in r)
    vocab = {k: i for i, k in enumerate(sorted(k for k, c in count.items() if c >= MIN_COUNT))}
    idx, val, ptr = [], [], [0]
    for r in rows:
        for k, v in r.items():
            j = vocab.get(k)
            if j is not None:
                idx.append(j)
                val.append(v)
        ptr.append(len(idx))
    idx, val = np.array(idx), np.array(val, dtype=float)
    ptr = np.array(ptr)
    row_of = np.repeat(np.arange(len(rows)), np.diff(ptr))
    y = np.array(ys, dtype=float)
    n, d = len(rows), len(vocab)
    w, b = np.zeros(d), 0.0
    m, v2 = np.zeros(d + 1), np.zeros(d + 1)
    for t in range(1, EPOCHS + 1):
        z = np.bincount(row_of, weights=val * w[idx], minlength=n) + b
        p = 1 / (1 + np.exp(-z))
        r = p - y
        gw = np.bincount(idx, weights=val * r[row_of], minlength=d) / n + L2 * w / n
        g = np.append(gw, r.mean())
        m = 0.9 * m + 0.1 * g
        v2 = 0.999 * v2 + 0.001 * g * g
        step = LR_RATE * (m / (1 - 0.9**t)) / (np.sqrt(v2 / (1 - 0.999**t)) + 1e-8)
        w -= step[:-1]
        b -= step[-1]
    out = {k: float(w[j]) for k, j in vocab.items()}
    out["<bias>"] = float(b)
    return out, vocab


if __name__ == "__main__":
    raise SystemExit(main())

"""Attribution benchmark: the claim extractor vs two regex baselines on PolNeAR's dev split.

Run: ``python benchmarks/attribution.py [--split dev]`` (bench dir: $MONITOR_BENCH_DIR, the
bench folder or its ``attribution-dev`` folder, else ``<repo>/../shared/bench``). The metric is
the one ``../shared/bench/README.md`` describes: each article's body paragraphs (blank-line
separated, headline excluded) go through ``monitor.claims.extract_claims``; claims align to the
gold sentences by character overlap (a gold sentence takes the claim overlapping it most);

- (a) detection of attributed sentences, P/R/F1 over all scored gold sentences (a sentence that
  is no claim counts as "not attributed");
- (b) named / anonymous / none accuracy on the gold sentences kept as claims (gold: the
  sentence's resolved ``source_class``, "none" when not attributed; a pronoun or description
  that resolved to nothing in the gold has no class and is left out); ``anonymous_found`` is the
  share of gold-anonymous sentences detected as attributed that are called anonymous (the
  issue's 38 %), ``anonymous_recall`` the share of all gold-anonymous claims called anonymous;
- (c) source match: the share of all gold-attributed sentences whose ``attributed_to`` shares
  a content word with the gold source or with what it resolves to (pronouns are no content);

and how far labels and sources alone could take (b) and (c) at the system's own detection:
``ceiling:class_accuracy`` counts every detected sentence as if its class were right (a missed
or wrongly detected sentence stays wrong), ``ceiling:source_match`` every detected
gold-attributed sentence whose gold source has a content word as matched (a pronoun the gold
resolved to nothing never can be); ``anonymous_found`` is split by how the gold source is
written: a group or role (``[as written]``) or a pronoun the gold's automatic coreference
resolved to an indefinite phrase ("“I'm a negotiator,” he said" -> "a negotiator",
``[pronoun]``);

``sources_fragments`` is the share of shown sources (``attributed_to`` of attributed claims) that
are fragments, not names (a bracket or quotation mark alone, a last word that cannot end a noun
phrase: "D)", "Kate McKinnon on"), which the word match cannot see;

plus recall and source match by kind of sentence: said-type cue in the sentence (said/says/told/according to),
any other cue in the sentence, quote continuation (the cue lies outside the sentence), and a
pronoun source. Baselines computed in the same run: a reporting-verb regex, and the same regex
or "the sentence holds quotation marks".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from monitor import attribution
from monitor.claims import extract_claims

DEFAULT_BENCH = REPO.parent / "shared" / "bench"

_SAID = re.compile(r"\b(?:said|says|told|according to)\b", re.IGNORECASE)
_QUOTES = re.compile(r"[\"“”]")
_TOKEN = re.compile(r"[A-Za-z0-9\u4e00-\u9fff][\w’'-]*")
_STOP = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "from", "by", "with", "as", "is", "are", "was", "were", "be", "been", "its", "his", "her", "their", "our", "my", "your", "he", "she", "they", "it", "we", "i", "you", "him", "them", "us", "this", "that", "these", "those", "who", "which", "mr", "mrs", "ms", "dr", "s", "said", "says", "told", "according"}


def bench_dir() -> Path:
    """The attribution-dev folder: $MONITOR_BENCH_DIR (the bench folder or this one) or shared."""
    env = os.environ.get("MONITOR_BENCH_DIR")
    base = Path(env) if env else DEFAULT_BENCH
    return base / "attribution-dev" if (base / "attribution-dev").is_dir() else base


@dataclass
class Pred:
    """What a system says about one character span of an article."""

    start: int
    end: int
    attribution: str  # named / anonymous / unclear / none
    attributed_to: str | None
    via: str = ""  # where the system's class came from (attribution.Found.via)


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) of the body: blank-line separated blocks, the headline left out."""
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        if m.group().strip():
            out.append((m.start(), m.group()))
    return out[1:]


_VIA: dict[str, str] = {}  # sentence -> Found.via of the article being extracted
_attribute_article = attribution.attribute_article


def _recording(paragraph_sentences: list[list[str]], *args, **kwargs) -> list:
    """attribution.attribute_article, remembering where each sentence's class came from."""
    found = _attribute_article(paragraph_sentences, *args, **kwargs)
    flat = [s for para in paragraph_sentences for s in para]
    _VIA.update({s: f.via or "" for s, f in zip(flat, found, strict=True)})
    return found


def placed_claims(text: str, record: Callable[..., list] = _recording) -> list[tuple[int, int, Any]]:
    """The claim extractor's claims of an article, each with its character span in the text;
    `record` stands in for attribution.attribute_article meanwhile (it fills _VIA)."""
    paras = paragraphs(text)
    _VIA.clear()
    attribution.attribute_article = record
    try:
        claims = extract_claims([(i, p, "en") for i, (_, p) in enumerate(paras)])
    finally:
        attribution.attribute_article = _attribute_article
    placed, cursor = [], defaultdict(int)
    for c in claims:
        off, para = paras[c.seq]
        pos = para.find(c.sentence, cursor[c.seq])
        if pos < 0:
            pos = para.find(c.sentence)
        if pos < 0:
            continue
        cursor[c.seq] = pos + len(c.sentence)
        placed.append((off + pos, off + pos + len(c.sentence), c))
    return placed


def system_preds(text: str) -> list[Pred]:
    """The claim extractor's claims, placed back in the article text."""
    return [
        Pred(start, end, c.attribution, c.attributed_to, _VIA.get(c.sentence, ""))
        for start, end, c in placed_claims(text)
    ]


def best_overlap(g: dict, spans: Sequence[tuple[int, int]]) -> int | None:
    """The index of the span that overlaps gold sentence `g` most (None: none overlaps it)."""
    best, best_ov = None, 0
    for k, (start, end) in enumerate(spans):
        ov = min(end, g["end"]) - max(start, g["start"])
        if ov > best_ov:
            best, best_ov = k, ov
    return best


def _baseline_source(sentence: str, m: re.Match[str]) -> str | None:
    """Plain baseline source: up to three words before the verb, else three after it."""
    before = _TOKEN.findall(sentence[: m.start()])[-3:]
    after = _TOKEN.findall(sentence[m.end() :])[:3]
    words = before if before and not sentence[: m.start()].rstrip().endswith((",", "”", '"')) else after
    return " ".join(words) or None


def _baseline_class(source: str | None) -> str:
    """Plain baseline class: a capital letter after the first word means a name."""
    if not source:
        return "anonymous"
    return "named" if any(w[0].isupper() for w in source.split()[1:] + source.split()[:1]) else "anonymous"


def baseline_preds(gold: list[dict], quotes: bool) -> list[Pred]:
    """Regex baselines over the gold sentences: reporting verb (or quotation marks)."""
    out = []
    for g in gold:
        m = _SAID.search(g["text"])
        if m:
            src = _baseline_source(g["text"], m)
            out.append(Pred(g["start"], g["end"], _baseline_class(src), src))
        elif quotes and _QUOTES.search(g["text"]):
            out.append(Pred(g["start"], g["end"], "anonymous", None))
        else:
            out.append(Pred(g["start"], g["end"], "none", None))
    return out


def content_words(text: str | None) -> set[str]:
    return {w.lower().rstrip("’'s") for w in _TOKEN.findall(text or "")} - _STOP - {""}


def kind_of(g: dict) -> list[str]:
    """Kinds of an attributed gold sentence, for recall by kind."""
    kinds = []
    if g["cue_in"]:
        kinds.append("said-type cue" if _SAID.search(g["cue"] or "") else "other cue")
    else:
        kinds.append("quote continuation")
    if g.get("raw_class") == "pronoun":
        kinds.append("pronoun source")
    return kinds


# A source a reader would not accept as a name, which the word match cannot see ("D)" matches
# "state Sen. Jason Holsman (D)" by the word "d"): a bracket or quotation mark left open or
# closed alone, a last word that cannot end a noun phrase, a lone conjunction or adverb
_FRAGMENT = re.compile(
    r"^(?i:and|or|but|so|perhaps|then|now|also)$|(?<![.\w])(?:of|to|and|or|the|a|an|for|in|on|at|"
    r"with|by|from|that|who|which|whose)$"
)


def fragment(source: str | None) -> bool:
    """Whether a shown source is a fragment rather than a name or a description."""
    if not source:
        return False
    s = source.strip()
    return bool(
        _FRAGMENT.search(s) or s.count("(") != s.count(")")
        or s.count("“") != s.count("”") or s.count('"') % 2
    )


def score(gold: list[dict], preds_of: dict[str, list[Pred]]) -> dict[str, float]:
    tp = fp = fn = 0
    cls_ok = cls_n = anon_ok = anon_n = anon_all = anon_hit = 0
    # ceilings at this detection: every label and source right, the detection errors kept
    cls_cap = match_cap = 0
    anon_written = [0, 0]  # gold-anonymous detected sources written as a group / found so
    anon_coref = [0, 0]  # ... whose anonymity comes from the gold's coreference of "he", "it"
    match = n_attr = 0
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # detected, matched, all
    confusion: dict[tuple[str, str], int] = defaultdict(int)  # (gold, predicted) -> sentences
    # via -> "anonymous" labels whose gold is anonymous / named / none / unresolved
    anon_via: dict[str, list[int]] = {}
    spans_of = {a: [(p.start, p.end) for p in ps] for a, ps in preds_of.items()}
    for g in gold:
        k = best_overlap(g, spans_of.get(g["article"], ()))
        best = None if k is None else preds_of[g["article"]][k]
        said = best is not None and best.attribution != "none"
        truth = bool(g["attributed"])
        tp += said and truth
        fp += said and not truth
        fn += truth and not said
        if truth:
            n_attr += 1
            gold_words = content_words(g["source"]) | content_words(g.get("resolved_text"))
            matched = bool(said and gold_words & content_words(best.attributed_to))
            match += matched
            match_cap += bool(said and gold_words)
            for k in kind_of(g):
                by_kind[k][0] += said
                by_kind[k][1] += matched
                by_kind[k][2] += 1
        gclass = "none" if not truth else (
            g["source_class"] if g["source_class"] in ("named", "anonymous") else "unresolved"
        )
        pclass = best.attribution if best is not None else "none"
        confusion[(gclass, pclass)] += 1
        if pclass == "anonymous" and best is not None:
            via = best.via or "?"
            row = anon_via.setdefault(via, [0, 0, 0, 0])
            row[("anonymous", "named", "none", "unresolved").index(gclass)] += 1
        if best is not None:
            gclass = g["source_class"] if truth else "none"
            if gclass in ("named", "anonymous", "none"):
                cls_n += 1
                cls_ok += best.attribution == gclass
                cls_cap += said == truth
                if gclass == "anonymous":
                    anon_all += 1
                    anon_hit += best.attribution == "anonymous"
                    if said:
                        anon_n += 1
                        anon_ok += best.attribution == "anonymous"
                        part = anon_coref if g.get("raw_class") == "pronoun" else anon_written
                        part[0] += 1
                        part[1] += best.attribution == "anonymous"
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    shown = [x.attributed_to for ps in preds_of.values() for x in ps
             if x.attribution != "none" and x.attributed_to]
    def pr(label: str) -> tuple[float, float]:
        """Precision / recall of a class label over sentences of known gold class."""
        known = ("named", "anonymous", "none")
        said = sum(v for (gc, pc), v in confusion.items() if pc == label and gc in known)
        gold = sum(v for (gc, pc), v in confusion.items() if gc == label)
        hit = confusion[(label, label)]
        return (hit / said if said else 0.0), (hit / gold if gold else 0.0)

    anon_p, anon_r = pr("anonymous")
    named_p, named_r = pr("named")
    out = {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "class_accuracy": cls_ok / cls_n if cls_n else 0.0,
        "anonymous_found": anon_ok / anon_n if anon_n else 0.0,
        "anonymous_recall": anon_hit / anon_all if anon_all else 0.0,
        "source_match": match / n_attr if n_attr else 0.0,
        "anonymous_precision": anon_p,
        "anonymous_found[as written]": anon_written[1] / anon_written[0] if anon_written[0] else 0.0,
        "anonymous_found[pronoun]": anon_coref[1] / anon_coref[0] if anon_coref[0] else 0.0,
        "n[anonymous pronoun]": anon_coref[0],
        "ceiling:class_accuracy": cls_cap / cls_n if cls_n else 0.0,
        "ceiling:source_match": match_cap / n_attr if n_attr else 0.0,
        "sources_fragments": sum(map(fragment, shown)) / len(shown) if shown else 0.0,
        "anonymous_label_recall": anon_r,
        "named_precision": named_p,
        "named_recall": named_r,
    }
    for k, (hit, matched, n) in sorted(by_kind.items()):
        out[f"recall[{k}]"] = hit / n if n else 0.0
        out[f"source_match[{k}]"] = matched / n if n else 0.0
        out[f"n[{k}]"] = n
    out["confusion"] = {f"{gc}>{pc}": v for (gc, pc), v in sorted(confusion.items())}
    out["anonymous_by_via"] = dict(sorted(anon_via.items(), key=lambda kv: -sum(kv[1][1:3])))
    return out


def load(split: str, root: Path | None = None) -> tuple[dict[str, str], list[dict]]:
    root = root or bench_dir()
    gold = [json.loads(line) for line in (root / f"gold_{split}.jsonl").open(encoding="utf-8")]
    texts = {
        p.stem: p.read_text("utf-8") for p in sorted((root / split / "text").glob("*.txt"))
    }
    return texts, gold


def held_out_articles(every: int, root: Path | None = None, fold: int = 0) -> set[str]:
    """Every Nth train article by name, from the `fold`-th: what ``scripts/train_attribution.py
    --holdout N [--fold K]`` leaves out of training, to tune on without looking at dev (the N
    folds together are N-fold cross-validation over train's articles)."""
    names = sorted(p.stem for p in ((root or bench_dir()) / "train" / "text").glob("*.txt"))
    return {a for i, a in enumerate(names) if i % every == fold % every}


def run(
    split: str = "dev", root: Path | None = None, limit: int | None = None,
    articles: set[str] | None = None,
) -> dict:
    """All figures of one split (or of some of its `articles`): the system and the two
    baselines, plus ms per document."""
    texts, gold = load(split, root)
    if limit or articles is not None:
        keep = set(sorted(texts)[:limit]) if limit else set(articles or ())
        texts = {k: v for k, v in texts.items() if k in keep}
        gold = [g for g in gold if g["article"] in keep]
    other = None
    if attribution._detector() is not None:
        # the same pipeline with the sentence decision flipped: the second-stage detector
        # (scripts/train_detector.py) beside the CRF alone, whichever the system uses
        shipped = attribution.DETECTOR
        attribution.DETECTOR = not shipped
        t0 = time.process_time()
        other = {a: system_preds(t) for a, t in texts.items()}
        other_ms = 1000 * (time.process_time() - t0) / max(1, len(texts))
        attribution.DETECTOR = shipped
    t0 = time.process_time()
    system = {a: system_preds(t) for a, t in texts.items()}
    ms_per_doc = 1000 * (time.process_time() - t0) / max(1, len(texts))
    by_article: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_article[g["article"]].append(g)
    systems: dict[str, Callable[[list[dict]], list[Pred]]] = {
        "regex": lambda gs: baseline_preds(gs, quotes=False),
        "regex+quotes": lambda gs: baseline_preds(gs, quotes=True),
    }
    figures = {"monitor": score(gold, system)}
    if other is not None:
        figures["crf-only" if attribution.DETECTOR else "detector"] = score(gold, other)
    for name, fn in systems.items():
        figures[name] = score(gold, {a: fn(gs) for a, gs in by_article.items()})
    return {
        "split": split,
        "articles": len(texts),
        "sentences": len(gold),
        "ms_per_doc": ms_per_doc,
        "other_ms_per_doc": other_ms if other is not None else None,
        "figures": figures,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--models", type=Path, default=None, help="another attribution model folder")
    ap.add_argument(
        "--holdout", type=int, default=0, metavar="N",
        help="score the train articles a `train_attribution.py --holdout N` model left out",
    )
    ap.add_argument("--fold", type=int, default=0, metavar="K",
                    help="with --holdout N: the K-th of the N folds (i %% N == K)")
    ap.add_argument(
        "--anonymous-min", type=float, default=None, metavar="P",
        help="try another attribution.ANONYMOUS_MIN (tune with --holdout, never on dev)",
    )
    ap.add_argument("--rule-anonymous-min", type=float, default=None, metavar="P",
                    help="try another attribution.RULE_ANONYMOUS_MIN (tune with --holdout)")
    ap.add_argument("--description-anonymous", action="store_true",
                    help="an unresolved description is anonymous (the old rule), not unclear")
    ap.add_argument("--keep-anonymous", action="append", default=[],
                    choices=["carry", "quote", "resolved", "likely"],
                    help="anonymous labels of that kind stay anonymous, not unclear (for tuning)")
    ap.add_argument("--detector", action="store_true",
                    help="the second-stage detector decides which sentences attribute (the CRF "
                    "alone then is the crf-only column)")
    ap.add_argument("--detector-threshold", type=float, default=None, metavar="T",
                    help="try another detector threshold (tune with --holdout, never on dev)")
    ap.add_argument("--sure-margin", type=float, default=None, metavar="M",
                    help="try another attribution.SURE_MARGIN (tune with --holdout; negative: off)")
    args = ap.parse_args(argv)
    if args.sure_margin is not None:
        attribution.SURE_MARGIN = args.sure_margin if args.sure_margin >= 0 else None
    if args.detector_threshold is not None:
        attribution.DETECTOR_THRESHOLD = args.detector_threshold
    if args.detector:
        attribution.DETECTOR = True
    if args.rule_anonymous_min is not None:
        attribution.RULE_ANONYMOUS_MIN = args.rule_anonymous_min
    if args.anonymous_min is not None:
        attribution.ANONYMOUS_MIN = args.anonymous_min
    if args.description_anonymous:
        attribution.DESCRIPTION_UNCLEAR = False
    for flag in args.keep_anonymous:
        setattr(attribution, flag.upper() + "_ANONYMOUS_UNCLEAR", False)
    attribution.classify.cache_clear()
    if args.holdout:
        args.split = "train"
    if args.models:
        attribution.MODEL_PATH = args.models
        attribution._taggers.cache_clear()
        attribution._detector.cache_clear()
    if not (bench_dir() / f"gold_{args.split}.jsonl").exists():
        print(f"no attribution bench at {bench_dir()}", file=sys.stderr)
        return 2
    held = held_out_articles(args.holdout, fold=args.fold) if args.holdout else None
    res = run(args.split, limit=args.limit, articles=held)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    figs = res["figures"]
    names = list(figs)
    print(
        f"PolNeAR {res['split']}: {res['articles']} articles, {res['sentences']} sentences; "
        f"claim extraction {res['ms_per_doc']:.1f} ms/doc (CPU)"
        + (f", {res['other_ms_per_doc']:.1f} in the {list(res['figures'])[1]} column"
           if res["other_ms_per_doc"] is not None else "")
    )
    print(f"{'metric':32s}" + "".join(f"{n:>14s}" for n in names))
    for key in figs["monitor"]:
        if isinstance(figs["monitor"][key], dict):
            continue
        row = [figs[n].get(key, 0.0) for n in names]
        fmt = (lambda v: f"{int(v):>14d}") if key.startswith("n[") else (lambda v: f"{v:>14.3f}")
        print(f"{key:32s}" + "".join(fmt(v) for v in row))
    m = figs["monitor"]
    labels = ("named", "anonymous", "unclear", "none")
    print("\nmonitor confusion (rows gold class, columns label given; sentences):")
    print(f"{'gold/label':14s}" + "".join(f"{x:>11s}" for x in labels))
    for gc in ("named", "anonymous", "unresolved", "none"):
        print(f"{gc:14s}" + "".join(f"{m['confusion'].get(f'{gc}>{pc}', 0):>11d}" for pc in labels))
    print("\n'anonymous' labels by where the class came from (gold anonymous / named / none / "
          "unresolved pronoun or description):")
    for via, row in m["anonymous_by_via"].items():
        print(f"  {via:34s}" + "".join(f"{v:>6d}" for v in row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where source match and "anonymous found" fail: the gold-attributed sentences of PolNeAR by cause.

Run: ``python scripts/attribution_errors.py [--split dev]`` or, to tune without looking at dev,
``python scripts/attribution_errors.py --holdout 5 --models DIR`` (DIR: a
``scripts/train_attribution.py --holdout 5`` model with its four-fifths detector). The metric is
``benchmarks/attribution.py``'s (the bench README's); each gold-attributed sentence falls in one
bucket:

- matched (the claim's ``attributed_to`` shares a content word with the gold source or what the
  gold resolves it to); of those, the ones whose class is still wrong are counted apart;
- not detected (no claim, or a claim with attribution "none");
- never matchable: the gold source has no content word left (a pronoun the gold resolves to
  nothing: "he" -> no content word);
- detected, no source (``unclear`` from the detector's margin, ``attributed_to`` empty);
- a pronoun or description we resolved to another (``via`` resolved);
- a neighbour's source (carried from the same or previous paragraph, the quotation's, or the
  next sentence's), split by whether the gold source is a span of this sentence;
- the sentence's own span, another phrase than the gold's (or overlapping it, or the gold source
  lies outside the sentence).

"a previous sentence's source would match": one of the four sentences before has, as we read
it, a source that would have matched. Also: gold-anonymous sentences that are detected, by the
label we give and where it came from.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

import attribution as B  # benchmarks/attribution.py

from monitor import attribution as A

_SCORE: dict[str, tuple[float, float]] = {}  # sentence -> (detector margin, sentence CRF marginal)
_margins = A.detector_margins


def _recording_margins(fs, marginals, model):
    """attribution.detector_margins, remembering each sentence's margin and CRF marginal."""
    out = _margins(fs, marginals, model)
    _SCORE["__batch__"] = (out, marginals)  # read back in `_scores_of`
    return out


def preds(text: str) -> list[dict]:
    """The claims of one article with their surface span and origin (`Found.via`)."""
    _SCORE.clear()
    A.detector_margins = _recording_margins
    try:
        placed = B.placed_claims(text, record=_recording_scores)
    finally:
        A.detector_margins = _margins
    return [
        {"start": start, "end": end, "kind": c.attribution, "to": c.attributed_to,
         "span": c.source_span, "via": B._VIA.get(c.sentence, ""), "sentence": c.sentence,
         "score": _SCORE.get(c.sentence), "info": _INFO.get(c.sentence)}
        for start, end, c in placed
    ]


_INFO: dict[str, A.SentenceInfo] = {}


def _recording_scores(paragraph_sentences, *args, **kwargs):
    """B._recording, also keeping each sentence's margin, marginal and quotation state."""
    found = B._recording(paragraph_sentences, *args, **kwargs)
    flat = [s for para in paragraph_sentences for s in para]
    margins, marginals = _SCORE.pop("__batch__", ([], []))
    for k, s in enumerate(flat):
        if k < len(margins):
            _SCORE[s] = (margins[k], marginals[k])
    _INFO.clear()
    _INFO.update(zip(flat, A.sentence_infos(paragraph_sentences), strict=True))
    return found


# What kind of cue an undetected sentence has (the gold cue's words), first match wins.
CUE_KINDS = (
    ("said-type", r"\b(?:sa(?:id|ys?|ying)|told|tells?|according)\b"),
    ("colon", r"^\s*:\s*$"),
    ("a preposition (in a poll, for voters, by some measures, under the law)",
     r"^(?:in|for|by|under|of|from|against|among|to|with|at|on|per)$"),
    ("nominal (statement, report, view, call for, admission from ...)",
     (r"^(?:the|a|an|his|her|their|its)\b|\b(?:statement|report|poll|survey|interview|memo|letter|"
     r"release|speech|remarks?|testimony|email|tweet|op-ed|column|editorial|article|book|study|"
     r"analysis|document|filing|complaint|lawsuit|ruling|opinion|view|message|argument|"
     r"allegation|assessment|estimate|figures|transcript|video|comment|response|position|"
     r"version|warning|plea|appeal|demand|announcement|decision|policy|admission|endorsement|"
     r"criticism|assurances|motives|consensus)s?\b")),
    ("belief / intention (think, want, hope, expect, plan, see)",
     (r"\b(?:believ|think|thought|feel|felt|expect|hop(?:e|ed|es|ing)\b|want|wanna|fear|worr|"
     r"doubt|wonder|know|knew|consider|view|see|saw|seen|seem|plan|intend|vow|pledg|promis|"
     r"determin|convinc|sure|aware|agree|disagree|understand|assum|suspect|imagin|recogni|"
     r"realiz|decid|wish|prefer|like|seek|regard|remember|persuaded)")),
    ("attitude / emotion (angered, resent, excited, passionate, skeptical)",
     (r"\b(?:anger|angr|resent|excit|passionat|skeptic|happy|alarm|scared|troubl|upset|concern|"
     r"enamored|mood|offense|frustrat|disappoint|welcom|enthusias|toler|confiden|hostil|critical|"
     r"mistrust|distrust|unanimous|sour|chafe|consternation)")),
    ("communication verb (argue, warn, call, announce, deny ...)",
     (r"\b(?:argu|claim|warn|call|announc|insist|suggest|not(?:e|ed|es|ing)\b|add|explain|"
     r"acknowledg|admit|ask|writ|wrote|report|testif|predict|den(?:y|ied|ies)|accus|critici|"
     r"prais|blam|charg|describ|declar|stat|tweet|repl|respond|answer|mention|recall|recount|"
     r"confirm|assert|maintain|contend|conced|point|stress|emphasi|urg|demand|threaten|boast|"
     r"complain|lament|quip|joke|reveal|disclos|tout|hail|dismiss|reject|question|challenge|"
     r"attack|slam|blast|defend|counter|rebut|propos|recommend|advis|speak|spoke|talk|comment|"
     r"express|voic|repeat|conflat|disavow|discuss|refer|offer|pleaded)")),
    ("evidence / publication (show, find, list, publish, indicate)",
     (r"\b(?:show|found|find|indicat|estimat|conclud|project|rank|rate|measur|count|list|publish|"
     r"read|detail|captur|demonstrat|peg|produc|prove|signal|learn|experienc)")),
    ("support / action (endorse, back, order, vote, sentence)",
     (r"\b(?:endors|back|order|vot|approv|sentenc|sign|fund|spend|releas|elect|nominat|oppos|"
     r"support|favor|fight|refus|declin|vying|seiz|took|run|ran)")),
)


def cue_kind(cue: str | None) -> str:
    c = (cue or "").lower()
    for name, rx in CUE_KINDS:
        if re.search(rx, c):
            return name
    return "other cue"


def undetected_cause(g: dict, b: dict | None) -> str:
    """Why a gold-attributed sentence was not detected (or dropped), by what kind of sentence it is."""
    text = g["text"].strip()
    words = re.findall(r"\w+", text)
    if b is None:
        return "no claim (a question, a short sentence, a heading: no checkable sentence)"
    glen, blen = g["end"] - g["start"], b["end"] - b["start"]
    if len(words) < 4 or text[:1] in ",;)]" or (text[:1].islower() and not text.startswith("“")):
        return "annotation debris (a fragment of the gold's sentence split)"
    if blen > 2 * glen + 20:
        return "annotation debris (our sentence joins this gold sentence to others)"
    score = b.get("score")
    dropped = score is not None and score[0] >= 0.0
    tail = " [detected, dropped: no source]" if dropped else ""
    info = b.get("info")
    if not g["cue_in"]:
        quoted = info is not None and (info.depth_in or any(info.depths))
        if quoted:
            where = "across paragraphs" if info.para_start else "in the paragraph"
            return f"continuation: inside a quotation opened before ({where}){tail}"
        if text.startswith(("“", '"', "''")):
            return f"continuation: a quotation paragraph of its own{tail}"
        return f"continuation: the source and cue in another sentence, no quotation{tail}"
    kind = cue_kind(g["cue"])
    if not text.rstrip("”\"' ").endswith((".", "?", "!")) and len(words) < 15:
        kind = "headline-like (no final stop)"
    where = "" if g["source_in"] else ", source in another sentence"
    return f"cue in it: {kind}{where}{tail}"


def bucket(g: dict, b: dict | None, gold_words: set[str]) -> str:
    if b is None or b["kind"] == "none":
        return "not detected"
    if gold_words & B.content_words(b["to"]):
        return "matched"
    if not gold_words:
        return "never matchable (gold source without a content word: an unresolved pronoun)"
    via = b["via"] or ""
    if not b["to"]:
        return "detected, no source (unclear)"
    if "resolved" in via:
        return "pronoun / description resolved to another"
    if re.match(r"(?:detector>)?(?:carry|carry-para|quote|ahead):", via):
        return "a neighbour's source, " + (
            "the gold source in the sentence" if g["source_in"] else "the gold source outside it")
    if not g["source_in"]:
        return "own span, the gold source outside the sentence"
    ours, gold = (b["span"] or "").lower(), (g["source"] or "").lower()
    if ours and (ours in gold or gold in ours or set(ours.split()) & set(gold.split())):
        return "own span, overlapping the gold source (boundaries)"
    return "own span, another phrase of the sentence"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--holdout", type=int, default=0, metavar="N")
    ap.add_argument("--models", type=Path, default=None)
    ap.add_argument("--examples", type=int, default=0, help="print N examples per bucket")
    ap.add_argument("--undetected", type=int, default=None, metavar="N",
                    help="sort the undetected gold-attributed sentences by cause; N examples each")
    args = ap.parse_args(argv)
    if args.models:
        A.MODEL_PATH = args.models
        A._taggers.cache_clear()
        A._detector.cache_clear()
    texts, gold = B.load("train" if args.holdout else args.split)
    if args.holdout:
        held = B.held_out_articles(args.holdout)
        texts = {a: t for a, t in texts.items() if a in held}
        gold = [g for g in gold if g["article"] in held]
    by_article = defaultdict(list)
    for g in gold:
        by_article[g["article"]].append(g)
    counts, near, class_only, anon = Counter(), Counter(), Counter(), Counter()
    examples = defaultdict(list)
    undet, undet_ex, undet_cues = Counter(), defaultdict(list), Counter()
    for art, gs in by_article.items():
        ps = preds(texts[art])
        spans = [(p["start"], p["end"]) for p in ps]
        best = [None if (k := B.best_overlap(g, spans)) is None else ps[k] for g in gs]
        for i, (g, b) in enumerate(zip(gs, best, strict=True)):
            if not g["attributed"]:
                continue
            words = B.content_words(g["source"]) | B.content_words(g.get("resolved_text"))
            k = bucket(g, b, words)
            counts[k] += 1
            if k == "not detected":
                why = undetected_cause(g, b)
                undet[why] += 1
                undet_cues[(why.split(" [")[0], (g["cue"] or "").lower())] += 1
                sc = b.get("score") if b else None
                undet_ex[why].append((f"{sc[0]:+.2f}/{sc[1]:.2f}" if sc else "-", g["cue"],
                                      g["source"], g["text"][:140]))
            if k == "matched":
                if g["source_class"] in ("named", "anonymous") and b["kind"] != g["source_class"]:
                    class_only[f"gold {g['source_class']}, called {b['kind']}"] += 1
            elif k != "not detected":
                before = [best[j]["to"] for j in range(max(0, i - 4), i) if best[j] and best[j]["to"]]
                near[k] += any(words & B.content_words(x) for x in before)
                examples[k].append((g["source"], g.get("resolved_text"), b["span"], b["to"],
                                    b["via"], g["text"][:100]))
            if g["source_class"] == "anonymous" and b is not None and b["kind"] != "none":
                root = re.split(r"[:>]", (b["via"] or "").removeprefix("detector>"))[0] or "-"
                anon[(b["kind"], g["raw_class"], root)] += 1
    total = sum(counts.values())
    print(f"{len(texts)} articles, {total} gold-attributed sentences; source match "
          f"{counts['matched'] / max(1, total):.4f}")
    print(f"{'sentences':>9}  {'of them, a previous source would match':>38}  bucket")
    for k, v in counts.most_common():
        print(f"{v:9d}  {near.get(k, ''):>38}  {k}")
    print("\nmatched, class wrong: " + ", ".join(f"{k} {v}" for k, v in class_only.most_common()))
    n = sum(anon.values())
    print(f"\ngold-anonymous sentences detected: {n}; called anonymous "
          f"{sum(v for k, v in anon.items() if k[0] == 'anonymous')} (label, gold raw class, via):")
    for k, v in anon.most_common(15):
        print(f"{v:9d}  {k}")
    if args.undetected is not None:
        print(f"\nundetected gold-attributed sentences: {sum(undet.values())}")
        for k, v in undet.most_common():
            print(f"{v:9d}  {k}")
        print("\ncommonest gold cues of the undetected (cause, cue):")
        for (k, cue), v in undet_cues.most_common(40):
            print(f"{v:5d}  {cue!r:28} {k}")
        for k, rows in undet_ex.items():
            for row in rows[: args.undetected]:
                print(f"[{k}] margin/marginal {row[0]} cue {row[1]!r} source {row[2]!r}: {row[3]}")
    for k, rows in examples.items():
        for row in rows[: args.examples]:
            print(f"[{k}] gold {row[0]!r} -> {row[1]!r}; ours {row[2]!r} -> {row[3]!r} ({row[4]}): {row[5]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

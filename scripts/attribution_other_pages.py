"""How the attribution labels fare on real pages that are not news (WCXB extraction-dev2).

Each page's document is its title, then the paragraphs of the ground truth's ``main_content``
(one paragraph a non-empty line), run through the pipeline's language stage and
``monitor.claims.extract_claims`` as `monitor run` would. Pages split by a fixed rule into a
tune half (``int(page_id) // 100 % 2 == 0``) and a check half.

Prints, per page type and half, the claims per page and the share labelled named / anonymous /
unclear / none. With ``--sample N`` it draws (seed 7) N "anonymous" and N "named" claims of the
half and prints each with the sentence before it, to judge by hand. ``--judged FILE`` (a JSON
list of {page, sentence, label, attributed_to, verdict}: verdict "right" / "wrong") gives the
judged precision per label and page type: a judged claim counts where the run still gives it
the same label and source; claims of the sample whose label or source changed are listed
("changed") and sampled claims not judged yet are listed ("to judge").

Run: ``python scripts/attribution_other_pages.py [--half tune|check] [--sample 100] [--seed 7]
[--judged benchmarks/attribution_other_pages.json] [--rules-off] [--off FLAG ...] [--dump FILE]``.
``--rules-off`` turns off the rules written for these pages (``RULES``, the second round's
``RULES2``, the third round's ``RULES3``, the fourth's ``RULES4`` and the fifth's ``RULES5``): the labels before them; ``--off FLAG`` turns one flag off. The judged file holds
its samples by name ("sample"): the first round's "tune-before" (``--half tune --rules-off
--sample 100``, seed 7), "tune-after" (``--half tune --sample 60 --seed 11``, with ``RULES``)
and "check-before" (``--half check --rules-off --sample 60``, seed 7, read once); the second
round's "tune2-before" (``--half tune --sample 80 --seed 29`` with ``RULES`` on and ``RULES2``
off, i.e. ``--off`` each of them), "tune2-after" (``--half tune --sample 60 --seed 43``, all
rules) and "check2-before" (``--half check --sample 60 --seed 59``, ``RULES2`` off, read once);
the third round's "tune3-before" (``--half tune --sample 60 --seed 71``, ``RULES3`` off),
"tune3-after" (``--half tune --sample 60 --seed 73``, all rules) and "check3-before" (``--half
check --sample 60 --seed 79``, ``RULES3`` off, read once); the fourth round's "tune4-before"
(``--half tune --sample 60 --seed 83``, ``RULES4`` off) and "check4-before" (``--half check
--sample 80 --seed 97 --off PAGE_REPORTS_NOTHING``, its 80 "named" labels only, read once); the
fifth round's "tune5-before" (``--half tune --sample 60 --seed 101``, ``RULES5`` off: drawn
before them) and "check5-before" (``--half check --sample 60 --seed 103``, ``--off`` each of
``RULES5``, read once).
Changed labels of any sample are listed ("changed since judged").

Judging rule (docs/scoring.md section 1): named = a name of a person, organisation, publication
or document ("Google", "the CDC", "Smith"); anonymous = unnamed people or bodies that do speak
or hold a view ("officials", "a spokesman", "experts", "many users", "studies show"). Wrong: the
page's own assertion (none), the narrator ("I", "we": the outlet itself, which is not an
unnamed source), the reader ("you"), software or UI speaking ("the function returns", "the
dashboard says"), a thing that is no source ("the rules", "this guide"), or the wrong name.
Second round, the same rule written out: named = a named person, organisation, publication or
document that says, finds, estimates, announces or believes something; anonymous = unnamed
people or records doing so ("Many students find that ...", "Some people refer to ... as",
"63% said", "one tester wrote"); wrong: the page's own assertion, a group or product doing
something ("Many companies are looking for", "Ansible provides", "Hoka added"), advice to a
group ("Users should ..."), a span that is no one, a carried source that does not speak in the
sentence, a record whose maker is named, or the wrong name.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from monitor import attribution, language
from monitor import claims as C

BENCH = Path(os.environ.get("MONITOR_BENCH_DIR", REPO.parent.parent / "shared" / "bench"))
LABELS = ("named", "anonymous", "unclear", "none")
# the rules added for these pages (docs/scoring.md, "Pages that are not news")
RULES = ("PAGE_VOICE", "THEY_NOT_ONE", "SOURCE_HEAD", "NOT_A_SOURCE", "NAMED_RECORD")
# the second round (tune sample "tune2-before", seed 29, drawn with the rules above on)
RULES2 = ("NO_NAME_WORD", "GROUP_ACTING", "NOT_OPENERS2", "SHARE_ANY", "THING_VERB", "QUANTIFIER_NOUN",
          "MODAL_ADVICE", "NO_CUE_ANONYMOUS")
# the third round (tune sample "tune3-before", seed 71, drawn with RULES and RULES2 on)
RULES3 = ("NAMED_ACTING", "CLAUSE_SPAN", "VOICE_OUTSIDE_QUOTE", "CARRY_NO_SAYING", "NO_CUE_NAMED",
          "THING_VERB_ANONYMOUS", "UNBALANCED_SPAN", "ADMONITION", "HEADING_COLON", "THAT_SAID",
          "NAMED_RECORD_BY", "SCARE_QUOTES")
# the fourth round: a page-level gate (tune sample "tune4-before", seed 83, drawn with RULES3 on)
RULES4 = ("PAGE_REPORTS_NOTHING",)
# the fifth round (tune sample "tune5-before", seed 101, drawn with RULES4 on); VERB_TRIM is of
# monitor.claims (the source shown), the others of monitor.attribution
RULES5 = ("HYPOTHETICAL_SOURCE", "NEGATED_SPAN", "PRONOUN_THING", "VERB_TRIM")


def half_of(page_id: str) -> str:
    return "tune" if int(page_id) // 100 % 2 == 0 else "check"


def page_claims(page: dict) -> list[C.Claim]:
    paragraphs = [page.get("title") or ""] + page["main_content"].split("\n")
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    if not paragraphs:
        return []
    lang = language.analyse(paragraphs)
    segments = [(i, p, lang.segment_langs[i]) for i, p in enumerate(paragraphs)]
    return C.extract_claims(segments)


def run(half: str | None) -> list[dict]:
    truth = json.loads((BENCH / "extraction-dev2" / "ground-truth.json").read_text())
    rows = []
    for pid in sorted(truth):
        if half and half_of(pid) != half:
            continue
        page = truth[pid]
        prev = ""
        for c in page_claims(page):
            rows.append(
                {
                    "page": pid,
                    "type": page["page_type"],
                    "half": half_of(pid),
                    "sentence": c.sentence,
                    "before": prev,
                    "lang": c.lang,
                    "label": c.attribution,
                    "attributed_to": c.attributed_to,
                    "source_span": c.source_span,
                    "cue": c.cue,
                }
            )
            prev = c.sentence
    return rows


def key(r: dict) -> tuple:
    return (r["page"], r["sentence"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--half", choices=("tune", "check"), default=None)
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--judged", type=Path, default=None)
    ap.add_argument("--dump", type=Path, default=None, help="write every claim as JSON here")
    ap.add_argument(
        "--rules-off", action="store_true",
        help="without the rules for pages that are not news (the labels before them)",
    )
    ap.add_argument("--off", action="append", default=[], metavar="FLAG",
                    help="turn one rule flag of monitor.attribution off (e.g. NO_NAME_WORD)")
    args = ap.parse_args()
    if args.rules_off:
        for flag in RULES + RULES2 + RULES3 + RULES4 + RULES5:
            setattr(attribution if hasattr(attribution, flag) else C, flag, False)
    for flag in args.off:  # a flag of the attribution module, else of the claims module
        setattr(attribution if hasattr(attribution, flag) else C, flag, False)
    truth = json.loads((BENCH / "extraction-dev2" / "ground-truth.json").read_text())
    rows = run(args.half)
    if args.dump:
        args.dump.write_text(json.dumps(rows, ensure_ascii=False, indent=0))

    pages = Counter(v["page_type"] for k, v in truth.items() if not args.half or half_of(k) == args.half)
    by_type: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        by_type[r["type"]][r["label"]] += 1
        by_type["all"][r["label"]] += 1
    pages["all"] = sum(pages.values())
    print(f"half={args.half or 'both'}  claims={len(rows)}")
    print(f"{'type':14s} {'pages':>5s} {'cl/page':>7s} " + " ".join(f"{x:>9s}" for x in LABELS))
    for t in sorted(by_type, key=lambda t: (t == "all", t)):
        n = sum(by_type[t].values())
        shares = " ".join(f"{by_type[t][x] / n:9.3f}" for x in LABELS)
        print(f"{t:14s} {pages[t]:5d} {n / max(pages[t], 1):7.1f} {shares}")
    print("counts: " + ", ".join(f"{x} {by_type['all'][x]}" for x in LABELS))

    if args.sample:
        rng = random.Random(args.seed)
        for label in ("anonymous", "named"):
            pool = [r for r in rows if r["label"] == label]
            pick = rng.sample(pool, min(args.sample, len(pool)))
            print(f"\n== sample: {len(pick)} {label} of {len(pool)}")
            for r in pick:
                print(f"[{r['page']} {r['type']}] -> {r['attributed_to']!r} (span {r['source_span']!r}, cue {r['cue']!r})")
                print(f"   before: {r['before'][:200]}")
                print(f"   claim : {r['sentence'][:400]}")

    if args.judged:
        judged = json.loads(args.judged.read_text())
        now = {key(r): r for r in rows}
        right: dict[tuple, Counter] = defaultdict(Counter)
        changed = []
        for j in judged:
            if args.half and half_of(j["page"]) != args.half:
                continue
            r = now.get(key(j))
            if r is None or r["label"] != j["label"] or r["attributed_to"] != j["attributed_to"]:
                changed.append((j, r))
                continue
            for t in (r["type"], "all"):
                right[(j.get("sample", "tune-before"), j["label"], t)][j["verdict"]] += 1
        print("\njudged precision per sample (claims of the sample that keep label and source)")
        for sample in sorted({k[0] for k in right}):
            for label in ("anonymous", "named"):
                types = {t for (sm, lab, t) in right if sm == sample and lab == label}
                for t in sorted(types, key=lambda t: (t == "all", t)):
                    c = right[(sample, label, t)]
                    n = c["right"] + c["wrong"]
                    print(f"  {sample:12s} {label:9s} {t:14s} {c['right']:3d}/{n:3d} = "
                          f"{c['right'] / max(n, 1):.3f}")
        print(f"\nchanged since judged: {len(changed)}")
        for j, r in changed:
            new = f"{r['label']} {r['attributed_to']!r}" if r else "no claim"
            print(f"  {j.get('sample', 'tune-before')} [{j['page']}] {j['label']} {j['attributed_to']!r} "
                  f"({j['verdict']}) -> {new}: {j['sentence'][:120]}")


if __name__ == "__main__":
    main()

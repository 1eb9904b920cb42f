"""Stories and number-conflict benchmark on real coverage (events-dev, enzh-dev, extraction-dev, WCXB).

Run: ``python benchmarks/stories.py`` (bench dir: $MONITOR_BENCH_DIR, else
``<repo>/../shared/bench``). Every document goes through the real pure stages (clean ->
language -> claims/numbers, `pipeline.process_file`) and lands in a temporary DuckDB
warehouse; stories and number checks are then computed from the warehouse as a run does.

Corpora:
- events: ``events-dev/articles/<event>/<outlet>.json``, one text snapshot per article
  (headline, then one paragraph per line), its outlet declared in a sources.csv;
- unrelated: the article bodies of ``extraction-dev/ground-truth.json``, one source per site;
- other kinds: the main text of WCXB's 1,337 pages (``extraction-dev2/ground-truth.json``:
  articles, how-to guides, forums, products, services, listings, documentation, 2025-26), title
  then text, one source per site, in two halves of their own (by blocks of a hundred page
  numbers, even and odd, so that the runs of pages on one topic stay together: `tune`, on which
  the checks may be tuned, and `check`, read once). Pages on one topic form
  stories (LLC guides, earbud reviews), but they state different facts: a sure conflict there
  is a false alarm unless reading it says otherwise;
- bilingual: ``enzh-dev`` (both directions) cut into documents of 3-5 sentences a paragraph,
  each English paragraph followed by its Chinese counterpart on the next line, as text
  snapshots like the bilingual seed (in a warehouse of their own, no sources.csv).

Printed: story pairwise precision / recall / F1 (a pair = two articles in one story; truth:
one event = one story, every unrelated article alone) and unrelated articles joined to
anything; cross-source and translation conflicts that count (sure), each with both sentences,
beside the plain baseline (every conflict, no stories); recall of planted slips: a figure
two outlets of one event share, multiplied by 10 (and by 1.1) in one of them; sure conflicts per
100 pages of other kinds.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations, permutations
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bilingual  # the enzh-dev documents, cut as in the bilingual benchmark

from monitor import glossary, pipeline, steps
from monitor.checks import check_numbers, cross_source, features
from monitor.checks.blame import counts
from monitor.checks.cross_source import _after_words
from monitor.checks.features import _M
from monitor.checks.labels import non_quantity
from monitor.models import MentionRecord, NumberCheck
from monitor.numbers import family
from monitor.sources import discover
from monitor.warehouse import Warehouse

OUTLETS = {
    "fox": ("foxnews.com", "Fox News"),
    "nyt": ("nytimes.com", "The New York Times"),
    "hpo": ("huffingtonpost.com", "HuffPost"),
}


def bench_dir() -> Path:
    env = os.environ.get("MONITOR_BENCH_DIR")
    if env:
        return Path(env)
    # <repo>/../shared/bench; a git worktree one level deeper looks one level further up
    for up in (REPO.parent, REPO.parent.parent):
        if (up / "shared" / "bench").is_dir():
            return up / "shared" / "bench"
    return REPO.parent / "shared" / "bench"


# ---------------------------------------------------------------------------- corpora


@dataclass
class Doc:
    name: str  # file name
    text: str
    truth: str  # story label: the event id, or the file name for an unrelated article
    source_id: str
    source_name: str
    url: str | None = None
    kind: str = "event"  # event, unrelated, bilingual
    meta: dict[str, Any] = field(default_factory=dict)


def event_docs(bench: Path) -> list[Doc]:
    out = []
    for folder in sorted((bench / "events-dev" / "articles").iterdir()):
        for f in sorted(folder.glob("*.json")):
            j = json.loads(f.read_text("utf-8"))
            paras = [" ".join(s.strip() for s in p if s.strip()) for p in j["body-paragraphs"]]
            text = j["title"].strip() + "\n\n" + "\n".join(p for p in paras if p) + "\n"
            sid, name = OUTLETS.get(f.stem, (f.stem, f.stem))
            out.append(
                Doc(f"ev_{folder.name[:8]}_{f.stem}.txt", text, folder.name, sid, name,
                    j.get("url"), "event", {"date": j.get("date"), "event": j.get("main-event")})
            )
    return out


def unrelated_docs(bench: Path) -> list[Doc]:
    truth = json.loads((bench / "extraction-dev" / "ground-truth.json").read_text("utf-8"))
    out = []
    for key in sorted(truth):
        body = (truth[key].get("articleBody") or "").strip()
        if not body:
            continue
        url = truth[key].get("url") or ""
        host = urlsplit(url).netloc.lower().removeprefix("www.") or f"site-{key}"
        out.append(Doc(f"un_{key}.txt", body + "\n", f"un_{key}", host, host, url, "unrelated"))
    return out


def other_docs(bench: Path) -> dict[str, list[Doc]]:
    """WCXB's pages as text snapshots (title, then the main text), in halves by page number."""
    path = bench / "extraction-dev2" / "ground-truth.json"
    if not path.exists():
        return {}
    truth = json.loads(path.read_text("utf-8"))
    halves: dict[str, list[Doc]] = {"tune": [], "check": []}
    for key in sorted(truth):
        page = truth[key]
        body = (page.get("main_content") or "").strip()
        if not body:
            continue
        url = page.get("url") or ""
        host = urlsplit(url).netloc.lower().removeprefix("www.") or f"site-{key}"
        text = ((page.get("title") or "").strip() + "\n\n" + body).strip() + "\n"
        halves["check" if int(key) // 100 % 2 else "tune"].append(
            Doc(f"wc_{key}.txt", text, f"wc_{key}", host, host, url, "other",
                {"page_type": page.get("page_type")})
        )
    return halves


def bilingual_docs(bench: Path, seed: int = 19) -> list[Doc]:
    """Both directions of enzh-dev as bilingual snapshots (English first in every pair)."""
    d = bench / "enzh-dev"
    sets = [
        ("enzh", d / "generaltest2022.en-zh.src.en", d / "generaltest2022.en-zh.ref.A.zh"),
        ("zhen", d / "generaltest2022.zh-en.ref.A.en", d / "generaltest2022.zh-en.src.zh"),
    ]
    rng = random.Random(seed)
    out = []
    for tag, en_path, zh_path in sets:
        en = en_path.read_text("utf-8").splitlines()
        zh = zh_path.read_text("utf-8").splitlines()
        assert len(en) == len(zh)
        for n, pairs in enumerate(bilingual.paired_documents(en, zh, rng)):
            text = "\n".join(f"{e}\n{z}\n" for e, z in pairs)
            out.append(
                Doc(f"bi_{tag}_{n:03d}.txt", text, f"bi_{tag}_{n:03d}", "", "",
                    None, "bilingual", {"pairs": len(pairs)})
            )
    return out


# ---------------------------------------------------------------------------- running


@dataclass
class Landed:
    warehouse: Path
    by_name: dict[str, str]  # file name -> article_id
    docs: dict[str, Doc]  # article_id -> doc
    mentions: list[MentionRecord]
    story_of: dict[str, str]
    seconds: dict[str, float]


def write_folder(folder: Path, docs: list[Doc], registry: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (folder / d.name).write_text(d.text, "utf-8")
    if registry:
        with (folder / "sources.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["file", "source_id", "name", "domain", "article_url", "kind"])
            for d in docs:
                w.writerow([d.name, d.source_id, d.source_name, d.source_id, d.url or "", "newspaper"])


def land(docs: list[Doc], work: Path, registry: bool, cache: dict | None = None) -> Landed:
    """Process every document with the real pure stages and land it in a fresh warehouse."""
    folder = work / "docs"
    if folder.exists():
        shutil.rmtree(folder)
    write_folder(folder, docs, registry)
    items, rejects = discover([str(folder)], work)
    assert not rejects, rejects
    t0 = time.perf_counter()
    outcomes = []
    for item in items:
        key = (item.origin, (folder / Path(item.origin).name).read_text("utf-8"))
        o = cache.get(key) if cache is not None else None
        if o is None:
            o = pipeline.process_file(item, 50_000_000)
            if cache is not None:
                cache[key] = o
        outcomes.append(o)
    t_proc = time.perf_counter() - t0
    wh_path = work / f"w{len(list(work.glob('w*.duckdb')))}.duckdb"
    wh = Warehouse(wh_path)
    wh.ensure_schema()
    rows: dict[str, list] = defaultdict(list)
    by_name: dict[str, str] = {}
    for o in outcomes:
        assert o.reject is None, (o.origin, o.reject)
        for t, r in o.rows.items():
            rows[t].extend(r)
        by_name[Path(o.origin).name] = o.article_id
    wh.land("bench", dict(rows), [])
    t0 = time.perf_counter()
    story_of = steps.update_stories(str(wh_path))
    t_story = time.perf_counter() - t0
    mentions = wh.mention_records()
    name_doc = {d.name: d for d in docs}
    return Landed(
        wh_path, by_name, {a: name_doc[n] for n, a in by_name.items()}, mentions, story_of,
        {"process": t_proc, "stories": t_story},
    )


# "Unrelated" articles of extraction-dev that report one event all the same (read by hand,
# by their URLs and text): several outlets covered the same news in the same week of 2019.
# `judged` truth puts each group in one story; the strict truth keeps every one alone.
SAME_EVENT_UNRELATED = {
    "doobie": r"doobie-brothers",  # the Doobie Brothers' reunion tour (3 outlets)
    "hibernation": r"hibernating-astronauts",  # ESA's hibernation study
    "meth": r"meth-were-on-it",  # South Dakota's "Meth. We're on it." campaign
    "duvet": r"duvet",  # the man whose feather duvet made him ill
    "plague": r"plague",  # plague cases diagnosed in China
    "andrew": r"prince-andrew|royal-self-indicting",  # Prince Andrew's Epstein interview
    "lunar": r"commercial-lunar|commercial-moon-shot",  # NASA adds five lunar lander firms
    "hongkong": r"hong-kong-latest|guardian-view-on-hong-kong",  # the PolyU siege, 18 Nov
    "impeachment": r"impeachment-hearings-key|impeachment-sham",  # Volker/Morrison hearing
}


def judged_truth(landed: Landed) -> dict[str, str]:
    truth = {a: d.truth for a, d in landed.docs.items()}
    for a, d in landed.docs.items():
        if d.kind == "unrelated":
            for label, pattern in SAME_EVENT_UNRELATED.items():
                if re.search(pattern, d.url or ""):
                    truth[a] = "same-event:" + label
    return truth


def story_scores(landed: Landed, truth: dict[str, str] | None = None) -> dict[str, Any]:
    arts = sorted(landed.docs)
    truth = truth or {a: landed.docs[a].truth for a in arts}
    pred = landed.story_of
    tp = fp = fn = 0
    bad_unrelated = set()
    for a, b in combinations(arts, 2):
        same_t = truth[a] == truth[b]
        same_p = pred.get(a) is not None and pred.get(a) == pred.get(b)
        if same_t and same_p:
            tp += 1
        elif same_p:
            fp += 1
            if landed.docs[a].kind == "unrelated" or landed.docs[b].kind == "unrelated":
                bad_unrelated.add((landed.docs[a].name, landed.docs[b].name))
        elif same_t:
            fn += 1
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f1,
            "unrelated_joined": sorted(bad_unrelated)}


def sentence_of(rec: MentionRecord) -> str:
    ctx = rec.context or ""
    k = rec.start if rec.start is not None else ctx.find(rec.text)
    if k is None or k < 0:
        return ctx[:300]
    ends = [m.end() for m in re.finditer(r"[.!?。！？]\s*", ctx)]
    s0 = max([e for e in ends if e <= k], default=0)
    s1 = min([e for e in ends if e > k], default=len(ctx))
    return ctx[s0:s1].strip()


def conflicts_of(checks: list[NumberCheck], kinds: tuple[str, ...], counted: bool) -> list[NumberCheck]:
    return [
        c for c in checks
        if c.verdict == "conflict" and c.kind in kinds
        and (not counted or counts(c))
    ]


def show(c: NumberCheck, recs: dict[str, MentionRecord], landed: Landed) -> str:
    a, b = recs[c.mention_id], recs.get(c.other_mention_id or "")
    da, db = landed.docs[a.article_id], landed.docs[b.article_id] if b else None
    lines = [f"  [{c.kind}] {c.explanation}  (confidence {c.confidence:.2f}: {c.reason})"]
    lines.append(f"     {da.name}: {a.text!r} … {sentence_of(a)[:400]}")
    if b:
        lines.append(f"     {db.name}: {b.text!r} … {sentence_of(b)[:400]}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- planted slips

_YEARLIKE = re.compile(r"^(?:19|20)\d\d$")


def scaled_literal(text: str, value: float, factor: float) -> str | None:
    """The mention's text with its figure scaled: '$56.4 billion' x10 -> '$564 billion',
    'nearly two' x10 -> 'nearly 20' (a figure in words is rewritten in digits)."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", text)
    if not m:
        w = re.search(r"[A-Za-z-]+$", text)
        if not w or value > 20 or value != int(value):
            return None
        nv = round(value * factor)
        if nv == value:
            nv = value + 1
        return text[: w.start()] + str(int(nv))
    lit = m.group(0)
    try:
        v = float(lit.replace(",", ""))
    except ValueError:
        return None
    nv = v * factor
    decimals = len(lit.split(".")[1]) if "." in lit else 0
    if factor == 10:
        decimals = max(0, decimals - 1)
    new = f"{nv:,.{decimals}f}" if "," in lit or nv >= 10_000 else f"{nv:.{decimals}f}"
    if new.replace(",", "") == lit.replace(",", ""):
        new = f"{v + 1:.{decimals}f}"
    return text[: m.start()] + new + text[m.end() :]


def shared_figures(landed: Landed, rank: int = 0) -> list[tuple[str, str, MentionRecord, MentionRecord]]:
    """Per event, one figure two outlets both state (same value and unit; not a year, at
    least 2), preferring figures in digits and larger ones: (event, article, a, b). `rank`
    > 0 takes the event's next such figure instead (either outlet's mention, each figure of an
    article once), for the larger sample; those must also count the same thing (the words right after both
    figures meet, or a unit: money, percent, a measure)."""
    by_art: dict[str, list[MentionRecord]] = defaultdict(list)
    for r in landed.mentions:
        by_art[r.article_id].append(r)
    out = []
    events: dict[str, list[str]] = defaultdict(list)
    for aid, d in landed.docs.items():
        if d.kind == "event":
            events[d.truth].append(aid)
    for ev in sorted(events):
        arts = sorted(events[ev], key=lambda a: landed.docs[a].name)
        cands = []
        pairs = combinations(arts, 2) if rank == 0 else permutations(arts, 2)
        for a, b in pairs:
            for ra in by_art[a]:
                if _YEARLIKE.match(ra.text.strip()) or ra.value < 2:
                    continue
                for rb in by_art[b]:
                    if rb.unit == ra.unit and rb.value == ra.value:
                        digits = bool(re.search(r"\d", ra.text))
                        cands.append((not digits, -ra.value, landed.docs[a].name, ra.mention_id,
                                      (ev, a, ra, rb)))
        cands.sort(key=lambda c: c[:4])
        if rank == 0:
            if cands:
                out.append(cands[0][4])
            continue
        picked: list = []
        for c in cands:
            _, _, ra, rb = c[4]
            if any(ra.article_id == p[1] and ra.value == p[2].value for p in picked):
                continue  # one figure of an article once (the same value elsewhere in it too)
            if ra.unit is None and not _counts_same(ra, rb):
                continue
            picked.append(c[4])
        if len(picked) > rank:
            out.append(picked[rank])
    return out


def _counts_same(ra: MentionRecord, rb: MentionRecord) -> bool:
    """The words right after two figures meet: 'three months' and 'three months'."""
    wa = _after_words(ra.context or "", ra.start if ra.start is not None else -1, ra.text)
    wb = _after_words(rb.context or "", rb.start if rb.start is not None else -1, rb.text)
    return bool(wa & wb)


# Events whose only shared figure is not one fact, read by hand: planting a slip there would
# ask the checks to compare two different things. "three term governor" vs "at least three
# years"; "two pro-Trump personalities" vs "the two accounts".
NOT_ONE_FACT = {"0ffb34cd", "ad409798"}
RANKS = 8  # shared figures an event gives the larger planted sample


def planting_cases(landed: Landed, rank: int = 0) -> tuple[list, list]:
    """The shared figures to plant slips in, and those left out (with why)."""
    keep, left = [], []
    for case in shared_figures(landed, rank):
        ev, _, ra, rb = case
        if ev[:8] in NOT_ONE_FACT and rank == 0:
            left.append((case, "not one fact (read by hand)"))
            continue
        label = _label_of(ra, landed) or _label_of(rb, landed)
        if label:
            left.append((case, f"not a quantity: {label}"))
            continue
        keep.append(case)
    return keep, left


def _label_of(rec: MentionRecord, landed: Landed) -> str | None:
    m = _M(rec=rec, idx=0, pos=rec.start if rec.start is not None else -1,
           fam=family(rec.unit), lo=0.0, hi=0.0)
    return non_quantity(m)


def plant(docs: list[Doc], landed: Landed, factor: float, rank: int = 0) -> tuple[list[Doc], list[dict]]:
    cases = []
    by_name = {d.name: d for d in docs}
    new_docs = {d.name: d for d in docs}
    for ev, aid, ra, rb in planting_cases(landed, rank)[0]:
        new_text = scaled_literal(ra.text, ra.value, factor)
        if new_text is None:
            continue
        d = landed.docs[aid]
        para = ra.context
        k = ra.start if ra.start is not None else para.find(ra.text)
        if para[k : k + len(ra.text)] != ra.text or d.text.count(para) != 1:
            continue
        new_para = para[:k] + new_text + para[k + len(ra.text) :]
        nd = Doc(**{**d.__dict__, "text": by_name[d.name].text.replace(para, new_para)})
        new_docs[d.name] = nd
        cases.append({"event": ev, "doc": d.name, "old": ra.text, "new": new_text,
                      "other_doc": landed.docs[rb.article_id].name, "other": rb.text,
                      "seq": ra.seq})
    return list(new_docs.values()), cases


def planted_recall(checks: list[NumberCheck], landed: Landed, cases: list[dict], counted: bool) -> tuple[int, list]:
    recs = {r.mention_id: r for r in landed.mentions}
    found = 0
    missed = []
    for case in cases:
        aid = landed.by_name[case["doc"]]
        hit = False
        for c in conflicts_of(checks, ("cross_source",), counted):
            for mid, oid in ((c.mention_id, c.other_mention_id), (c.other_mention_id, c.mention_id)):
                r = recs.get(mid or "")
                o = recs.get(oid or "")
                same_spot = r and o and r.article_id == aid and r.seq == case["seq"]
                if same_spot and o.article_id != aid and (case["new"] in r.text or r.text in case["new"]):
                    hit = True
        found += hit
        if not hit:
            missed.append(case)
    return found, missed


# ---------------------------------------------------------------------------- main


def run_checks(landed: Landed, plain: bool) -> list[NumberCheck]:
    return check_numbers(landed.mentions, use_stories=not plain)


def _halves(bi: list[Doc]) -> list[Doc]:
    """Each bilingual document as an English-only and a Chinese-only article of two sources."""
    out = []
    for d in bi:
        lines = [x for x in d.text.splitlines() if x.strip()]
        for lang, part in (("en", lines[0::2]), ("zh", lines[1::2])):
            out.append(Doc(f"{lang}_{d.name}", "\n".join(part) + "\n", d.name,
                           f"{lang}.example", f"{lang} outlet", None, "half"))
    return out


def _plant_in_chinese_halves(
    bi: list[Doc], halves: list[Doc], landed: Landed, seed: int = 5
) -> tuple[list[Doc], list[tuple[str, str]]]:
    """In each pair the stories join, one figure of the Chinese half whose value and unit the
    English half also states (a quantity of at least 3, no year, no range end) multiplied by
    ten: the docs and the (document, planted text) of each planted figure."""
    rng = random.Random(seed)
    by_art: dict[str, list[MentionRecord]] = defaultdict(list)
    for r in landed.mentions:
        by_art[r.article_id].append(r)
    new = {d.name: d for d in halves}
    cases = []
    for d in bi:
        ea, za = landed.by_name["en_" + d.name], landed.by_name["zh_" + d.name]
        if landed.story_of.get(ea) is None or landed.story_of.get(ea) != landed.story_of.get(za):
            continue
        stated = {(r.value, r.unit) for r in by_art[ea]}
        cands = [r for r in by_art[za] if (r.value, r.unit) in stated and r.value >= 3
                 and not _YEARLIKE.match(f"{r.value:g}") and not _label_of(r, landed)
                 and not _in_range(r)]
        if not cands:
            continue
        r = rng.choice(cands)
        scaled = scaled_literal(r.text, r.value, 10)
        zd = new["zh_" + d.name]
        k = r.start if r.start is not None else (r.context or "").find(r.text)
        para = r.context or ""
        if scaled is None or para[k : k + len(r.text)] != r.text or zd.text.count(para) != 1:
            continue
        text = zd.text.replace(para, para[:k] + scaled + para[k + len(r.text) :])
        new[zd.name] = Doc(**{**zd.__dict__, "text": text})
        cases.append((zd.name, scaled))
    return list(new.values()), cases


def _in_range(rec: MentionRecord) -> bool:
    """The figure is one end of a range ('3-5 个工作日', '12 至 15 英寸'), as the checks read one
    (`cross_source._range_end`), or is not where it was stored: no fact of its own."""
    ctx, k = rec.context or "", rec.start if rec.start is not None else -1
    if k < 0 or ctx[k : k + len(rec.text)] != rec.text:
        return True
    return cross_source._range_end(_M(rec=rec, idx=0, pos=k, fam=family(rec.unit), lo=0.0, hi=0.0))


def checks_across_languages(bi: list[Doc], work: Path, cache: dict, out: Any) -> dict[str, Any]:
    """Number checks between the English and Chinese halves of every bilingual document, with
    the news glossary alone (the code before CC-CEDICT's glosses) and with the dictionary: the
    comparisons made on the real halves (human translations: a sure conflict is nearly always
    a false alarm) and the x10 slips planted in the Chinese halves found as sure conflicts."""
    halves = _halves(bi)
    res: dict[str, Any] = {}
    try:
        for label, dictionary in (("news glossary alone", False), ("with CC-CEDICT", True)):
            glossary.DICTIONARY = dictionary
            for f in (glossary._dictionary, features.tokens, features._gloss_words, features.glossed,
                      cross_source._near_words):
                f.cache_clear()
            landed = land(halves, work / f"xcheck{int(dictionary)}", registry=True, cache=cache)
            joined = sum(1 for d in bi if landed.story_of.get(landed.by_name["en_" + d.name])
                         == landed.story_of.get(landed.by_name["zh_" + d.name]))
            checks = [c for c in run_checks(landed, False) if c.kind == "cross_source"]
            sure = [c for c in checks if c.verdict == "conflict" and counts(c)]
            agree = sum(1 for c in checks if c.verdict == "consistent")
            docs, cases = _plant_in_chinese_halves(bi, halves, landed)
            planted = land(docs, work / f"xplant{int(dictionary)}", registry=True, cache=cache)
            recs = {r.mention_id: r for r in planted.mentions}
            hit: dict[str, list[str]] = defaultdict(list)  # document -> texts in sure conflicts
            for c in run_checks(planted, False):
                if c.kind != "cross_source" or c.verdict != "conflict" or not counts(c):
                    continue
                for mid in (c.mention_id, c.other_mention_id):
                    r = recs.get(mid or "")
                    if r is not None:
                        hit[planted.docs[r.article_id].name].append(r.text)
            found = sum(1 for name, new in cases
                        if any(new in t or t in new for t in hit.get(name, ())))
            key = "dictionary" if dictionary else "baseline"
            res[key] = {"pairs_joined": joined, "consistent": agree, "sure": len(sure),
                        "planted": len(cases), "found": found}
            print(f"\nchecks across languages, {label}: {len(bi)} EN/ZH pairs, {joined} joined; "
                  f"{agree} figures agree, {len(sure)} sure conflicts on the real halves; planted "
                  f"x10 slips in the Chinese halves found {found}/{len(cases)}")
            for c in sure:
                out(show(c, {r.mention_id: r for r in landed.mentions}, landed))
    finally:
        glossary.DICTIONARY = True
        for f in (glossary._dictionary, features.tokens, features._gloss_words, features.glossed,
                  cross_source._near_words):
            f.cache_clear()
    return res


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON at the end")
    ap.add_argument("--quiet", action="store_true", help="figures only, no lists of conflicts")
    ap.add_argument("--unsure", action="store_true", help="also list the unsure conflicts")
    args = ap.parse_args(argv)
    bench = bench_dir()
    results: dict[str, Any] = {}
    work = Path(tempfile.mkdtemp(prefix="stories-bench-"))
    out = print if not args.quiet else (lambda *a, **k: None)
    try:
        ev, un = event_docs(bench), unrelated_docs(bench)
        cache: dict = {}
        t0 = time.perf_counter()
        coverage = land(ev + un, work / "coverage", registry=True, cache=cache)
        n_docs = len(coverage.docs)
        print(f"coverage: {len(ev)} event articles ({len({d.truth for d in ev})} events), "
              f"{len(un)} unrelated articles; processed in {coverage.seconds['process']:.1f} s; "
              f"stories in {coverage.seconds['stories'] * 1000 / n_docs:.2f} ms per article")
        s = story_scores(coverage)
        results["stories"] = {k: v for k, v in s.items() if k != "unrelated_joined"}
        results["stories"]["unrelated_joined"] = len(s["unrelated_joined"])
        print(f"stories: pairwise P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
              f"(tp {s['tp']}, fp {s['fp']}, fn {s['fn']}); pairs joining an unrelated article: "
              f"{len(s['unrelated_joined'])}")
        j = story_scores(coverage, judged_truth(coverage))
        results["stories_judged"] = {k: v for k, v in j.items() if k != "unrelated_joined"}
        results["stories_judged"]["unrelated_joined"] = len(j["unrelated_joined"])
        print(f"stories, judged truth (same-event 'unrelated' articles read as one story): "
              f"P {j['precision']:.3f} R {j['recall']:.3f} F1 {j['f1']:.3f}; pairs wrongly "
              f"joining an unrelated article: {len(j['unrelated_joined'])}")
        urls = {d.name: d.url for d in coverage.docs.values()}
        for pair in j["unrelated_joined"][:20]:
            out(f"  wrongly joined: {urls[pair[0]]}\n                + {urls[pair[1]]}")
        recs = {r.mention_id: r for r in coverage.mentions}
        for label, plain in (("plain baseline (all conflicts, no stories)", True),
                             ("stories + sure conflicts", False)):
            t0 = time.perf_counter()
            checks = run_checks(coverage, plain)
            dt = time.perf_counter() - t0
            cs = conflicts_of(checks, ("cross_source",), counted=not plain)
            same = [c for c in checks if c.kind == "same_source" and c.verdict == "conflict"]
            key = "baseline" if plain else "new"
            results.setdefault("cross_source", {})[key] = len(cs)
            print(f"\ncross-source conflicts, {label}: {len(cs)} "
                  f"(same_source conflicts not counted: {len(same)}; checks in {dt:.1f} s)")
            for c in cs:
                out(show(c, recs, coverage))
            if not plain:
                unsure = [c for c in checks if c.verdict == "conflict" and not counts(c)
                          and c.kind == "cross_source"]
                results["cross_source"]["unsure"] = len(unsure)
                print(f"  (unsure conflicts, shown to users but not counted: {len(unsure)})")
                for c in unsure:
                    out(show(c, recs, coverage))
        # planted slips
        for factor in (10.0, 1.1):
            docs2, cases = plant(ev + un, coverage, factor)
            landed2 = land(docs2, work / f"planted{factor:g}", registry=True, cache=cache)
            for plain in (True, False):
                checks = run_checks(landed2, plain)
                n, missed = planted_recall(checks, landed2, cases, counted=not plain)
                key = f"x{factor:g}"
                results.setdefault("planted", {}).setdefault(key, {})[
                    "baseline" if plain else "new"] = [n, len(cases)]
                print(f"\nplanted x{factor:g} slips found, {'baseline' if plain else 'new'}: "
                      f"{n}/{len(cases)} = {n / max(1, len(cases)):.0%}")
                if not plain:
                    for case in missed:
                        out(f"  missed: {case['doc']} {case['old']!r} -> {case['new']!r} "
                            f"(shared with {case['other_doc']} {case['other']!r})")
        # the larger sample: each event's first, second and third shared figure, one event
        # figure per landing (ten cases measure 80 % only to within about +-13 points)
        for factor in (10.0,):
            tot = {True: [0, 0], False: [0, 0]}
            for rank in range(RANKS):
                docs2, cases = plant(ev + un, coverage, factor, rank)
                if not cases:
                    continue
                landed2 = land(docs2, work / f"rank{rank}x{factor:g}", registry=True, cache=cache)
                for plain in (True, False):
                    n, missed = planted_recall(run_checks(landed2, plain), landed2, cases, not plain)
                    tot[plain][0] += n
                    tot[plain][1] += len(cases)
                    if not plain and rank > 0:
                        for case in missed:
                            out(f"  missed (rank {rank}): {case['doc']} {case['old']!r} -> "
                                f"{case['new']!r} (shared with {case['other_doc']} {case['other']!r})")
            key = f"x{factor:g}_large"
            results.setdefault("planted", {})[key] = {"baseline": tot[True], "new": tot[False]}
            for plain in (True, False):
                n, t = tot[plain]
                print(f"planted x{factor:g} slips, larger sample (up to {RANKS} figures an event), "
                      f"{'baseline' if plain else 'new'}: {n}/{t} = {n / max(1, t):.0%}")
        # pages of other kinds: topics, not events; every sure conflict is read as a false alarm
        for half, docs in other_docs(bench).items():
            landed_o = land(docs, work / f"other-{half}", registry=True, cache=cache)
            recs_o = {r.mention_id: r for r in landed_o.mentions}
            sizes = defaultdict(int)
            for story in landed_o.story_of.values():
                sizes[story] += 1
            grouped = sum(n for n in sizes.values() if n > 1)
            row: dict[str, Any] = {"docs": len(docs), "in_stories": grouped}
            for label, plain in (("baseline", True), ("new", False)):
                checks = run_checks(landed_o, plain)
                cs = conflicts_of(checks, ("cross_source",), counted=not plain)
                row[label] = len(cs)
                if not plain:
                    row["unsure"] = sum(
                        1 for c in checks
                        if c.kind == "cross_source" and c.verdict == "conflict" and not counts(c)
                    )
                    sure = cs
            results.setdefault("other", {})[half] = row
            print(f"\npages of other kinds (WCXB, {half} half): {len(docs)} pages, {grouped} of "
                  f"them in stories of two or more; sure cross-source conflicts "
                  f"{row['new']} = {100 * row['new'] / len(docs):.1f} per 100 pages (unsure "
                  f"{row['unsure']}); plain baseline {row['baseline']}")
            for c in sure:
                out(show(c, recs_o, landed_o))
        # bilingual
        bi = bilingual_docs(bench)
        landed_bi = land(bi, work / "bilingual", registry=False, cache=cache)
        n_pairs = sum(d.meta["pairs"] for d in bi)
        recs_bi = {r.mention_id: r for r in landed_bi.mentions}
        for label, plain in (("baseline", True), ("new", False)):
            checks = run_checks(landed_bi, plain)
            tc = conflicts_of(checks, ("translation",), counted=not plain)
            results.setdefault("translation", {})[label] = len(tc)
            print(f"\ntranslation conflicts, {label}: {len(tc)} over {len(bi)} documents "
                  f"({n_pairs} paragraph pairs) = {100 * len(tc) / len(bi):.1f} per 100 documents")
            for c in tc:
                out(show(c, recs_bi, landed_bi))
            if not plain:
                unsure = [c for c in checks if c.kind == "translation" and c.verdict == "conflict"
                          and not counts(c)]
                reasons = defaultdict(int)
                for c in unsure:
                    reasons[c.reason.split(":")[0]] += 1
                results["translation"]["unsure"] = len(unsure)
                print(f"  unsure translation conflicts (no verdict, not counted): {len(unsure)}")
                for r, k in sorted(reasons.items(), key=lambda x: -x[1]):
                    print(f"    {k:3d}  {r}")
                if args.unsure:
                    for c in unsure:
                        out(show(c, recs_bi, landed_bi) + f"\n     reason: {c.reason}")
        results["bilingual_docs"] = len(bi)
        # across languages: every fourth bilingual document split into an English-only and a
        # Chinese-only article of two sources; each pair should be one story, nothing more
        halves = _halves(bi[::4])
        landed_x = land(halves, work / "crosslang", registry=True, cache=cache)
        x = story_scores(landed_x)
        results["stories_crosslang"] = {k: v for k, v in x.items() if k != "unrelated_joined"}
        print(f"\nstories across languages ({len(halves) // 2} English/Chinese pairs): "
              f"P {x['precision']:.3f} R {x['recall']:.3f} F1 {x['f1']:.3f} "
              f"(tp {x['tp']}, fp {x['fp']}, fn {x['fn']})")
        # the halves are human translations of each other: a sure conflict between two joined
        # halves is (nearly always) a false alarm
        checks = run_checks(landed_x, False)
        recs_x = {r.mention_id: r for r in landed_x.mentions}
        cs = conflicts_of(checks, ("cross_source",), counted=True)
        unsure = [c for c in checks if c.verdict == "conflict" and not counts(c)
                  and c.kind == "cross_source"]
        results["crosslang_conflicts"] = {"sure": len(cs), "unsure": len(unsure)}
        print(f"sure cross-source conflicts between the joined halves: {len(cs)} "
              f"(unsure {len(unsure)})")
        for c in cs:
            out(show(c, recs_x, landed_x))
        results["checks_crosslang"] = checks_across_languages(bi, work, cache, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    return results


if __name__ == "__main__":
    main()

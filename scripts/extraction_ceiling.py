"""How far choosing between existing extractors' texts could take the extraction benchmark.

For every page of the two extraction sets (``extraction-dev``: 91 news pages; ``extraction-dev2``:
1,337 WCXB pages of seven page types) it runs our cleaner, trafilatura's plain / favor_precision
/ favor_recall / html2txt / baseline, and, where importable, resiliparse (main content and whole
page), inscriptis, readability-lxml, jusText and boilerpy3 (Article and Canola). It then prints
each extractor's F1 and the *ceilings*: on each page the text with the best page F1 (of all
extractors; of ours and trafilatura's five; of ours and trafilatura's three passes, the
benchmark's ``ceiling`` column; of ours and one other, for each other), the chosen pages'
TP/FP/FN scored over the pages exactly as ``benchmarks/extraction.py`` scores any extractor
(precision and recall averaged over pages, F1 from the averages). Per group: WCXB articles,
WCXB other page types (together and each), the news pages, each in its tune / check half and
all. Then how many pages no candidate gets close to (best page F1 < 0.5, < 0.8) per page type,
and the lowest pages.

The optional extractors are not project dependencies: run this with a throwaway venv that has
them, e.g. ``python3 -m venv /tmp/x && /tmp/x/bin/pip install -e . && /tmp/x/bin/pip install
resiliparse inscriptis readability-lxml justext boilerpy3`` (one at a time: pip's resolver
stumbles over lxml's extras when they come together), then ``/tmp/x/bin/python
scripts/extraction_ceiling.py``. Missing ones are skipped (and named). Each extractor's text per
page is cached under $EXTRACTION_CEILING_CACHE (default ``/tmp/extraction-ceiling-cache``),
keyed by page and by the library's version (ours: by the hash of ``src/monitor``), so a second
run only scores.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


sys.path.insert(0, str(REPO / "benchmarks"))  # the benchmark's loading and scoring code
import extraction as bench

Page = bench.Page
OURS = "ours"
TRAFILATURA_PASSES = ("t.plain", "t.favor_precision", "t.favor_recall")
TRAFILATURA_ALL = (*TRAFILATURA_PASSES, "t.html2txt", "t.baseline")


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _ours_version() -> str:
    """A hash of the cleaner's source: the cache of our texts is for this code only."""
    digest = hashlib.sha1()
    for path in sorted((REPO / "src" / "monitor").rglob("*.py")):
        digest.update(path.read_bytes())
    return "src-" + digest.hexdigest()[:12]


def _trafilatura(**options: object) -> Callable[[Page], str]:
    def extract(page: Page) -> str:
        import trafilatura

        return trafilatura.extract(page.html, include_comments=False, **options) or ""

    return extract


def _html2txt(page: Page) -> str:
    import trafilatura

    return trafilatura.html2txt(page.html) or ""


def _baseline(page: Page) -> str:
    import trafilatura

    return trafilatura.baseline(page.html)[1] or ""


def _resiliparse(main_content: bool) -> Callable[[Page], str]:
    def extract(page: Page) -> str:
        from resiliparse.extract.html2text import extract_plain_text

        return extract_plain_text(page.html, main_content=main_content) or ""

    return extract


def _inscriptis(page: Page) -> str:
    import inscriptis

    return inscriptis.get_text(page.html) or ""


def _readability(page: Page) -> str:
    """readability-lxml's summary (HTML) read as text, one line per text node."""
    import lxml.html
    from readability import Document

    summary = Document(page.html).summary()
    if not summary.strip():
        return ""
    return "\n".join(t.strip() for t in lxml.html.fromstring(summary).itertext() if t.strip())


_STOPLIST: frozenset[str] | None = None


def _justext(page: Page) -> str:
    """jusText with trafilatura's all-language stoplist (the pages are in many languages)."""
    global _STOPLIST
    import justext
    from trafilatura.external import jt_stoplist_init

    if _STOPLIST is None:
        _STOPLIST = frozenset(jt_stoplist_init())
    paragraphs = justext.justext(page.html.encode("utf-8", "replace"), _STOPLIST)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _boilerpy3(kind: str) -> Callable[[Page], str]:
    def extract(page: Page) -> str:
        from boilerpy3 import extractors

        logging.getLogger("boilerpy3").setLevel(logging.ERROR)  # a warning a page on nested <a>

        return getattr(extractors, kind)(raise_on_failure=False).get_content(page.html) or ""

    return extract


# name -> (module that must import, distribution whose version keys the cache, extract)
EXTRACTORS: dict[str, tuple[str, str, Callable[[Page], str]]] = {
    OURS: ("monitor.clean", "", bench.ours),
    "t.plain": ("trafilatura", "trafilatura", _trafilatura()),
    "t.favor_precision": ("trafilatura", "trafilatura", _trafilatura(favor_precision=True)),
    "t.favor_recall": ("trafilatura", "trafilatura", _trafilatura(favor_recall=True)),
    "t.html2txt": ("trafilatura", "trafilatura", _html2txt),
    "t.baseline": ("trafilatura", "trafilatura", _baseline),
    "resiliparse main": ("resiliparse", "resiliparse", _resiliparse(True)),
    "resiliparse page": ("resiliparse", "resiliparse", _resiliparse(False)),
    "inscriptis": ("inscriptis", "inscriptis", _inscriptis),
    "readability-lxml": ("readability", "readability-lxml", _readability),
    "jusText": ("justext", "justext", _justext),
    "boilerpy3 Article": ("boilerpy3", "boilerpy3", _boilerpy3("ArticleExtractor")),
    "boilerpy3 Canola": ("boilerpy3", "boilerpy3", _boilerpy3("CanolaExtractor")),
}


BENCH_NAMES = {"t.plain": "trafilatura (plain)", "t.favor_precision": "trafilatura favor_precision",
               "t.favor_recall": "trafilatura favor_recall"}


def available(names: list[str] | None = None) -> dict[str, Callable[[Page], str]]:
    """The extractors whose library imports here (the others named on stderr)."""
    found = {}
    for name, (module, _, extract) in EXTRACTORS.items():
        if names and name not in names:
            continue
        if importlib.util.find_spec(module) is None:
            print(f"skipped (not importable): {name}", file=sys.stderr)
            continue
        found[name] = extract
    return found


def _cache_root() -> Path:
    return Path(os.environ.get("EXTRACTION_CEILING_CACHE", "/tmp/extraction-ceiling-cache"))


def outputs_of(name: str, extract: Callable[[Page], str], pages: list[Page], set_name: str,
               ) -> list[str]:
    """Each page's text by one extractor, from the cache where there (saved every 100 pages).

    An extractor that raises on a page gives '' for it (the count is printed).
    """
    dist = EXTRACTORS[name][1]
    version = _version(dist) if dist else _ours_version()
    slug = re.sub(r"\W+", "_", name)
    path = _cache_root() / set_name / f"{slug}--{version}.json"
    stored: dict[str, str] = json.loads(path.read_text("utf-8")) if path.exists() else {}
    if name in BENCH_NAMES:  # the benchmark's own cache of trafilatura's passes (same keys)
        bench_slug = re.sub(r"\W+", "_", BENCH_NAMES[name])
        cached = bench._cache_dir() / f"{set_name}--{bench_slug}.json"
        if cached.exists():
            stored = {k: v[0] for k, v in json.loads(cached.read_text("utf-8")).items()} | stored
    outs, fresh, failed, start = [], 0, 0, time.process_time()
    for page in pages:
        key = hashlib.sha1(page.html.encode("utf-8", "replace")).hexdigest()[:16] + page.id
        if key not in stored:
            try:
                stored[key] = extract(page)
            except Exception:  # noqa: BLE001 -- a library failing on a page scores it as empty
                stored[key], failed = "", failed + 1
            fresh += 1
            if fresh % 100 == 0:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(stored), "utf-8")
        outs.append(stored[key])
    if fresh:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stored), "utf-8")
        cpu = 1000 * (time.process_time() - start) / fresh
        print(f"  {set_name}: {name} ran on {fresh} pages ({cpu:.0f} ms CPU a page"
              + (f", {failed} raised" if failed else "") + ")", file=sys.stderr)
    return outs


def chosen_ceiling(per_page: dict[str, list[tuple[float, float, float]]], names: list[str],
                   ) -> list[tuple[float, float, float]]:
    """Per page the TP/FP/FN of the named extractor with the best page F1 (the benchmark's rule)."""
    return bench.best_per_page({n: per_page[n] for n in names})[0]


def _groups(pages: list[Page]) -> dict[str, list[int]]:
    """Page indexes per column: articles / other types / each type / news, by half and all."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, page in enumerate(pages):
        kinds = [page.kind] + ([] if page.kind == "article" else ["other"])
        for kind in kinds:
            groups[f"{kind} {page.half}"].append(i)
            groups[f"{kind} all"].append(i)
    return dict(groups)


def _fmt(x: float) -> str:
    return f"{x:.4f}"


def report(set_name: str, pages: list[Page], extractors: dict[str, Callable[[Page], str]],
           args: argparse.Namespace) -> dict:
    """Print one set's table of extractors, pairs and ceilings, the hard-page counts, the lowest."""
    outputs = {name: outputs_of(name, fn, pages, set_name) for name, fn in extractors.items()}
    names = list(outputs)
    per_page = {
        name: [bench.page_tp_fp_fn(p.truth, o) for p, o in zip(pages, outs, strict=True)]
        for name, outs in outputs.items()
    }
    rows: dict[str, list[tuple[float, float, float]]] = dict(per_page)
    others = [n for n in names if n != OURS]
    ceilings = {
        "CEILING all extractors": names,
        "CEILING ours + trafilatura (5)": [n for n in names if n == OURS or n in TRAFILATURA_ALL],
        "CEILING ours + t. 3 passes (bench)": [n for n in names
                                                if n == OURS or n in TRAFILATURA_PASSES],
        "CEILING trafilatura (5) only": [n for n in names if n in TRAFILATURA_ALL],
        "CEILING trafilatura 3 passes only": [n for n in names if n in TRAFILATURA_PASSES],
        "CEILING all but ours": others,
    }
    for label, members in ceilings.items():
        if members:
            rows[label] = chosen_ceiling(per_page, members)
    if OURS in names:
        for other in others:
            rows[f"pair ours + {other}"] = chosen_ceiling(per_page, [OURS, other])
    groups = _groups(pages)
    if set_name == "extraction-dev":
        columns = ["article tune", "article check", "article all"]
    else:
        kinds = sorted({p.kind for p in pages} - {"article"})
        columns = ["article tune", "article check", "article all", "other tune", "other check",
                   "other all"] + [f"{k} all" for k in kinds]
    table = {
        row: {col: bench.score(x[i] for i in groups[col]) for col in columns if col in groups}
        for row, x in rows.items()
    }
    print(f"\n== {set_name}: {len(pages)} pages; F1 (precision and recall averaged over pages)")
    width = 36
    head = " ".join(f"{c.replace('documentation', 'docs'):>12}" for c in columns)
    print(f"{'':<{width}} {head}")
    print(f"{'pages':<{width}} " + " ".join(f"{len(groups.get(c, [])):>12}" for c in columns))
    for row in rows:
        if row in (OURS, "CEILING all extractors", f"pair ours + {others[0]}" if others else ""):
            print("-" * (width + 13 * len(columns)))
        print(f"{row:<{width}} "
              + " ".join(f"{_fmt(table[row][c]['f1']) if c in table[row] else '':>12}"
                         for c in columns))
    best = max((r for r in table if r.startswith("pair")),
               key=lambda r: table[r].get("other all", table[r]["article all"])["f1"],
               default=None)
    if best:
        print(f"best pair on {'other types' if 'other all' in columns else 'all pages'}: {best}")

    # which extractors, added one at a time to ours, raise the ceiling most
    if OURS in names and len(others) > 1:
        focus = "other all" if "other all" in columns else "article all"
        for target in dict.fromkeys(["article all", focus]):
            print(f"\nadded one at a time to ours, each the one that raises the ceiling on "
                  f"'{target}' most (F1 of the set so far: {', '.join(columns[:6])}):")
            chosen, rest = [OURS], list(others)
            while rest:
                nxt = max(rest, key=lambda n: bench.score(
                    chosen_ceiling(per_page, [*chosen, n])[i] for i in groups[target])["f1"])
                chosen.append(nxt)
                rest.remove(nxt)
                x = chosen_ceiling(per_page, chosen)
                cells = " ".join(_fmt(bench.score(x[i] for i in groups[c])["f1"]).rjust(12)
                                 for c in columns[:6])
                print(f"  + {nxt:<{width - 4}} {cells}")

    # how close can anything get, page by page
    best_f1 = [max(bench.page_f1(per_page[n][i]) for n in names) for i in range(len(pages))]
    chosen_all = bench.best_per_page(per_page)[1]
    print("\npages by the best page F1 of any extractor (all extractors):")
    kinds_here = sorted({p.kind for p in pages}, key=lambda k: (k != "article", k))
    print(f"{'page type':<16} {'pages':>6} {'< 0.5':>6} {'< 0.8':>6} {'< 0.9':>6}  "
          "best text's source (pages)")
    for kind in [*kinds_here, "other"] if len(kinds_here) > 1 else kinds_here:
        idx = [i for i, p in enumerate(pages) if p.kind == kind
               or (kind == "other" and p.kind != "article")]
        counts = [sum(1 for i in idx if best_f1[i] < t) for t in (0.5, 0.8, 0.9)]
        src = Counter(chosen_all[i] for i in idx).most_common(4)
        print(f"{kind:<16} {len(idx):>6} " + " ".join(f"{c:>6}" for c in counts) + "  "
              + ", ".join(f"{n} {c}" for n, c in src))
    if args.show:
        print(f"\nthe {args.show} lowest pages (best page F1 of all extractors; words: truth, "
              "best text, ours):")
        token = bench._TOKEN
        for i in sorted(range(len(pages)), key=lambda i: best_f1[i])[: args.show]:
            p = pages[i]
            words = (len(token.findall(p.truth)), len(token.findall(outputs[chosen_all[i]][i])),
                     len(token.findall(outputs[OURS][i])) if OURS in outputs else -1)
            ours_f1 = bench.page_f1(per_page[OURS][i]) if OURS in per_page else float("nan")
            print(f"  {best_f1[i]:.2f} {p.id[:14]:<14} {p.kind:<13} {p.half:<5} "
                  f"{chosen_all[i]:<17} ours {ours_f1:.2f} words {words[0]}/{words[1]}/{words[2]}"
                  f"  {p.url[:60]}")
    return {"table": table, "best_f1": best_f1}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=bench.SETS, action="append", help="one set only")
    parser.add_argument("--only", action="append", help="these extractors only (by name)")
    parser.add_argument("--show", type=int, default=25, help="how many lowest pages to list")
    parser.add_argument("--json", type=Path, help="write the tables and page figures here")
    args = parser.parse_args(argv)
    extractors = available(args.only)
    dump = {}
    for set_name in args.set or bench.SETS:
        directory = bench.extraction_dir(set_name)
        if not (directory / "ground-truth.json").exists():
            print(f"bench set not found: {directory} (set MONITOR_BENCH_DIR)", file=sys.stderr)
            continue
        dump[set_name] = report(set_name, bench.load_pages(directory), extractors, args)
    if args.json:
        args.json.write_text(json.dumps(dump, indent=1), "utf-8")
    return 0 if dump else 2


if __name__ == "__main__":
    sys.exit(main())

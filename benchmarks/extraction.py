"""Extraction benchmark: our cleaner vs plain trafilatura on two sets of real pages.

Run: ``python benchmarks/extraction.py`` (bench root: $MONITOR_BENCH_DIR, else
``<repo>/../shared/bench``; it holds ``extraction-dev/``, the Scrapinghub Article Extraction
Benchmark's news pages, and ``extraction-dev2/``, WCXB pages of seven page types).

The metric is the Scrapinghub benchmark's published one: ``\\w+`` tokens, 4-token shingles with
counts, per-page TP/FP/FN normalised to sum 1, precision and recall averaged over pages, F1
from the two averages. For Chinese and Japanese pages (where ``\\w+`` makes a clause one token)
it is also given per character: each CJK character a token.

Every figure is printed beside plain ``trafilatura.extract(include_comments=False)`` and its
``favor_precision`` / ``favor_recall`` modes, run on the same pages. Each set is also split in
two halves by a hash of the page id (``tune`` / ``check``): tune on one, read the other.
A last column, ``ceiling``, is the best any choice between those four texts could do: on each
page the text with the best page F1 (the first in column order on a tie), its TP/FP/FN then
scored over the pages like any extractor's.
Baseline outputs (and their CPU time) are cached per page under $MONITOR_BENCH_CACHE (default
``/tmp/monitor-bench-cache``) keyed by trafilatura's version; ``--no-cache`` recomputes them.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = REPO.parent / "shared" / "bench"
SETS = ("extraction-dev", "extraction-dev2")

_TOKEN = re.compile(r"\w+", re.UNICODE)
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_CHAR_TOKEN = re.compile(f"[{_CJK_CHARS}]|[^\\W{_CJK_CHARS}]+")


def bench_dir() -> Path:
    """The bench root (the folder holding extraction-dev/, langid-dev/ ...).

    $MONITOR_BENCH_DIR overrides the shared default; pointed at one extraction set by an older
    habit (a folder with ground-truth.json), its parent is the root.
    """
    env = os.environ.get("MONITOR_BENCH_DIR")
    root = Path(env) if env else DEFAULT_BENCH
    return root.parent if (root / "ground-truth.json").exists() else root


def extraction_dir(name: str = "extraction-dev") -> Path:
    """One extraction set's folder under the bench root."""
    return bench_dir() / name


def shingles(text: str, n: int = 4, token: re.Pattern[str] = _TOKEN) -> Counter:
    """4-token shingles with counts; a text shorter than n gives its one short shingle."""
    tokens = token.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_tp_fp_fn(true: str, pred: str, token: re.Pattern[str] = _TOKEN) -> tuple[float, float, float]:
    """Shared, extra and missing shingles of one page, normalised so they sum to 1."""
    t, p = shingles(true, token=token), shingles(pred, token=token)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def page_f1(x: tuple[float, float, float]) -> float:
    """One page's F1 from its normalised TP/FP/FN (1 when both texts are empty)."""
    tp, fp, fn = x
    if fp == fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score(pages: Iterable[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages (undefined ones skipped), F1 from the averages."""
    pages = list(pages)
    ps = [_precision(*x) for x in pages if x[0] + x[1] > 0]
    rs = [_recall(*x) for x in pages if x[0] + x[2] > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "pages": len(pages)}


@dataclass
class Page:
    """One benchmark page: id, URL, HTML text, the hand-checked body and its page type."""

    id: str
    url: str
    html: str
    truth: str
    kind: str = "article"

    @property
    def half(self) -> str:
        """'tune' or 'check': a fixed split by a hash of the id, the same on every run."""
        return "tune" if hashlib.sha1(self.id.encode()).digest()[0] % 2 == 0 else "check"

    @property
    def cjk(self) -> bool:
        """Chinese or Japanese text: a fifth of the body's characters are CJK."""
        return len(_CJK.findall(self.truth)) * 5 >= len(self.truth) > 0


def load_pages(directory: Path | None = None) -> list[Page]:
    """A set's pages in id order (gzip UTF-8 HTML plus ground-truth.json).

    ground-truth.json maps id to ``url`` and the body as ``articleBody`` (Scrapinghub) or
    ``main_content`` plus ``page_type`` (WCXB).
    """
    directory = directory or extraction_dir()
    truth = json.loads((directory / "ground-truth.json").read_text("utf-8"))
    pages = []
    for key in sorted(truth):
        raw = gzip.decompress((directory / "html" / f"{key}.html.gz").read_bytes())
        entry = truth[key]
        pages.append(
            Page(
                key,
                entry.get("url", ""),
                raw.decode("utf-8", "replace"),
                entry.get("articleBody", entry.get("main_content", "")) or "",
                entry.get("page_type", "article"),
            )
        )
    return pages


def run(extract: Callable[[Page], str], pages: list[Page], warm: int = 0) -> dict[str, float]:
    """Score one extractor over the pages, with its throughput and CPU time per page.

    CPU time (``process_time``) is the figure to compare on a shared machine: wall-clock
    docs/s moves with whatever else runs. ``warm`` pages are extracted first, untimed, so
    imports and first-call set-up are not charged to the pages.
    """
    for p in pages[:warm]:
        extract(p)
    start, cpu = time.perf_counter(), time.process_time()
    preds = [extract(p) for p in pages]
    cpu = time.process_time() - cpu
    elapsed = time.perf_counter() - start
    result = score(page_tp_fp_fn(p.truth, pred) for p, pred in zip(pages, preds, strict=True))
    result["docs_per_s"] = len(pages) / elapsed if elapsed else float("inf")
    result["cpu_ms_per_doc"] = 1000 * cpu / len(pages) if pages else 0.0
    return result


def ours(page: Page) -> str:
    """The pipeline's cleaner: paragraphs joined by newlines ('' when it finds no article)."""
    from monitor.clean import NoArticle, clean_html

    try:
        return "\n".join(clean_html(page.html, page.url).paragraphs)
    except NoArticle:
        return ""


def plain_trafilatura(page: Page, **options: object) -> str:
    """trafilatura as the benchmark's authors run it."""
    import trafilatura

    return trafilatura.extract(page.html, include_comments=False, **options) or ""


BASELINES: dict[str, dict[str, bool]] = {
    "trafilatura (plain)": {},
    "trafilatura favor_precision": {"favor_precision": True},
    "trafilatura favor_recall": {"favor_recall": True},
}


def _cache_dir() -> Path:
    import trafilatura

    root = Path(os.environ.get("MONITOR_BENCH_CACHE", "/tmp/monitor-bench-cache"))
    return root / f"trafilatura-{trafilatura.__version__}"


def timed_outputs(
    name: str, extract: Callable[[Page], str], pages: list[Page], set_name: str, cache: bool
) -> tuple[list[str], list[float]]:
    """Each page's output and CPU seconds; baselines come from the per-page cache when there."""
    slug = re.sub(r"\W+", "_", name)
    path = _cache_dir() / f"{set_name}--{slug}.json"
    stored: dict[str, list] = {}
    if cache and path.exists():
        stored = json.loads(path.read_text("utf-8"))
    outs, cpus, fresh = [], [], False
    for page in pages:
        key = hashlib.sha1(page.html.encode("utf-8", "replace")).hexdigest()[:16] + page.id
        if key in stored:
            text, cpu = stored[key]
        else:
            start = time.process_time()
            text = extract(page)
            cpu = time.process_time() - start
            stored[key], fresh = [text, cpu], True
        outs.append(text)
        cpus.append(cpu)
    if cache and fresh:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stored), "utf-8")
    return outs, cpus


def _groups(pages: list[Page]) -> dict[str, list[int]]:
    """Page indexes per figure: all, each half, each page type, CJK pages."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, page in enumerate(pages):
        groups["all"].append(i)
        groups[f"half={page.half}"].append(i)
        kinds = {page.kind}
        if page.kind != "article":
            kinds.add("non-article")
        for kind in kinds:
            groups[f"type={kind}"].append(i)
            groups[f"type={kind} {page.half}"].append(i)
        if page.cjk:
            groups["cjk"].append(i)
    return dict(groups)


CEILING = "ceiling"


def best_per_page(
    per_page: dict[str, list[tuple[float, float, float]]],
) -> tuple[list[tuple[float, float, float]], list[str]]:
    """The ceiling of choosing between the extractors' texts: on each page the TP/FP/FN of the
    text with the best page F1 (the first in the mapping's order on a tie), and its name.

    The set's figures come from these tuples as from any extractor's (precision and recall
    averaged over pages, F1 from the averages), so the ceiling is comparable with every column.
    """
    names = list(per_page)
    chosen = [
        max(names, key=lambda n, i=i: (page_f1(per_page[n][i]), -names.index(n)))
        for i in range(len(per_page[names[0]]) if names else 0)
    ]
    return [per_page[n][i] for i, n in enumerate(chosen)], chosen


def evaluate(
    pages: list[Page], outputs: dict[str, list[str]]
) -> tuple[dict[str, dict[str, dict[str, float]]], dict[str, list[tuple[float, float, float]]]]:
    """Figures per group and extractor, and every page's TP/FP/FN per extractor.

    With two extractors or more a ``ceiling`` entry is added: the best text per page among them
    (:func:`best_per_page`; per character for the CJK figure, chosen by per-character F1).
    """
    per_page = {
        name: [page_tp_fp_fn(p.truth, o) for p, o in zip(pages, outs, strict=True)]
        for name, outs in outputs.items()
    }
    if len(per_page) > 1:
        per_page[CEILING] = best_per_page(per_page)[0]
    table: dict[str, dict[str, dict[str, float]]] = {}
    for group, idx in _groups(pages).items():
        table[group] = {name: score(x[i] for i in idx) for name, x in per_page.items()}
        if group == "cjk":
            per_char = {
                name: [page_tp_fp_fn(pages[i].truth, outs[i], token=_CHAR_TOKEN) for i in idx]
                for name, outs in outputs.items()
            }
            if len(per_char) > 1:
                per_char[CEILING] = best_per_page(per_char)[0]
            table["cjk per character"] = {name: score(x) for name, x in per_char.items()}
    return table, per_page


def report_set(set_name: str, pages: list[Page], args: argparse.Namespace) -> dict:
    """Print one set's figures beside the baselines; return them for callers."""
    from monitor import clean

    rows: dict[str, Callable[[Page], str]] = {"monitor.clean_html": ours}
    if not args.ours_only:
        for name, options in BASELINES.items():
            rows[name] = lambda p, o=options: plain_trafilatura(p, **o)
    for p in pages[:3]:  # imports and first-call set-up are not per-page cost
        ours(p)
        plain_trafilatura(p)
    clean._html_parser()
    outputs: dict[str, list[str]] = {}
    cpu: dict[str, float] = {}
    for name, fn in rows.items():
        outs, cpus = timed_outputs(name, fn, pages, set_name, cache=name != "monitor.clean_html"
                                   and not args.no_cache)
        outputs[name], cpu[name] = outs, 1000 * sum(cpus) / len(pages)
    table, per_page = evaluate(pages, outputs)
    print(f"\n== {set_name}: {len(pages)} pages from {extraction_dir(set_name)}")
    names = list(rows) + ([CEILING] if CEILING in per_page else [])
    short = {n: n.replace("monitor.clean_html", "ours").replace("trafilatura ", "t.")
             for n in names}
    print(f"{'group':<28} {'n':>5} " + " ".join(f"{short[n]:>18}" for n in names))
    for group in sorted(table, key=lambda g: (g != "all", not g.startswith("half"), g)):
        n = table[group][names[0]]["pages"]
        cells = " ".join(
            f"{table[group][m]['f1']:.3f} ({table[group][m]['precision']:.2f}/"
            f"{table[group][m]['recall']:.2f})".rjust(18)
            for m in names
        )
        print(f"{group:<28} {n:>5} {cells}")
    print("   cells: F1 (P/R)" + ("; ceiling: per page the best of the other columns' texts"
                                  if CEILING in per_page else ""))
    print("CPU ms/page: " + ", ".join(f"{short[n]} {cpu[n]:.1f}" for n in rows))
    plain = "trafilatura (plain)"
    result = {"table": table, "cpu": cpu}
    if plain in per_page:
        ratio = cpu["monitor.clean_html"] / cpu[plain] if cpu[plain] else float("inf")
        target = json.loads((Path(__file__).parent / "floors.json").read_text("utf-8"))[
            "extraction_dev"]["max_cpu_vs_plain"]
        print(f"CPU ours / plain trafilatura: {ratio:.2f}x (plain from cache when cached); "
              f"target <= {target}x: {'met' if ratio <= target else 'NOT met'}")
        losses = [
            (page_f1(per_page[plain][i]) - page_f1(per_page["monitor.clean_html"][i]), i)
            for i in range(len(pages))
        ]
        big = sorted(((d, i) for d, i in losses if d >= 0.1), reverse=True)
        severe = sum(1 for d, _ in losses if d >= 0.3)
        gains = sum(1 for d, _ in losses if d <= -0.1)
        print(f"pages losing >= 0.1 F1 to plain: {len(big)}; >= 0.3: {severe} "
              f"({100 * severe / len(pages):.1f} %); gaining >= 0.1: {gains}")
        for d, i in big[: args.show]:
            p = pages[i]
            print(f"  -{d:.2f} {p.id[:12]:<12} {p.kind:<13} {p.half:<5} "
                  f"ours {page_f1(per_page['monitor.clean_html'][i]):.2f} "
                  f"plain {page_f1(per_page[plain][i]):.2f}  {p.url[:70]}")
        result.update(severe_share=severe / len(pages), ratio=ratio)
    return result


def main(argv: list[str] | None = None) -> int:
    """Print both sets' figures for our cleaner beside trafilatura's three modes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ours-only", action="store_true", help="skip the baselines")
    parser.add_argument("--no-cache", action="store_true", help="recompute the baselines")
    parser.add_argument("--set", choices=SETS, action="append", help="one set only")
    parser.add_argument("--show", type=int, default=40, help="how many losing pages to list")
    args = parser.parse_args(argv)
    found = 0
    for set_name in args.set or SETS:
        directory = extraction_dir(set_name)
        if not (directory / "ground-truth.json").exists():
            print(f"bench set not found: {directory} (set MONITOR_BENCH_DIR)", file=sys.stderr)
            continue
        found += 1
        report_set(set_name, load_pages(directory), args)
    return 0 if found else 2


if __name__ == "__main__":
    sys.exit(main())

"""Extraction benchmark: our cleaner vs plain trafilatura on the Scrapinghub article pages.

Run: ``python benchmarks/extraction.py`` (bench dir: $MONITOR_BENCH_DIR, else
``<repo>/../shared/bench/extraction-dev``). The metric is the benchmark's published one:
``\\w+`` tokens, 4-token shingles with counts, per-page TP/FP/FN normalised to sum 1,
precision and recall averaged over pages, F1 from the two averages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = REPO.parent / "shared" / "bench" / "extraction-dev"

_TOKEN = re.compile(r"\w+", re.UNICODE)


def bench_dir() -> Path:
    """Where the pages live: $MONITOR_BENCH_DIR overrides the shared default."""
    env = os.environ.get("MONITOR_BENCH_DIR")
    return Path(env) if env else DEFAULT_BENCH


def shingles(text: str, n: int = 4) -> Counter:
    """4-token shingles with counts; a text shorter than n gives its one short shingle."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """Shared, extra and missing shingles of one page, normalised so they sum to 1."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


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
    p = statistics.mean(_precision(*x) for x in pages if x[0] + x[1] > 0)
    r = statistics.mean(_recall(*x) for x in pages if x[0] + x[2] > 0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


@dataclass
class Page:
    """One benchmark page: id, URL, HTML text and the hand-checked body."""

    id: str
    url: str
    html: str
    truth: str


def load_pages(directory: Path | None = None) -> list[Page]:
    """The benchmark pages in id order (gzip UTF-8 HTML plus ground-truth.json)."""
    directory = directory or bench_dir()
    truth = json.loads((directory / "ground-truth.json").read_text("utf-8"))
    pages = []
    for key in sorted(truth):
        raw = gzip.decompress((directory / "html" / f"{key}.html.gz").read_bytes())
        pages.append(
            Page(
                key,
                truth[key].get("url", ""),
                raw.decode("utf-8", "replace"),
                truth[key].get("articleBody", ""),
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


def main(argv: list[str] | None = None) -> int:
    """Print P/R/F1, docs/s and CPU ms/doc for our cleaner and trafilatura baselines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ours-only", action="store_true", help="skip the baselines")
    args = parser.parse_args(argv)
    directory = bench_dir()
    if not (directory / "ground-truth.json").exists():
        print(f"bench dir not found: {directory} (set MONITOR_BENCH_DIR)", file=sys.stderr)
        return 2
    pages = load_pages(directory)
    rows: list[tuple[str, Callable[[Page], str]]] = [("monitor.clean_html", ours)]
    if not args.ours_only:
        rows.append(("trafilatura (plain)", plain_trafilatura))
        rows.append(
            ("trafilatura favor_precision", lambda p: plain_trafilatura(p, favor_precision=True))
        )
    print(f"{len(pages)} pages from {directory}")
    print(f"{'extractor':<30} {'P':>6} {'R':>6} {'F1':>6} {'docs/s':>7} {'CPU ms/doc':>10}")
    for name, fn in rows:
        m = run(fn, pages, warm=5)
        print(
            f"{name:<30} {m['precision']:6.4f} {m['recall']:6.4f} {m['f1']:6.4f} "
            f"{m['docs_per_s']:7.1f} {m['cpu_ms_per_doc']:10.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

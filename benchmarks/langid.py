"""Language-identification benchmark: monitor.detect_language beside plain seeded langdetect.

    python benchmarks/langid.py [--limit N] [--json]

Data: <repo>/../shared/bench/langid-dev/{sentences,word-pairs}/<iso>.txt (one text per line;
the file name is the answer), or $MONITOR_BENCH_DIR/langid-dev. detect_language runs with
expected = the benchmark's languages and strict=True (the analogue of a detector restricted to
these languages; --open lets sure long text leave them), and with the defaults a user gets
(`detect_language(text)`: every language the detectors support, [language] expected only a
preference); plain langdetect runs with all its 55 profiles, seeded, as the product used to.
Prints accuracy per language and overall, and the median milliseconds per call, for all three.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from monitor.language import detect_language

KINDS = ("sentences", "word-pairs")


def bench_dir() -> Path:
    """Where langid-dev lives: $MONITOR_BENCH_DIR, else the shared folder beside the repo."""
    env = os.environ.get("MONITOR_BENCH_DIR")
    base = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "bench"
    return base / "langid-dev"


def load(kind: str, limit: int | None = None, root: Path | None = None) -> dict[str, list[str]]:
    """The texts of one kind, by their language; `limit` keeps the first N of each."""
    folder = (root or bench_dir()) / kind
    out = {}
    for path in sorted(folder.glob("*.txt")):
        lines = [ln for ln in path.read_text("utf-8").splitlines() if ln.strip()]
        out[path.stem] = lines[:limit] if limit else lines
    return out


def plain_langdetect() -> Callable[[str], str | None]:
    """langdetect as shipped: all profiles, seeded, 'zh-cn'/'zh-tw' read as 'zh'."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def run(text: str) -> str | None:
        try:
            lang = detect(text)
        except LangDetectException:
            return None
        return "zh" if lang.startswith("zh") else lang

    return run


def evaluate(fn: Callable[[str], str | None], data: dict[str, list[str]]) -> dict:
    """Accuracy per language, overall, and median ms per call."""
    per_lang: dict[str, float] = {}
    times: list[float] = []
    right = total = 0
    for lang, lines in data.items():
        ok = 0
        for line in lines:
            start = time.perf_counter()
            got = fn(line)
            times.append(time.perf_counter() - start)
            ok += got == lang
        per_lang[lang] = ok / len(lines)
        right += ok
        total += len(lines)
    return {
        "accuracy": right / total,
        "per_language": per_lang,
        "median_ms": statistics.median(times) * 1000,
        "n": total,
    }


def run(
    limit: int | None = None,
    root: Path | None = None,
    with_plain: bool = True,
    strict: bool = True,
    with_defaults: bool = True,
) -> dict[str, dict[str, dict]]:
    """Both detectors (or ours alone) over both kinds: {kind: {detector: result}}."""
    plain = plain_langdetect()
    results: dict[str, dict[str, dict]] = {}
    for kind in KINDS:
        data = load(kind, limit, root)
        langs = sorted(data)

        def ours(text: str, langs: list[str] = langs) -> str | None:
            return detect_language(text, langs, strict=strict)

        def defaults(text: str) -> str | None:
            return detect_language(text)

        for line in next(iter(data.values()))[:3]:  # load the detectors before timing
            ours(line)
            defaults(line)
            plain(line)
        results[kind] = {"detect_language": evaluate(ours, data)}
        if with_defaults:
            results[kind]["defaults"] = evaluate(defaults, data)
        if with_plain:
            results[kind]["langdetect"] = evaluate(plain, data)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N lines per language")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--helpers",
        default=None,
        help="comma-separated helpers to allow (lingua,wordfreq; '' for langdetect alone)",
    )
    parser.add_argument(
        "--open",
        action="store_true",
        help="detect_language not strict: sure long text may leave the 20 (the product default)",
    )
    args = parser.parse_args(argv)
    if args.helpers is not None:  # read once by monitor.language, before its first call
        names = [h.strip() for h in args.helpers.split(",") if h.strip()]
        os.environ["MONITOR_LANGUAGE__HELPERS"] = json.dumps(names)
    root = bench_dir()
    if not root.exists():
        print(f"no benchmark data at {root} (set MONITOR_BENCH_DIR)", file=sys.stderr)
        return 2
    results = run(args.limit, root, strict=not args.open)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    langs = sorted(next(iter(results.values()))["langdetect"]["per_language"])
    print(f"data: {root}")
    print(
        f"detect_language: expected = the {len(langs)} benchmark languages, "
        + ("open (sure long text may leave them)" if args.open else "strict (restricted to them)")
        + "; langdetect: plain, all profiles, seeded"
    )
    if args.helpers is not None:
        print(f"detect_language helpers: {args.helpers or 'none (langdetect alone)'}")
    print("defaults: detect_language(text) with the settings a user gets ([language] expected")
    print("as a preference, only_expected = false)")
    for kind, res in results.items():
        ours, plain, dflt = res["detect_language"], res["langdetect"], res["defaults"]
        print(f"\n{kind} ({ours['n']} texts)")
        print(f"  {'lang':6}{'defaults':>10}{'expected':>10}{'langdetect':>12}")
        for lang in langs:
            print(
                f"  {lang:6}{dflt['per_language'][lang]:>9.1%} {ours['per_language'][lang]:>9.1%}"
                f" {plain['per_language'][lang]:>11.1%}"
            )
        print(
            f"  {'ALL':6}{dflt['accuracy']:>9.2%} {ours['accuracy']:>9.2%} {plain['accuracy']:>11.2%}"
        )
        print(
            f"  {'ms':6}{dflt['median_ms']:>9.3f} {ours['median_ms']:>9.3f}"
            f" {plain['median_ms']:>11.3f}  (median per call)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Number normalisation benchmark on a case set of its own (benchmarks/numbers_cases.json).

    python benchmarks/quantities.py [--show]

Each case is a sentence of news text and every quantity it should yield (value in the base
unit, unit, optionally qualifier; [] where nothing in it is a quantity: labels, ordinals,
years, clock times, scores). A case is right when monitor.extract_numbers yields exactly those
(values within 1 %). Prints the share right per area (currencies, Indian grouping, number words
and fractions, physical units, years vs counts, labels) and overall, beside a plain baseline
computed in the same run. Batch 1 of the cases was written before the areas were built (the
extractor before issue 21 got 6 of its 61 right), batch 2 after batch 1 was right and before it
was run (32 of its 34 right on that first run).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from monitor import extract_numbers

CASES = Path(__file__).with_name("numbers_cases.json")


def load() -> list[dict]:
    return json.loads(CASES.read_text("utf-8"))


_PLAIN = re.compile(
    r"(?P<cur>\$)?(?P<n>\d[\d,]*(?:\.\d+)?)(?P<pct>%)?(?: (?P<s>thousand|million|billion|trillion))?"
)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def plain(text: str) -> list[SimpleNamespace]:
    """The baseline: every run of digits, with $, % and an English scale word after it."""
    out = []
    for m in _PLAIN.finditer(text):
        value = float(m.group("n").replace(",", "")) * _SCALES.get(m.group("s") or "", 1.0)
        unit = "USD" if m.group("cur") else "%" if m.group("pct") else None
        out.append(SimpleNamespace(value=value, unit=unit, qualifier="exact"))
    return out


def right(case: dict, extract: Callable[[str], list] = extract_numbers) -> tuple[bool, list]:
    got = extract(case["text"])
    seen = [(m.value, m.unit, m.qualifier) for m in got]
    if len(got) != len(case["want"]):
        return False, seen
    for m, want in zip(got, case["want"], strict=True):
        value, unit = want[0], want[1]
        qual = want[2] if len(want) > 2 else "exact"
        if m.unit != unit or m.qualifier != qual:
            return False, seen
        if abs(m.value - value) > 0.01 * abs(value):
            return False, seen
    return True, seen


def run(
    show: bool = False, extract: Callable[[str], list] = extract_numbers
) -> dict[str, tuple[int, int]]:
    areas: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in load():
        ok, seen = right(case, extract)
        for key in (case["area"], "ALL"):
            areas[key][0] += ok
            areas[key][1] += 1
        if show and not ok:
            print(f"  [{case['area']}] {case['text']}\n     want {case['want']} got {seen}")
    return {k: (v[0], v[1]) for k, v in areas.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    ours, base = run(args.show), run(extract=plain)
    print(f"{'area':10} {'extract_numbers':>17} {'plain digits':>16}")
    for area in sorted(ours, key=lambda a: (a == "ALL", a)):
        (ok, n), (b, _) = ours[area], base[area]
        print(f"{area:10} {ok:5}/{n:<3} {ok / n:7.1%} {b:5}/{n:<3} {b / n:7.1%}")
    print("plain digits: every digit run with $, % and an English scale word (the baseline)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

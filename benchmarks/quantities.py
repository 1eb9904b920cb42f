"""Number normalisation benchmark on a case set of its own (benchmarks/numbers_cases.json).

    python benchmarks/quantities.py [--show]

Each case is a sentence of news text and every quantity it should yield (value in the base
unit, unit, optionally qualifier; [] where nothing in it is a quantity: labels, ordinals,
years, clock times, scores). A case is right when monitor.extract_numbers yields exactly those
(values within 1 %). Prints the share right per area (currencies, Indian grouping, number words
and fractions, physical units, years vs counts, labels) and overall.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from monitor import extract_numbers

CASES = Path(__file__).with_name("numbers_cases.json")


def load() -> list[dict]:
    return json.loads(CASES.read_text("utf-8"))


def right(case: dict) -> tuple[bool, list]:
    got = extract_numbers(case["text"])
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


def run(show: bool = False) -> dict[str, tuple[int, int]]:
    areas: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in load():
        ok, seen = right(case)
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
    for area, (ok, n) in run(args.show).items():
        print(f"{area:10} {ok:3}/{n:<3} {ok / n:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Mutation testing of the judgement and warehouse modules: run mutmut, score, guard the scores.

    python scripts/mutation.py                  # run the recorded modules, fail on a drop
    python scripts/mutation.py scoring claims   # just these modules
    python scripts/mutation.py checks.features  # a module of a subpackage (checks: its __init__)
    python scripts/mutation.py --no-run         # score what mutants/ already holds
    python scripts/mutation.py --record ...     # write the scores to docs/mutation-scores.json

`make mutation` runs the first form. mutmut's settings (which files, which tests) live in
`[tool.mutmut]` in pyproject.toml; mutants/ holds its copy of the code and its results.

A module's score is killed / (total - equivalent): a timeout counts as killed (the mutant made
the tests hang), a mutant no selected test reaches ("no tests", counted within survived) counts against the score, and the mutants reviewed as
equivalent (docs/mutation-equivalents.txt: name, then why no test can tell it apart) are left
out. The run fails when a module scores below its recorded score (docs/mutation-scores.json),
when a listed equivalent was killed (the list is stale) or no longer exists, and prints the
surviving mutants to review (`mutmut show NAME` shows one).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCORES = REPO / "docs" / "mutation-scores.json"
EQUIVALENTS = REPO / "docs" / "mutation-equivalents.txt"
# Modules run with a test selection of their own, in a folder of their own (build/mutation/MODULE,
# git-ignored: links to src/, tests/ and the copied folders, and pyproject.toml with this
# module's [tool.mutmut]), so their verdicts and mutmut's test map live apart from mutants/:
# mutmut resets every verdict when its test selection changes. numbers: extract_numbers is
# reached by hundreds of tests of the global selection (end-to-end checks, the warehouse, the
# CLI), each mutant would run them all; its own unit tests pin every figure's value, unit,
# scale, range and offsets on their own (docs/mutation.md). cli and warehouse: the global
# selection's end-to-end tests (number checks, scoring) reach the warehouse and the commands'
# helpers; their own fast files assert the exit codes, output, rows landed and run bookkeeping.
OWN_SELECTION = {
    "numbers": ["tests/test_numbers.py", "tests/test_numbers_world.py"],
    "claims": ["tests/test_claims.py", "tests/test_claims_seeds.py", "tests/test_attribution.py"],
    "clean": ["tests/test_clean_html.py", "tests/test_clean_snapshots.py"],
    "cli": ["tests/test_cli_exit_codes.py", "tests/test_cli_commands.py"],
    "warehouse": ["tests/test_warehouse.py"],
    # quality: test_quality.py runs the real GX suites over whole warehouses (3 to 17 s a test);
    # test_quality_rows.py reads the helper columns, the dependents and the quarantine entries
    # directly, with a small real Validator for what a run writes (1 s a test at most)
    "quality": ["tests/test_quality_rows.py"],
}
# mutmut stops a mutant after (test time + timeout_constant) * timeout_multiplier * 2 CPU seconds
# (a timeout counts as killed). Its default multiplier, 15, gives a mutant that loops forever in
# clean's HTML path (tests of 5 s) three minutes each; these modules' runs use a smaller one.
OWN_TIMEOUT_MULTIPLIER = {"clean": 3.0}
KILLED = {1, 3, 36, 37, -24, 24, 152, 255}  # mutmut's exit codes for killed / timeout / type check
SURVIVED = 0
NO_TESTS = {5, 33}  # no selected test reaches the mutated function


def load_equivalents() -> dict[str, str]:
    """Reviewed equivalent mutants: name -> reason."""
    out = {}
    for line in EQUIVALENTS.read_text("utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            out[name] = reason.strip()
    return out


def workdir(module: str) -> Path:
    """Where mutmut runs for this module: the repository, or its own folder (OWN_SELECTION)."""
    return REPO / "build" / "mutation" / module if module in OWN_SELECTION else REPO


def _toml_list(key: str, values: list[str]) -> str:
    return f"{key} = [\n" + "".join(f'    "{v}",\n' for v in values) + "]"


def prepare_workdir(module: str) -> Path:
    """build/mutation/MODULE: links to the sources and tests, pyproject.toml with the module's
    [tool.mutmut] (only this module mutated, only its selection run)."""
    work = workdir(module)
    work.mkdir(parents=True, exist_ok=True)
    text = (REPO / "pyproject.toml").read_text("utf-8")
    config = tomllib.loads(text)["tool"]["mutmut"]
    for name in [*config.get("source_paths", ["src"]), "tests", *config.get("also_copy", [])]:
        link = work / name
        if not link.exists() and not link.is_symlink():
            link.symlink_to(REPO / name)
    path = "src/monitor/" + module.replace(".", "/")
    path += "/__init__.py" if (REPO / path).is_dir() else ".py"
    for key, values in (("only_mutate", [path]), ("pytest_add_cli_args_test_selection", OWN_SELECTION[module])):
        text, n = re.subn(rf"(?ms)^{key} = \[.*?^\]", lambda _m, k=key, v=values: _toml_list(k, v), text, count=1)
        assert n == 1, key
    if module in OWN_TIMEOUT_MULTIPLIER:
        text = text.replace("[tool.mutmut]\n", f"[tool.mutmut]\ntimeout_multiplier = {OWN_TIMEOUT_MULTIPLIER[module]}\n", 1)
    target = work / "pyproject.toml"
    if not target.exists() or target.read_text("utf-8") != text:
        target.write_text(text, "utf-8")
    return work


def refresh_data_files(cwd: Path) -> None:
    """mutmut copies src/ into mutants/src once and afterwards rewrites only the Python files
    it mutates: a data file changed since (schema.sql, a model, a lexicon) would be read stale
    by every test of the run. Copy the changed ones again."""
    target = cwd / "mutants" / "src"
    if not target.is_dir():
        return
    for path in (REPO / "src").rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        copy = target / path.relative_to(REPO / "src")
        if not copy.exists() or copy.read_bytes() != path.read_bytes():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)


def module_results(module: str) -> dict[str, int | None]:
    """mutmut's verdicts on one module ('scoring', 'checks.features'; a package: its __init__)."""
    path = workdir(module).joinpath("mutants", "src", "monitor", *module.split("."))
    meta = path.with_name(path.name + ".py.meta")
    if not meta.exists():
        meta = path / "__init__.py.meta"
    if not meta.exists():
        return {}
    return json.loads(meta.read_text("utf-8"))["exit_code_by_key"]


def score(module: str, equivalents: dict[str, str]) -> tuple[dict, list[str], list[str]]:
    """(scores, surviving mutant names, stale equivalents) of one module."""
    results = module_results(module)
    prefix = f"monitor.{module}."
    # not a submodule's mutants (monitor.checks.features.x_... under monitor.checks.)
    mine = {k for k in equivalents if k.startswith(prefix) and "." not in k[len(prefix) :]}
    stale = sorted(k for k in mine if k not in results or results[k] not in (SURVIVED, None))
    equivalent = mine - set(stale)
    counts: Counter = Counter()
    survivors = []
    for name, code in results.items():
        if name in equivalent:
            counts["equivalent"] += 1
        elif code is None:
            counts["not_checked"] += 1
        elif code in KILLED:
            counts["killed"] += 1
        else:
            if code in NO_TESTS:
                counts["no_tests"] += 1
            counts["survived"] += 1
            survivors.append(name)
    counts["total"] = len(results)
    judged = counts["total"] - counts["equivalent"]
    pct = round(100.0 * counts["killed"] / judged, 1) if judged else 0.0
    keys = ("killed", "survived", "no_tests", "equivalent", "not_checked", "total")
    row = {k: counts[k] for k in keys}
    return {**row, "score": pct}, sorted(survivors), stale


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("modules", nargs="*", help="module names (default: the recorded ones)")
    ap.add_argument("--no-run", action="store_true", help="score the results in mutants/")
    ap.add_argument("--record", action="store_true", help="write the scores as the new floor")
    ap.add_argument("--quiet", action="store_true", help="do not list the surviving mutants")
    ap.add_argument("--max-children", default=os.environ.get("MUTMUT_MAX_CHILDREN", "2"))
    args = ap.parse_args()
    recorded = json.loads(SCORES.read_text("utf-8")) if SCORES.exists() else {}
    modules = args.modules or sorted(recorded)
    if not modules:
        ap.error("no modules recorded in docs/mutation-scores.json: name some")
    os.chdir(REPO)
    if not args.no_run:
        mutmut = Path(sys.executable).with_name("mutmut")
        shared = [m for m in modules if m not in OWN_SELECTION]
        runs = [(REPO, shared)] if shared else []
        runs += [(prepare_workdir(m), [m]) for m in modules if m in OWN_SELECTION]
        for cwd, group in runs:
            globs = [f"monitor.{m}.x*" for m in group]  # the module's functions, no submodule's
            cmd = [str(mutmut), "run", "--max-children", str(args.max_children), *globs]
            refresh_data_files(cwd)
            where = f"(in {cwd.relative_to(REPO)}) " if cwd != REPO else ""
            print(f"+ {where}{' '.join(cmd)}", flush=True)
            # mutmut's own exit code says nothing about the score; its results are read below
            subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, cwd=cwd)
    equivalents = load_equivalents()
    failed = False
    print(f"{'module':20} {'killed':>7} {'survived':>9} {'no tests':>9} {'equiv':>6} {'total':>6}  score")
    for m in modules:
        row, survivors, stale = score(m, equivalents)
        floor = recorded.get(m, {}).get("score")
        mark = ""
        if row["not_checked"]:
            mark = f"  ({row['not_checked']} not checked)"
            failed = True
        if floor is not None and row["score"] < floor:
            mark += f"  DROP from {floor}"
            failed = True
        print(
            f"{m:20} {row['killed']:7} {row['survived']:9} {row['no_tests']:9} {row['equivalent']:6} "
            f"{row['total']:6} {row['score']:5.1f}%{mark}"
        )
        for name in survivors:
            if not args.quiet:
                print(f"    survived: {name}")
        for name in stale:
            print(f"    stale equivalent (killed or gone): {name}")
            failed = True
        if args.record:
            recorded[m] = row
    if args.record:
        SCORES.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n", "utf-8")
        print(f"recorded in {SCORES.relative_to(REPO)}")
    return 1 if failed and not args.record else 0


if __name__ == "__main__":
    sys.exit(main())

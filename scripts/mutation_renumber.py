"""Map the listed equivalent mutants of a module from an older revision to the current source.

    .venv/bin/python scripts/mutation_renumber.py MODULE OLD_REV [--new]

mutmut numbers a function's mutants in order, so an edit renumbers those after it and the names
in docs/mutation-equivalents.txt go stale. A mutant is matched by the lines it changes in its
function (the same mutation of the same line, the n-th such in the function), not by its
number: prints "old -> new" for each listed name that moved and GONE for one whose mutated line
no longer exists. --new also lists the mutants with no counterpart in OLD_REV (to run by name:
`mutmut run NAME ...`) and the old ones gone (to take out of the recorded counts).
"""

from __future__ import annotations

import ast
import difflib
import re
import subprocess
import sys
from pathlib import Path

from mutmut.mutation.file_mutation import mutate_file_contents

REPO = Path(__file__).resolve().parent.parent
EQUIVALENTS = REPO / "docs" / "mutation-equivalents.txt"


def _defs(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def _text(node: ast.AST) -> str:
    copy = ast.parse(ast.unparse(node)).body[0]
    copy.name = "F"
    return ast.unparse(copy)


def mutants(module: str, path: str, code: str) -> dict[str, tuple[str, tuple[str, ...], int]]:
    """mutant name -> (function, the lines it changes, which such change in the function)."""
    tree = ast.parse(mutate_file_contents(path, code).code)
    origs = {n.name[: -len("__mutmut_orig")]: _text(n) for n in _defs(tree)
             if n.name.endswith("__mutmut_orig")}
    found = {}
    for node in _defs(tree):
        m = re.fullmatch(r"(.*)__mutmut_(\d+)", node.name)
        if m:
            found[node.name] = (m.group(1), int(m.group(2)), _text(node))
    out, seen = {}, {}
    for name, (base, _, text) in sorted(found.items(), key=lambda kv: (kv[1][0], kv[1][1])):
        diff = tuple(
            line for line in difflib.unified_diff(origs.get(base, "").splitlines(),
                                                  text.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        )
        k = seen.get((base, diff), 0)
        seen[(base, diff)] = k + 1
        out[f"monitor.{module}.{name}"] = (base, diff, k)
    return out


def main() -> int:
    module, old_rev = sys.argv[1], sys.argv[2]
    path = "src/monitor/" + module.replace(".", "/") + ".py"
    old_code = subprocess.run(["git", "show", f"{old_rev}:{path}"], capture_output=True,
                              text=True, check=True, cwd=REPO).stdout
    old = mutants(module, path, old_code)
    new = mutants(module, path, (REPO / path).read_text("utf-8"))
    by_key = {v: k for k, v in new.items()}
    listed = [line.split()[0] for line in EQUIVALENTS.read_text("utf-8").splitlines()
              if line.startswith(f"monitor.{module}.x")]
    for name in listed:
        if name not in old:
            print("NOT IN OLD", name)
        elif old[name] not in by_key:
            print("GONE", name)
        elif by_key[old[name]] != name:
            print(name, "->", by_key[old[name]])
    if "--new" in sys.argv[3:]:
        old_keys, new_keys = set(old.values()), set(new.values())
        fresh = [k for k, v in new.items() if v not in old_keys]
        gone = [k for k, v in old.items() if v not in new_keys]
        print(f"NEW {len(fresh)} (of {len(new)}; {len(old)} before)")
        for k in fresh:
            print("  ", k)
        print(f"GONE {len(gone)}")
        for k in gone:
            print("  ", k)
    return 0


if __name__ == "__main__":
    sys.exit(main())

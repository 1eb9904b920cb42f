"""The number checks' modules (issue 23): no import cycle, data read on first use, not on import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
CHECKS = sorted(p.stem for p in (SRC / "monitor" / "checks").glob("*.py") if p.stem != "__init__")


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    """monitor module -> the monitor modules it imports (anywhere in it, lazy imports too)."""
    files = {_module_name(p): p for p in (SRC / "monitor").rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in files}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in files and t != name}
    return graph


def test_no_import_cycle_through_the_checks_or_numbers() -> None:
    graph = _imports()
    ours = {m for m in graph if m.startswith("monitor.checks") or m == "monitor.numbers"}
    assert {f"monitor.checks.{c}" for c in CHECKS} <= ours
    for start in sorted(ours):
        stack, seen = [start], set()
        while stack:
            for nxt in graph[stack.pop()]:
                assert nxt != start, f"an import cycle runs through {start}"
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)


def test_importing_the_checks_reads_no_word_lists() -> None:
    """numbers.toml is read when a check first needs it, not by `import` (a validation process,
    a test or a benchmark that never checks pays nothing)."""
    code = (
        "import monitor.checks, monitor.numbers\n"
        + "".join(f"import monitor.checks.{c}\n" for c in CHECKS)
        + "print(monitor.numbers.lexicon.cache_info().currsize)\n"
        + "monitor.checks.features.tokens('Revenue rose to $5 billion')\n"
        + "print(monitor.numbers.lexicon.cache_info().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split("\n")
    assert out[0] == "0", "importing the checks read numbers.toml"
    assert out[1] == "1"  # read by the first thing that needs it

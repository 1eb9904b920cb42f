"""A progress hook the flow reports to and the CLI displays (a no-op unless one is set)."""

from __future__ import annotations

from collections.abc import Callable

_hook: dict[str, Callable[..., None]] = {}


def set_hook(start: Callable[[int], None], advance: Callable[[int], None],
             finish: Callable[[], None]) -> None:
    _hook.update(start=start, advance=advance, finish=finish)


def clear_hook() -> None:
    _hook.clear()


def start(total: int) -> None:
    if "start" in _hook:
        _hook["start"](total)


def advance(n: int) -> None:
    if "advance" in _hook:
        _hook["advance"](n)


def finish() -> None:
    if "finish" in _hook:
        _hook["finish"]()

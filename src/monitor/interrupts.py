"""Ctrl-C as a fact of the process, not only an exception on its way up.

A KeyboardInterrupt can be lost before it reaches the command line: DuckDB turns one it takes
mid-statement into an ordinary error (see `warehouse.write`), a library may catch it, and a
task with retries (landing) then runs again and the run goes on. `monitor run`'s SIGINT
handler records the Ctrl-C here as well as raising it; the run checks the record between
batches (`check`) and its retrying tasks do not retry once it is set.
"""

from __future__ import annotations

import threading

_pressed = threading.Event()


def record() -> None:
    """The user pressed Ctrl-C (called from the SIGINT handler)."""
    _pressed.set()


def clear() -> None:
    """A new command: nothing pressed yet."""
    _pressed.clear()


def pressed() -> bool:
    return _pressed.is_set()


def check() -> None:
    """Raise the KeyboardInterrupt that a Ctrl-C recorded here should have raised."""
    if _pressed.is_set():
        raise KeyboardInterrupt("Ctrl-C")

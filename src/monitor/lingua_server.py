"""lingua's language models, held once for all the document workers of a run.

lingua loads a language's models on first use (15-100 MB and 0.15-0.45 s of CPU each), in every
process that meets the language. A run's workers each met the same languages, so each loaded
the same models: on the throughput benchmark's corpus ~1.3 s of CPU and ~210 MB per worker.
Here one process, started with the pool, holds them; a worker asks it over a Unix socket
(~0.1 ms of CPU a question, against ~0.02 ms with the models in the worker). lingua decides
only short or unsure text, a few questions a document, so that is cheap; a worker that asks
about the same languages very often (`LOCAL_AFTER` times) loads their models itself, where that
costs less. Answers are the same either way: the same detector, built the same way (lingua's
sums vary in their last bits from call to call, wherever it runs).

The server ends with the pool, or with the run if the run is killed (it watches for its parent
to go). A worker whose server is gone, or never came up, answers on its own: never an error.
On Linux the socket has no file (an abstract address), so nothing is left in the temp folder
even when the run and its server are killed together (SIGKILL to the process group); elsewhere
it lives in a temp folder that `close`, or the server as it follows a killed run, removes.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import shutil
import tempfile
import threading
import time
from functools import partial
from multiprocessing import util
from multiprocessing.connection import Client, Connection, Listener

from . import language
from .pool import worker_setup

# A worker's questions about one set of languages before it loads their models itself: a load
# costs ~0.3 s of CPU, as much as ~3,000 questions to the server.
LOCAL_AFTER = 2000
# The server loads the models of the run's expected languages ([language] expected) as it
# starts, not at the first question about them: that question came in the first worker's first
# half batch, which waited ~0.2-0.3 s for English's models (en+id, then en+de, on the
# benchmark's corpus) while the second worker was not yet forked. A run that never asks about
# them pays ~0.2 s of CPU for English, in the server, beside the workers' start.
PRELOAD = True
# How long a worker waits for a server that is still starting before it answers on its own.
CONNECT_WAIT = 10.0
# A socket with no file (Linux): nothing to remove, whatever kills the run.
ABSTRACT_ADDRESS = util.abstract_sockets_supported


class LinguaServer:
    """The process holding lingua's models for a pool's workers; `address` is theirs to ask."""

    def __init__(self, preload: tuple[str, ...] = ()) -> None:
        self._dir: str | None = None
        if ABSTRACT_ADDRESS:
            self.address = f"\0monitor-lingua-{os.getpid()}-{secrets.token_hex(8)}"
        else:
            self._dir = tempfile.mkdtemp(prefix="monitor-lingua-")
            self.address = os.path.join(self._dir, "socket")
        ctx = multiprocessing.get_context("spawn")
        self._process = ctx.Process(
            target=_serve, args=(self.address, os.getpid(), preload), name="monitor-lingua",
            daemon=True,
        )
        self._process.start()

    def close(self) -> None:
        """End the server (its workers answer on their own from then on)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(5)
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)


def _serve(address: str, parent: int, preload: tuple[str, ...] = ()) -> None:
    """The server: a thread per worker, each answering its questions until it goes. A run
    killed outright cannot remove the socket's folder, if it has one (`close`): the server
    does, as it follows it. The models of the `preload` languages are loaded as it starts
    (`PRELOAD`), beside the first worker's set-up."""
    abstract = address.startswith("\0")
    folder_gone = None if abstract else partial(shutil.rmtree, os.path.dirname(address), True)
    worker_setup(parent, before_exit=folder_gone)
    listener = Listener(address, family="AF_UNIX")
    if preload:
        threading.Thread(
            target=language.preload_lingua, args=(preload,), name="lingua-preload", daemon=True
        ).start()
    while True:
        conn = listener.accept()
        threading.Thread(target=_answer, args=(conn,), name="lingua-answer", daemon=True).start()


def _answer(conn: Connection) -> None:
    with conn:
        while True:
            try:
                text, langs = conn.recv()
            except (EOFError, OSError):
                return
            conn.send(language.lingua_values(text, langs))


class _Remote:
    """A worker's lingua: the server's answers, its own where they cost less or it is gone."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._conn: Connection | None = None
        self._pid: int | None = None
        self._asked: dict[tuple[str, ...], int] = {}
        self._gone = False

    def __call__(self, text: str, langs: tuple[str, ...]) -> dict[str, float]:
        if os.getpid() != self._pid:  # a worker forked from one that had asked: its own socket
            self._pid, self._conn, self._asked = os.getpid(), None, {}
        asked = self._asked.get(langs, 0)
        if self._gone or asked >= LOCAL_AFTER:
            return language.lingua_values(text, langs)
        self._asked[langs] = asked + 1
        try:
            conn = self._conn or self._connect()
            conn.send((text, langs))
            return conn.recv()
        except (OSError, EOFError):
            self._gone = True
            return language.lingua_values(text, langs)

    def _connect(self) -> Connection:
        deadline = time.monotonic() + CONNECT_WAIT
        while True:
            try:
                self._conn = Client(self.address, family="AF_UNIX")
                return self._conn
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)


def connect(address: str | None) -> None:
    """In a worker: ask the server at `address` (None: lingua in this process again)."""
    language.use_lingua(_Remote(address) if address else None)

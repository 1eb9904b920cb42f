"""The worker processes of a run: the first spawned, the others forked from it once warm.

A document worker loads most of what it uses on first use: trafilatura and its helpers, then
for each language it meets langdetect's profiles and wordfreq's word lists (lingua's models
are held once for all the workers: lingua_server.py).
In its first few dozen documents that is about 2.5 s of CPU, and on a two-core machine two
workers started side by side pay it twice over on the cores the run needs. Here the first
worker is spawned (a fresh interpreter, none of the run's Prefect, DuckDB or threads) and,
once it has done its first task, forks the others: they start with all of it loaded, and share
its pages until they write to them. (`fork=False` spawns each worker instead: a forked
worker's RSS counts the pages it shares, which matters where memory is the limit.)

`WarmPool.map` yields results in the order of its tasks, keeping a bounded number in flight,
as `concurrent.futures` would; a task's exception is raised in the caller, and a worker that
dies is an error, never a hang. `WarmPool.head_start` begins the tasks a caller expects to
map before it knows them for sure: `map` takes the results of those its tasks begin with.
Each worker ends with the process it works for: a run killed outright (SIGKILL) takes its
workers with it.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import pickle
import queue
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import Any

_READY = "ready"


class WorkerDied(RuntimeError):
    """A worker process ended without finishing its task (killed, out of memory, crashed)."""


class HelperProcess:
    """One spawned process working for a run (the validation process): it runs
    the jobs `submit` gives it one at a time, in order; each returns a Future. Spawned, not
    forked: it then holds only what its jobs need, not a copy of this process's Prefect,
    DuckDB and pandas (which counts in its resident memory; and a fork of a process with
    threads can deadlock the child). It ends with `close`, or with this process if that is
    killed (it watches for it to go)."""

    def __init__(self, name: str) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(
            target=_helper_main, args=(child, os.getpid()), name=name, daemon=True
        )
        self._process.start()
        child.close()
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._feeder = threading.Thread(target=self._feed, name=f"{name}-feeder", daemon=True)
        self._feeder.start()
        self._closed = False

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        future: Future = Future()
        if self._closed:
            future.set_exception(WorkerDied("the run's helper process was closed"))
        else:
            self._jobs.put((fn, args, future))
        return future

    def _feed(self) -> None:
        failed: BaseException | None = None
        while (job := self._jobs.get()) is not None:
            fn, args, future = job
            if failed is not None or not future.set_running_or_notify_cancel():
                if failed is not None and not future.done():
                    future.set_exception(failed)
                continue
            try:
                self._conn.send((fn, args))
                ok, value = self._conn.recv()
            except Exception:  # noqa: BLE001 - EOF, a broken pipe: the process is gone
                failed = WorkerDied(
                    f"the run's {self._process.name} process ended without finishing its job"
                    f" (exit code {self._process.exitcode}); out of memory, or killed?"
                )
                future.set_exception(failed)
                continue
            (future.set_result if ok else future.set_exception)(value)

    def close(self) -> None:
        """End the process now, whatever it is doing; jobs not done fail with WorkerDied."""
        if self._closed:
            return
        self._closed = True
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(10)
        self._jobs.put(None)
        self._feeder.join(10)
        self._conn.close()


def _helper_main(conn: Connection, parent: int) -> None:
    worker_setup(parent)
    while True:
        try:
            fn, args = conn.recv()
        except EOFError:
            return
        _, ok, value = _call(fn, (0, args))
        conn.send((ok, value))


def worker_setup(
    parent: int | None = None, before_exit: Callable[[], None] | None = None
) -> Callable[[], None]:
    """For a process working for a run: Ctrl-C is the run's to handle (it stops its workers and
    lands nothing half), and a run killed outright (SIGKILL) takes its workers with it: they
    are not told, so each watches for its parent to go (and calls `before_exit` then).
    Returns what stops the watching."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return _watch(parent or os.getppid(), before_exit)


def _watch(parent: int, before_exit: Callable[[], None] | None = None) -> Callable[[], None]:
    """Exit this process when `parent` is gone (it is not told: SIGKILL, the OOM killer),
    after `before_exit`. Returns the function that stops watching (before a fork: a process
    with threads must not fork)."""
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.5):
            if os.getppid() != parent:
                if before_exit is not None:
                    before_exit()
                os._exit(1)

    thread = threading.Thread(target=watch, name="exit-with-parent", daemon=True)
    thread.start()

    def stop_watching() -> None:
        stop.set()
        thread.join()

    return stop_watching


def _args(args: tuple) -> tuple:
    return args


def _call(fn: Callable[..., Any], task: tuple[int, tuple]) -> tuple[int, bool, Any]:
    tid, args = task
    try:
        return tid, True, fn(*args)
    except Exception as exc:  # noqa: BLE001 - raised again in the caller
        try:
            pickle.dumps(exc)
        except Exception:  # noqa: BLE001 - an exception that does not pickle still tells why
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        return tid, False, exc


def _serve(conn: Connection, fn: Callable[..., Any], first: bool = False) -> bool:
    """Take tasks from `conn` until told to stop (None); after one task, if `first`, return
    True (time to fork). False: stopped."""
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the pool is gone
            return False
        if task is None:
            return False
        conn.send(_call(fn, task))
        if first:
            return True


def _spawned_worker(
    conns: list[Connection],
    fn: Callable[..., Any],
    initializer: Callable[[], None] | None,
    parent: int,
) -> None:
    """A spawned worker: with one connection, its tasks; with several (the first worker of a
    forking pool), its first task, then a fork per other connection, then the rest."""
    stop_watching = worker_setup(parent)
    if initializer is not None:
        initializer()
    conns[0].send((_READY, os.getpid()))
    children: list[int] = []
    if len(conns) > 1:
        if not _serve(conns[0], fn, first=True):
            return
        stop_watching()
        # what the first worker loaded is shared with the forked ones: frozen, no collection
        # walks it again (a full one in a forked worker would write to every page it shares)
        gc.freeze()
        for i in range(1, len(conns)):
            pid = os.fork()
            if pid == 0:  # a forked worker: only its own connection
                for j, conn in enumerate(conns):
                    if j != i:
                        conn.close()
                code = 1
                try:
                    _watch(os.getppid())
                    conns[i].send((_READY, os.getpid()))
                    _serve(conns[i], fn)
                    code = 0
                finally:
                    os._exit(code)
            children.append(pid)
        for conn in conns[1:]:
            conn.close()
        _watch(parent)
    _serve(conns[0], fn)
    for pid in children:
        os.waitpid(pid, 0)
    _exit_now()


def _exit_now() -> None:
    """End a worker whose pool is closing at once: nothing it holds needs finalizing (it
    writes no files; its results went back over its connection), and the interpreter's
    orderly teardown of everything the stages loaded (trafilatura, lxml, the language
    models: ~0.3-0.8 s of CPU) is what the pool's `close` waited for."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(0)


class WarmPool:
    """`workers` processes running `fn`; `initializer` runs once, in the first, which forks the
    others after its first task. `fork=False`: each spawned and set up on its own. `on_close`
    is called once the workers have ended."""

    def __init__(
        self,
        workers: int,
        fn: Callable[..., Any],
        initializer: Callable[[], None] | None = None,
        fork: bool = True,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        ctx = multiprocessing.get_context("spawn")
        pairs = [ctx.Pipe() for _ in range(max(1, workers))]
        ends = [child for _, child in pairs]
        self._processes = [
            ctx.Process(
                target=_spawned_worker,
                args=(group, fn, initializer, os.getpid()),
                name="monitor-worker",
                # ended at exit if the caller never closed the pool; it forks the other
                # workers with os.fork, which a daemonic process may (multiprocessing would
                # refuse it)
                daemon=True,
            )
            for group in ([ends] if fork else [[end] for end in ends])
        ]
        for process in self._processes:
            process.start()
        for end in ends:
            end.close()
        self._conns = [mine for mine, _ in pairs]
        self.workers = len(self._conns)
        self._pids: list[int] = []
        self._tasks: queue.SimpleQueue = queue.SimpleQueue()
        self._done: queue.SimpleQueue = queue.SimpleQueue()
        self._closed = False
        self._ended = False  # closed, workers ended
        self._head: list[Any] = []  # the keys of the head start's tasks, in order
        self._head_key: Callable[[tuple], Any] = _args
        self._unwanted: set[int] = set()  # head-start tasks map was not given: not done
        self.head_taken = 0  # how many of map's tasks took their result from the head start
        self._on_close = on_close  # what else ends with the workers (a process serving them)
        self._feeders = [
            threading.Thread(target=self._feed, args=(conn,), name="pool-feeder", daemon=True)
            for conn in self._conns
        ]
        for feeder in self._feeders:
            feeder.start()

    def _feed(self, conn: Connection) -> None:
        """Hand one worker its tasks, one at a time, and collect its results: a thread per
        worker, so a caller busy landing results never leaves a worker idle."""
        try:
            kind, pid = conn.recv()  # a forked worker exists only after the first's first task
        except (EOFError, OSError):
            return self._died(None)
        if kind != _READY:
            return self._died(None)
        self._pids.append(pid)
        task = self._tasks.get()
        while task is not None:
            if task[0] in self._unwanted:
                task = self._tasks.get()
                continue
            try:
                conn.send(task)
                result = conn.recv()
            except Exception:  # noqa: BLE001 - EOF, a broken pipe, a connection closed under it
                return self._died(task)
            self._done.put(result)
            task = self._tasks.get()
        try:
            conn.send(None)
        except OSError:
            pass
        return None

    def _died(self, task: tuple[int, tuple] | None) -> None:
        if self._closed:
            return
        codes = [p.exitcode for p in self._processes if p.exitcode is not None]
        why = f" (exit code {codes[0]})" if codes else ""
        self._done.put((task[0] if task else None, False, WorkerDied(
            f"a worker process ended without finishing its documents{why}; "
            "out of memory, or killed?"
        )))

    @property
    def pids(self) -> set[int]:
        """The workers' process ids (a forked worker's once it has started)."""
        return {p.pid for p in self._processes if p.pid} | set(self._pids)

    def head_start(self, tasks: Iterable[tuple], key: Callable[[tuple], Any] = _args) -> None:
        """Begin these tasks now, before `map` is called: a caller's guess at its first tasks
        while it still works them out. The tasks `map` is given first take these results
        when their `key` equals these tasks' in order; the rest are not done, or dropped."""
        self._head_key = key
        for args in tasks:
            self._head.append(key(args))
            self._tasks.put((-len(self._head), args))

    def _taken_head(self, todo: Iterator[tuple[int, tuple]]) -> tuple[dict[int, int], Any]:
        """The head start's tasks `todo` begins with, as {head-start id: task id}; and the
        tasks left (the first that differed put back)."""
        head, self._head = self._head, []
        alias: dict[int, int] = {}
        for i, expected in enumerate(head):
            task = next(todo, None)
            if task is None:
                break
            if self._head_key(task[1]) != expected:
                todo = itertools.chain([task], todo)
                break
            alias[-(i + 1)] = task[0]
        self._unwanted.update(-(i + 1) for i in range(len(head)) if -(i + 1) not in alias)
        return alias, todo

    def map(self, tasks: Iterable[tuple], window: int) -> Iterator[Any]:
        """`fn(*args)` for each args of `tasks`, yielded in order; at most `window` tasks
        submitted and not yet yielded."""
        alias, todo = self._taken_head(iter(enumerate(tasks)))
        self.head_taken = submitted = len(alias)
        while submitted < window:
            task = next(todo, None)
            if task is None:
                break
            self._tasks.put(task)
            submitted += 1
        ready: dict[int, tuple[bool, Any]] = {}
        for want in itertools.count():
            if want >= submitted:
                return
            while want not in ready:
                tid, ok, value = self._done.get()
                if tid is None:  # a worker died before its first task
                    raise value
                if tid < 0:  # begun by head_start
                    if tid not in alias:
                        continue  # a guess that was wrong: not wanted
                    tid = alias[tid]
                ready[tid] = (ok, value)
            ok, value = ready.pop(want)
            if not ok:
                raise value
            task = next(todo, None)
            if task is not None:
                self._tasks.put(task)
                submitted += 1
            yield value

    def close(self, kill: bool = False) -> None:
        """Stop the workers: once their tasks are done, or (`kill`) now. A head start `map`
        never took is not finished. Closing again does nothing."""
        if self._ended:
            return
        self._ended = self._closed = True
        self._unwanted.update(-(i + 1) for i in range(len(self._head)))
        if kill:
            for pid in {*(p.pid for p in self._processes), *self._pids}:
                try:
                    os.kill(pid, signal.SIGTERM)
                except (ProcessLookupError, TypeError):
                    pass
        for _ in self._feeders:
            self._tasks.put(None)
        for process in self._processes:
            process.join()
        for feeder in self._feeders:  # each has its worker's EOF or its None by now
            feeder.join(timeout=5)
        for conn in self._conns:
            conn.close()
        if self._on_close is not None:
            self._on_close()

"""The run's worker pool: the first worker spawned, the others forked from it once it is warm."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from test_crash_safety import _running

from monitor.pool import WarmPool, WorkerDied
from monitor.sources import InputItem

_LOADED: dict[str, int] = {}


def load() -> None:
    """Stands in for the language models a worker loads: once, in the first worker."""
    _LOADED["by"] = os.getpid()


def task(n: int) -> tuple[int, int, int, int | None]:
    time.sleep(0.02 * (n % 3))  # finishing out of order
    return n * n, os.getpid(), os.getppid(), _LOADED.get("by")


def failing(n: int) -> int:
    if n == 5:
        raise ValueError(f"document {n} is broken")
    return n


def dying(n: int) -> int:
    time.sleep(0.05)
    if n == 6:
        os.kill(os.getpid(), signal.SIGKILL)  # the OOM killer, say
    return n


def _within(seconds: float, fn):
    """fn() in a thread; fails the test, instead of hanging it, if it takes longer."""
    out: dict[str, object] = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_results_come_in_order_from_workers_forked_from_the_warm_first_one() -> None:
    pool = WarmPool(3, task, load)
    try:
        results = _within(60, lambda: list(pool.map(((n,) for n in range(30)), window=6)))
    finally:
        pool.close()
    assert [r[0] for r in results] == [n * n for n in range(30)]
    first = results[0][1]
    workers = {pid for _, pid, _, _ in results}
    assert len(workers) == 3, "every worker took tasks"
    for _, pid, parent, loaded_by in results:
        # the others were forked from the first, after its first task: they have what it
        # loaded, without loading it themselves
        assert loaded_by == first
        assert parent == (os.getpid() if pid == first else first)
    assert not any(_running(pid) for pid in workers), "workers outlived the pool"


def test_without_forking_each_worker_is_spawned_and_set_up_on_its_own() -> None:
    """Large runs (over [run] fork_workers_up_to documents): no shared pages to count twice."""
    pool = WarmPool(2, task, load, fork=False)
    try:
        results = _within(60, lambda: list(pool.map(((n,) for n in range(12)), window=4)))
    finally:
        pool.close()
    assert [r[0] for r in results] == [n * n for n in range(12)]
    assert len({pid for _, pid, _, _ in results}) == 2
    assert all(parent == os.getpid() and loaded_by == pid
               for _, pid, parent, loaded_by in results)


def test_a_task_that_raises_raises_in_the_caller_and_the_pool_still_ends() -> None:
    pool = WarmPool(2, failing)
    with pytest.raises(ValueError, match="document 5 is broken"):
        _within(60, lambda: list(pool.map(((n,) for n in range(10)), window=4)))
    pool.close(kill=True)
    assert not pool._processes[0].is_alive()


def test_a_worker_killed_mid_task_is_an_error_not_a_hang() -> None:
    pool = WarmPool(2, dying)
    seen: list[int] = []

    def consume() -> None:
        seen.extend(pool.map(((n,) for n in range(20)), window=4))  # as they come

    with pytest.raises(WorkerDied, match="ended without finishing"):
        _within(60, consume)
    pool.close(kill=True)
    assert seen == list(range(len(seen))) and len(seen) < 20
    time.sleep(1.5)  # a forked worker whose parent was killed notices within 0.5 s
    assert not pool._processes[0].is_alive()
    assert not any(_running(pid) for pid in pool._pids), "a worker outlived the pool"


def test_one_worker_takes_every_task_itself() -> None:
    pool = WarmPool(1, task, load)
    try:
        results = _within(60, lambda: list(pool.map(((n,) for n in range(5)), window=2)))
    finally:
        pool.close()
    assert [r[0] for r in results] == [0, 1, 4, 9, 16]
    assert len({r[1] for r in results}) == 1


def test_a_run_started_from_the_command_line_gets_its_first_worker_early(tmp_path) -> None:
    """`monitor run` starts the first pool worker with its helper processes, when the new
    files make batches for a pool: the run takes it once; one the run never takes (or of
    another size) ends with the helpers."""
    from monitor import steps

    wh = str(tmp_path / "w.duckdb")
    steps.start_helper_processes(wh, workers=2, new_files=5)  # one batch: no pool
    assert steps.take_pool(wh, 2) is None
    steps.stop_helper_processes(wh)

    steps.start_helper_processes(wh, workers=2, new_files=700)
    try:
        pool = steps.take_pool(wh, 2)
        assert pool is not None and pool._processes[0].is_alive()
        assert steps.take_pool(wh, 2) is None  # once
        page = tmp_path / "a.txt"
        page.write_text("The ministry said exports rose 12% in May, officials told reporters.\n")
        item = InputItem(origin="a.txt", kind="text", path=page)
        batches = _within(60, lambda: list(pool.map((([item], 10**6) for _ in range(3)), 2)))
        assert [[o.origin for o in b] for b in batches] == [["a.txt"]] * 3
        assert all(b[0].reject is None and b[0].rows["articles"] for b in batches)
        pool.close()
    finally:
        steps.stop_helper_processes(wh)

    steps.start_helper_processes(wh, workers=2, new_files=700)
    untaken = steps._POOLS[steps._key(wh)]
    steps.stop_helper_processes(wh)
    untaken._processes[0].join(10)
    assert not untaken._processes[0].is_alive()


def test_runs_over_the_fork_limit_spawn_every_worker(monkeypatch) -> None:
    from monitor import pipeline

    monkeypatch.setenv("MONITOR_RUN__FORK_WORKERS_UP_TO", "100")
    small, large = pipeline.start_pool(2, 100), pipeline.start_pool(2, 101)
    try:
        assert (len(small._processes), len(large._processes)) == (1, 2)
    finally:
        small.close()
        large.close()

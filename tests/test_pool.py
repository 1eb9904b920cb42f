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


def logged(log: str, n: int, pause: float = 0.0) -> int:
    """A task that leaves a line in `log` each time it is done."""
    time.sleep(pause)
    with open(log, "a") as fh:
        fh.write(f"{n}\n")
    return n * n


def _done(log) -> list[int]:
    return sorted(int(line) for line in log.read_text().split()) if log.exists() else []


def _wait_for(lines: int, log) -> None:
    deadline = time.monotonic() + 60
    while len(_done(log)) < lines:
        assert time.monotonic() < deadline, f"the head start did {_done(log)}"
        time.sleep(0.05)


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


def test_a_head_start_is_taken_by_the_tasks_that_begin_alike_and_never_done_twice(
    tmp_path,
) -> None:
    """A run begins its first batches while it starts up: once it knows its tasks, those the
    head start guessed right are not done again, whichever worker did them."""
    log = tmp_path / "done"
    pool = WarmPool(2, logged, load)
    try:
        pool.head_start([(str(log), n) for n in range(3)])
        _wait_for(3, log)  # done before map is called
        results = _within(60, lambda: list(pool.map(((str(log), n) for n in range(8)), 4)))
    finally:
        pool.close()
    assert results == [n * n for n in range(8)]
    assert _done(log) == list(range(8)), "a task was done twice, or not at all"
    assert pool.head_taken == 3


def test_a_wrong_guess_costs_only_its_own_work(tmp_path) -> None:
    """From the first task that differs, the head start is not used: the run's own tasks are
    done and come in order; what the guess did after that is dropped."""
    log = tmp_path / "done"
    pool = WarmPool(2, logged, load)
    try:
        pool.head_start([(str(log), n) for n in (0, 1, 99, 3)])
        _wait_for(4, log)
        results = _within(60, lambda: list(pool.map(((str(log), n) for n in range(6)), 3)))
    finally:
        pool.close()
    assert results == [n * n for n in range(6)]
    # 0 and 1 from the head start; 3 again after the guess went wrong at 99
    assert _done(log) == [0, 1, 2, 3, 3, 4, 5, 99]
    assert pool.head_taken == 2


def test_a_guess_found_wrong_before_it_is_done_is_not_done(tmp_path) -> None:
    log = tmp_path / "done"
    pool = WarmPool(1, logged)
    try:
        pool.head_start([(str(log), n, 0.5) for n in (1, 2, 3)])
        results = _within(60, lambda: list(pool.map(((str(log), n) for n in (7, 8)), 2)))
    finally:
        pool.close()
    assert results == [49, 64]
    # the worker was still starting, or on the first guess, when map was called
    assert _done(log) in ([7, 8], [1, 7, 8])
    assert pool.head_taken == 0


def test_a_head_start_nobody_took_ends_with_the_pool(tmp_path) -> None:
    """A run that never maps its batches through the pool (one batch, a Dask cluster) closes
    it: what the head start has not begun is not done."""
    log = tmp_path / "done"
    pool = WarmPool(1, logged)
    pool.head_start([(str(log), n, 0.3) for n in (1, 2, 3)])
    _wait_for(1, log)  # the first is done, the second under way
    _within(30, pool.close)
    assert _done(log) in ([1], [1, 2])


def test_a_run_started_from_the_command_line_gets_its_first_worker_early(tmp_path) -> None:
    """`monitor run` starts the first pool worker with its helper processes, when the new
    files make batches for a pool: the run takes it once; one the run never takes (or of
    another size) ends with the helpers."""
    from monitor import steps

    wh = str(tmp_path / "w.duckdb")

    def files(n: int) -> list[InputItem]:  # not there: the head start makes rejects of them
        return [InputItem(origin=f"{i}.txt", kind="text", path=tmp_path / f"{i}.txt")
                for i in range(n)]

    steps.start_helper_processes(wh, workers=2, new_files=files(5))  # one batch: no pool
    assert steps.take_pool(wh, 2) is None
    steps.stop_helper_processes(wh)

    steps.start_helper_processes(wh, workers=2, new_files=files(700))
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
        assert pool.head_taken == 0  # not the files guessed
        pool.close()
    finally:
        steps.stop_helper_processes(wh)

    steps.start_helper_processes(wh, workers=2, new_files=files(700))
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


@pytest.mark.parametrize("registry_changed", [False, True])
def test_a_run_takes_the_head_start_only_for_files_described_as_it_guessed(
    tmp_path, registry_changed
) -> None:
    """The guess is made from the files' names and their folder's sources.csv rows, before the
    run plans: a row changed in between (another article URL) makes other rows, so the run
    does that batch itself."""
    from monitor import pipeline

    page = tmp_path / "a.txt"
    page.write_text("The ministry said exports rose 12% in May, officials told reporters.\n")

    def item(url: str) -> InputItem:
        return InputItem(origin="a.txt", kind="text", path=page, registry={"article_url": url})

    guessed = [[item("https://a.example/1")], [item("https://a.example/2")]]
    planned = [[item("https://b.example/1" if registry_changed else "https://a.example/1")],
               guessed[1]]
    pool = pipeline.start_pool(2, 2)
    pipeline.head_start(pool, guessed, 10**6, 2)
    batches = _within(60, lambda: list(pipeline.run_batches(planned, 10**6, 2, pool=pool)))
    urls = [b[0].rows["articles"][0]["url"] for b in batches]
    assert pool.head_taken == (0 if registry_changed else 2)
    assert urls == [
        "https://b.example/1" if registry_changed else "https://a.example/1",
        "https://a.example/2",
    ]

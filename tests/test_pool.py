"""The run's worker pool: the first worker spawned, the others forked from it once it is warm."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from test_crash_safety import _running

from monitor import pipeline
from monitor.pool import WarmPool, WorkerDied
from monitor.sources import InputItem

_LOADED: dict[str, int] = {}


def load() -> None:
    """Stands in for the language models a worker loads: once, in the first worker."""
    _LOADED["by"] = os.getpid()


def task(n: int) -> tuple[int, int, int, int | None]:
    time.sleep(0.02 * (n % 3))  # finishing out of order
    return n * n, os.getpid(), os.getppid(), _LOADED.get("by")


def met(folder: str, n: int) -> tuple[int, int, int, int | None]:
    """`task`, once two workers have each begun one: a worker that spawns late (a loaded
    machine) still takes tasks, so the test sees every worker, not the scheduler's luck."""
    Path(folder, str(os.getpid())).touch()
    deadline = time.monotonic() + 60
    while len(os.listdir(folder)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    return task(n)


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


def frozen(folder: str, n: int) -> tuple[int, int]:
    """`met` after the first task: the first worker's first task comes before it forks the
    others, so no other worker can begin one while it waits (it would wait out `met`'s 60 s)."""
    import gc

    if n == 0:
        task(n)
    else:
        met(folder, n)
    return os.getpid(), gc.get_freeze_count()


def test_what_the_first_worker_loaded_is_frozen_before_it_forks_the_others(tmp_path) -> None:
    """A forked worker shares the first one's pages: the collector never walks (and so never
    writes to) the objects it inherited."""
    pool = WarmPool(2, frozen, load)
    try:
        results = _within(
            90, lambda: list(pool.map(((str(tmp_path), n) for n in range(8)), window=4))
        )
    finally:
        pool.close()
    first = results[0][0]
    forked = [count for pid, count in results if pid != first]
    assert forked and all(count > 0 for count in forked)


def test_a_document_workers_set_up_freezes_what_it_loaded_and_collects_fully_less_often(
) -> None:
    import gc

    threshold = gc.get_threshold()
    try:
        pipeline.warm_worker(None, warm=False)
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (*threshold[:2], pipeline.WORKER_GC_FULL_AFTER)
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def test_without_forking_each_worker_is_spawned_and_set_up_on_its_own(tmp_path) -> None:
    """Large runs (over [run] fork_workers_up_to documents): no shared pages to count twice."""
    pool = WarmPool(2, met, load, fork=False)
    try:
        results = _within(
            90, lambda: list(pool.map(((str(tmp_path), n) for n in range(12)), window=4))
        )
    finally:
        pool.close()
    assert [r[0] for r in results] == [n * n for n in range(12)]
    assert len({pid for _, pid, _, _ in results}) == 2
    assert all(parent == os.getpid() and loaded_by == pid
               for _, pid, parent, loaded_by in results)


def slow_to_end() -> None:
    """Stands in for what a worker's interpreter tears down on a normal exit (the stages'
    libraries and models): seconds of work nobody needs once its results are back."""
    import atexit

    atexit.register(time.sleep, 5)


@pytest.mark.parametrize("fork", [True, False])
def test_closing_the_pool_does_not_wait_for_the_workers_to_tear_down(fork: bool) -> None:
    """The run lands its last documents only once the pool is closed."""
    pool = WarmPool(2, task, slow_to_end, fork=fork)
    try:
        results = _within(60, lambda: list(pool.map(((n,) for n in range(8)), window=4)))
    finally:
        t0 = time.monotonic()
        pool.close()
        took = time.monotonic() - t0
    assert [r[0] for r in results] == [n * n for n in range(8)]
    assert took < 2.5, f"close waited {took:.1f} s for the workers to end"
    assert [p.exitcode for p in pool._processes] == [0] * len(pool._processes)


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


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


def test_a_run_owns_its_early_processes_and_ends_them_when_it_closes(
    tmp_path, monkeypatch
) -> None:
    """Every run (the command line's, a deployment's) opens with its helper processes when
    that pays (new files that make batches for a pool of 2+ workers): the validation process
    and the pool's first worker, which the run's batches then use. Closing the run, however
    it ended, ends every one of them; a run over too few files for a pool has no pool. Each
    is a [processes] switch."""
    import sys

    from monitor import steps
    from monitor.settings import load_settings

    # A process that has Great Expectations loaded validates in itself (earlier tests here).
    monkeypatch.delitem(sys.modules, "great_expectations", raising=False)

    docs = tmp_path / "docs"
    docs.mkdir()
    page = "The ministry said exports rose 12% in May, officials told reporters.\n"
    for i in range(5):
        (docs / f"{i}.txt").write_text(f"{i}. {page}")
    wh = str(tmp_path / "w.duckdb")

    def opened(**env: str) -> steps.RunState:
        settings = load_settings(env={"MONITOR_RUN__WORKERS": "2", **env})
        return steps.open_run(wh, None, settings, ["docs"], tmp_path)

    state = opened(MONITOR_RUN__BATCH_SIZE="64")  # one batch: no pool
    assert "pool" not in state.processes.pids()
    steps.close_run(state, "aborted")

    state = opened(MONITOR_RUN__BATCH_SIZE="1")  # five batches: the first worker starts early
    running = state.processes.pids()
    assert set(running) == {"pool", "validation"}, running
    work = pipeline.batches([InputItem(origin="x.txt", kind="text", path=docs / "0.txt")] * 3,
                            1, 2)
    pool = state.processes.pool_for(work)
    assert pool is not None and pool.pids <= running["pool"]  # the one started early
    batches = _within(60, lambda: list(pool.map(((b, 10**6) for b in work), 2)))
    assert [[o.origin for o in b] for b in batches] == [["x.txt"]] * 3
    assert pool.head_taken == 0  # not the files guessed
    steps.close_run(state, "aborted")
    pids = {pid for group in running.values() for pid in group}
    deadline = time.monotonic() + 30  # a SIGTERM is not instant; a hang fails, not waits
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in pids if _alive(p)]

    state = opened(MONITOR_RUN__BATCH_SIZE="1", MONITOR_PROCESSES__EARLY_WORKER="false",
                   MONITOR_PROCESSES__VALIDATION_PROCESS="false")
    assert state.processes.pids() == {}
    steps.close_run(state, "aborted")


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


def test_a_run_collects_less_while_it_is_open_and_as_before_once_closed(tmp_path) -> None:
    """While a run is open its process's start-up objects (Prefect, the libraries) are frozen
    out of the collector's walks and full collections are rarer; closing it (the last of the
    runs open in the process) puts both back."""
    import gc

    from monitor import processes
    from monitor.settings import load_settings

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    settings = load_settings()
    one = processes.RunProcesses.open(str(tmp_path / "a.duckdb"), settings, [], tmp_path)
    two = processes.RunProcesses.open(str(tmp_path / "b.duckdb"), settings, [], tmp_path)
    try:
        assert gc.get_freeze_count() > frozen
        assert gc.get_threshold() == (*before[:2], processes.RUN_GC_FULL_AFTER)
        one.close()
        assert gc.get_threshold() == (*before[:2], processes.RUN_GC_FULL_AFTER)  # two is open
    finally:
        one.close()
        two.close()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen


def test_the_validation_process_sets_up_great_expectations_without_collecting(
    monkeypatch, tmp_path
) -> None:
    """GX's import and set-up in the validation process run with the collector paused, and
    what they made is frozen out of its walks after; the collector runs again for the jobs."""
    import gc

    from monitor import processes

    during = []
    monkeypatch.setattr(processes, "validator_for", lambda wh: during.append(gc.isenabled()))
    frozen = gc.get_freeze_count()
    try:
        processes._set_up_validation(str(tmp_path / "w.duckdb"))
        assert during == [False]
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()

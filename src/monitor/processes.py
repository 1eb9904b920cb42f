"""The processes and resources of one run, with one owner: `RunProcesses`.

`RunProcesses.open` opens it as the run starts (every run, by one path: `monitor run`, a
deployment, a test calling the flow; `steps.open_run` calls it), the steps get it through
`RunState.processes`, and `close` ends all of it, once, however the run ends: the flow closes it
on success, failure and Ctrl-C (`steps.close_run`); a run killed outright takes its processes
with it (each watches for its parent to go, pool.py). What it owns:

- the warehouse's run lock;
- the document worker pool (pool.py), with the lingua server its workers ask
  (lingua_server.py; the pool ends it);
- the validation process, which sets up Great Expectations while the workers go and validates
  the run's rows while this process compares the figures and writes the report;
- what validating in this process keeps between its two parts (the warehouse's ids).

Each trick is a `[processes]` setting (README, "Process settings"), so its gain can be
measured by switching it off.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .pool import HelperProcess, WarmPool
from .sources import InputItem, discover
from .warehouse import Warehouse

if TYPE_CHECKING:
    from . import pipeline

# A run's full garbage collections in this process: after this many of the middle generation
# (Python's default: 10), while the run is open (`RunProcesses._collect_less`).
RUN_GC_FULL_AFTER = 100

# `pipeline` (the per-document stages: clean, language, claims, lxml; ~0.07 s of CPU to
# import) is imported where it is used, not here: the validation process imports this module
# for its jobs, and never uses it.


class RunProcesses:
    """The processes and resources of one run on `warehouse` (see the module's doc)."""

    def __init__(self, warehouse: str, settings: Any) -> None:
        self.warehouse = warehouse
        self.settings = settings
        self.switches = settings["processes"]
        from . import pipeline

        self.workers = pipeline.worker_count(int(settings["run"]["workers"]))
        self.jobs = ValidationJobs()  # validating here: what its two parts share
        self._lock: Warehouse | None = None
        self._pool: WarmPool | None = None
        self._validation: HelperProcess | None = None
        self._closed = False
        self._collecting_less = False  # `_collect_less`, until `close`

    @classmethod
    def open(cls, warehouse: str, settings: Any, specs: list[str], cwd: Path) -> RunProcesses:
        """Take the warehouse's run lock (waiting up to [run] lock_wait), create the schema,
        mark runs left `running` as aborted, and start the helper processes when that pays
        (`start_early`, for the files among `specs`)."""
        processes = cls(warehouse, settings)
        try:
            wh = Warehouse(warehouse)
            wh.acquire_run_lock(wait=float(settings["run"]["lock_wait"]))
            processes._lock = wh
            wh.ensure_schema()
            wh.close_abandoned_runs()
            processes.start_early(specs, cwd)
            processes._collect_less()
        except BaseException:
            processes.close()
            raise
        return processes

    def _collect_less(self) -> None:
        """For the run's length: what this process holds as the run opens (Prefect, the
        libraries, the settings) frozen out of the garbage collector's walks, and full
        collections after RUN_GC_FULL_AFTER middle-generation ones instead of 10. Each full
        walk of this process took ~0.1 s, ~7 a run at 700 documents, three of them in the
        tail after the pool, where nothing else waits on the other core. `close` undoes both
        (a process running flow after flow collects as before between runs)."""
        if not self._collecting_less:
            self._collecting_less = True
            _gc_for_runs(+1)

    def _collect_as_before(self) -> None:
        if self._collecting_less:
            self._collecting_less = False
            _gc_for_runs(-1)

    # -- starting early ------------------------------------------------------------------------

    def start_early(self, specs: list[str], cwd: Path) -> None:
        """As the run opens (lock held, nothing planned yet): start the validation process and
        the pool's first worker now, which begins on the first batches of the files the
        warehouse has never landed, when that pays off (`_new_files`). Each part is a switch:
        [processes] validation_process, early_worker."""
        new_files = self._new_files(specs, cwd)
        if not new_files:
            return
        if self.switches["validation_process"] and "great_expectations" not in sys.modules:
            # A process that has GX loaded already (tests calling the flow again) validates in
            # itself, keeping its set-up for the next run.
            self._validation = HelperProcess("monitor-validation")
            self._validation.submit(_set_up_validation, self.warehouse)
        if not self.switches["early_worker"]:
            return
        from . import pipeline

        run = self.settings["run"]
        work = pipeline.batches(new_files, int(run["batch_size"]), self.workers)
        if pipeline.pooled(work, self.workers):
            self._pool = self._start_pool(len(new_files))
            pipeline.head_start(self._pool, work, int(run["max_file_bytes"]), self.workers)

    def _new_files(self, specs: list[str], cwd: Path) -> list[InputItem]:
        """The files among `specs` the warehouse has never landed, in the order the run takes
        them (names only, nothing read: a cheap guess at the documents it will process); none
        unless the run has two or more workers (cores to spare while it starts up) and at most
        [quality] warm_up_docs of them (a larger run keeps its pool-phase memory peak low).
        Never raises: a bad input is the run's to report."""
        if self.workers < 2 or self._lock is None:
            return []
        try:
            new = unlanded_files(specs, cwd, self._lock)
        except Exception:  # noqa: BLE001 - see above
            return []
        return new if len(new) <= int(self.settings["quality"]["warm_up_docs"]) else []

    # -- the worker pool ---------------------------------------------------------------------

    def _start_pool(self, documents: int) -> WarmPool:
        from . import pipeline

        return pipeline.start_pool(self.workers, documents, self.settings)

    def pool_for(self, work: list[list[pipeline.Unit]]) -> WarmPool | None:
        """The pool for the run's batches: the one started early, or a new one; None when the
        batches are not for a pool (then one started early is ended)."""
        from . import pipeline

        if not pipeline.pooled(work, self.workers):
            self._end_pool()
            return None
        if self._pool is None:
            self._pool = self._start_pool(sum(map(len, work)))
        return self._pool

    def end_pool(self) -> None:
        """The pool is not needed (batches on a Dask cluster)."""
        self._end_pool()

    def _end_pool(self, kill: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close(kill=kill)

    # -- validation ------------------------------------------------------------------------

    @property
    def validates_elsewhere(self) -> bool:
        return self._validation is not None

    def validate(self, job: str, *args: Any) -> Future:
        """The validation job `job` (a ValidationJobs method) in the validation process, or
        here (then it is done on return)."""
        if self._validation is not None:
            return self._validation.submit(_in_validation_process, job, *args)
        done: Future = Future()
        try:
            done.set_result(getattr(self.jobs, job)(*args))
        except Exception as exc:  # noqa: BLE001 - raised again by .result(), as from a process
            done.set_exception(exc)
        return done

    def pids(self) -> dict[str, set[int]]:
        """The run's processes now: worker pool (with its lingua server's), validation."""
        out: dict[str, set[int]] = {}
        if self._pool is not None:
            out["pool"] = self._pool.pids
        if self._validation is not None and self._validation.pid:
            out["validation"] = {self._validation.pid}
        return out

    # -- the end -----------------------------------------------------------------------------

    def close(self, finish: Callable[[], None] | None = None) -> None:
        """End every process of the run now, whatever it is doing; then `finish()` (record how
        the run ended, with nothing else reading the warehouse), then release the warehouse.
        The one place a run's processes end; closing again does nothing."""
        if self._closed:
            return
        self._closed = True
        try:
            self._end_pool(kill=True)
            validation, self._validation = self._validation, None
            if validation is not None:
                validation.close()
            if finish is not None:
                finish()
        finally:
            self._collect_as_before()
            lock, self._lock = self._lock, None
            if lock is not None:
                lock.release_run_lock()


_GC_RUNS: dict[str, Any] = {"open": 0, "threshold": None}
_GC_LOCK = threading.Lock()


def _gc_for_runs(change: int) -> None:
    """The collector's settings while any run is open in this process (runs in threads of one
    process share them): set as the first opens, restored as the last closes."""
    with _GC_LOCK:
        was = _GC_RUNS["open"]
        _GC_RUNS["open"] = now = was + change
        if was == 0 and now == 1:
            _GC_RUNS["threshold"] = threshold = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(threshold[0], threshold[1], RUN_GC_FULL_AFTER)
        elif was == 1 and now == 0:
            gc.set_threshold(*_GC_RUNS["threshold"])
            gc.unfreeze()


def unlanded_files(specs: list[str], cwd: Path, wh: Warehouse) -> list[InputItem]:
    """The files among `specs` `wh` has never landed, in the order a run takes them: a guess
    made before planning, from names only. URLs are not among them (only fetching tells), nor
    changed files (only their bytes tell)."""
    items, _ = discover(specs, cwd, frozenset(specs))
    files = [item for item in items if item.kind != "url"]
    if not files:
        return []
    landed = wh.landed_origins()
    return [item for item in files if item.origin not in landed]


def reports_dir(warehouse_path: str) -> Path:
    """Reports and Data Docs live next to the warehouse file."""
    return Path(warehouse_path).resolve().parent / "reports"


def validator_for(warehouse: str) -> Any:
    from . import quality

    return quality.validator(docs_dir=reports_dir(warehouse) / "data-docs")


def chunked(ids: list[str], size: int) -> list[list[str]]:
    """`ids` in parts of `size` (one empty part when there are none); a remainder under half a
    part joins the part before it: each part costs Great Expectations about 0.4 s whatever its
    size, too much for a few articles, and 1.5 parts are still far from all of a large run."""
    size = max(1, size)
    parts = [ids[i : i + size] for i in range(0, len(ids), size)] or [[]]
    if len(parts) > 1 and len(parts[-1]) < size / 2:
        last = parts.pop()
        parts[-1] = parts[-1] + last
    return parts


class ValidationJobs:
    """Validating a run, in the process that does it (this one, or the validation process).
    The ids of every parent row, read by `documents` (0.18 s and ~65 MB at 10,000 documents),
    are used again by `run_tables` (checks and scores add no parents)."""

    def __init__(self) -> None:
        self._known: dict[str, dict[str, Any]] = {}

    def documents(self, warehouse: str, run_id: str, chunk: int) -> tuple[Any, set]:
        """The sources, then the run's articles with all their rows, `chunk` articles at a
        time; with the results store's keys from before (for `publish`)."""
        v = validator_for(warehouse)
        wh = Warehouse(warehouse)
        earlier = v.begin()
        # Everything the first part needs in one read, released before it is validated: the
        # run's process groups the stories meanwhile and waits for the file to write them.
        with wh.reading():
            known = self._known[run_id] = wh.known_ids(run_id)
            sources = wh.sources_frame()
            parts = chunked(wh.run_article_ids(run_id), chunk)
            first = wh.document_frames(parts[0])
        outcome = v.run({"sources": sources}, known, tables=["sources"], publish=False)
        for i, part_ids in enumerate(parts):
            frames, first = (first if i == 0 else wh.document_frames(part_ids)), None
            outcome.merge(v.run(
                frames, known, tables=wh.DOCUMENT_TABLES, upstream=outcome.flagged, publish=False,
            ))
        return outcome, earlier

    def run_tables(
        self, warehouse: str, run_id: str, upstream: dict[str, set],
        tables: tuple[str, ...] | None = None, last: bool = True,
    ) -> Any:
        """The run's checks, scores, rejects and the small tables (`tables`: only those; the
        known ids are kept for a later call unless this is the `last`)."""
        wh = Warehouse(warehouse)
        known = self._known.get(run_id)
        if known is None:
            known = self._known[run_id] = wh.known_ids(run_id)
        if last:
            del self._known[run_id]
        tables = tables or wh.RUN_TABLES
        return validator_for(warehouse).run(
            wh.run_table_frames(run_id, tables), known, tables=tables, upstream=upstream,
            publish=False,
        )

    def publish(self, warehouse: str, earlier: set) -> str | None:
        """Rebuild the Data Docs to show this run's validation."""
        index = validator_for(warehouse).publish(earlier)
        return str(index) if index else None


# In the validation process (one run's, spawned for it): its jobs.
_HERE = ValidationJobs()


def _in_validation_process(job: str, *args: Any) -> Any:
    return getattr(_HERE, job)(*args)


def _set_up_validation(warehouse: str) -> None:
    """In the validation process: Great Expectations imported and set up (~2.5 s of CPU while
    the workers go), kept for the jobs that follow. What that makes stays for the process's
    life: the collector is paused meanwhile (its full walks of the growing heap, 3-4 of them,
    were ~0.3 s of it) and it is frozen out of its walks after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        validator_for(warehouse)
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


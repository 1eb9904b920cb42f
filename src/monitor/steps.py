"""The steps of one run, as plain functions over a Warehouse.

flows/ingest.py wraps each in a Prefect task and decides the order; tests and benchmarks can
call them directly. Per-document work is in pipeline.py; these are the whole-warehouse steps.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import pipeline
from .models import NumberCheck
from .pool import WarmPool, spawned_pool, worker_setup
from .sources import InputItem, discover, stable_id
from .warehouse import Warehouse, WarehouseError


@dataclass
class RunState:
    """What a run has done so far; returned by the flow as its summary."""

    run_id: str
    warehouse: str
    counts: dict[str, int] = field(
        default_factory=lambda: {"inputs": 0, "new": 0, "changed": 0, "unchanged": 0, "rejected": 0}
    )
    status: str = "running"
    rejects: list[tuple[str, str]] = field(default_factory=list)
    dq_failed: list[str] = field(default_factory=list)
    reports: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, summed
    checks_recomputed: bool = False
    # a validation under way: the articles' results (a Future), then the Data Docs' build
    quality: Any = None
    publishing: Any = None

    def add_time(self, stage: str, seconds: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "warehouse": self.warehouse,
            "status": self.status,
            **self.counts,
            "rejects": [list(r) for r in self.rejects],
            "dq_failed": self.dq_failed,
            "reports": self.reports,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }


def open_run(warehouse_path: str, flow_run_id: str | None, lock_wait: float) -> RunState:
    """Take the run lock, create the schema, record the run as running."""
    wh = Warehouse(warehouse_path)
    wh.acquire_run_lock(wait=lock_wait)
    try:
        wh.ensure_schema()
        wh.close_abandoned_runs()
        run_id = new_run_id()
        wh.start_run(run_id, flow_run_id)
    except BaseException:
        wh.release_run_lock()
        raise
    _HELD_LOCKS[warehouse_path] = wh
    return RunState(run_id=run_id, warehouse=warehouse_path)


_HELD_LOCKS: dict[str, Warehouse] = {}


def _timed(stage: str):
    """Add the step's wall time to the run's per-stage timings."""

    def wrap(fn):
        @functools.wraps(fn)
        def inner(state: RunState, *args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(state, *args, **kwargs)
            finally:
                state.add_time(stage, time.perf_counter() - t0)

        return inner

    return wrap


def default_sources(settings: dict[str, Any]) -> list[str]:
    """What a run without arguments ingests: the run's folders plus the watch list."""
    watch = settings.get("watch", {})
    specs = list(settings["run"]["sources"]) + list(watch.get("feeds", [])) + list(
        watch.get("urls", [])
    )
    return list(dict.fromkeys(specs))


def new_run_id() -> str:
    return uuid.uuid4().hex[:12]


@_timed("plan")
def plan_inputs(
    state: RunState, specs: list[str], cwd: Path, max_bytes: int, optional: frozenset[str]
) -> pipeline.Plan:
    wh = Warehouse(state.warehouse)
    plan = pipeline.plan(specs, cwd, wh.known_inputs(), max_bytes, optional)
    state.counts["inputs"] = plan.n_inputs
    wh.touch(state.run_id, plan.unchanged)
    state.counts["unchanged"] += len(plan.unchanged)
    if plan.rejects:
        wh.record_rejects(state.run_id, plan.rejects)
        state.rejects.extend(plan.rejects)
        state.counts["rejected"] += len(plan.rejects)
    return plan


@_timed("fetch")
def fetch_inputs(state: RunState, plan: pipeline.Plan, settings: dict[str, Any]) -> list:
    """Fetch the plan's URL inputs (expanding feeds); returns the work units for processing."""
    urls = [i for i in plan.todo if i.kind == "url"]
    files = [i for i in plan.todo if i.kind != "url"]
    if not urls:
        return files
    wh = Warehouse(state.warehouse)
    known = wh.known_inputs()
    pages, unchanged, rejects = pipeline.fetch_urls(
        urls, wh.http_validators(), known, settings.get("fetch")
    )
    # A feed is not an input itself; each of its items is.
    state.counts["inputs"] += len(pages) + len(rejects) + len(unchanged) - len(urls)
    wh.touch(state.run_id, unchanged)
    state.counts["unchanged"] += len(unchanged)
    if rejects:
        wh.record_rejects(state.run_id, rejects)
        state.rejects.extend(rejects)
        state.counts["rejected"] += len(rejects)
    return files + pages


def land_outcomes(state: RunState, outcomes: list[pipeline.Outcome]) -> dict[str, int]:
    """One batch of processed documents into the warehouse, in one transaction."""
    rows: dict[str, list[dict[str, Any]]] = {}
    rejects: list[tuple[str, str]] = []
    fetch_state = []
    # Two inputs can be one article (URLs that declare the same canonical URL): land it once;
    # the other input counts as unchanged, since its article is there.
    seen_articles: set[str] = set()
    duplicates = 0
    for o in outcomes:
        for stage, seconds in o.timings.items():
            state.add_time(stage, seconds)
        if o.reject is not None:
            rejects.append((o.origin, o.reject))
            continue
        if o.article_id is not None:
            if o.article_id in seen_articles:
                duplicates += 1
                if o.fetch_state:
                    fetch_state.append(o.fetch_state)
                continue
            seen_articles.add(o.article_id)
        for table, table_rows in o.rows.items():
            rows.setdefault(table, []).extend(table_rows)
        if o.fetch_state:
            fetch_state.append(o.fetch_state)
    if fetch_state:
        rows["fetch_state"] = fetch_state
    t0 = time.perf_counter()
    counts = Warehouse(state.warehouse).land(state.run_id, rows, rejects)
    state.add_time("land", time.perf_counter() - t0)
    for key, n in counts.items():
        state.counts[key] += n
    state.counts["unchanged"] += duplicates
    state.counts["rejected"] += len(rejects)
    state.rejects.extend(rejects)
    return counts


def check_ids(checks: list[NumberCheck]) -> list[str]:
    return [stable_id(c.kind, c.mention_id, c.other_mention_id or "") for c in checks]


def checks_due(state: RunState) -> bool:
    """Whether the number checks must be made again: something landed since the last ones."""
    return bool(
        state.counts["new"] or state.counts["changed"]
        or Warehouse(state.warehouse).checks_stale(state.run_id)
    )


def compute_checks(warehouse: str) -> list[NumberCheck]:
    """Every number check of the warehouse, readable (run in the checker process)."""
    from . import numbers

    wh = Warehouse(warehouse)
    checks = numbers.check_numbers(wh.mention_records(read_only=True))
    return _readable(checks, wh.article_labels(read_only=True))


# The checks compare every figure of the warehouse after the last batch lands; a process of
# their own makes them while the run's articles are validated, and gives its memory back when
# it ends. A command-line run starts it early (`start_helper_processes`).
_CHECKERS: dict[str, ProcessPoolExecutor] = {}


def _checker(warehouse: str) -> ProcessPoolExecutor:
    """The checker process for runs on `warehouse`: the one started early, or a new one."""
    key = _key(warehouse)
    if key not in _CHECKERS:
        _CHECKERS[key] = spawned_pool(1, worker_setup)
    return _CHECKERS[key]


def stop_checker(state: RunState) -> None:
    """End the checker process (when its work is done, or at once when the run is aborted)."""
    pool = _CHECKERS.pop(_key(state.warehouse), None)
    if pool is not None:
        _stop_pool(pool)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Shut a helper process down now, whatever it is doing."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)  # forgets `manager`: no later call waits
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    if manager is not None:
        # It closes its wake-up pipe as it ends; one still open at exit is written to by
        # concurrent.futures' exit hook, racing the close (Python 3.11: "OSError: Bad file
        # descriptor" printed as the process ends).
        manager.join(timeout=10)


def update_stories(warehouse: str) -> dict[str, str]:
    """Group every article into stories; write `stories` and `articles.story_id`.

    Deterministic over the same articles (stable ids), so a re-run changes nothing; a new
    article joins an existing story under that story's id."""
    from . import stories

    wh = Warehouse(warehouse)
    rows = wh.story_articles()
    arts = [
        stories.StoryArticle(
            article_id=r["article_id"], source_id=r["source_id"], title=r["title"],
            text=r["text"] or "", language=r["language"],
            languages=tuple(r["languages"] or ()), published_at=r["published_at"],
            first_seen_at=r["first_seen_at"], url=r["url"], derived_from=r["derived_from"],
        )
        for r in rows
    ]
    assignment = stories.group_stories(arts)
    wh.replace_stories(stories.story_rows(arts, assignment), assignment)
    return assignment


@_timed("stories")
def group_stories(state: RunState) -> int:
    """Stories after landing, before the checks that compare figures within them."""
    return len(set(update_stories(state.warehouse).values()))


def start_checks(state: RunState, workers: int = 1) -> Any:
    """Start comparing every figure, in a checker process when there are cores for it
    (`workers` > 1); the caller validates meanwhile and takes the result with
    `finish_checks`. None: nothing to compare. Stories are grouped first (the checks
    compare figures within a story)."""
    if not checks_due(state):
        return None
    group_stories(state)
    return _start_checks(state, workers)


@_timed("check_numbers")
def _start_checks(state: RunState, workers: int) -> Any:
    if workers <= 1:
        return compute_checks(state.warehouse)
    return _checker(state.warehouse).submit(compute_checks, state.warehouse)


@_timed("check_numbers")
def finish_checks(state: RunState, pending: Any) -> int:
    """Replace number_checks with the comparisons `start_checks` began; -1 when skipped."""
    if pending is None:
        return -1
    try:
        checks = pending.result() if hasattr(pending, "result") else pending
    finally:
        stop_checker(state)
    Warehouse(state.warehouse).replace_checks(state.run_id, checks, check_ids(checks))
    state.checks_recomputed = True
    return len(checks)


def check_numbers(state: RunState) -> int:
    """Compare every fact across translations and sources; replace number_checks.

    Skipped when nothing landed since the last complete comparison (a cheap re-run).
    """
    return finish_checks(state, start_checks(state))


def _readable(checks: list[NumberCheck], labels: dict[str, str]) -> list[NumberCheck]:
    """Explanations name articles by source and input, not by their hash ids."""
    import dataclasses

    out = []
    for c in checks:
        text = c.explanation
        for aid in (c.article_id, c.other_article_id):
            if aid and aid in text and aid in labels:
                text = text.replace(aid, labels[aid])
        out.append(dataclasses.replace(c, explanation=text) if text != c.explanation else c)
    return out


@_timed("score")
def score_sources(state: RunState, settings: dict[str, Any]) -> int:
    """Recompute every source's scores for this run (kept per run as history)."""
    from . import scoring

    wh = Warehouse(state.warehouse)
    data = wh.scoring_inputs()
    scores = scoring.score_sources(
        data["sources"], data["claims"], data["numbers"], data["checks"], data["articles"],
        settings.get("scoring"),
    )
    wh.insert_scores(state.run_id, scores)
    return len(scores)


def reports_dir(warehouse_path: str) -> Path:
    """Reports and Data Docs live next to the warehouse file."""
    return Path(warehouse_path).resolve().parent / "reports"


_WARMING: dict[str, threading.Thread] = {}


def warm_up_landing(n_units: int) -> None:
    """Import what landing needs (pandas, ~0.4 s) while the first worker is on its first
    batch: the other core is then mostly idle, and busy with the workers by the first landing.
    Only when the run has work (a run that lands nothing may not need it)."""
    if n_units:
        import pandas  # noqa: F401


def warm_up_validation(state: RunState, n_units: int, pool_running: bool = True) -> None:
    """Set up Great Expectations in the background: its import and context cost about 3 s of
    CPU and 140 MB.

    Beside the pool for runs of up to [quality] warm_up_docs documents, where the main process
    mostly waits on the workers. A larger run calls this again once the pool has ended
    (`pool_running=False`): its memory peak is in the pool phase, which the 140 MB would add
    to, while the 3 s are then a small share of the run and overlap the checker's work.
    Only when the run has work: a run that lands nothing does not validate at all. Nothing
    to do when the run validates in a process of its own (`start_helper_processes`).
    """
    if n_units == 0 or state.warehouse in _WARMING or _validation_process(state.warehouse):
        return
    if pool_running and n_units > _quality_setting("warm_up_docs", 2500):
        return

    def warm() -> None:
        try:
            _validator_for(state.warehouse)
        except Exception as exc:  # noqa: BLE001 - validate() will raise it properly
            logging.getLogger(__name__).debug("GX warm-up failed: %s", exc)

    thread = threading.Thread(target=warm, name="gx-warm-up", daemon=True)
    _WARMING[state.warehouse] = thread
    thread.start()


def _quality_setting(key: str, default: int) -> int:
    """A whole-number setting of the [quality] section."""
    from .settings import load_settings

    return int(load_settings().get("quality", {}).get(key, default))


def _needs_validation(state: RunState) -> bool:
    # Nothing landed: there is nothing new to validate, and a re-run over unchanged inputs
    # should not pay for Great Expectations' import and set-up (3-5 s).
    return bool(state.counts["new"] or state.counts["changed"] or state.checks_recomputed
                or state.rejects)


def _validator_for(warehouse: str):
    from . import quality

    return quality.validator(docs_dir=reports_dir(warehouse) / "data-docs")


# -- validation in a process of its own ----------------------------------------------------
# A `monitor run` from the command line is a fresh process that would import Great
# Expectations (about 3 s of CPU) while its workers need both cores. Started before the run
# imports Prefect, a process of its own does that import on the core the start-up leaves
# idle, then validates the run's articles while this process waits for the number checks,
# and builds the Data Docs while this one writes the report. A long-lived process (tests, a
# flow run by other means) validates in itself instead, keeping its set-up for the next run.

_VALIDATION: dict[str, ProcessPoolExecutor] = {}


def _key(warehouse: str) -> str:
    return str(Path(warehouse).resolve())


def unlanded_files(specs: list[str], cwd: Path, warehouse: str) -> list[InputItem]:
    """The files among `specs` the warehouse has never landed, in the order a run takes them:
    before a run, a cheap guess (names only, nothing read) at the documents it will process.
    URLs are not among them (only fetching tells), nor changed files (only their bytes tell);
    none when another run is writing the warehouse."""
    items, _ = discover(specs, cwd, frozenset(specs))
    files = [item for item in items if item.kind != "url"]
    if not files:
        return []
    try:
        wh = Warehouse(warehouse, lock_timeout=0)
        if wh.run_in_progress():  # it may land these files first: a guess made now is stale
            return []
        landed = wh.landed_origins()
    except WarehouseError:
        return []
    return [item for item in files if item.origin not in landed]


def helpers_pay_off(specs: list[str], cwd: Path, warehouse: str, workers: int) -> list[InputItem]:
    """Whether a run about to start should begin with its helper processes: two or more
    workers (cores to spare while it starts up), and new files, at most [quality]
    warm_up_docs of them (a larger run keeps its pool-phase memory peak low). Returns the new
    files, or none: no. Never raises: a bad input or warehouse is the run's to report."""
    if pipeline.worker_count(workers) < 2:
        return []
    try:
        new_files = unlanded_files(specs, cwd, warehouse)
    except Exception:  # noqa: BLE001 - see above
        return []
    return new_files if len(new_files) <= _quality_setting("warm_up_docs", 2500) else []


def start_helper_processes(
    warehouse: str, workers: int = 1, new_files: list[InputItem] | None = None
) -> None:
    """Begin setting up Great Expectations in a process of its own for the next run on
    `warehouse`, which then validates there, and start its checker process (the caller has two
    or more cores for them). Both wait idle for the run's last batch once set up. When
    `new_files` make batches for a pool of `workers`, start its first worker too
    (`take_pool`): it sets itself up and begins on their first batches while the run starts
    (the run takes those results if its batches begin with the same files)."""
    key = _key(warehouse)
    if key in _VALIDATION:
        return
    pool = spawned_pool(1, worker_setup)
    pool.submit(_set_up_job, warehouse)
    _VALIDATION[key] = pool
    _checker(warehouse).submit(_checker_set_up_job)
    if workers > 1:
        from .settings import load_settings

        run = load_settings()["run"]
        work = pipeline.batches(new_files or [], int(run["batch_size"]), workers)
        if pipeline.pooled(work, workers):
            pool = pipeline.start_pool(workers, len(new_files or []))
            pipeline.head_start(pool, work, int(run["max_file_bytes"]), workers)
            _POOLS[key] = pool


_POOLS: dict[str, WarmPool] = {}


def take_pool(warehouse: str, workers: int) -> WarmPool | None:
    """The worker pool started early for a run on `warehouse` (the caller closes it), if one
    was, with `workers` workers."""
    pool = _POOLS.pop(_key(warehouse), None)
    if pool is not None and pool.workers != workers:
        pool.close()
        return None
    return pool


def stop_helper_processes(warehouse: str) -> None:
    """End the helper processes of `warehouse` (and a pool no run took), whatever they are
    doing."""
    for registry in (_VALIDATION, _CHECKERS):
        pool = registry.pop(_key(warehouse), None)
        if pool is not None:
            _stop_pool(pool)
    unused = _POOLS.pop(_key(warehouse), None)
    if unused is not None:
        unused.close(kill=True)


def _validation_process(warehouse: str) -> ProcessPoolExecutor | None:
    return _VALIDATION.get(_key(warehouse))


def _submit(state: RunState, job: Callable[..., Any], *args: Any) -> Future:
    """`job(*args)` in the run's validation process, or here (then it is done on return)."""
    pool = _validation_process(state.warehouse)
    if pool is not None:
        return pool.submit(job, *args)
    warming = _WARMING.pop(state.warehouse, None)
    if warming is not None:
        warming.join()
    done: Future = Future()
    try:
        done.set_result(job(*args))
    except Exception as exc:  # noqa: BLE001 - raised again by .result(), as from a process
        done.set_exception(exc)
    return done


def _set_up_job(warehouse: str) -> None:
    _validator_for(warehouse)  # kept in that process for the jobs that follow


def _checker_set_up_job() -> None:
    from . import number_checks, numbers  # noqa: F401 - imported now, not when checks are due


# The ids of every parent row, read by `_documents_job` and used again by `_run_tables_job`
# (the same process runs both; checks and scores add no parents): 0.18 s and ~65 MB to read
# at 10,000 documents.
_KNOWN_IDS: dict[tuple[str, str], dict[str, Any]] = {}


def _documents_job(warehouse: str, run_id: str, chunk: int) -> tuple[Any, set]:
    """The sources, then the run's articles with all their rows, `chunk` articles at a time;
    with the results store's keys from before (for `_publish_job`)."""
    v = _validator_for(warehouse)
    wh = Warehouse(warehouse)
    earlier = v.begin()
    known = _KNOWN_IDS[(_key(warehouse), run_id)] = wh.known_ids(run_id)
    outcome = v.run({"sources": wh.sources_frame()}, known, tables=["sources"], publish=False)
    for part_ids in chunked(wh.run_article_ids(run_id), chunk):
        part = v.run(
            wh.document_frames(part_ids), known, tables=wh.DOCUMENT_TABLES,
            upstream=outcome.flagged, publish=False,
        )
        outcome.merge(part)
    return outcome, earlier


def _run_tables_job(warehouse: str, run_id: str, upstream: dict[str, set]) -> Any:
    """The run's checks, scores, rejects and the small tables."""
    wh = Warehouse(warehouse)
    known = _KNOWN_IDS.pop((_key(warehouse), run_id), None) or wh.known_ids(run_id)
    return _validator_for(warehouse).run(
        wh.run_table_frames(run_id), known, tables=wh.RUN_TABLES, upstream=upstream,
        publish=False,
    )


def _publish_job(warehouse: str, earlier: set) -> str | None:
    """Rebuild the Data Docs to show this run's validation."""
    index = _validator_for(warehouse).publish(earlier)
    return str(index) if index else None


@_timed("validate")
def validate_documents(state: RunState, chunk: int | None = None) -> None:
    """First part of validating a run: the sources, then the run's articles with all their rows,
    `chunk` articles at a time (settings [quality] chunk_articles), so a large first run never
    holds every row in memory. In a validation process this returns at once; `validate` takes
    the results."""
    if not _needs_validation(state):
        return
    chunk = chunk or _quality_setting("chunk_articles", 500)
    state.quality = _submit(state, _documents_job, state.warehouse, state.run_id, chunk)


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


@_timed("validate")
def validate(state: RunState) -> bool:
    """Validate what this run changed; record results, quarantine failing rows.

    The articles are validated by `validate_documents` (done here if it was not); this part
    takes the run's checks, scores, rejects and the small tables, then records everything.
    Returns True when every critical expectation passed.
    """
    if not _needs_validation(state):
        return True
    if state.quality is None:
        validate_documents(state)
    outcome, earlier = state.quality.result()
    state.quality = None
    tables = _submit(state, _run_tables_job, state.warehouse, state.run_id, outcome.flagged)
    if _validation_process(state.warehouse) is not None:
        # The report's libraries (altair, jinja2: ~0.25 s) are imported while the validation
        # process works, on the core it leaves idle, not after it, at the end of the run.
        # Validating here, there is no such core, and the import waits for the report.
        from . import report as report_module  # noqa: F401
    outcome.merge(tables.result())
    # The Data Docs are built while this process records the results and writes the report.
    state.publishing = _submit(state, _publish_job, state.warehouse, earlier)
    Warehouse(state.warehouse).record_quality(state.run_id, outcome.rows, outcome.quarantine)
    state.dq_failed = [
        f"{r['suite']}: {r['expectation']}"
        + (f" on {r['column_name']}" if r.get("column_name") else "")
        + f" (observed {r['observed']})"
        for r in outcome.failures
        if r["severity"] == "critical"
    ]
    return not outcome.critical_failed


def finish_publishing(state: RunState) -> None:
    """Wait for the Data Docs `validate` began building; their index goes into the reports."""
    pending, state.publishing = state.publishing, None
    if pending is not None:
        index = pending.result()
        if index:
            state.reports["data docs"] = index


@_timed("report")
def report(state: RunState) -> str:
    """The HTML scorecard report, rebuilt from the whole warehouse."""
    from . import report as report_mod

    out = reports_dir(state.warehouse)
    frames = Warehouse(state.warehouse).report_frames()
    frames["runs"] = _as_finished(frames["runs"], state)
    path = report_mod.render_report(frames, out, data_docs=out / "data-docs" / "index.html")
    state.reports["report"] = str(path)
    finish_publishing(state)  # the report links to them
    return str(path)


def _as_finished(runs: Any, state: RunState) -> Any:
    """The runs table with this run as `close_run` will record it: the report is written just
    before the run closes, and showed the run that wrote it as `running` with zero counts."""
    from .warehouse import now

    runs = runs.copy()
    mine = runs["run_id"] == state.run_id
    if mine.any():
        runs.loc[mine, "finished_at"] = now()
        runs.loc[mine, "status"] = "failed" if state.dq_failed else "completed"
        for key in ("inputs", "new", "changed", "unchanged", "rejected"):
            runs.loc[mine, f"n_{key}"] = state.counts.get(key, 0)
    return runs


def close_run(state: RunState, status: str | None = None) -> RunState:
    """Record how the run ended and release the warehouse; ends the run's helper processes.
    A run that ends normally first waits for its Data Docs (if `report` did not)."""
    if status is None:
        try:
            finish_publishing(state)
        except BaseException:
            close_run(state, "aborted")
            raise
    stop_helper_processes(state.warehouse)
    wh = _HELD_LOCKS.pop(state.warehouse, None) or Warehouse(state.warehouse)
    try:
        state.status = status or ("failed" if state.dq_failed else "completed")
        wh.finish_run(state.run_id, state.status, state.counts)
    finally:
        wh.release_run_lock()
    return state

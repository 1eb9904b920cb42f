"""The ingest flow: one run of the pipeline over files, folders, URLs and feeds.

Only orchestration lives here: which step runs when, with what retries, on which runner. The
steps themselves are plain functions in monitor.steps and monitor.pipeline.

Per-document stages run in a process pool on this machine, or on a Dask cluster through
prefect-dask when MONITOR_DASK_ADDRESS names a scheduler ("tcp://host:8786"). Either way one
writer (this process) lands the results, batch by batch.
"""

from __future__ import annotations

import os
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import opaque

from monitor import interrupts, pipeline, progress, steps
from monitor.settings import load_settings
from monitor.warehouse import WarehouseBusy

DASK_ENV = "MONITOR_DASK_ADDRESS"

# Task inputs here are large lists of documents: hashing them for a cache key costs time and
# buys nothing, since every run must see the current files.
TASK = {"cache_policy": NO_CACHE, "persist_result": False}

# Prefect walks every task argument looking for futures to wait on (twice per task run). A
# batch of outcomes holds thousands of row dicts: about 0.45 s of the run's process per batch
# of 64 documents, more than landing it. `opaque` passes them through unvisited.


@task(name="open-run", **TASK)
def open_run(warehouse, settings, specs, cwd) -> steps.RunState | WarehouseBusy:
    """The run's state, with its processes; a busy warehouse is returned, not raised (Prefect
    would log a trace)."""
    try:
        return steps.open_run(warehouse, flow_run.get_id(), settings, specs, Path(cwd))
    except WarehouseBusy as exc:
        return exc


@task(name="plan-inputs", **TASK)
def plan_inputs(state, specs, cwd, max_bytes, optional) -> pipeline.Plan:
    return steps.plan_inputs(state, specs, Path(cwd), max_bytes, frozenset(optional))


def _unless_interrupted(task, task_run, state) -> bool:
    """Retry a failed task unless the user has pressed Ctrl-C: the failure may be the
    interrupt itself, turned into an ordinary error on its way up (`monitor.interrupts`)."""
    return not interrupts.pressed()


@task(name="fetch-urls", retries=1, retry_delay_seconds=5, retry_condition_fn=_unless_interrupted, **TASK)
def fetch_urls(state, plan, settings) -> list:
    return steps.fetch_inputs(state, plan, settings)


@task(name="process-batch", retries=1, retry_condition_fn=_unless_interrupted, **TASK)
def process_batch(units, max_bytes) -> list[pipeline.Outcome]:
    return pipeline.process_batch(units, max_bytes)


@task(name="land-batch", retries=2, retry_delay_seconds=1, retry_condition_fn=_unless_interrupted, **TASK)
def land_batch(state, outcomes) -> dict[str, int]:
    return steps.land_outcomes(state, outcomes)


@task(name="check-numbers", **TASK)
def check_numbers(state) -> int:
    return steps.check_numbers(state)


@task(name="validate-articles", **TASK)
def validate_articles(state) -> None:
    return steps.validate_documents(state)


@task(name="score-sources", **TASK)
def score_sources(state, settings) -> int:
    return steps.score_sources(state, settings)


@task(name="validate", **TASK)
def validate(state) -> bool:
    return steps.validate(state)


@task(name="report", **TASK)
def report(state) -> str:
    return steps.report(state)


def _task_runner():
    address = os.environ.get(DASK_ENV)
    if address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=address)
    return ThreadPoolTaskRunner()


def _on_dask() -> bool:
    """Whether this flow run's task runner is Dask's (from MONITOR_DASK_ADDRESS at import, or
    `ingest.with_options(task_runner=DaskTaskRunner(...))`): the runner decides, not the
    variable, so batches never go through a thread pool by mistake or skip a given cluster."""
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    runner = getattr(ctx, "task_runner", None)
    return type(runner).__module__.startswith("prefect_dask")


def _processed(state, work, max_bytes: int):
    """Outcomes batch by batch: on the Dask cluster when one is named, else the run's pool."""
    processes = state.processes
    if _on_dask():
        processes.end_pool()
        futures = [process_batch.submit(batch, max_bytes) for batch in work]
        for fut in futures:
            yield fut.result()
    else:
        yield from pipeline.run_batches(work, max_bytes, processes.workers, processes.pool_for(work))


@flow(name="ingest", log_prints=False, task_runner=_task_runner(), timeout_seconds=6 * 3600)
def ingest(
    sources: list[str] | None = None,
    warehouse: str | None = None,
    cwd: str | None = None,
) -> dict[str, Any]:
    """Ingest the given sources (default: the settings' sources and watch list)."""
    settings = load_settings()
    run = settings["run"]
    specs = list(sources) if sources else steps.default_sources(settings)
    optional = [] if sources else specs  # default folders may be missing
    cwd = cwd or str(Path.cwd())
    warehouse = warehouse or run["warehouse"]
    max_bytes = int(run["max_file_bytes"])
    state = open_run(warehouse, opaque(settings), specs, cwd)
    if isinstance(state, WarehouseBusy):
        # Another run holds the warehouse: fail with its one-line message (the caller gets the
        # WarehouseBusy raised), without a stack trace in the log.
        return Failed(message=str(state), data=state)
    try:
        plan = plan_inputs(opaque(state), specs, cwd, max_bytes, optional)
        units = fetch_urls(opaque(state), opaque(plan), opaque(settings))
        progress.start(len(units))
        work = pipeline.batches(units, int(run["batch_size"]), state.processes.workers)
        # closed on the way out, so an aborted run stops its workers at once
        with closing(_processed(state, work, max_bytes)) as done:
            for outcomes in pipeline.grouped(done, pipeline.land_size(len(units), run)):
                interrupts.check()  # a Ctrl-C lost on its way up stops the run here
                land_batch(opaque(state), opaque(outcomes))
                progress.advance(len(outcomes))
        interrupts.check()
        # In the validation process (when the run has one), the articles are validated (their
        # suites do not read stories) while this process groups the stories and compares the
        # figures within them.
        validate_articles(opaque(state))
        check_numbers(opaque(state))
        score_sources(opaque(state), opaque(settings))
        validate(opaque(state))
        report(opaque(state))
    except BaseException:
        steps.close_run(state, "aborted")
        raise
    finally:
        progress.finish()
    return steps.close_run(state).as_dict()


@contextmanager
def _one_off():
    """Prefect settings for a run started by `monitor run`, in this process.

    Prefect's heartbeat thread sleeps in 1 s steps and the flow waits for it to wake before it
    returns: up to a second after every run (in a re-run over unchanged inputs, that wait was
    as long as the run's own work). A run from the command line goes without heartbeats, unless
    the user has set their frequency; its process ending is what tells that it is over, and a
    run killed midway is marked aborted in the warehouse by the next run. Deployments and
    `monitor serve` keep Prefect's default.
    """
    from prefect.settings import (
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        get_current_settings,
        temporary_settings,
    )

    flows_settings = get_current_settings().flows
    default = type(flows_settings).model_fields["heartbeat_frequency"].default
    if flows_settings.heartbeat_frequency != default:
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def run_once(**parameters: Any) -> Any:
    """One run of `ingest` in this process, as `monitor run` starts it."""
    with _one_off():
        return ingest(**parameters)


if __name__ == "__main__":
    import sys

    print(ingest(sys.argv[1:] or None))

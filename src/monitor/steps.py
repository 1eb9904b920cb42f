"""The steps of one run, as plain functions over a Warehouse.

monitor.flows.ingest wraps each in a Prefect task and decides the order; tests and benchmarks can
call them directly. Per-document work is in pipeline.py; these are the whole-warehouse steps.
"""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import NumberCheck
from .processes import RunProcesses, chunked, reports_dir
from .sources import stable_id
from .warehouse import Warehouse

if TYPE_CHECKING:
    from . import pipeline

# `pipeline` (the per-document stages) is imported where it is used: the validation process
# imports this module's neighbours for its jobs, which do not need them (see processes.py).

__all__ = ["RunState", "chunked", "reports_dir"]  # chunked, reports_dir: where callers found them


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
    early_tables: Any = None  # the validation of EARLY_RUN_TABLES, begun as the checks start
    publishing: Any = None
    # the run's processes and resources (processes.RunProcesses), closed by `close_run`
    processes: Any = field(default=None, repr=False)
    # the stories' features of the articles landed so far (stories.remember_features)
    story_features: dict = field(default_factory=dict, repr=False)

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


def open_run(
    warehouse_path: str,
    flow_run_id: str | None,
    settings: Any = None,
    specs: list[str] | None = None,
    cwd: Path | None = None,
) -> RunState:
    """Open the run's processes (`RunProcesses.open`: the run lock, the schema, the helper
    processes when they pay, for the files among `specs`) and record the run as running. The
    state holds the run's processes; `close_run` ends them."""
    if settings is None:
        from .settings import load_settings

        settings = load_settings()
    processes = RunProcesses.open(warehouse_path, settings, list(specs or []), cwd or Path.cwd())
    try:
        run_id = new_run_id()
        Warehouse(warehouse_path).start_run(run_id, flow_run_id)
    except BaseException:
        processes.close()
        raise
    return RunState(run_id=run_id, warehouse=warehouse_path, processes=processes)


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
    specs = [*settings.run.sources, *settings.watch.feeds, *settings.watch.urls]
    return list(dict.fromkeys(specs))


def new_run_id() -> str:
    return uuid.uuid4().hex[:12]


@_timed("plan")
def plan_inputs(
    state: RunState, specs: list[str], cwd: Path, max_bytes: int, optional: frozenset[str]
) -> pipeline.Plan:
    from . import pipeline

    wh = Warehouse(state.warehouse)
    # an input landed by another version of monitor is read again (`processing_fingerprint`)
    known = wh.known_inputs(pipeline.processing_fingerprint())
    plan = pipeline.plan(specs, cwd, known, max_bytes, optional)
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
    from . import pipeline

    wh = Warehouse(state.warehouse)
    # an article's own address, or another address that landed as it (an alias)
    known = {**wh.fetched_articles(), **wh.known_inputs()}
    # after an upgrade every page is fetched whole, feeds included (a feed that has not changed
    # would hide its items), so that each is read by this version
    validators = {} if wh.read_by_another(pipeline.processing_fingerprint()) else (
        wh.http_validators()
    )
    pages, unchanged, rejects = pipeline.fetch_urls(urls, validators, known, settings.get("fetch"))
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
    from . import pipeline

    processed_by = pipeline.processing_fingerprint()
    for article in rows.get("articles", ()):
        article["processed_by"] = processed_by
    t0 = time.perf_counter()
    counts = Warehouse(state.warehouse).land(state.run_id, rows, rejects)
    state.add_time("land", time.perf_counter() - t0)
    _remember_story_features(state, rows.get("articles", ()))
    for key, n in counts.items():
        state.counts[key] += n
    state.counts["unchanged"] += duplicates
    state.counts["rejected"] += len(rejects)
    state.rejects.extend(rejects)
    return counts


# Features kept for at most this many articles (~11 KB each, ~27 MB in all; the default
# [run] fork_workers_up_to, over which a run is memory-bound): a larger run computes the rest
# when it groups the stories, as before.
STORY_FEATURES_MAX = 2500


def _remember_story_features(state: RunState, articles: Iterable[dict[str, Any]]) -> None:
    """What grouping the stories needs of each landed article (stories.features, ~0.3 s of
    CPU on 700 documents), worked out now: while the workers process the next documents this
    process waits, and after the last one the stories hold up the number checks. The
    grouping finds them by headline and text (`stories.group_stories`), so they are the
    same features it would compute."""
    from . import stories

    cache = state.story_features
    for article in articles:
        if len(cache) >= STORY_FEATURES_MAX:
            return
        stories.remember_features(cache, article["title"], article["clean_text"] or "")


def check_ids(checks: list[NumberCheck]) -> list[str]:
    return [stable_id(c.kind, c.mention_id, c.other_mention_id or "") for c in checks]


def checks_due(state: RunState) -> bool:
    """Whether the number checks must be made again: something landed since the last ones."""
    return bool(
        state.counts["new"] or state.counts["changed"]
        or Warehouse(state.warehouse).checks_stale(state.run_id)
    )


def compute_checks(warehouse: str) -> list[NumberCheck]:
    """Every number check of the warehouse, readable."""
    from .checks import check_numbers

    wh = Warehouse(warehouse)
    checks = check_numbers(wh.mention_records(read_only=True))
    return _readable(checks, wh.article_labels(read_only=True))


def update_stories(warehouse: str, features: dict | None = None) -> dict[str, str]:
    """Group every article into stories; write `stories` and `articles.story_id`.

    Deterministic over the same articles (stable ids), so a re-run changes nothing; a new
    article joins an existing story under that story's id. `features`: the articles'
    features worked out before (stories.remember_features)."""
    from . import stories

    wh = Warehouse(warehouse)
    # read-only: the validation process reads the run's articles meanwhile; only the writing
    # of the stories waits for it to release the file
    rows = wh.story_articles(read_only=True)
    arts = [
        stories.StoryArticle(
            article_id=r["article_id"], source_id=r["source_id"], title=r["title"],
            text=r["text"] or "", language=r["language"],
            languages=tuple(r["languages"] or ()), published_at=r["published_at"],
            first_seen_at=r["first_seen_at"], url=r["url"], derived_from=r["derived_from"],
        )
        for r in rows
    ]
    assignment = stories.group_stories(arts, features)
    wh.replace_stories(stories.story_rows(arts, assignment), assignment)
    return assignment


@_timed("stories")
def group_stories(state: RunState) -> int:
    """Stories after landing, before the checks that compare figures within them (with the
    features worked out as the articles landed, let go of then)."""
    features, state.story_features = state.story_features, {}
    return len(set(update_stories(state.warehouse, features).values()))


# Run tables that are complete once the stories are grouped and that no quarantined parent row
# reaches (quality.DEPENDENTS): the validation process, otherwise idle while this process
# compares the figures, takes them then, and the end of the run waits only for the scores.
EARLY_RUN_TABLES = ("runs", "rejects", "dq_results", "quarantine", "fetch_state", "stories")


def check_numbers(state: RunState) -> int:
    """Group the stories (the checks compare figures within a story), then compare every fact
    across translations and sources and replace number_checks; -1 when skipped: nothing landed
    since the last complete comparison (a cheap re-run). A run validating in its validation
    process has it validate the run tables complete by then meanwhile."""
    if not checks_due(state):
        return -1
    group_stories(state)
    if state.processes.validates_elsewhere and _needs_validation(state):
        state.early_tables = state.processes.validate(
            "run_tables", state.warehouse, state.run_id, {}, EARLY_RUN_TABLES, False
        )
    return _compare(state)


@_timed("check_numbers")
def _compare(state: RunState) -> int:
    checks = compute_checks(state.warehouse)
    Warehouse(state.warehouse).replace_checks(state.run_id, checks, check_ids(checks))
    state.checks_recomputed = True
    return len(checks)


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


def _needs_validation(state: RunState) -> bool:
    # Nothing landed: there is nothing new to validate, and a re-run over unchanged inputs
    # should not pay for Great Expectations' import and set-up (3-5 s).
    return bool(state.counts["new"] or state.counts["changed"] or state.checks_recomputed
                or state.rejects)


@_timed("validate")
def validate_documents(state: RunState, chunk: int | None = None) -> None:
    """First part of validating a run: the sources, then the run's articles with all their rows,
    `chunk` articles at a time (settings [quality] chunk_articles), so a large first run never
    holds every row in memory. In a validation process this returns at once; `validate` takes
    the results."""
    if not _needs_validation(state):
        return
    chunk = chunk or int(state.processes.settings["quality"]["chunk_articles"])
    state.quality = state.processes.validate("documents", state.warehouse, state.run_id, chunk)


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
    processes = state.processes
    early, state.early_tables = state.early_tables, None
    rest = tuple(t for t in Warehouse.RUN_TABLES if early is None or t not in EARLY_RUN_TABLES)
    tables = processes.validate("run_tables", state.warehouse, state.run_id, outcome.flagged, rest)
    if processes.validates_elsewhere:
        # The report's libraries (altair, jinja2: ~0.25 s), its template and Altair's schema
        # (~0.1 s) are loaded while the validation process works, on the core it leaves idle,
        # not after it, at the end of the run. Validating here, there is no such core, and
        # they wait for the report.
        from . import report as report_module

        report_module.prepare()
    outcome.merge(tables.result())
    if early is not None:  # after the others: the results keep the order of RUN_TABLES
        outcome.merge(early.result())
    # The Data Docs are built while this process records the results and writes the report.
    state.publishing = processes.validate("publish", state.warehouse, earlier)
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
    # The Data Docs are built beside the report; it waits for them only to link them.
    path = report_mod.render_report(
        frames, out, data_docs=out / "data-docs" / "index.html",
        docs_ready=lambda: finish_publishing(state),
    )
    state.reports["report"] = str(path)
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
    """Record how the run ended; end its processes and release the warehouse
    (`RunProcesses.close`). A run that ends normally first waits for its Data Docs (if
    `report` did not)."""
    if status is None:
        try:
            finish_publishing(state)
        except BaseException:
            close_run(state, "aborted")
            raise
    state.status = status or ("failed" if state.dq_failed else "completed")
    state.processes.close(
        lambda: Warehouse(state.warehouse).finish_run(state.run_id, state.status, state.counts)
    )
    return state

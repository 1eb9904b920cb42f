"""The `monitor` command: thin commands over the library; errors become one readable line."""

from __future__ import annotations

import atexit
import contextlib
import csv
import io
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Annotated, Any


def _exit_without_teardown() -> None:
    """Registered before any library's exit handler, so it runs after all of them: once `main`
    has its exit code, end the process without Python's teardown.

    The teardown frees every object one by one: 1.2-1.6 s after a run that validated (Great
    Expectations, pandas and scipy loaded), about 0.6 s after an empty run, for memory the OS
    takes back at once anyway. By now every exit handler has run (Prefect has sent its logs and
    events and stopped its temporary server, logging has flushed its files) and the warehouse
    is closed after every write; only the output streams are left to flush. Not armed when the
    CLI is used in-process (tests) or ends with an uncaught exception, nor with [processes]
    quick_exit off.
    """
    if _exit_code is None or not _quick_exit():
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(_exit_code)


def _quick_exit() -> bool:
    from .settings import SettingsError, load_settings

    try:
        return load_settings().processes.quick_exit
    except SettingsError:
        return True  # the command has said why already


_exit_code: int | None = None  # set by `main` once a command has ended
atexit.register(_exit_without_teardown)

# Third-party imports only now: some register exit handlers of their own, which must run first.
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import interrupts
from .settings import SettingsError, defaults, load_settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="monitor: media monitoring with source-quality scoring.",
    rich_markup_mode="rich",
)
console = Console()
err = Console(stderr=True, soft_wrap=True)

WarehouseOpt = Annotated[
    Path | None,
    typer.Option("--warehouse", "-w",
                 help=f"DuckDB file (default: setting run.warehouse, {defaults()['run']['warehouse']})."),
]


def _prefect_env() -> None:
    """Defaults that make Prefect's temporary server start reliably on a cold machine."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def _warehouse_path(path: Path | None) -> Path:
    if path is not None:
        return path
    try:
        return Path(load_settings()["run"]["warehouse"])
    except SettingsError as exc:
        _fail(str(exc))
        raise  # unreachable


@contextlib.contextmanager
def _ctrl_c_wins():
    """Ctrl-C ends the command with exit 130 (typer's), whatever it interrupted.

    A KeyboardInterrupt that lands inside Prefect's task engine while it is still creating the
    task run makes Prefect's crash handler raise its own ValueError ("Task run is not set") in
    place of the interrupt. The run is still aborted cleanly; only the exit would be wrong.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    def on_sigint(signum, frame):
        interrupts.record()  # also recorded: the run stops at its next batch if this is lost
        signal.default_int_handler(signum, frame)

    interrupts.clear()
    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    except Exception as exc:
        if interrupts.pressed():
            raise KeyboardInterrupt from exc
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
        interrupts.clear()


def _fail(message: str, code: int = 2) -> None:
    # escaped: messages name settings as "[run] lock_wait", which rich would take for markup
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def _settings_first() -> None:
    """A settings file that does not parse stops every command with one line (exit 2), before
    the command starts anything (a flow run, a server, a warehouse). Help still shows."""
    if "--help" in sys.argv[1:]:
        return
    try:
        load_settings()
    except SettingsError as exc:
        _fail(str(exc))


def run(
    sources: Annotated[
        list[str] | None,
        typer.Argument(help="Files, folders, article URLs or feed URLs (default: setting "
                       f"run.sources, {' '.join(defaults()['run']['sources'])}, and the watch list)."),
    ] = None,
    warehouse: WarehouseOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the run summary as JSON (for scripts).")
    ] = False,
) -> None:
    """Run the ingest flow once, in this process (no server needed).

    Example: [bold]monitor run seeds/ inbox/ --warehouse /tmp/w.duckdb[/]
    """
    _prefect_env()
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"
    from . import progress
    from .warehouse import WarehouseError

    bar = _progress_bar() if console.is_terminal and not as_json else None
    try:
        from .flows.ingest import run_once

        with _ctrl_c_wins():
            summary = run_once(
                sources=list(sources) if sources else None,
                warehouse=str(warehouse) if warehouse else None,
                cwd=str(Path.cwd()),
            )
    except (SettingsError, WarehouseError) as exc:
        _fail(str(exc))
    finally:
        if bar is not None:
            progress.clear_hook()
    if as_json:
        sys.stdout.write(json.dumps(summary, default=str) + "\n")
    else:
        _print_summary(summary)
    if summary["status"] != "completed":
        raise typer.Exit(1)


def _progress_bar():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from . import progress

    bar = Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console, transient=True,
    )
    task: dict[str, Any] = {}

    def start(total: int) -> None:
        bar.start()
        task["id"] = bar.add_task("documents", total=total)

    def advance(n: int) -> None:
        bar.advance(task["id"], n)

    def finish() -> None:
        bar.stop()

    progress.set_hook(start, advance, finish)
    return bar


def _print_summary(summary: dict[str, Any]) -> None:
    table = Table(title=f"run {summary['run_id']} — {summary['status']}", show_header=True)
    for col in ("inputs", "new", "changed", "unchanged", "rejected"):
        table.add_column(col, justify="right")
    table.add_row(*(str(summary[c]) for c in ("inputs", "new", "changed", "unchanged", "rejected")))
    console.print(table)
    for origin, reason in summary.get("rejects", [])[:20]:
        console.print(f"  [yellow]rejected[/] {origin}: {reason}", soft_wrap=True)
    if len(summary.get("rejects", [])) > 20:
        console.print(f"  … and {len(summary['rejects']) - 20} more (see the rejects table)")
    for name in summary.get("dq_failed", []):
        console.print(f"  [red]data quality[/] {name}")
    for label, path in summary.get("reports", {}).items():
        console.print(f"  {label}: {path}", soft_wrap=True)
    console.print(f"warehouse: {summary['warehouse']}", soft_wrap=True)


def _json_value(value: object) -> object:
    """A cell JSON has no type for: a DECIMAL (SUM, ROUND, AVG of integers) as a number,
    anything else (timestamps, dates, UUIDs) as its text."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def query(
    sql: Annotated[str, typer.Argument(help="A SELECT (or any read-only statement).")],
    warehouse: WarehouseOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, csv or json.")
    ] = "table",
) -> None:
    """Run read-only SQL on the warehouse.

    Example: [bold]monitor query "SELECT source_id, quality_score FROM source_scores"[/]
    """
    from .warehouse import Warehouse, WarehouseError

    if fmt not in ("table", "csv", "json"):
        _fail(f"unknown format {fmt!r}: use table, csv or json")
    try:
        cols, rows = Warehouse(_warehouse_path(warehouse)).query(sql)
    except WarehouseError as exc:
        _fail(str(exc))
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(cols)
        writer.writerows(rows)
        sys.stdout.write(buf.getvalue())
    elif fmt == "json":
        sys.stdout.write(
            json.dumps([dict(zip(cols, r)) for r in rows], default=_json_value, ensure_ascii=False,
                       indent=2)
            + "\n"
        )
    else:
        table = Table(show_header=True, header_style="bold")
        for c in cols:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*("" if v is None else str(v) for v in r))
        console.print(table)
        console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


def validate(warehouse: WarehouseOpt = None) -> None:
    """Run the data-quality suites (expectations/) on the warehouse as it is.

    Exits 0 when every critical expectation passes, 1 otherwise. Read-only: nothing is
    quarantined. Example: [bold]monitor validate --warehouse warehouse/monitor.duckdb[/]
    """
    _prefect_env()
    from . import quality
    from .warehouse import Warehouse, WarehouseError

    path = _warehouse_path(warehouse)
    try:
        frames = Warehouse(path).frames(read_only=True)
        outcome = quality.validate(frames)
    except (WarehouseError, quality.QualityError) as exc:
        _fail(str(exc))
    n = len(outcome.results)
    failed = outcome.failures
    critical = [r for r in failed if r["severity"] == "critical"]
    if failed:
        table = Table(title="failed expectations", show_header=True, header_style="bold")
        for col in ("severity", "suite", "expectation", "column", "observed"):
            table.add_column(col, overflow="fold")
        for r in failed:
            style = "red" if r["severity"] == "critical" else "yellow"
            table.add_row(f"[{style}]{r['severity']}[/]", r["suite"], r["expectation"],
                          r.get("column_name") or "", str(r.get("observed") or ""))
        console.print(table)
    console.print(
        f"{n} expectations on {path}: {n - len(failed)} passed, {len(critical)} critical "
        f"failed, {len(failed) - len(critical)} warnings",
        soft_wrap=True,
    )
    raise typer.Exit(1 if outcome.critical_failed else 0)


def report(
    warehouse: WarehouseOpt = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Folder (default: next to the warehouse).")
    ] = None,
) -> None:
    """Write the HTML scorecard report (self-contained; opens offline).

    Example: [bold]monitor report --out /tmp/report[/]
    """
    from . import report as report_mod
    from .steps import reports_dir
    from .warehouse import Warehouse, WarehouseError

    path = _warehouse_path(warehouse)
    folder = out or reports_dir(str(path))
    try:
        frames = Warehouse(path).report_frames(read_only=True)
    except WarehouseError as exc:
        _fail(str(exc))
    docs = reports_dir(str(path)) / "data-docs" / "index.html"
    page = report_mod.render_report(frames, folder, data_docs=docs if docs.exists() else None)
    console.print(f"report: {page}", soft_wrap=True)


def explain(
    source: Annotated[str, typer.Argument(help="A source id (wsj.com) or part of its name.")],
    warehouse: WarehouseOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Evidence items to show.")] = 10,
) -> None:
    """The scorecard of one source: scores, evidence counts, and what moved them most.

    Example: [bold]monitor explain wsj.com[/]
    """
    from . import scoring
    from .warehouse import Warehouse, WarehouseError

    wh = Warehouse(_warehouse_path(warehouse))
    try:
        found = wh.find_sources(source)
        if not found:
            _fail(f"no source matches {source!r} (see: monitor query \"SELECT * FROM sources\")")
        if len(found) > 1:
            names = ", ".join(f"{s['source_id']} ({s['name']})" for s in found)
            _fail(f"{source!r} matches several sources: {names}")
        src = found[0]
        score = wh.latest_score(src["source_id"])
        data = wh.explain_inputs()
    except WarehouseError as exc:
        _fail(str(exc))
    console.print(f"[bold]{src['name']}[/]  ({src['source_id']})")
    if score is None:
        console.print("not scored yet: run `monitor run` first")
        raise typer.Exit(0)
    table = Table(show_header=True, header_style="bold")
    for col in ("score", "value", "evidence"):
        table.add_column(col)
    table.add_row(
        "attribution", f"{score['attribution_score']:.3f}",
        f"{score['n_claims']} claims: {score['n_named']} named, {score['n_anonymous']} anonymous, "
        f"{score['n_unattributed']} unattributed",
    )
    table.add_row(
        "number consistency", f"{score['number_consistency_score']:.3f}",
        f"{score['n_checks']} checks, {score['n_conflicts']} conflicts; {score['n_numbers']} numbers",
    )
    table.add_row("quality", f"{score['quality_score']:.3f}", f"{score['n_articles']} articles")
    console.print(table)
    if score.get("explanation"):
        console.print(score["explanation"])
    evidence = scoring.rank_evidence(
        src["source_id"], data["claims"], data["checks"], limit, articles=data["articles"]
    )
    if evidence:
        ev = Table(title="what moved the quality score most", show_header=True,
                   header_style="bold")
        ev.add_column("effect", justify="right")
        ev.add_column("kind")
        ev.add_column("evidence", overflow="fold")
        for item in evidence:
            ev.add_row(f"{item['effect'] * 100:+.2f} pts", item["kind"],
                       f"{item['text']}\n[dim]{item['detail']}  id={item['id']}[/]")
        console.print(ev)
    cited = _sources_cited(src["source_id"], data["claims"])
    if cited:
        ct = Table(title="sources its claims cite (pronouns and descriptions resolved)",
                   show_header=True, header_style="bold")
        for col in ("source", "class", "claims", "as written"):
            ct.add_column(col, overflow="fold")
        for row in cited[:limit]:
            ct.add_row(*row)
        console.print(ct)
    console.print(
        f"[dim]trace in SQL: SELECT * FROM claims JOIN articles USING (article_id) "
        f"WHERE source_id = '{src['source_id']}'[/]"
    )


def _sources_cited(source_id: str, claims: list[dict]) -> list[tuple[str, str, str, str]]:
    """(resolved source, class, n claims, surface forms) of one source's attributed claims."""
    seen: dict[tuple[str, str], list[str]] = {}
    for c in claims:
        to = c.get("attributed_to")
        if c.get("source_id") != source_id or not isinstance(to, str) or not to:
            continue
        span = c.get("source_span")
        seen.setdefault((to, c.get("attribution") or ""), []).append(
            span if isinstance(span, str) and span else to
        )
    rows = sorted(seen.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [
        (to, cls, str(len(spans)), ", ".join(sorted(set(spans) - {to})))
        for (to, cls), spans in rows
    ]


def serve(
    interval: Annotated[
        int | None,
        typer.Option("--interval", "-i", help="Seconds between runs (default: schedule.interval_seconds)."),
    ] = None,
    sources: Annotated[
        list[str] | None, typer.Argument(help="What each run ingests (default: settings).")
    ] = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Run the ingest flow on a schedule from this process until stopped (Ctrl-C).

    Uses the Prefect API at PREFECT_API_URL, or starts a local Prefect server for as long as it
    serves. Example: [bold]monitor serve --interval 900[/]
    """
    _prefect_env()
    os.environ["PREFECT_LOGGING_LEVEL"] = os.environ.get("MONITOR_SERVE_LOG_LEVEL", "INFO")
    from .flows.serve import serve as serve_flow

    every = interval if interval is not None else int(load_settings()["schedule"]["interval_seconds"])
    if every < 1:
        _fail("--interval must be at least 1 second")
    try:
        serve_flow(every, list(sources) if sources else None, str(warehouse) if warehouse else None)
    except KeyboardInterrupt:
        console.print("stopped")
    except RuntimeError as exc:
        _fail(str(exc))


# Registered here, not with decorators: mutmut (docs/mutation.md) leaves decorated functions
# unmutated, and the commands are where the exit codes are decided. The order is --help's.
app.callback()(_settings_first)
for _command in (run, query, validate, report, explain, serve):
    app.command()(_command)


def main() -> None:
    global _exit_code
    try:
        app()
    except SystemExit as exc:  # how typer ends every command, failed or not
        code = exc.code
        _exit_code = code if isinstance(code, int) else (0 if code is None else 1)
        raise


if __name__ == "__main__":
    main()

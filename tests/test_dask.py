"""Scale-out: the ingest flow on a local Dask cluster lands exactly what a local run lands."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"

TOWNS = ["Aberdeen", "Bergen", "Cork", "Dundee", "Esbjerg", "Faro", "Gdansk"]


def write_corpus(folder: Path) -> int:
    """The seeds plus text and HTML articles, each with its own figures; returns the count."""
    shutil.copytree(SEEDS, folder)
    for i, town in enumerate(TOWNS):
        paragraphs = [
            (f"{town} council said on Monday it would spend {12 + i} million euros on flood "
            f"defences over the next {3 + i} years."),
            (f"According to the council's engineer, {400 + 25 * i} homes were flooded in the "
            "storms of last winter, most of them near the river."),
            "Residents said they had waited a long time for the work to begin.",
        ]
        if i % 2:
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            (folder / f"flood_{i}.html").write_text(
                f"<html><head><title>{town} flood plan</title></head><body><nav>Home | News"
                f"</nav><article><h1>{town} flood plan</h1>{body}</article>"
                "<footer>Contact us</footer></body></html>",
                encoding="utf-8",
            )
        else:
            (folder / f"flood_{i}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    return 5 + len(TOWNS)


def landed(warehouse: Path) -> dict[str, object]:
    """What a run landed, without run ids and timestamps."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {
            "articles": con.execute(
                "SELECT article_id, origin, content_hash, language FROM articles ORDER BY 1"
            ).fetchall(),
            "segments": con.execute(
                "SELECT article_id, count(*), string_agg(lang, ',' ORDER BY seq) FROM segments "
                "GROUP BY 1 ORDER BY 1"
            ).fetchall(),
            "claims": con.execute(
                "SELECT claim_id, attribution FROM claims ORDER BY 1"
            ).fetchall(),
            "numbers": con.execute(
                "SELECT mention_id, value, unit FROM numbers ORDER BY 1"
            ).fetchall(),
            "checks": con.execute(
                "SELECT check_id, verdict FROM number_checks ORDER BY 1"
            ).fetchall(),
        }
    finally:
        con.close()


def test_dask_cluster_run_lands_what_a_local_run_lands(prefect_api, tmp_path, monkeypatch):
    from distributed import Client, LocalCluster
    from prefect_dask import DaskTaskRunner

    from monitor.flows.ingest import DASK_ENV, _task_runner, ingest

    n = write_corpus(tmp_path / "corpus")
    monkeypatch.setenv("MONITOR_RUN__BATCH_SIZE", "2")
    monkeypatch.delenv(DASK_ENV, raising=False)
    local_wh = tmp_path / "local" / "w.duckdb"
    local = ingest(sources=["corpus"], warehouse=str(local_wh), cwd=str(tmp_path))
    assert local["status"] == "completed" and local["new"] == n, local

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        host="127.0.0.1",
    ) as cluster, Client(cluster) as client:
        # MONITOR_DASK_ADDRESS picks the runner when monitor.flows.ingest is imported (as `monitor run`
        # does); here the flow is already imported, so the runner is given as users of the
        # library would, without the variable: the flow must follow its runner.
        monkeypatch.setenv(DASK_ENV, cluster.scheduler_address)
        runner = _task_runner()
        assert isinstance(runner, DaskTaskRunner)
        assert runner.address == cluster.scheduler_address
        monkeypatch.delenv(DASK_ENV)
        flow = ingest.with_options(task_runner=DaskTaskRunner(address=cluster.scheduler_address))
        dask_wh = tmp_path / "dask" / "w.duckdb"
        summary = flow(sources=["corpus"], warehouse=str(dask_wh), cwd=str(tmp_path))
        seen = client.run_on_scheduler(
            lambda dask_scheduler: {
                name: sum(tp.state_counts.values())
                for name, tp in dask_scheduler.task_prefixes.items()
            }
        )
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert summary["status"] == "completed" and summary["new"] == n, summary
    batches = -(-n // 2)
    process = {k: v for k, v in seen.items() if "process" in k and "batch" in k}
    assert process, f"the scheduler never saw a process-batch task: {sorted(seen)}"
    assert sum(process.values()) >= batches, (process, batches)
    assert sum(executed.values()) >= batches, executed
    assert landed(dask_wh) == landed(local_wh)

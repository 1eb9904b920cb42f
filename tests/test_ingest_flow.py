"""The ingest flow end to end: real Prefect runs into real DuckDB files."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from monitor.warehouse import Warehouse

pytestmark = pytest.mark.slow

SEED_FILES = [
    "000_cc2193c6c1aefe32.txt",
    "001_d42593f2763e6899.txt",
    "002_b7517909f6e1d84e.txt",
    "003_5377489e718f6736.txt",
    "004_62b28d1eb86d5baa.txt",
]


def seeded(seed_run, copy_seeds):
    """A warehouse over `copy_seeds` as one `ingest` of its seeds leaves it, and that run's
    summary: the session's seed run's warehouse, copied. The seeds' origins are relative to
    the folder (`seeds/...`) and files are compared by their bytes, so the copy is what the
    same run would have made here; a test of a second run starts from it instead of running
    the first again."""
    summary, warehouse, _ = seed_run
    wh = copy_seeds / "w.duckdb"
    shutil.copy(warehouse, wh)
    return summary, wh


def q(path, sql, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_seed_run_lands_the_five_articles(seed_run):
    summary, wh, _ = seed_run
    assert summary["status"] == "completed", summary
    assert (summary["inputs"], summary["new"], summary["rejected"]) == (5, 5, 0)
    origins = [r[0] for r in q(wh, "SELECT origin FROM articles ORDER BY origin")]
    assert origins == [f"seeds/{name}" for name in SEED_FILES]
    assert q(wh, "SELECT count(*) FROM runs WHERE status = 'completed'") == [(1,)]


def test_seeds_are_five_distinct_sources(seed_run):
    _, wh, _ = seed_run
    rows = q(
        wh, "SELECT a.origin, s.source_id, s.name FROM articles a JOIN sources s USING (source_id)"
    )
    by_file = {origin.split("/")[-1]: (sid, name) for origin, sid, name in rows}
    assert len({sid for sid, _ in by_file.values()}) == 5
    assert by_file["001_d42593f2763e6899.txt"][0] == "wsj.com"
    assert by_file["000_cc2193c6c1aefe32.txt"][0] == "toutiao.com"
    assert not any(sid == "unknown" for sid, _ in by_file.values())


def test_republished_translation_links_to_the_wsj_original(seed_run):
    _, wh, _ = seed_run
    (derived,) = q(
        wh, "SELECT derived_from FROM articles WHERE origin LIKE '%000_cc2193c6c1aefe32.txt'"
    )[0]
    (wsj_id,) = q(wh, "SELECT article_id FROM articles WHERE source_id = 'wsj.com'")[0]
    assert derived == wsj_id


def test_clean_text_has_no_obvious_boilerplate_and_keeps_the_body(seed_run):
    _, wh, _ = seed_run
    texts = dict(q(wh, "SELECT origin, clean_text FROM articles"))
    everything = "\n".join(texts.values())
    lines = everything.splitlines()
    assert "Advertisement" not in lines
    assert "You May Also Like" not in everything
    assert "Post a Comment" not in everything
    assert "保存的双语快照页面" not in everything
    wsj = texts["seeds/001_d42593f2763e6899.txt"]
    assert "It is spending $564 billion on grid construction projects" in wsj
    assert "摩根士丹利研究人员预测" in wsj
    assert "Dive into" not in texts["seeds/004_62b28d1eb86d5baa.txt"]
    removed = q(wh, "SELECT DISTINCT reason FROM removed_blocks")
    assert removed, "every removed block is recorded with its reason"


def test_bilingual_seed_paragraphs_carry_their_language(seed_run):
    _, wh, _ = seed_run
    rows = q(
        wh,
        """SELECT s.text, s.lang FROM segments s JOIN articles a USING (article_id)
           WHERE a.origin LIKE '%001_d42593f2763e6899.txt'""",
    )
    assert rows
    for text, lang in rows:
        han = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
        latin = sum(ch.isascii() and ch.isalpha() for ch in text)
        if han > latin:
            assert lang == "zh", text
        elif han == 0:
            assert lang == "en", text
    (langs,) = q(
        wh,
        "SELECT language, languages FROM articles WHERE origin LIKE '%001_d42593f2763e6899.txt'",
    )
    assert langs[0] == "en" and sorted(langs[1]) == ["en", "zh"]


def test_rerun_changes_nothing_but_adds_a_run(seed_run, copy_seeds):
    from monitor.flows.ingest import ingest

    first, wh = seeded(seed_run, copy_seeds)
    before = q(wh, "SELECT article_id, content_hash, last_seen_at FROM articles ORDER BY 1")
    segs = q(wh, "SELECT * FROM segments ORDER BY article_id, seq")
    second = ingest(sources=["seeds"], warehouse=str(wh), cwd=str(copy_seeds))
    assert first["new"] == 5
    assert (second["new"], second["changed"], second["unchanged"]) == (0, 0, 5)
    after = q(wh, "SELECT article_id, content_hash, last_seen_at FROM articles ORDER BY 1")
    assert [r[:2] for r in after] == [r[:2] for r in before]
    # every article was seen again by the second run (the one that last saw it)
    (started,) = q(wh, "SELECT max(started_at) FROM runs")[0]
    assert all(a[2] > b[2] and a[2] >= started for a, b in zip(after, before, strict=True))
    assert q(wh, "SELECT * FROM segments ORDER BY article_id, seq") == segs
    assert q(wh, "SELECT count(*) FROM runs") == [(2,)]
    assert q(wh, "SELECT count(*) FROM article_versions") == [(5,)]


def test_changed_file_updates_its_article_and_keeps_the_old_version(seed_run, copy_seeds):
    from monitor.flows.ingest import ingest

    _, wh = seeded(seed_run, copy_seeds)
    blog = copy_seeds / "seeds" / "002_b7517909f6e1d84e.txt"
    blog.write_text(blog.read_text("utf-8").replace("78 percent", "87 percent"), encoding="utf-8")
    summary = ingest(sources=["seeds"], warehouse=str(wh), cwd=str(copy_seeds))
    assert (summary["new"], summary["changed"], summary["unchanged"]) == (0, 1, 4)
    (text,) = q(
        wh, "SELECT clean_text FROM articles WHERE origin LIKE '%002_b7517909f6e1d84e.txt'"
    )[0]
    assert "87 percent" in text and "78 percent" not in text
    versions = q(
        wh,
        """SELECT v.version, v.clean_text LIKE '%78 percent%' FROM article_versions v
           JOIN articles a USING (article_id) WHERE a.origin LIKE '%002_b7517909f6e1d84e.txt'
           ORDER BY version""",
    )
    assert versions == [(1, True), (2, False)]
    assert q(wh, "SELECT count(*) FROM articles") == [(5,)]


def test_articles_read_by_another_version_are_read_again(seed_run, copy_seeds):
    """After an upgrade (another `processing_fingerprint`, or a warehouse from before it was
    recorded) the same inputs are read again: their rows are this version's, counted changed,
    and their text gets no new version. The run after that changes nothing."""
    from monitor.flows.ingest import ingest
    from monitor.pipeline import processing_fingerprint

    _, wh = seeded(seed_run, copy_seeds)
    claims = q(wh, "SELECT * FROM claims ORDER BY article_id, seq")
    numbers = q(wh, "SELECT count(*) FROM numbers")
    con = duckdb.connect(str(wh))
    # what an older version left: other labels, one article with no version recorded
    con.execute("UPDATE claims SET attribution = 'none', attributed_to = NULL")
    con.execute("DELETE FROM numbers WHERE article_id IN (SELECT min(article_id) FROM articles)")
    con.execute("UPDATE articles SET processed_by = 'an older monitor'")
    con.execute("UPDATE articles SET processed_by = NULL WHERE article_id = "
                "(SELECT min(article_id) FROM articles)")
    con.close()
    summary = ingest(sources=["seeds"], warehouse=str(wh), cwd=str(copy_seeds))
    assert (summary["new"], summary["changed"], summary["unchanged"]) == (0, 5, 0)
    assert summary["status"] == "completed", summary["dq_failed"]
    assert q(wh, "SELECT * FROM claims ORDER BY article_id, seq") == claims
    assert q(wh, "SELECT count(*) FROM numbers") == numbers
    assert q(wh, "SELECT DISTINCT processed_by FROM articles") == [(processing_fingerprint(),)]
    assert q(wh, "SELECT count(*) FROM article_versions") == [(5,)]
    # the articles are the latest run's: its validation covered their new rows
    (latest,) = q(wh, "SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1")[0]
    assert q(wh, "SELECT DISTINCT run_id FROM articles") == [(latest,)]
    again = ingest(sources=["seeds"], warehouse=str(wh), cwd=str(copy_seeds))
    assert (again["new"], again["changed"], again["unchanged"]) == (0, 0, 5)


def test_bad_inputs_are_rejected_with_reasons_and_the_run_goes_on(prefect_api, tmp_path):
    from monitor.flows.ingest import ingest

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "report.pdf").write_bytes(b"%PDF-1.4 binary")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "noise.txt").write_bytes(bytes(range(256)) * 8)
    (inbox / "good.txt").write_text(
        "Officials said the port handled 1.2 million containers in 2024, up 8% on the year.\n",
        encoding="utf-8",
    )
    wh = tmp_path / "w.duckdb"
    summary = ingest(sources=["inbox", "missing-folder"], warehouse=str(wh), cwd=str(tmp_path))
    assert summary["status"] == "completed"
    assert summary["new"] == 1
    reasons = dict(q(wh, "SELECT origin, reason FROM rejects"))
    assert "unsupported file type .pdf" in reasons["inbox/report.pdf"]
    assert reasons["inbox/empty.txt"] == "empty file"
    assert "inbox/noise.txt" in reasons
    assert "no such file" in reasons["missing-folder"]
    assert summary["rejected"] == 4
    assert q(wh, "SELECT count(*) FROM articles") == [(1,)]


def test_warehouse_counts_are_readable_through_the_library(seed_run):
    _, wh, _ = seed_run
    counts = Warehouse(wh).counts()
    assert counts["articles"] == 5 and counts["segments"] > 100


def test_a_large_run_setting_up_validation_after_the_pool_validates_the_same(
    seed_run, prefect_api, copy_seeds, monkeypatch
):
    """Runs over [quality] warm_up_docs documents set up Great Expectations once the workers
    have ended, and validate their articles in parts: the same results as the seed run."""
    from monitor.flows.ingest import ingest

    monkeypatch.setenv("MONITOR_QUALITY__WARM_UP_DOCS", "0")
    monkeypatch.setenv("MONITOR_QUALITY__CHUNK_ARTICLES", "2")
    monkeypatch.setenv("MONITOR_RUN__BATCH_SIZE", "1")
    summary = ingest(sources=["seeds"], warehouse=str(copy_seeds / "w.duckdb"),
                     cwd=str(copy_seeds))
    assert (summary["new"], summary["dq_failed"]) == (5, seed_run[0]["dq_failed"])

    def results(path):
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute(
                "SELECT suite, expectation, column_name, success, observed FROM dq_results "
                "ORDER BY ALL").fetchall()

    assert results(copy_seeds / "w.duckdb") == results(seed_run[1])


def test_a_command_line_run_goes_without_heartbeats_unless_the_user_set_them(
    prefect_api, copy_seeds, monkeypatch
):
    """`monitor run` (monitor.flows.ingest.run_once) ends when its work does: Prefect's heartbeat
    thread, which the flow waits for (up to a second), is off for it; a frequency the user set
    is kept, and other runs of the flow keep Prefect's default."""
    from prefect.settings import (
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        get_current_settings,
        temporary_settings,
    )

    from monitor import steps
    from monitor.flows.ingest import run_once

    seen = []
    close_run = steps.close_run

    def spy(state, *args, **kwargs):
        seen.append(get_current_settings().flows.heartbeat_frequency)
        return close_run(state, *args, **kwargs)

    monkeypatch.setattr(steps, "close_run", spy)
    default = get_current_settings().flows.heartbeat_frequency
    summary = run_once(sources=["seeds"], warehouse=str(copy_seeds / "w.duckdb"),
                       cwd=str(copy_seeds))
    assert summary["new"] == 5 and summary["status"] == "completed"
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 60}):
        run_once(sources=["seeds"], warehouse=str(copy_seeds / "w.duckdb"), cwd=str(copy_seeds))
    assert seen == [None, 60]
    assert default is not None and get_current_settings().flows.heartbeat_frequency == default


def test_a_claim_with_no_verdict_on_its_source_lands_and_passes_validation(prefect_api, tmp_path):
    """An attributed claim whose source the models can't call named or anonymous ("unclear")
    is a valid row: the run completes, the claim is kept with its source as written, and it
    counts for neither side in the source's score."""
    from monitor.flows.ingest import ingest

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "hospital.txt").write_text(
        "Mayor John Smith said the city would pay for the new wing.\n\n"
        "The woman disputes the idea that she needed to be taken to a hospital in the first "
        "place.\n",
        encoding="utf-8",
    )
    wh = tmp_path / "w.duckdb"
    summary = ingest(sources=["inbox"], warehouse=str(wh), cwd=str(tmp_path))
    assert summary["status"] == "completed", summary["dq_failed"]
    assert q(wh, "SELECT attributed_to FROM claims WHERE attribution = 'unclear'") == [
        ("The woman",)
    ]
    assert q(wh, "SELECT count(*) FROM quarantine") == [(0,)]
    assert q(wh, "SELECT n_named, n_anonymous FROM source_scores") == [(1, 0)]


@pytest.fixture
def lost_ctrl_c(monkeypatch):
    """Landing as it goes when a Ctrl-C is taken by something on its way up: the first
    landing records the Ctrl-C (as `monitor run`'s SIGINT handler does) and then, as
    `mode` says, fails with the ordinary error DuckDB makes of it ("raise") or returns
    as if nothing had happened, the interrupt swallowed ("swallow")."""
    from monitor import interrupts, steps

    land = steps.land_outcomes
    calls: list[int] = []

    def landing(mode):
        def lands(state, outcomes):
            calls.append(len(outcomes))
            if len(calls) == 1:
                interrupts.record()
                if mode == "raise":
                    raise RuntimeError("Query interrupted")
            return land(state, outcomes)
        monkeypatch.setattr(steps, "land_outcomes", lands)
        return calls

    monkeypatch.setenv("MONITOR_RUN__WORKERS", "1")
    monkeypatch.setenv("MONITOR_RUN__BATCH_SIZE", "1")
    monkeypatch.setenv("MONITOR_RUN__LAND_DOCS", "1")
    yield landing
    interrupts.clear()


@pytest.mark.parametrize("mode", ["raise", "swallow"])
def test_a_ctrl_c_lost_on_its_way_up_still_stops_the_run(prefect_api, copy_seeds, lost_ctrl_c, mode):
    """A Ctrl-C that DuckDB turned into an ordinary error is not retried away (landing has
    retries), and one that something swallowed stops the run before its next batch: either
    way the run ends aborted with what it had landed, and no later batch lands."""
    from monitor.flows.ingest import ingest

    calls = lost_ctrl_c(mode)
    wh = copy_seeds / "w.duckdb"
    with pytest.raises((KeyboardInterrupt, RuntimeError)):
        ingest(sources=["seeds"], warehouse=str(wh), cwd=str(copy_seeds))
    assert calls == [1], "landing went on after the Ctrl-C"
    assert q(wh, "SELECT status FROM runs") == [("aborted",)]
    assert q(wh, "SELECT count(*) FROM articles") == [(0 if mode == "raise" else 1,)]

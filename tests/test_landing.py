"""Landing batches: one transaction each, duplicates inside a batch, counts users see."""

from __future__ import annotations

import duckdb
import pytest

from monitor import pipeline, steps
from monitor.sources import InputItem

PAGE = b"""<html><head><title>Port traffic</title>
<link rel="canonical" href="https://news.example.com/port-traffic"></head><body><article>
<h1>Port traffic hits a record</h1>
<p>The port handled 1.2 million containers in 2024, up 8% on the year, officials said on
Tuesday, as shipping lines added routes to Southeast Asia and the Middle East.</p>
<p>Analysts at the shipping consultancy Drewry said volumes could rise another 5% this year
if the new terminal opens on time, though labour talks remain unresolved.</p>
</article></body></html>"""


def outcome(url: str, canonical: str = "https://news.example.com/port-traffic") -> pipeline.Outcome:
    item = InputItem(origin=url, kind="url", url=url)
    page = PAGE.replace(b"https://news.example.com/port-traffic", canonical.encode())
    return pipeline.process_bytes(item, page, "html", url=url)


def test_two_urls_of_one_article_land_once_in_one_batch(tmp_path):
    wh = str(tmp_path / "w.duckdb")
    state = steps.open_run(wh, None, lock_wait=5)
    try:
        a = outcome("https://news.example.com/port-traffic?utm_source=feed")
        b = outcome("https://news.example.com/port-traffic")
        assert a.article_id == b.article_id  # both declare the same canonical URL
        steps.land_outcomes(state, [a, b])
    finally:
        steps.close_run(state)
    assert (state.counts["new"], state.counts["unchanged"]) == (1, 1)
    con = duckdb.connect(wh, read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM segments").fetchone()[0] >= 2
    con.close()


def test_a_failed_batch_leaves_nothing_behind(tmp_path):
    wh = str(tmp_path / "w.duckdb")
    state = steps.open_run(wh, None, lock_wait=5)
    try:
        good = outcome("https://news.example.com/port-traffic")
        broken = outcome("https://news.example.com/other", "https://news.example.com/other")
        assert broken.article_id != good.article_id
        broken.rows["claims"].append(  # attribution is NOT NULL
            {"claim_id": "c", "article_id": broken.article_id, "seq": 0, "sentence": "s",
             "attribution": None}
        )
        with pytest.raises(Exception, match="NOT NULL"):  # the batch fails as a whole
            steps.land_outcomes(state, [good, broken])
    finally:
        steps.close_run(state)
    con = duckdb.connect(wh, read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM segments").fetchone() == (0,)
    con.close()


def test_batches_are_joined_into_transactions_of_at_least_land_docs():
    """Small worker batches, fewer commits: every outcome lands exactly once, in order, in
    groups of at least run.land_docs (the last one takes what is left)."""
    done = [[pipeline.Outcome(f"doc{b}-{i}", reject="x") for i in range(3)] for b in range(7)]
    groups = list(pipeline.grouped(iter(done), 5))
    assert [len(g) for g in groups] == [6, 6, 6, 3]
    assert [o.origin for g in groups for o in g] == [o.origin for b in done for o in b]
    assert list(pipeline.grouped(iter([]), 5)) == []

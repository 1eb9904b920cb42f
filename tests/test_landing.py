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
    state = steps.open_run(wh, None)
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


# A how-to page: written to the reader, no one said anything, no quotation mark.
_GUIDE_PARAGRAPHS = (
    "How to bake a country loaf at home",
    "Before you start, weigh 500 grams of flour and 350 grams of water.",
    "You will need a large bowl, a towel and a heavy pot with a lid.",
    "Mix the flour and the water and let the dough rest for 30 minutes.",
    "Add 10 grams of salt and fold the dough until it feels smooth.",
    "Cover the bowl with the towel and leave it for 4 hours.",
    "Fold the dough every 30 minutes during the first 2 hours.",
    "Shape the dough into a ball on a floured counter.",
    "Put the ball in a basket lined with a floured towel.",
    "Leave the basket in the fridge overnight.",
    "Put the pot in the oven and preheat your oven to 450 degrees.",
    "Turn the dough out onto a sheet of baking paper.",
    "Hold the blade at a 45 degree angle and score the top.",
    "Lower the dough into the hot pot and put the lid on.",
    "Bake for 20 minutes with the lid on.",
    "Take the lid off and bake for another 25 minutes.",
    "The crust should be deep brown.",
    "Let the loaf cool for an hour before you cut it.",
    "Your bread will keep for three days in a paper bag.",
    "Freeze what you will not eat within that time.",
    "Slice the loaf before freezing it.",
    "Toast the slices straight from the freezer.",
)
GUIDE = "\n\n".join(_GUIDE_PARAGRAPHS)


def test_a_page_that_reports_nothing_is_landed_as_such(tmp_path):
    """The claims stage reads whether a page reports nothing (a guide, a listing); the article
    and the figures the number checks read carry it, a news page's not."""
    wh = str(tmp_path / "w.duckdb")
    state = steps.open_run(wh, None)
    try:
        guide = pipeline.process_bytes(
            InputItem(origin="guide.txt", kind="file"), GUIDE.encode(), "txt"
        )
        steps.land_outcomes(state, [guide, outcome("https://news.example.com/port-traffic")])
    finally:
        steps.close_run(state)
    con = duckdb.connect(wh, read_only=True)
    rows = con.execute("SELECT origin, reports_nothing FROM articles ORDER BY origin").fetchall()
    con.close()
    assert rows == [("guide.txt", True), ("https://news.example.com/port-traffic", False)]
    from monitor.warehouse import Warehouse

    recs = Warehouse(wh).mention_records(read_only=True)
    flagged = {r.article_id: r.reports_nothing for r in recs}
    assert sorted(flagged.values()) == [False, True]
    assert {r.text for r in recs if r.reports_nothing} >= {"500 grams", "10 grams"}


def test_landed_articles_are_grouped_into_stories_without_reading_their_words_again(
    tmp_path, monkeypatch
):
    """Landing works out what story grouping needs of each article, while the workers are
    still busy; the grouping after the last document uses it and finds the same stories."""
    from monitor import stories

    wh = str(tmp_path / "w.duckdb")
    state = steps.open_run(wh, None)
    try:
        steps.land_outcomes(state, [outcome("https://news.example.com/port-traffic"),
                                    outcome("https://other.example.org/ports",
                                            "https://other.example.org/ports")])
        expected = steps.update_stories(wh)

        def not_again(*args):
            raise AssertionError("features computed again")

        monkeypatch.setattr(stories, "features", not_again)
        assert steps.update_stories(wh, state.story_features) == expected
        assert steps.group_stories(state) == len(set(expected.values()))
        assert state.story_features == {}  # let go of once the stories are grouped
    finally:
        steps.close_run(state)


def test_the_stories_read_their_articles_beside_the_validation_process_reading(
    tmp_path, monkeypatch
):
    """After the last document the validation process reads the run's articles while this
    process groups the stories: their reads go side by side, only the writing waits."""
    import subprocess
    import sys
    import threading

    from monitor.warehouse import Warehouse, WarehouseBusy

    wh = str(tmp_path / "w.duckdb")
    state = steps.open_run(wh, None)
    try:
        steps.land_outcomes(state, [outcome("https://news.example.com/port-traffic")])
    finally:
        steps.close_run(state)
    holds = (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
        "print('reading', flush=True); time.sleep(30)"
    )
    reader = subprocess.Popen([sys.executable, "-c", holds, wh], stdout=subprocess.PIPE,
                              text=True)
    grouping = None
    try:
        assert reader.stdout.readline().strip() == "reading"
        rows = Warehouse(wh, lock_timeout=1).story_articles(read_only=True)
        assert [r["title"] for r in rows] == ["Port traffic hits a record"]
        with pytest.raises(WarehouseBusy):  # a writable connection waits for the reader
            Warehouse(wh, lock_timeout=1).story_articles()
        # the step: grouped while the other process reads (its write is what waits)
        written: list[dict] = []
        monkeypatch.setattr(Warehouse, "replace_stories", lambda self, s, a: written.append(a))
        grouping = threading.Thread(target=steps.update_stories, args=(wh,), daemon=True)
        grouping.start()
        grouping.join(10)
        assert len(written) == 1 and len(written[0]) == 1
    finally:
        reader.kill()
        reader.wait()
        if grouping is not None:
            grouping.join(40)


def test_a_failed_batch_leaves_nothing_behind(tmp_path):
    wh = str(tmp_path / "w.duckdb")
    state = steps.open_run(wh, None)
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


def test_runs_over_the_fork_limit_land_in_smaller_groups(prefect_api, copy_seeds, monkeypatch):
    """A large run's memory peak is in the pool phase, where the run process holds a group's
    rows while it lands them: groups of run.land_docs_large there, every document still landed
    once."""
    from monitor.flows.ingest import ingest

    assert pipeline.land_size(2500, {"land_docs": 256, "land_docs_large": 128, "fork_workers_up_to": 2500}) == 256
    assert pipeline.land_size(2501, {"land_docs": 256, "land_docs_large": 128, "fork_workers_up_to": 2500}) == 128
    groups: list[int] = []
    land = steps.land_outcomes

    def counted(state, outcomes):
        groups.append(len(outcomes))
        return land(state, outcomes)

    monkeypatch.setattr(steps, "land_outcomes", counted)
    monkeypatch.setenv("MONITOR_RUN__WORKERS", "1")
    monkeypatch.setenv("MONITOR_RUN__BATCH_SIZE", "1")
    monkeypatch.setenv("MONITOR_RUN__LAND_DOCS_LARGE", "2")
    for limit, expected in (("5", [5]), ("4", [2, 2, 1])):  # 5 seeds: within it, then over it
        monkeypatch.setenv("MONITOR_RUN__FORK_WORKERS_UP_TO", limit)
        groups.clear()
        wh = copy_seeds / f"w{limit}" / "monitor.duckdb"
        summary = ingest(sources=["seeds"], warehouse=str(wh), cwd=str(copy_seeds))
        assert groups == expected
        assert summary["new"] == 5
        with duckdb.connect(str(wh), read_only=True) as con:
            assert con.execute("SELECT count(DISTINCT origin) FROM articles").fetchone() == (5,)


@pytest.mark.parametrize("n", [0, 1, 5, 127, 128, 129, 700])
def test_batches_keep_every_input_once_in_order_and_end_small(n):
    """The pool's work: every input once, in order; the first in half a batch (the first
    worker does it alone, then the others are forked from it); the last workers x batch_size
    inputs in quarter batches so no worker is left alone with a whole batch at the end."""
    items = [InputItem(origin=f"doc{i}", kind="txt") for i in range(n)]
    work = pipeline.batches(items, 64, workers=2)
    assert [u for b in work for u in b] == items
    assert all(b for b in work)
    tail = min(n, 128)
    first = min(32, n - tail)
    rest = n - tail - first
    small = [16] * (tail // 16) + ([tail % 16] if tail % 16 else [])
    assert [len(b) for b in work] == [first] * (first > 0) + [64] * (rest // 64) + (
        [rest % 64] if rest % 64 else []) + small
    assert max((len(b) for b in work), default=0) <= 64
    assert [len(b) for b in pipeline.batches(items, 64, workers=1)] == (
        [64] * (n // 64) + ([n % 64] if n % 64 else []))


@pytest.mark.parametrize(("n", "sizes"), [
    (0, [0]), (1, [1]), (499, [499]), (500, [500]), (700, [700]), (749, [749]),
    (750, [500, 250]), (1000, [500, 500]), (10_000, [500] * 20), (10_200, [500] * 19 + [700]),
])
def test_validation_parts_hold_every_article_once_and_no_tiny_last_part(n, sizes):
    ids = [f"a{i}" for i in range(n)]
    parts = steps.chunked(ids, 500)
    assert [len(p) for p in parts] == sizes
    assert [a for p in parts for a in p] == ids


def _write_from_another_process(path: str) -> float:
    """When (`time.monotonic`, one clock for every process of the machine) another process had
    written `path` (it retries while the file is held)."""
    import subprocess
    import sys

    code = (
        "import sys, time\n"
        "from monitor.warehouse import Warehouse\n"
        "with Warehouse(sys.argv[1]).write() as con:\n"
        "    con.execute(\"UPDATE runs SET status = 'written'\")\n"
        "print(time.monotonic())\n"
    )
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True,
                         check=True, timeout=120)
    return float(out.stdout)


def test_reads_in_one_block_see_one_file_and_hold_it_until_the_end(tmp_path):
    """The validation process reads everything its first part needs in one `reading` block: one
    open of the file (a writer elsewhere waits for the block, then writes), and what a read
    inside returns is what was there when the block began."""
    import threading
    import time

    from monitor.warehouse import Warehouse

    path = str(tmp_path / "w.duckdb")
    wh = Warehouse(path)
    wh.ensure_schema()
    state = steps.open_run(path, None)
    steps.close_run(state)
    written: list[float] = []
    with wh.reading():
        first = wh.read().__enter__()
        writer = threading.Thread(target=lambda: written.append(_write_from_another_process(path)))
        writer.start()
        time.sleep(1.5)  # the writer is refused meanwhile: the file is held by this block
        with wh.read() as again:
            assert again is first  # one connection for every read inside the block
            status = again.execute("SELECT status FROM runs").fetchone()[0]
        assert writer.is_alive()
    released = time.monotonic()
    writer.join(120)
    # the write came after the block let go of the file (not after a wait of a fixed length:
    # the writer's own start-up, imports included, may take most of the block on a busy machine)
    assert status != "written" and written and written[0] >= released
    with wh.read() as con:  # released: the writer wrote, and a new read sees it
        assert con.execute("SELECT status FROM runs").fetchone()[0] == "written"

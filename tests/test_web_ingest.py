"""`monitor run URL` end to end: feeds and pages from a real HTTP server into a real warehouse.

Issue 8's "done when": every article of an RSS or Atom feed lands with its URL and clean text;
a re-run lands nothing new; an edited page gets a second version; private addresses are refused
(with a reason) unless MONITOR_ALLOW_PRIVATE_NETWORKS=1; bad items become rejects and the run
goes on; a monitor.toml watch list is what a run without arguments ingests.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from httpserver import LocalServer
from typer.testing import CliRunner

from monitor.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()

STORIES = {
    "/news/harbour.html": (
        "Harbour expansion wins approval",
        [
            ("The city council on Tuesday approved a plan to expand the northern harbour, "
            "ending a dispute that had lasted almost three years."),
            ("According to the port authority, the harbour handled 1.2 million containers in "
            "2024 and expects the new berths to add 400,000 a year by 2028."),
            ("Maria Lindqvist, who chairs the council's planning committee, said the vote "
            "followed months of consultation with residents living near the docks."),
            ("Opponents argued that the dredging would harm the estuary, but an environmental "
            "review found no lasting damage to the fish stocks monitored since 2019."),
        ],
    ),
    "/news/rail.html": (
        "Night trains return to the coast line",
        [
            ("Night trains will run again on the coast line from March, the national rail "
            "operator announced on Monday."),
            ("The operator said 14 sleeper carriages had been refurbished at a cost of "
            "36 million euros, and that tickets would go on sale next week."),
            ("Passenger groups welcomed the decision, noting that the service was cut in 2016 "
            "when only a few hundred people a night were using it."),
        ],
    ),
    "/news/schools.html": (
        "More teachers hired for village schools",
        [
            ("The education ministry hired 320 additional teachers for rural schools this "
            "autumn, the minister told parliament on Wednesday."),
            ("Officials said average class sizes in village schools fell from 27 pupils to 22, "
            "the lowest figure since records began."),
            ("Teachers' unions said the new posts were welcome but warned that many were "
            "temporary contracts ending in June."),
        ],
    ),
    "/news/budget.html": (
        "Regional budget puts health first",
        [
            ("The regional government presented a budget of 4.8 billion euros on Thursday, with "
            "health care taking the largest share for the first time."),
            ("The finance director said spending on hospitals would rise by 6 percent, while "
            "road building would be cut by a tenth."),
            ("Opposition members said the plan relied on optimistic tax forecasts and asked for "
            "an independent review before the vote in December."),
        ],
    ),
    "/news/library.html": (
        "Old library reopens after renovation",
        [
            ("The old central library reopened on Saturday after a renovation that took two "
            "years and cost 11 million euros, the city said."),
            ("Librarians said more than 3,000 visitors came through the doors on the first day, "
            "many of them families with young children."),
            ("The building, which dates from 1911, now has a rooftop reading room and a "
            "workshop where residents can repair their own bicycles."),
        ],
    ),
}
NAV = ["Home", "World", "Business", "Sport", "Culture", "Subscribe"]
RELATED = ["Ferry prices rise again", "Mayor opens new cycle lanes", "Storm closes bridge"]


def article_page(title: str, paragraphs: list[str]) -> str:
    """A news page as sites serve it: nav, headline, body, a Related list and a footer."""
    nav = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    related = "".join(f'<li><a href="/r/{i}">{t}</a></li>' for i, t in enumerate(RELATED))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Coast Herald</title>
<meta property="og:site_name" content="Coast Herald"></head>
<body>
<header><nav><ul>{nav}</ul></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By Staff Reporter</p>
{body}
</article>
<aside class="related"><h2>Related Stories</h2><ul>{related}</ul></aside>
</main>
<footer><p>© 2026 Coast Herald. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li>
<li><a href="/contact">Contact us</a></li></ul></footer>
</body></html>"""


def rss(site: LocalServer, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>{STORIES.get(p, ('x', []))[0]}</title>"
        f"<link>{p if p.startswith('http') else site.url(p)}</link>"
        f"<guid>{p}</guid><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>"
        for p in paths
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Coast Herald</title><link>{site.url('/')}</link>"
        f"<description>News</description>{items}</channel></rss>"
    )


def atom(site: LocalServer, paths: list[str]) -> str:
    entries = "".join(
        f"<entry><title>{STORIES[p][0]}</title><link href=\"{site.url(p)}\"/>"
        f"<id>{site.url(p)}</id><updated>2026-11-24T08:00:00Z</updated></entry>"
        for p in paths
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Coast Herald</title><id>{site.url('/atom.xml')}</id>"
        f"<updated>2026-11-24T08:00:00Z</updated>{entries}</feed>"
    )


@pytest.fixture()
def site():
    """A news site with five articles, an RSS feed (three) and an Atom feed (two)."""
    with LocalServer() as s:
        for path, (title, paragraphs) in STORIES.items():
            s.page(path, article_page(title, paragraphs))
        s.add("/feed.xml", rss(s, list(STORIES)[:3]), content_type="application/rss+xml")
        s.add("/atom.xml", atom(s, list(STORIES)[3:]), content_type="application/atom+xml")
        yield s


@pytest.fixture()
def allow_private(monkeypatch):
    monkeypatch.setenv("MONITOR_ALLOW_PRIVATE_NETWORKS", "1")


@pytest.fixture(autouse=True)
def polite_but_quick(monkeypatch, tmp_path):
    """No per-host delay or long backoff in tests; no stray monitor.toml from the repo."""
    monkeypatch.setenv("MONITOR_FETCH__PER_HOST_DELAY", "0")
    monkeypatch.setenv("MONITOR_FETCH__BACKOFF", "0.01")
    monkeypatch.delenv("MONITOR_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)


def run(*args) -> tuple[int, str, dict | None]:
    """`monitor run ARGS --json`; returns (exit code, output, summary)."""
    result = runner.invoke(app, ["run", *map(str, args), "--json"], catch_exceptions=False)
    lines = [x for x in result.output.splitlines() if x.startswith('{"run_id"')]
    summary = json.loads(lines[-1]) if lines else None
    return result.exit_code, result.output, summary


def q(path: Path, sql: str, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_rss_feed_lands_every_article_then_nothing_new_then_an_edit(
    prefect_api, site, allow_private, tmp_path
):
    wh = tmp_path / "w.duckdb"
    feed = site.url("/feed.xml")
    code, out, summary = run(feed, "--warehouse", wh)
    assert code == 0, out
    # the feed's three items are the inputs, not the feed itself
    assert (summary["inputs"], summary["new"], summary["rejected"]) == (3, 3, 0), summary
    rows = dict(q(wh, "SELECT url, clean_text FROM articles"))
    assert set(rows) == {site.url(p) for p in list(STORIES)[:3]}
    for path in list(STORIES)[:3]:
        title, paragraphs = STORIES[path]
        text = rows[site.url(path)]
        for p in paragraphs:
            assert p in text, (path, p)
        for junk in ("Subscribe", "Related Stories", "Storm closes bridge", "All rights reserved",
                     "Privacy policy"):
            assert junk not in text, (path, junk)
    assert q(wh, "SELECT count(*), min(version) FROM article_versions") == [(3, 1)]
    (source,) = {r[0] for r in q(wh, "SELECT source_id FROM articles")}
    assert source, "articles of one site share a source"

    code, out, summary = run(feed, "--warehouse", wh)
    assert code == 0, out
    assert (summary["new"], summary["changed"], summary["unchanged"]) == (0, 0, 3), summary
    assert q(wh, "SELECT count(*) FROM articles") == [(3,)]
    assert q(wh, "SELECT count(*) FROM article_versions") == [(3,)]

    title, paragraphs = STORIES["/news/harbour.html"]
    corrected = [p.replace("1.2 million", "1.4 million") for p in paragraphs]
    site.edit("/news/harbour.html", article_page(title, corrected))
    # Another page changes only around the article (a new nav entry): no new version.
    rail_title, rail_paragraphs = STORIES["/news/rail.html"]
    site.edit("/news/rail.html",
              article_page(rail_title, rail_paragraphs).replace("<li><a href=\"/home\">",
                                                                "<li><a href=\"/live\">Live</a>"
                                                                "</li><li><a href=\"/home\">"))
    code, out, summary = run(feed, "--warehouse", wh)
    assert code == 0, out
    assert (summary["new"], summary["changed"], summary["unchanged"]) == (0, 1, 2), summary
    versions = q(
        wh,
        """SELECT v.version, v.clean_text FROM article_versions v JOIN articles a
           USING (article_id) WHERE a.url = ? ORDER BY v.version""",
        [site.url("/news/harbour.html")],
    )
    assert [v for v, _ in versions] == [1, 2]
    assert "1.2 million containers" in versions[0][1]
    assert "1.4 million containers" in versions[1][1]
    assert "1.2 million" not in versions[1][1]
    (current,) = q(wh, "SELECT clean_text FROM articles WHERE url = ?",
                   [site.url("/news/harbour.html")])[0]
    assert "1.4 million containers" in current
    values = {r[0] for r in q(wh, "SELECT n.value FROM numbers n JOIN articles a USING "
                                  "(article_id) WHERE a.url = ?", [site.url("/news/harbour.html")])}
    assert 1_400_000 in values and 1_200_000 not in values
    assert q(wh, "SELECT count(*) FROM article_versions") == [(4,)]
    assert site.hits("/news/rail.html") == 3, "the re-fetched page was compared, not skipped"


def test_after_an_upgrade_a_feed_and_its_pages_are_fetched_whole_and_read_again(
    prefect_api, site, allow_private, tmp_path
):
    """A feed the server says has not changed would hide its items, and a page answered 304
    would keep rows another version of monitor made: after an upgrade the run asks for every
    address whole (no If-None-Match) and reads each page again; the run after that asks again
    whether they changed."""
    wh = tmp_path / "w.duckdb"
    feed = site.url("/feed.xml")
    code, out, summary = run(feed, "--warehouse", wh)
    assert code == 0 and summary["new"] == 3, out
    con = duckdb.connect(str(wh))
    con.execute("UPDATE articles SET processed_by = 'an older monitor'")
    con.execute("UPDATE claims SET attribution = 'none'")
    con.close()
    asked = len(site.seen())
    code, out, summary = run(feed, "--warehouse", wh)
    assert code == 0, out
    assert (summary["new"], summary["changed"], summary["unchanged"]) == (0, 3, 0), summary
    upgraded = [r for r in site.seen()[asked:] if r.path != "/robots.txt"]
    assert len(upgraded) == 4 and all(r.status == 200 for r in upgraded)
    assert not any("If-None-Match" in r.headers or "if-none-match" in r.headers
                   for r in upgraded)
    assert q(wh, "SELECT count(*) FROM claims WHERE attribution = 'named'") != [(0,)]
    assert q(wh, "SELECT count(*) FROM article_versions") == [(3,)]
    asked = len(site.seen())
    code, out, summary = run(feed, "--warehouse", wh)
    assert code == 0 and (summary["changed"], summary["unchanged"]) == (0, 3), summary
    pages = set(list(STORIES)[:3])
    assert [r.status for r in site.seen()[asked:] if r.path in pages] == [304, 304, 304]


def test_a_page_url_run_again_is_fetched_again_and_counted_unchanged(
    prefect_api, site, allow_private, tmp_path
):
    """A page given by its URL (no feed) is re-fetched on the next run, not read as a file."""
    wh = tmp_path / "w.duckdb"
    page = site.url("/news/rail.html")
    code, out, summary = run(page, "--warehouse", wh)
    assert code == 0, out
    assert (summary["inputs"], summary["new"], summary["rejected"]) == (1, 1, 0), summary
    (seen,) = q(wh, "SELECT last_seen_at FROM articles")[0]
    code, out, summary = run(page, "--warehouse", wh)
    assert code == 0, out
    assert (summary["new"], summary["changed"], summary["unchanged"], summary["rejected"]) == (
        0, 0, 1, 0), summary  # fmt: skip
    assert q(wh, "SELECT count(*) FROM rejects") == [(0,)]
    assert site.hits("/news/rail.html") == 2
    (seen_again,) = q(wh, "SELECT last_seen_at FROM articles")[0]
    assert seen_again > seen  # seen by the second run


def test_a_rerun_over_a_folder_and_a_url_counts_every_input_unchanged_once(
    prefect_api, site, allow_private, tmp_path
):
    """Files and a page in one run: on the re-run the files are unchanged by their bytes and
    the page by its 304, and the summary counts all three inputs, each once."""
    wh = tmp_path / "w.duckdb"
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text("Port volumes rose 5% to 1.2 million containers.\n", "utf-8")
    (folder / "b.txt").write_text("The rail line carried 3 million passengers.\n", "utf-8")
    page = site.url("/news/rail.html")
    code, out, first = run(folder, page, "--warehouse", wh)
    assert code == 0, out
    assert (first["inputs"], first["new"], first["unchanged"]) == (3, 3, 0), first
    code, out, again = run(folder, page, "--warehouse", wh)
    assert code == 0, out
    assert (again["inputs"], again["new"], again["changed"], again["unchanged"]) == (3, 0, 0, 3), again
    assert site.seen("/news/rail.html")[-1].status == 304


def test_two_addresses_of_one_article_land_once_and_stay_one(
    prefect_api, site, allow_private, tmp_path
):
    """An AMP copy declaring the page as canonical lands as the same article, once, in both
    runs; on the next run the copy's address, though no article's origin, is asked only for
    changes, as the page's own is, and its 304 counts it unchanged."""
    wh = tmp_path / "w.duckdb"
    page = site.url("/news/rail.html")
    title, paragraphs = STORIES["/news/rail.html"]
    amp = article_page(title, paragraphs).replace(
        "<head>", f'<head><link rel="canonical" href="{page}">', 1
    )
    site.page("/amp/rail.html", amp)
    for _ in range(2):
        code, out, summary = run(site.url("/amp/rail.html"), page, "--warehouse", wh)
        assert code == 0, out
        assert summary["new"] + summary["unchanged"] == 2 and summary["rejected"] == 0, summary
        assert q(wh, "SELECT count(*), min(url) FROM articles") == [(1, page)]
        assert q(wh, "SELECT count(*) FROM article_versions") == [(1,)]
    assert (summary["new"], summary["changed"], summary["unchanged"]) == (0, 0, 2), summary
    for path in ("/amp/rail.html", "/news/rail.html"):
        first, second = site.seen(path)
        assert "if-none-match" not in {k.lower() for k in first.headers}
        assert "if-none-match" in {k.lower() for k in second.headers}, path
        assert second.status == 304, path


def test_atom_feed_lands_every_article(prefect_api, site, allow_private, tmp_path):
    wh = tmp_path / "w.duckdb"
    code, out, summary = run(site.url("/atom.xml"), "--warehouse", wh)
    assert code == 0 and summary, out
    assert (summary["new"], summary["rejected"]) == (2, 0), summary
    rows = dict(q(wh, "SELECT url, clean_text FROM articles"))
    assert set(rows) == {site.url(p) for p in list(STORIES)[3:]}
    for path in list(STORIES)[3:]:
        assert STORIES[path][1][1] in rows[site.url(path)]
        assert "Mayor opens new cycle lanes" not in rows[site.url(path)]


def test_without_the_variable_a_loopback_feed_is_refused_with_a_reason(
    prefect_api, site, tmp_path, monkeypatch
):
    monkeypatch.delenv("MONITOR_ALLOW_PRIVATE_NETWORKS", raising=False)
    wh = tmp_path / "w.duckdb"
    feed = site.url("/feed.xml")
    result = runner.invoke(app, ["run", feed, "--warehouse", str(wh)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "refused" in out and "loopback" in out and "MONITOR_ALLOW_PRIVATE_NETWORKS" in out
    assert site.hits("/feed.xml") == 0, "no request reaches a refused address"
    assert q(wh, "SELECT count(*) FROM articles") == [(0,)]
    ((origin, reason),) = q(wh, "SELECT origin, reason FROM rejects")
    assert origin == feed and "loopback" in reason


def test_feed_item_at_a_metadata_address_is_refused_the_others_land(
    prefect_api, site, allow_private, tmp_path
):
    wh = tmp_path / "w.duckdb"
    metadata = "http://169.254.169.254/latest/meta-data/iam/"
    site.add("/mixed.xml", rss(site, ["/news/rail.html", metadata, "/news/library.html"]),
             content_type="application/rss+xml")
    code, out, summary = run(site.url("/mixed.xml"), "--warehouse", wh)
    assert code == 0, out
    assert (summary["new"], summary["rejected"]) == (2, 1), summary
    rejects = dict(q(wh, "SELECT origin, reason FROM rejects"))
    assert "metadata" in rejects[metadata] and "refused" in rejects[metadata]
    assert {r[0] for r in q(wh, "SELECT url FROM articles")} == {
        site.url("/news/rail.html"), site.url("/news/library.html")
    }


def test_broken_items_become_rejects_and_the_run_completes(
    prefect_api, site, allow_private, tmp_path, monkeypatch
):
    monkeypatch.setenv("MONITOR_FETCH__READ_TIMEOUT", "0.5")
    monkeypatch.setenv("MONITOR_FETCH__MAX_BODY_BYTES", "100000")
    wh = tmp_path / "w.duckdb"
    title, paragraphs = STORIES["/news/library.html"]
    site.page("/slow.html", article_page(title, paragraphs), delay=3)
    site.page("/huge.html", article_page(title, paragraphs * 400))  # ~160 kB
    site.add("/broken.html", "<html><body>oops</body></html>", status=500)
    site.add("/data.json", '{"story": "not a page"}', content_type="application/json")
    site.add("/report.pdf", b"%PDF-1.7 not really", content_type="application/pdf")
    site.redirect("/old/schools", "/news/schools.html", status=301)
    items = ["/news/budget.html", "/missing.html", "/broken.html", "/data.json",
             "/report.pdf", "/old/schools", "/slow.html", "/huge.html"]
    site.add("/bad.xml", rss(site, items), content_type="application/rss+xml")
    code, out, summary = run(site.url("/bad.xml"), "--warehouse", wh)
    assert code == 0, out
    assert summary["status"] == "completed", summary
    assert (summary["new"], summary["rejected"]) == (2, 6), summary
    rejects = dict(q(wh, "SELECT origin, reason FROM rejects"))
    assert "404" in rejects[site.url("/missing.html")]
    assert "500" in rejects[site.url("/broken.html")]
    assert site.hits("/broken.html") >= 2, "a 5xx is retried before it becomes a reject"
    assert "application/json" in rejects[site.url("/data.json")]
    assert "application/pdf" in rejects[site.url("/report.pdf")]
    assert "timeout" in rejects[site.url("/slow.html")]
    assert "larger than 100000 bytes" in rejects[site.url("/huge.html")]
    urls = {r[0] for r in q(wh, "SELECT url FROM articles")}
    assert site.url("/news/budget.html") in urls
    assert site.url("/news/schools.html") in urls, "a redirect lands under its final URL"


def test_watch_list_in_monitor_toml_is_what_a_run_without_arguments_ingests(
    prefect_api, site, allow_private, tmp_path, monkeypatch
):
    wh = tmp_path / "w.duckdb"
    (tmp_path / "monitor.toml").write_text(
        f'[run]\nwarehouse = "{wh}"\n\n[watch]\nfeeds = ["{site.url("/atom.xml")}"]\n'
        f'urls = ["{site.url("/news/rail.html")}"]\n',
        encoding="utf-8",
    )
    code, out, summary = run()
    assert code == 0, out
    assert summary["new"] == 3, summary
    assert {r[0] for r in q(wh, "SELECT url FROM articles")} == {
        site.url("/news/budget.html"), site.url("/news/library.html"),
        site.url("/news/rail.html"),
    }
    # MONITOR_CONFIG names the file from anywhere.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    config = tmp_path / "other.toml"
    wh2 = tmp_path / "w2.duckdb"
    config.write_text(
        f'[run]\nwarehouse = "{wh2}"\n\n[watch]\nfeeds = ["{site.url("/feed.xml")}"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("MONITOR_CONFIG", str(config))
    monkeypatch.chdir(elsewhere)
    code, out, summary = run()
    assert code == 0, out
    assert summary["new"] == 3, summary
    assert {r[0] for r in q(wh2, "SELECT url FROM articles")} == {
        site.url(p) for p in list(STORIES)[:3]
    }


def test_private_links_in_a_feed_are_refused_also_after_a_redirect(
    prefect_api, site, tmp_path, monkeypatch
):
    """Only the feed's own host is allowed (allowed_networks): items at private addresses are
    refused with the reason and the hint, directly or behind a redirect; the others land."""
    monkeypatch.delenv("MONITOR_ALLOW_PRIVATE_NETWORKS", raising=False)
    monkeypatch.setenv("MONITOR_FETCH__ALLOWED_NETWORKS", '["127.0.0.1/32"]')
    wh = tmp_path / "w.duckdb"
    intranet = "http://10.20.30.40/internal/payroll.html"
    site.redirect("/go/payroll", "http://192.168.1.10/admin")
    site.add("/links.xml", rss(site, ["/news/rail.html", intranet, "/go/payroll"]),
             content_type="application/rss+xml")
    code, out, summary = run(site.url("/links.xml"), "--warehouse", wh)
    assert code == 0, out
    assert (summary["new"], summary["rejected"]) == (1, 2), summary
    rejects = dict(q(wh, "SELECT origin, reason FROM rejects"))
    assert "10.20.30.40 is a private address" in rejects[intranet]
    assert "MONITOR_ALLOW_PRIVATE_NETWORKS" in rejects[intranet]
    assert "192.168.1.10" in rejects[site.url("/go/payroll")]
    assert "private" in rejects[site.url("/go/payroll")]
    assert [r[0] for r in q(wh, "SELECT url FROM articles")] == [site.url("/news/rail.html")]

"""RSS and Atom feeds over real HTTP on 127.0.0.1: items, links, types, and unsafe item links."""

from __future__ import annotations

from pathlib import Path

import pytest
from httpserver import LocalServer

from monitor.fetch import ALLOW_ENV, FeedItem, Fetcher, FetchRejected

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
FAST = {"retries": 1, "backoff": 0.01, "per_host_delay": 0.0, "per_host_concurrency": 4}
ARTICLE = "<!doctype html><html><body><article><p>{}</p></article></body></html>"


def feed_text(name: str, base: str) -> str:
    """A fixture feed with its links pointing at the test server."""
    return (FEEDS / name).read_text("utf-8").replace("{base}", base)


@pytest.fixture
def site():
    """A news site on 127.0.0.1 with an RSS feed, an Atom feed and the articles they list."""
    with LocalServer() as server:
        server.add(
            "/rss.xml",
            feed_text("rss.xml", server.base_url),
            content_type="application/rss+xml; charset=utf-8",
        )
        server.add(
            "/atom.xml", feed_text("atom.xml", server.base_url), content_type="application/atom+xml"
        )
        for slug in ("exports", "exports-zh", "rates", "port"):
            server.page(f"/news/{slug}.html", ARTICLE.format(f"Article {slug}"))
        yield server


@pytest.fixture
def fetcher(monkeypatch):
    """Loopback allowed, as in every test that talks to the local server."""
    monkeypatch.setenv(ALLOW_ENV, "1")
    with Fetcher(FAST) as f:
        yield f


def test_rss_items_have_urls_titles_dates_and_guids(site, fetcher):
    items = fetcher.fetch_feed(site.url("/rss.xml"))
    assert items == [
        FeedItem(
            site.url("/news/exports.html"),
            "Exports rose 4.2% in October",
            "2026-11-03T00:30:00+00:00",
            "ht-2026-1101",
        ),
        FeedItem(
            site.url("/news/rates.html"),
            "Central bank holds rates at 3.1%",
            "2026-11-02T17:00:00+00:00",
            site.url("/news/rates.html"),
        ),
        # no <link>: the permalink guid is the URL; no date
        FeedItem(
            site.url("/news/port.html"),
            "Port volumes: 1.2 million containers",
            None,
            site.url("/news/port.html"),
        ),
    ]


def test_atom_entries_resolve_relative_links_against_the_feed(site, fetcher):
    items = fetcher.fetch_feed(site.url("/atom.xml"))
    assert [i.url for i in items] == [
        site.url("/news/exports.html"),
        site.url("/news/exports-zh.html"),
    ]
    assert items[1].title == "出口十月增长 4.2%"
    assert items[0].published == "2026-11-03T00:30:00+00:00"  # published, in UTC
    assert items[1].published == "2026-11-03T10:15:00+00:00"  # falls back to updated
    assert items[0].guid == "urn:uuid:exports-2026-11"


def test_every_item_of_a_feed_can_be_fetched(site, fetcher):
    pages = [fetcher.fetch(item.url) for item in fetcher.fetch_feed(site.url("/rss.xml"))]
    assert [p.body for p in pages] == [
        ARTICLE.format(f"Article {slug}").encode() for slug in ("exports", "rates", "port")
    ]


def test_is_feed_tells_feeds_from_pages(site, fetcher):
    feed = fetcher.fetch(site.url("/atom.xml"), accept="any")
    page = fetcher.fetch(site.url("/news/rates.html"), accept="any")
    assert fetcher.is_feed(feed) and not fetcher.is_feed(page)
    assert fetcher.parse_feed(feed)[0].url == site.url("/news/exports.html")


def test_a_feed_served_with_a_vague_type_is_recognised_by_its_body(site, fetcher):
    site.add("/feed", feed_text("rss.xml", site.base_url), content_type="text/plain")
    site.add("/feed.xml", feed_text("atom.xml", site.base_url), content_type="text/xml")
    assert len(fetcher.fetch_feed(site.url("/feed"))) == 3
    atom = fetcher.fetch(site.url("/feed.xml"), accept="feed")
    assert fetcher.is_feed(atom)
    assert (
        fetcher.parse_feed(atom)[1].title == "出口十月增长 4.2%"
    )  # UTF-8 from the XML declaration


def test_a_page_given_as_a_feed_is_rejected_with_a_reason(site, fetcher):
    with pytest.raises(FetchRejected, match="content type text/html is not a feed"):
        fetcher.fetch_feed(site.url("/news/rates.html"))


def test_xml_that_is_not_a_feed_is_rejected_with_a_reason(site, fetcher):
    site.add(
        "/sitemap.xml",
        '<?xml version="1.0"?><urlset><url/></urlset>',
        content_type="application/xml",
    )
    with pytest.raises(FetchRejected, match="content type application/xml is not a feed"):
        fetcher.fetch_feed(site.url("/sitemap.xml"))
    with pytest.raises(FetchRejected, match="is not HTML or a feed"):
        fetcher.fetch(site.url("/sitemap.xml"), accept="any")


def test_broken_feed_xml_is_rejected_with_a_reason(site, fetcher):
    site.add("/broken.xml", "this is not xml at all", content_type="application/rss+xml")
    with pytest.raises(FetchRejected, match="not a valid feed"):
        fetcher.fetch_feed(site.url("/broken.xml"))


def test_a_gzipped_feed_is_read(site, fetcher):
    site.add(
        "/gz.xml",
        feed_text("rss.xml", site.base_url),
        content_type="application/rss+xml",
        gzip=True,
    )
    assert len(fetcher.fetch_feed(site.url("/gz.xml"))) == 3
    assert site.seen("/gz.xml")[0].gzipped


def test_an_unchanged_feed_yields_no_items_on_a_conditional_fetch(site, fetcher):
    first = fetcher.fetch(site.url("/rss.xml"), accept="feed")
    again = fetcher.fetch(site.url("/rss.xml"), etag=first.etag, accept="feed")
    assert again.not_modified and fetcher.parse_feed(again) == []


def test_a_feed_item_pointing_at_a_private_address_is_refused(site, monkeypatch):
    site.add(
        "/private.xml",
        feed_text("private-links.xml", site.base_url),
        content_type="application/rss+xml",
    )
    monkeypatch.setenv(ALLOW_ENV, "1")
    with Fetcher(FAST) as fetcher:
        items = fetcher.fetch_feed(site.url("/private.xml"))
        monkeypatch.delenv(ALLOW_ENV)  # items are judged when they are fetched
        reasons = {}
        for item in items:
            with pytest.raises(FetchRejected) as info:
                fetcher.fetch(item.url)
            reasons[item.title] = str(info.value)
    hint = f"(set {ALLOW_ENV}=1 to allow)"
    assert reasons == {
        "Fine article": f"refused: 127.0.0.1 is a loopback address {hint}",
        "Intranet": f"refused: 10.0.0.7 is a private address {hint}",
        "Instance metadata": "refused: 169.254.169.254 is a cloud metadata address",
        "Localhost by name": f"refused: localhost resolves to 127.0.0.1, a loopback address {hint}",
    }
    assert site.hits("/news/exports.html") == 0


def test_a_feed_on_a_private_address_is_refused_without_the_variable(site, monkeypatch):
    monkeypatch.delenv(ALLOW_ENV, raising=False)
    with Fetcher(FAST) as fetcher, pytest.raises(FetchRejected) as info:
        fetcher.fetch_feed(site.url("/rss.xml"))
    assert (
        str(info.value) == f"refused: 127.0.0.1 is a loopback address (set {ALLOW_ENV}=1 to allow)"
    )
    assert site.seen() == []

"""Fetching pages over real HTTP on 127.0.0.1: safety, limits, caching, retries, politeness."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from importlib import metadata

import pytest
from httpserver import LocalServer

from monitor.fetch import ALLOW_ENV, Fetcher, FetchRejected, looks_like_url, parse_robots

# Tiny waits so retries and politeness are exercised without slowing the suite.
FAST = {
    "connect_timeout": 2.0,
    "read_timeout": 2.0,
    "retries": 2,
    "backoff": 0.01,
    "max_backoff": 0.05,
    "per_host_delay": 0.0,
    "per_host_concurrency": 4,
    "respect_robots": True,
}
ARTICLE = "<!doctype html><html><head><title>Exports</title></head><body><p>{}</p></body></html>"


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1, stopped at test end."""
    with LocalServer() as server:
        yield server


@pytest.fixture
def allow_private(monkeypatch):
    """The test server is on loopback: allow it, as the issue says tests do."""
    monkeypatch.setenv(ALLOW_ENV, "1")


@pytest.fixture
def fetcher(allow_private):
    """A fetcher with tiny delays."""
    with Fetcher(FAST) as f:
        yield f


def rejection(fetcher: Fetcher, url: str, **kwargs) -> FetchRejected:
    """The FetchRejected a fetch raises (fails the test when it does not)."""
    with pytest.raises(FetchRejected) as info:
        fetcher.fetch(url, **kwargs)
    return info.value


# --- pages --------------------------------------------------------------------------------


def test_page_is_fetched_with_a_clear_user_agent(site, fetcher):
    site.page("/news/exports.html", ARTICLE.format("Exports rose 4.2%"))
    result = fetcher.fetch(site.url("/news/exports.html"))
    assert result.status == 200 and not result.not_modified
    assert b"Exports rose 4.2%" in result.body
    assert result.content_type == "text/html" and result.charset == "utf-8"
    assert result.url == result.final_url == site.url("/news/exports.html")
    assert result.etag and result.last_modified
    agent = site.seen("/news/exports.html")[0].headers["user-agent"]
    assert agent.startswith(f"monitor/{metadata.version('monitor')}")


def test_user_agent_names_the_contact_when_configured(site, allow_private):
    site.page("/a", ARTICLE.format("a"))
    with Fetcher({**FAST, "contact": "https://example.org/monitor"}) as f:
        f.fetch(site.url("/a"))
    assert site.seen("/a")[0].headers["user-agent"].endswith("(+https://example.org/monitor)")


def test_gzip_bodies_arrive_decompressed(site, fetcher):
    text = ARTICLE.format("Port volumes reached 1.2 million containers. " * 200)
    site.page("/big.html", text, gzip=True)
    result = fetcher.fetch(site.url("/big.html"))
    assert result.body == text.encode()
    seen = site.seen("/big.html")[0]
    assert "gzip" in seen.headers["accept-encoding"] and seen.gzipped


def test_html_without_a_content_type_is_recognised_by_its_body(site, fetcher):
    site.add("/untyped", ARTICLE.format("no header"), content_type=None)
    assert b"no header" in fetcher.fetch(site.url("/untyped")).body


@pytest.mark.parametrize(
    ("content_type", "reason"),
    [
        ("application/pdf", "content type application/pdf is not HTML"),
        ("image/png", "content type image/png is not HTML"),
        ("application/rss+xml", "content type application/rss+xml is not HTML"),
        ("text/plain; charset=utf-8", "content type text/plain is not HTML"),
    ],
)
def test_wrong_content_types_are_rejected_with_a_reason(site, fetcher, content_type, reason):
    site.add("/file", b"%PDF-1.7 not a page", content_type=content_type)
    assert str(rejection(fetcher, site.url("/file"))) == reason


def test_https_works_through_the_address_guard(allow_private):
    """The socket connects to a vetted IP; TLS still checks the certificate for the name."""
    pytest.importorskip("cryptography")
    with LocalServer(tls=True) as secure:
        secure.page("/a.html", ARTICLE.format("over TLS"))
        assert secure.url("/a.html").startswith("https://localhost:")
        with Fetcher({**FAST, "ca_bundle": secure.ca_file}) as trusting:
            assert b"over TLS" in trusting.fetch(secure.url("/a.html")).body
        with Fetcher(FAST) as default:
            exc = rejection(default, secure.url("/a.html"))
    assert str(exc).startswith("TLS certificate not trusted")


# --- redirects ----------------------------------------------------------------------------


def test_redirects_are_followed_to_the_final_url(site, fetcher):
    site.page("/news/exports.html", ARTICLE.format("final"))
    site.redirect("/short", "/r2", status=301)  # relative Location
    site.redirect("/r2", site.url("/news/exports.html"), status=307)
    result = fetcher.fetch(site.url("/short"))
    assert result.url == site.url("/short")
    assert result.final_url == site.url("/news/exports.html")
    assert b"final" in result.body


def test_a_redirect_loop_is_rejected_after_one_round(site, fetcher):
    site.redirect("/loop-a", "/loop-b")
    site.redirect("/loop-b", "/loop-a")
    exc = rejection(fetcher, site.url("/loop-a"))
    assert str(exc).startswith("redirect loop:")
    assert site.hits("/loop-a") == 1 and site.hits("/loop-b") == 1


def test_too_many_redirects_are_rejected(site, allow_private):
    for i in range(8):
        site.redirect(f"/hop{i}", f"/hop{i + 1}")
    site.page("/hop8", ARTICLE.format("too far"))
    with Fetcher({**FAST, "max_redirects": 3}) as f:
        exc = rejection(f, site.url("/hop0"))
    assert str(exc).startswith("more than 3 redirects")
    assert site.hits("/hop4") == 0 and site.hits("/hop8") == 0


# --- status codes, retries, timeouts, sizes ----------------------------------------------


def test_404_is_rejected_at_once(site, fetcher):
    exc = rejection(fetcher, site.url("/missing.html"))
    assert str(exc) == "HTTP 404" and exc.status == 404
    assert site.hits("/missing.html") == 1


def test_500_is_retried_with_backoff_then_rejected(site, allow_private):
    site.page("/broken", "oops", status=500)
    started = time.monotonic()
    with Fetcher({**FAST, "backoff": 0.05, "max_backoff": 1.0}) as f:
        exc = rejection(f, site.url("/broken"))
    assert str(exc) == "HTTP 500 after 3 attempts" and exc.status == 500
    assert site.hits("/broken") == 3
    assert time.monotonic() - started >= 0.05 + 0.10  # backoff doubles


def test_a_transient_503_recovers_on_retry(site, fetcher):
    site.page("/flaky", ARTICLE.format("second time lucky"), fail_first=2, fail_status=503)
    assert b"second time lucky" in fetcher.fetch(site.url("/flaky")).body
    assert site.hits("/flaky") == 3


def test_a_429_is_retried(site, fetcher):
    site.page("/busy", ARTICLE.format("served"), fail_first=1, fail_status=429)
    assert b"served" in fetcher.fetch(site.url("/busy")).body
    assert site.hits("/busy") == 2


def test_a_slow_response_times_out_and_is_rejected(site, allow_private):
    site.page("/slow", ARTICLE.format("late"), delay=3.0)
    started = time.monotonic()
    with Fetcher({**FAST, "read_timeout": 0.3, "retries": 1}) as f:
        exc = rejection(f, site.url("/slow"))
    assert str(exc) == "read timeout (no data for 0.3 s) after 2 attempts"
    assert site.hits("/slow") == 2
    # against a hang, not a speed target: without the timeout two attempts take 6 s
    assert time.monotonic() - started < 5.5


def test_a_refused_connection_is_retried_then_rejected(allow_private):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with Fetcher(FAST) as f:
        exc = rejection(f, f"http://127.0.0.1:{port}/")
    assert str(exc).startswith("connection failed") and "after 3 attempts" in str(exc)


def test_a_body_over_the_limit_is_rejected(site, allow_private):
    site.page("/huge.html", ARTICLE.format("x" * 200_000))
    with Fetcher({**FAST, "max_body_bytes": 100_000}) as f:
        assert str(rejection(f, site.url("/huge.html"))) == "body larger than 100000 bytes"


def test_an_endless_body_without_length_is_cut_off_early(site, allow_private):
    site.add("/endless.html", "<html><body>" + "y" * 1000, stream=500_000_000)
    started = time.monotonic()
    with Fetcher({**FAST, "max_body_bytes": 100_000}) as f:
        assert str(rejection(f, site.url("/endless.html"))) == "body larger than 100000 bytes"
    assert time.monotonic() - started < 60  # against a hang: the cut-off is the rejection above


def test_a_gzip_bomb_is_limited_by_its_decompressed_size(site, allow_private):
    site.page("/bomb.html", "<html><body>" + "z" * 3_000_000, gzip=True)  # ~3 kB on the wire
    with Fetcher({**FAST, "max_body_bytes": 1_000_000}) as f:
        assert str(rejection(f, site.url("/bomb.html"))) == "body larger than 1000000 bytes"


# --- conditional requests and edits -------------------------------------------------------


def test_an_unchanged_page_answers_304_to_its_etag(site, fetcher):
    site.page("/a.html", ARTICLE.format("same"))
    first = fetcher.fetch(site.url("/a.html"))
    again = fetcher.fetch(site.url("/a.html"), etag=first.etag)
    assert again.not_modified and again.status == 304 and again.body == b""
    assert again.etag == first.etag
    assert site.seen("/a.html")[1].headers["if-none-match"] == first.etag


def test_an_unchanged_page_answers_304_to_its_last_modified(site, fetcher):
    site.page("/b.html", ARTICLE.format("same"), etag=False)
    first = fetcher.fetch(site.url("/b.html"))
    assert first.etag is None and first.last_modified
    again = fetcher.fetch(site.url("/b.html"), last_modified=first.last_modified)
    assert again.not_modified and again.body == b""


def test_an_edited_page_comes_back_with_its_new_body(site, fetcher):
    site.page("/story.html", ARTICLE.format("Exports rose 4.2% in October"))
    first = fetcher.fetch(site.url("/story.html"))
    site.edit("/story.html", ARTICLE.format("Exports rose 2.4% in October (corrected)"))
    second = fetcher.fetch(
        site.url("/story.html"), etag=first.etag, last_modified=first.last_modified
    )
    assert not second.not_modified and second.status == 200
    assert b"2.4% in October (corrected)" in second.body
    assert second.etag != first.etag and second.last_modified != first.last_modified
    third = fetcher.fetch(site.url("/story.html"), etag=second.etag)
    assert third.not_modified


# --- robots.txt ---------------------------------------------------------------------------


def test_robots_txt_disallow_is_honoured_and_cached(site, fetcher):
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.page("/private/memo.html", ARTICLE.format("secret"))
    site.page("/public.html", ARTICLE.format("open"))
    exc = rejection(fetcher, site.url("/private/memo.html"))
    assert str(exc).startswith("disallowed by robots.txt")
    assert b"open" in fetcher.fetch(site.url("/public.html")).body
    assert site.hits("/private/memo.html") == 0
    assert site.hits("/robots.txt") == 1


def test_robots_txt_is_checked_on_each_redirect_hop(site, fetcher):
    site.add("/robots.txt", "User-agent: monitor\nDisallow: /drafts\n", content_type="text/plain")
    site.redirect("/go", "/drafts/x.html")
    site.page("/drafts/x.html", ARTICLE.format("draft"))
    assert str(rejection(fetcher, site.url("/go"))).startswith("disallowed by robots.txt")
    assert site.hits("/drafts/x.html") == 0


def test_a_missing_robots_txt_allows_everything(site, fetcher):
    site.page("/a.html", ARTICLE.format("a"))
    assert fetcher.fetch(site.url("/a.html")).status == 200
    assert site.hits("/robots.txt") == 1


def test_an_erroring_robots_txt_disallows_the_site(site, fetcher):
    site.add("/robots.txt", "down", status=503, content_type="text/plain")
    site.page("/a.html", ARTICLE.format("a"))
    assert str(rejection(fetcher, site.url("/a.html"))).startswith("robots.txt unavailable")
    assert site.hits("/a.html") == 0


def test_robots_txt_can_be_switched_off(site, allow_private):
    site.add("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    site.page("/a.html", ARTICLE.format("a"))
    with Fetcher({**FAST, "respect_robots": False}) as f:
        assert f.fetch(site.url("/a.html")).status == 200
    assert site.hits("/robots.txt") == 0


ROBOTS = """
User-agent: *
Disallow: /

User-agent: Monitor
User-agent: otherbot
Disallow: /news/
Allow: /news/public/
Disallow: /*.pdf$
Disallow: /search?
"""


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/", True),  # our group replaces the '*' group
        ("/news/today.html", False),
        ("/news/public/today.html", True),  # longest match wins
        ("/files/report.pdf", False),
        ("/files/report.pdf?x=1", True),  # '$' anchors the end
        ("/search?q=rates", False),
        ("/robots.txt", True),
    ],
)
def test_robots_rules_follow_rfc_9309(path, allowed):
    assert parse_robots(ROBOTS, "monitor").allows(path) is allowed


def test_robots_falls_back_to_the_star_group():
    assert not parse_robots(ROBOTS, "somebot").allows("/anything")
    assert parse_robots("", "monitor").allows("/anything")
    # the '*' group disallows everything, yet robots.txt itself may always be read
    assert parse_robots(ROBOTS, "somebot").allows("/robots.txt")


def test_robots_comments_are_no_part_of_a_rule():
    rules = parse_robots("User-agent: *  # everyone\nDisallow: /private/ # staff only\n", "monitor")
    assert not rules.allows("/private/pay.html")
    assert rules.allows("/news/")


# --- address safety -----------------------------------------------------------------------


def test_loopback_is_refused_without_the_variable_and_nothing_is_sent(site, monkeypatch):
    monkeypatch.delenv(ALLOW_ENV, raising=False)
    site.page("/a.html", ARTICLE.format("a"))
    with Fetcher(FAST) as f:
        exc = rejection(f, site.url("/a.html"))
    assert str(exc) == (f"refused: 127.0.0.1 is a loopback address (set {ALLOW_ENV}=1 to allow)")
    assert site.seen() == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://localhost:9/", "refused: localhost resolves to 127.0.0.1, a loopback address"),
        ("http://10.0.0.7/admin", "refused: 10.0.0.7 is a private address"),
        ("http://192.168.1.1/", "refused: 192.168.1.1 is a private address"),
        ("http://169.254.10.1/", "refused: 169.254.10.1 is a link-local address"),
        ("http://[::1]:8080/", "refused: ::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "refused: ::ffff:7f00:1 is a loopback address"),
        ("http://2130706433/", "refused: 2130706433 resolves to 127.0.0.1, a loopback address"),
        ("http://224.0.0.1/", "refused: 224.0.0.1 is a multicast address"),
        ("http://0.0.0.0/", "refused: 0.0.0.0 is an unspecified address"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a cloud"),
        ("http://[fd00:ec2::254]/", "refused: fd00:ec2::254 is a cloud metadata address"),
        ("file:///etc/passwd", "refused: scheme file is not http or https"),
        ("ftp://example.org/x", "refused: scheme ftp is not http or https"),
        ("javascript:alert(1)", "refused: scheme javascript is not http or https"),
    ],
)
def test_unsafe_addresses_are_refused_with_a_reason(monkeypatch, url, reason):
    monkeypatch.delenv(ALLOW_ENV, raising=False)
    with Fetcher(FAST) as f:
        assert str(rejection(f, url)).startswith(reason)


def test_metadata_addresses_stay_refused_even_when_private_networks_are_allowed(fetcher):
    exc = rejection(fetcher, "http://169.254.169.254/latest/meta-data/")
    assert str(exc) == "refused: 169.254.169.254 is a cloud metadata address"


def test_a_redirect_to_a_private_address_is_refused(site, monkeypatch):
    # Allow only the test server's own address, so the redirect target is judged normally.
    monkeypatch.delenv(ALLOW_ENV, raising=False)
    port = site.base_url.rsplit(":", 1)[1]
    site.redirect("/to-loopback", f"http://127.0.0.2:{port}/a.html")
    site.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    with Fetcher({**FAST, "allowed_networks": ["127.0.0.1/32"]}) as f:
        loopback = rejection(f, site.url("/to-loopback"))
        metadata_ = rejection(f, site.url("/to-metadata"))
    assert str(loopback).startswith("refused: 127.0.0.2 is a loopback address")
    assert str(metadata_).startswith("refused: 169.254.169.254 is a cloud metadata address")
    assert site.hits("/to-loopback") == 1


def test_the_variable_is_read_at_call_time(site, monkeypatch):
    site.page("/a.html", ARTICLE.format("a"))
    with Fetcher(FAST) as f:
        monkeypatch.setenv(ALLOW_ENV, "1")
        assert f.fetch(site.url("/a.html")).status == 200
        monkeypatch.delenv(ALLOW_ENV)
        assert "loopback" in str(rejection(f, site.url("/a.html")))  # pooled socket not reused
    assert site.hits("/a.html") == 1


def test_an_address_that_changes_after_the_check_is_refused_at_connect(site, monkeypatch):
    """DNS rebinding: the name looks public when checked, then points at loopback."""
    monkeypatch.delenv(ALLOW_ENV, raising=False)
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["93.184.216.34", "127.0.0.1"])  # public first, loopback afterwards

    def rebinding(host, port, *args, **kwargs):
        if host != "news.rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    site.page("/a.html", ARTICLE.format("a"))
    port = site.base_url.rsplit(":", 1)[1]
    with Fetcher({**FAST, "respect_robots": False, "retries": 0}) as f:
        exc = rejection(f, f"http://news.rebind.test:{port}/a.html")
    assert str(exc).startswith("refused: news.rebind.test resolves to 127.0.0.1, a loopback")
    assert site.seen() == []


# --- politeness ---------------------------------------------------------------------------


def fetch_in_threads(fetcher: Fetcher, urls: list[str]) -> None:
    """Fetch URLs at once from several threads; re-raise the first failure."""
    errors: list[BaseException] = []

    def one(url: str) -> None:
        try:
            fetcher.fetch(url)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(u,)) for u in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert not errors, errors


@pytest.mark.parametrize("limit", [1, 2])
def test_requests_to_one_host_respect_the_concurrency_limit(site, allow_private, limit):
    for i in range(4):
        site.page(f"/p{i}.html", ARTICLE.format(i), delay=0.15)
    with Fetcher({**FAST, "per_host_concurrency": limit, "respect_robots": False}) as f:
        fetch_in_threads(f, [site.url(f"/p{i}.html") for i in range(4)])
    assert site.max_in_flight() == limit


def test_requests_to_one_host_are_spaced_by_the_delay(site, allow_private):
    for i in range(3):
        site.page(f"/p{i}.html", ARTICLE.format(i))
    with Fetcher({**FAST, "per_host_delay": 0.2, "respect_robots": False}) as f:
        fetch_in_threads(f, [site.url(f"/p{i}.html") for i in range(3)])
    starts = sorted(r.at for r in site.seen())
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    # Starts are 0.2 s apart on the client; allow for connection set-up jitter on arrival.
    assert len(gaps) == 2 and min(gaps) >= 0.12 and starts[-1] - starts[0] >= 0.35


# --- helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.wsj.com/articles/x", True),
        ("HTTP://example.org", True),
        ("http://127.0.0.1:8000/feed.xml", True),
        ("seeds/article.html", False),
        ("/home/user/inbox", False),
        ("www.example.org/news", False),
        ("ftp://example.org/x", False),
        ("https://", False),
        ("C:\\news\\a.html", False),
    ],
)
def test_looks_like_url(text, expected):
    assert looks_like_url(text) is expected

"""The only module that touches the network: pages and feeds over HTTP, safely and politely.

Every request goes through one `Fetcher`: only http/https, each hop of a redirect chain checked
(scheme, address, robots.txt), private/loopback/link-local/multicast/reserved addresses refused
unless MONITOR_ALLOW_PRIVATE_NETWORKS=1 or settings allowed_networks say otherwise, cloud metadata
addresses refused always (checked before each request and again when the socket connects, so
DNS rebinding cannot slip through), bounded bodies, bounded retries with backoff, conditional
requests, and per-host concurrency and delay. Anything unusable raises `FetchRejected`, whose
text is the reason for the rejects table.

    with Fetcher() as fetcher:                      # one per process: politeness is per Fetcher
        result = fetcher.fetch(url, accept="any", etag=old_etag)
        if result.not_modified: ...                 # nothing new
        elif fetcher.is_feed(result):
            for item in fetcher.parse_feed(result):
                page = fetcher.fetch(item.url)      # the item's address is checked here
"""

from __future__ import annotations

import calendar
import ipaddress
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib import metadata
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import feedparser
import httpcore
import httpx

from monitor.settings import defaults, load_settings

ALLOW_ENV = "MONITOR_ALLOW_PRIVATE_NETWORKS"
_ALLOW_HINT = f"(set {ALLOW_ENV}=1 to allow)"
# Cloud instance-metadata endpoints: refused always, whatever the settings say.
_METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200")
)
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
# Content types that say nothing; the body is sniffed instead.
_VAGUE_TYPES = frozenset({None, "application/octet-stream", "text/plain", "binary/octet-stream"})
# XML that may or may not be a feed: the body must look like one.
_GENERIC_XML = frozenset({"application/xml", "text/xml"})
_ACCEPT_HEADERS = {
    "page": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,"
    "*/*;q=0.1",
    "any": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1",
    "robots": "text/plain,*/*;q=0.1",
}
_HTML_SNIFF = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_FEED_SNIFF = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_JSON_FEED_SNIFF = re.compile(rb'"version"\s*:\s*"https?://jsonfeed\.org', re.IGNORECASE)
_ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least 500 KiB, ignore the rest


class FetchRejected(Exception):
    """An input the monitor will not use; str(exc) is the reason for the rejects table."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.status = status  # HTTP status when the server answered, else None


@dataclass(frozen=True)
class FetchResult:
    """One successful GET: the body (b"" when not modified) and what caching needs next time."""

    url: str
    final_url: str
    status: int
    content_type: str | None
    charset: str | None
    body: bytes
    etag: str | None
    last_modified: str | None
    not_modified: bool


@dataclass(frozen=True)
class FeedItem:
    """One entry of an RSS/Atom feed; its URL is checked only when it is fetched."""

    url: str
    title: str | None
    published: str | None  # ISO 8601 (UTC) when the feed's date parses, else as written
    guid: str | None


def looks_like_url(s: str) -> bool:
    """True for an http(s) URL with a host, so the CLI can tell URLs from paths."""
    try:
        parts = urlsplit(s.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


# --- address safety -------------------------------------------------------------------------


def _private_allowed() -> bool:
    """Read the escape hatch at call time, so tests and operators can flip it."""
    return os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def _address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not on the public internet, or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in _METADATA_ADDRESSES:
        return "a cloud metadata address"
    checks = (
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    )
    return next((kind for bad, kind in checks if bad), None)


@dataclass(frozen=True)
class _AddressPolicy:
    """Which addresses may be contacted: public ones, plus allowed_networks, plus all if env."""

    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    def problem(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
        """The refusal kind for an address, or None when it may be contacted."""
        kind = _address_kind(ip)
        if kind is None or kind == "a cloud metadata address":
            return kind
        if _private_allowed() or any(ip in net for net in self.allowed_networks):
            return None
        return kind

    def check(self, host: str, port: int) -> list[str]:
        """Resolve a host and refuse it if any address is off-limits; returns the addresses."""
        literal = _ip_literal(host)
        if literal is not None:
            kind = self.problem(literal)
            if kind:
                raise FetchRejected(_refusal(f"{literal} is {kind}", kind))
            return [str(literal)]
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchRejected(f"cannot resolve host {host}: {exc}") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            kind = self.problem(ip)
            if kind:
                raise FetchRejected(_refusal(f"{host} resolves to {ip}, {kind}", kind))
        return addresses


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _refusal(what: str, kind: str) -> str:
    hint = "" if kind == "a cloud metadata address" else f" {_ALLOW_HINT}"
    return f"refused: {what}{hint}"


class _GuardedBackend(httpcore.SyncBackend):
    """Checks the addresses a socket really connects to (defeats DNS rebinding)."""

    def __init__(self, policy: _AddressPolicy) -> None:
        self._policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        """Resolve, refuse off-limits addresses, then connect to a vetted address."""
        addresses = self._policy.check(host, port)
        error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or httpcore.ConnectError(f"no address for {host}")


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on the guarded network backend."""

    def __init__(self, policy: _AddressPolicy, limits: httpx.Limits, ca_bundle: str = "") -> None:
        # Not calling super().__init__: it would build (and throw away) a second pool and TLS
        # context; handle_request/close only need self._pool.
        ssl_context = httpx.create_ssl_context(trust_env=False)
        if ca_bundle:
            ssl_context.load_verify_locations(cafile=ca_bundle)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(policy),
        )


# --- robots.txt (RFC 9309) ------------------------------------------------------------------


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one host's robots.txt that apply to us (longest match wins, allow on ties)."""

    rules: tuple[tuple[bool, re.Pattern[str], int], ...] = ()
    disallow_all: str | None = None  # reason when the file could not be read

    def allows(self, path: str) -> bool:
        """Whether a path (with query) may be fetched."""
        if self.disallow_all is not None:
            return False
        if path == "/robots.txt":
            return True
        best: tuple[int, bool] | None = None
        for allow, pattern, length in self.rules:
            if pattern.match(path) and (best is None or (length, allow) > best):
                best = (length, allow)
        return True if best is None else best[1]


def _robots_pattern(value: str) -> re.Pattern[str]:
    anchored = value.endswith("$")
    body = value[:-1] if anchored else value
    regex = ".*".join(re.escape(part) for part in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""))


def parse_robots(text: str, product: str) -> RobotsRules:
    """Rules for `product` (else for '*') from a robots.txt body."""
    groups: list[tuple[set[str], list[tuple[bool, str]]]] = []
    in_agents = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if not in_agents:
                groups.append((set(), []))
                in_agents = True
            groups[-1][0].add(value.lower())
        elif key in ("allow", "disallow"):
            in_agents = False
            if groups and value:
                groups[-1][1].append((key == "allow", value))
    product = product.lower()
    chosen = [rules for agents, rules in groups if product in agents]
    if not chosen:
        chosen = [rules for agents, rules in groups if "*" in agents]
    rules = tuple(
        (allow, _robots_pattern(value), len(value)) for group in chosen for allow, value in group
    )
    return RobotsRules(rules=rules)


# --- politeness -----------------------------------------------------------------------------


class _HostGate:
    """At most N requests in flight per host, and a minimum gap between request starts."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self._concurrency = max(1, int(concurrency))
        self._delay = max(0.0, float(delay))
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of the host's slots, starting no sooner than its delay allows."""
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self._concurrency))
        semaphore.acquire()
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, 0.0))
                self._next_start[host] = start + self._delay
            if start > now:
                time.sleep(start - now)
            yield
        finally:
            semaphore.release()


# --- the fetcher ----------------------------------------------------------------------------


class _Retry(Exception):
    """A failure worth another attempt (timeout, connection error, 429/5xx)."""

    def __init__(self, reason: str, status: int | None = None, wait: float | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.wait = wait


@dataclass
class _Hop:
    """What one request of a redirect chain produced."""

    status: int
    location: str | None = None
    result: FetchResult | None = None


def _version() -> str:
    try:
        return metadata.version("monitor")
    except metadata.PackageNotFoundError:
        return "0"


def _fetch_defaults() -> dict[str, Any]:
    """The packaged [fetch] defaults, without any user file or environment."""
    return dict(defaults()["fetch"])


def _media_type(header: str | None) -> str | None:
    if not header:
        return None
    return header.split(";", 1)[0].strip().lower() or None


def _charset(header: str | None) -> str | None:
    match = re.search(r";\s*charset\s*=\s*\"?([^\";\s]+)", header or "", re.IGNORECASE)
    return match.group(1).lower() if match else None


def _head(body: bytes) -> bytes:
    return body[:4096].lstrip(b"\xef\xbb\xbf")


def _iso_from_struct(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    stamp = calendar.timegm(parsed)
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(stamp))


class Fetcher:
    """One httpx client with the monitor's safety, caching and politeness rules; thread-safe."""

    def __init__(self, settings: dict | None = None) -> None:
        base = _fetch_defaults()
        given = load_settings().fetch if settings is None else settings
        self.settings: dict[str, Any] = {**base, **given}
        s = self.settings
        self._policy = _AddressPolicy(
            tuple(ipaddress.ip_network(n, strict=False) for n in s["allowed_networks"])
        )
        self._gate = _HostGate(s["per_host_concurrency"], s["per_host_delay"])
        self._page_types = frozenset(t.lower() for t in s["page_types"])
        self._feed_types = frozenset(t.lower() for t in s["feed_types"])
        contact = str(s.get("contact") or "").strip()
        self.user_agent = str(s.get("user_agent") or "").strip() or (
            f"monitor/{_version()} (+{contact})" if contact else f"monitor/{_version()}"
        )
        self._robots: dict[str, tuple[float, RobotsRules]] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._robots_guard = threading.Lock()
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
        self._client = httpx.Client(
            transport=_GuardedTransport(self._policy, limits, str(s.get("ca_bundle") or "")),
            timeout=httpx.Timeout(
                connect=float(s["connect_timeout"]),
                read=float(s["read_timeout"]),
                write=float(s["read_timeout"]),
                pool=float(s["connect_timeout"]) + float(s["read_timeout"]),
            ),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.user_agent},
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    # public API ---------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        *,
        accept: str = "page",
    ) -> FetchResult:
        """GET a page (accept="page"), a feed ("feed") or either ("any"), checked hop by hop."""
        if accept not in ("page", "feed", "any"):
            raise ValueError(f"accept must be 'page', 'feed' or 'any', not {accept!r}")
        headers = {"Accept": _ACCEPT_HEADERS[accept]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(
            url,
            headers,
            accept,
            int(self.settings["max_body_bytes"]),
            check_robots=bool(self.settings["respect_robots"]),
        )

    def fetch_feed(self, url: str) -> list[FeedItem]:
        """The items of an RSS/Atom feed; item URLs are checked when they are fetched."""
        return self.parse_feed(self.fetch(url, accept="feed"))

    def parse_feed(self, result: FetchResult) -> list[FeedItem]:
        """Items of an already fetched feed (empty when not modified), links made absolute."""
        if result.not_modified:
            return []
        # The server's charset when it declared one; else the XML declaration decides (RFC 3023
        # would make a bare text/* type ASCII).
        ctype = result.content_type or "application/xml"
        if result.charset:
            ctype = f"{ctype}; charset={result.charset}"
        elif ctype.startswith("text/"):
            ctype = "application/xml"
        parsed = feedparser.parse(
            result.body,
            response_headers={"content-location": result.final_url, "content-type": ctype},
        )
        if not parsed.entries and not parsed.get("version"):
            problem = parsed.get("bozo_exception") or "no RSS or Atom items"
            raise FetchRejected(f"not a valid feed: {problem}")
        items: list[FeedItem] = []
        seen: set[str] = set()
        for entry in parsed.entries:
            guid = entry.get("id") or None
            link = entry.get("link") or (guid if guid and looks_like_url(guid) else None)
            if not link:
                continue
            link = urljoin(result.final_url, link.strip())
            if not looks_like_url(link) or link in seen:
                continue
            seen.add(link)
            published = (
                _iso_from_struct(entry.get("published_parsed") or entry.get("updated_parsed"))
                or entry.get("published")
                or entry.get("updated")
            )
            items.append(
                FeedItem(url=link, title=entry.get("title") or None, published=published, guid=guid)
            )
        return items

    def is_feed(self, result: FetchResult) -> bool:
        """Whether a fetched body is a feed, by content type and by sniffing the body."""
        ctype = result.content_type
        head = _head(result.body)
        if ctype in ("application/feed+json", "application/json"):
            return bool(_JSON_FEED_SNIFF.search(head))
        if ctype in self._feed_types or ctype in _VAGUE_TYPES:
            return bool(_FEED_SNIFF.search(head)) and not _HTML_SNIFF.match(head)
        return False

    # internals ----------------------------------------------------------------------------

    def _check_url(self, url: str) -> tuple[str, str, int]:
        """Scheme and address checks for one hop; returns (scheme, host, port)."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise FetchRejected(f"invalid URL {url!r}: {exc}") from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchRejected(f"refused: scheme {scheme or '(none)'} is not http or https")
        if not parts.hostname:
            raise FetchRejected(f"invalid URL {url!r}: no host")
        port = port or (443 if scheme == "https" else 80)
        if not _private_allowed() or _ip_literal(parts.hostname) is not None:
            self._policy.check(parts.hostname, port)
        return scheme, parts.hostname.lower(), port

    def _get(
        self,
        url: str,
        headers: dict[str, str],
        accept: str,
        max_bytes: int,
        check_robots: bool,
        truncate: bool = False,
    ) -> FetchResult:
        """Follow redirects ourselves so each hop is checked; bounded by max_redirects."""
        max_redirects = int(self.settings["max_redirects"])
        chain = [url]
        current = url
        while True:
            scheme, host, port = self._check_url(current)
            if check_robots:
                self._check_robots(current, scheme, host, port)
            hop = self._with_retries(
                f"{host}:{port}", current, headers, accept, max_bytes, truncate
            )
            if hop.result is not None:
                return replace(hop.result, url=url, final_url=current)
            target = urljoin(current, hop.location or "")
            target = target.split("#", 1)[0]
            if target in chain:
                raise FetchRejected(f"redirect loop: {' -> '.join(chain + [target])}", hop.status)
            if len(chain) > max_redirects:
                raise FetchRejected(f"more than {max_redirects} redirects (from {url})", hop.status)
            chain.append(target)
            current = target

    def _with_retries(
        self,
        host_key: str,
        url: str,
        headers: dict[str, str],
        accept: str,
        max_bytes: int,
        truncate: bool,
    ) -> _Hop:
        """One hop with up to `retries` extra attempts, exponential backoff between them."""
        retries = max(0, int(self.settings["retries"]))
        backoff = float(self.settings["backoff"])
        cap = float(self.settings["max_backoff"])
        for attempt in range(retries + 1):
            try:
                with self._gate.slot(host_key):
                    return self._attempt(url, headers, accept, max_bytes, truncate)
            except _Retry as exc:
                if attempt == retries:
                    tries = f" after {attempt + 1} attempts" if attempt else ""
                    raise FetchRejected(f"{exc}{tries}", exc.status) from None
                wait = backoff * (2**attempt)
                if exc.wait is not None:
                    wait = max(wait, exc.wait)
                time.sleep(min(wait, cap))
        raise AssertionError("unreachable")

    def _attempt(
        self, url: str, headers: dict[str, str], accept: str, max_bytes: int, truncate: bool
    ) -> _Hop:
        """One GET: classify the status, check the type, read a bounded body."""
        started = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in _REDIRECT_STATUSES:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchRejected(f"HTTP {status} without a Location header", status)
                    return _Hop(status, location=location)
                if status == 304:
                    if "If-None-Match" not in headers and "If-Modified-Since" not in headers:
                        raise FetchRejected("HTTP 304 to an unconditional request", status)
                    return _Hop(status, result=self._result(url, response, b"", True))
                if status in _RETRY_STATUSES:
                    raise _Retry(f"HTTP {status}", status, _retry_after(response))
                if not 200 <= status < 300 or status in (204, 205, 206):
                    raise FetchRejected(f"HTTP {status}", status)
                ctype = _media_type(response.headers.get("content-type"))
                self._check_type(ctype, accept)
                body = self._read(response, max_bytes, truncate, started)
                self._check_sniffed(ctype, body, accept)
                return _Hop(status, result=self._result(url, response, body, False))
        except httpx.ConnectTimeout:
            limit = float(self.settings["connect_timeout"])
            raise _Retry(f"connect timeout (no connection in {limit:g} s)") from None
        except httpx.ReadTimeout:
            limit = float(self.settings["read_timeout"])
            raise _Retry(f"read timeout (no data for {limit:g} s)") from None
        except httpx.TimeoutException as exc:
            raise _Retry(f"timeout: {type(exc).__name__}") from None
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            if "CERTIFICATE_VERIFY_FAILED" in str(exc):  # retrying will not help
                raise FetchRejected(f"TLS certificate not trusted: {exc}") from None
            raise _Retry(f"connection failed: {exc}") from None
        except httpx.DecodingError as exc:
            raise FetchRejected(f"could not decode the response body: {exc}") from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise FetchRejected(f"request failed: {exc}") from None

    def _check_type(self, ctype: str | None, accept: str) -> None:
        """Refuse content we cannot use before downloading it."""
        if accept == "robots" or ctype in _VAGUE_TYPES:
            return
        html_ok = accept in ("page", "any") and ctype in self._page_types
        feed_ok = accept in ("feed", "any") and (
            ctype in self._feed_types or ctype in ("application/feed+json", "application/json")
        )
        if not (html_ok or feed_ok):
            wanted = {"page": "HTML", "feed": "a feed", "any": "HTML or a feed"}[accept]
            raise FetchRejected(f"content type {ctype} is not {wanted}")

    def _check_sniffed(self, ctype: str | None, body: bytes, accept: str) -> None:
        """For vague or generic-XML content types, decide by what the body looks like."""
        if accept == "robots" or (ctype not in _VAGUE_TYPES and ctype not in _GENERIC_XML):
            return
        head = _head(body)
        is_html = bool(_HTML_SNIFF.match(head))
        is_feed = bool(_FEED_SNIFF.search(head) or _JSON_FEED_SNIFF.search(head)) and not is_html
        ok = (accept in ("page", "any") and is_html and ctype != "text/plain") or (
            accept in ("feed", "any") and is_feed
        )
        if not ok:
            wanted = {"page": "HTML", "feed": "a feed", "any": "HTML or a feed"}[accept]
            raise FetchRejected(f"content type {ctype or '(none)'} is not {wanted}")

    def _read(
        self, response: httpx.Response, max_bytes: int, truncate: bool, started: float
    ) -> bytes:
        """Stream the (decompressed) body and stop at max_bytes or the total time limit."""
        declared = response.headers.get("content-length", "")
        too_big = f"body larger than {max_bytes} bytes"
        if (
            not truncate
            and declared.isdigit()
            and int(declared) > max_bytes
            and "content-encoding" not in response.headers
        ):
            raise FetchRejected(too_big, response.status_code)
        total_timeout = float(self.settings["total_timeout"])
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            chunks.append(chunk)
            if size > max_bytes:
                if truncate:
                    return b"".join(chunks)[:max_bytes]
                raise FetchRejected(too_big, response.status_code)
            if time.monotonic() - started > total_timeout:
                raise _Retry(f"download took longer than {total_timeout:g} s")
        return b"".join(chunks)

    def _result(
        self, url: str, response: httpx.Response, body: bytes, not_modified: bool
    ) -> FetchResult:
        header = response.headers.get("content-type")
        return FetchResult(
            url=url,
            final_url=url,
            status=response.status_code,
            content_type=_media_type(header),
            charset=_charset(header),
            body=body,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            not_modified=not_modified,
        )

    def _check_robots(self, url: str, scheme: str, host: str, port: int) -> None:
        """Refuse a URL the host's robots.txt disallows for us (cached per host)."""
        origin = f"{scheme}://{host}:{port}"
        robots = self._robots_for(origin)
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if not robots.allows(path):
            why = robots.disallow_all or "disallowed by robots.txt"
            raise FetchRejected(f"{why} ({origin}/robots.txt)")

    def _robots_for(self, origin: str) -> RobotsRules:
        with self._robots_guard:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            cached = self._robots.get(origin)
            if cached and cached[0] > time.monotonic():
                return cached[1]
            robots, ttl = self._load_robots(origin)
            self._robots[origin] = (time.monotonic() + ttl, robots)
            return robots

    def _load_robots(self, origin: str) -> tuple[RobotsRules, float]:
        """RFC 9309: 4xx allows everything; 5xx disallows everything (cached briefly)."""
        ttl = float(self.settings["robots_ttl"])
        try:
            result = self._get(
                f"{origin}/robots.txt",
                {"Accept": _ACCEPT_HEADERS["robots"]},
                "robots",
                _ROBOTS_MAX_BYTES,
                check_robots=False,
                truncate=True,
            )
        except FetchRejected as exc:
            if exc.status is None:  # host unreachable or refused: that is the page's reason too
                raise
            if 400 <= exc.status < 500:
                return RobotsRules(), ttl
            return RobotsRules(disallow_all=f"robots.txt unavailable: {exc}"), min(ttl, 300.0)
        text = result.body.decode(result.charset or "utf-8", errors="replace")
        product = self.user_agent.split("/", 1)[0]
        return parse_robots(text, product), ttl


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None

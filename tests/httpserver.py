"""A real threaded HTTP server on 127.0.0.1 for tests: routes, redirects, caching, edits, delays.

Usage:
    with LocalServer() as site:
        site.page("/a.html", "<html>...</html>")
        site.redirect("/old", "/a.html")
        fetcher.fetch(site.url("/old"))
        site.edit("/a.html", "<html>changed</html>")  # new ETag and Last-Modified
        assert site.hits("/a.html") == 1

Every route can be slow (`delay`), fail its first N requests (`fail_first`), gzip its body,
stream a large chunked body without Content-Length (`stream`), and by default sends ETag and
Last-Modified and answers conditional requests with 304. The server records every request.
"""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
import socket
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

HTML = "text/html; charset=utf-8"


@dataclass
class Route:
    """What the server answers for one path."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = HTML
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    fail_first: int = 0  # answer `fail_status` to this many requests first
    fail_status: int = 500
    etag: bool = True  # send an ETag from the body's hash; honour If-None-Match
    last_modified: bool = True  # send Last-Modified (the last edit); honour If-Modified-Since
    gzip: bool = False  # gzip the body when the client accepts gzip
    stream: int = 0  # send this many bytes, chunked, without Content-Length
    modified_at: float = field(default_factory=lambda: float(int(time.time())))

    def current_etag(self) -> str:
        """A strong ETag that changes whenever the body does."""
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival
    status: int = 0
    gzipped: bool = False


class LocalServer:
    """A threaded HTTP/1.1 server on 127.0.0.1:<free port>; stop it (or use `with`)."""

    def __init__(self, host: str = "127.0.0.1", tls: bool = False) -> None:
        """tls=True serves HTTPS as https://localhost:PORT with a fresh self-signed certificate
        (its PEM path is `ca_file`, for the client to trust)."""
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._in_flight = 0
        self._max_in_flight = 0
        self._httpd = ThreadingHTTPServer((host, 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.handle_error = lambda request, address: None  # client hang-ups are normal
        self._thread: threading.Thread | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.ca_file: str | None = None
        if tls:
            self._tmp = tempfile.TemporaryDirectory(prefix="localserver-tls-")
            cert, key = _self_signed_certificate(Path(self._tmp.name))
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            self.ca_file = str(cert)

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT, or https://localhost:PORT with tls."""
        host, port = self._httpd.server_address[:2]
        if self.ca_file:
            return f"https://localhost:{port}"
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return self.base_url + path

    def start(self) -> LocalServer:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake sleeping handlers and free the port."""
        self._stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # routes ---------------------------------------------------------------------------------

    def add(self, path: str, body: bytes | str = b"", **options: object) -> Route:
        """Serve `body` at `path` with Route options (status, content_type, delay, ...)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        route = Route(body=data, **options)  # type: ignore[arg-type]
        with self._lock:
            self.routes[path] = route
        return route

    def page(self, path: str, html: str, **options: object) -> Route:
        """An HTML page."""
        return self.add(path, html, content_type=HTML, **options)

    def redirect(self, path: str, to: str, status: int = 302) -> Route:
        """A redirect to `to` (absolute, or a path on this server)."""
        return self.add(
            path,
            b"",
            status=status,
            content_type=None,
            headers={"Location": to},
            etag=False,
            last_modified=False,
        )

    def edit(self, path: str, body: bytes | str) -> Route:
        """Change a route's body, as an editor correcting an article would; bumps Last-Modified."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            route = self.routes[path]
            route.body = data
            route.modified_at = max(float(int(time.time())), route.modified_at + 1)
        return route

    # what happened --------------------------------------------------------------------------

    def seen(self, path: str | None = None) -> list[Seen]:
        """Requests received (for one path, or all)."""
        with self._lock:
            return [r for r in self.requests if path is None or r.path == path]

    def hits(self, path: str) -> int:
        """How many requests a path received."""
        return len(self.seen(path))

    def max_in_flight(self) -> int:
        """The most requests this server was answering at the same time."""
        with self._lock:
            return self._max_in_flight

    # internals ------------------------------------------------------------------------------

    def _enter(self, seen: Seen) -> int:
        with self._lock:
            self.requests.append(seen)
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
            return len(self.requests) - 1

    def _leave(self, index: int, status: int, gzipped: bool) -> None:
        with self._lock:
            self._in_flight -= 1
            old = self.requests[index]
            self.requests[index] = Seen(
                old.method, old.path, old.headers, old.at, status=status, gzipped=gzipped
            )

    def _sleep(self, seconds: float) -> None:
        self._stopping.wait(seconds)


def _self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A one-day certificate for localhost and 127.0.0.1 (cryptography comes with prefect)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _handler_for(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 5  # idle keep-alive connections end on their own

        def setup(self) -> None:
            """No Nagle delay: headers and body are written separately."""
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: tests read `server.requests` instead."""

        def do_GET(self) -> None:
            """Answer from the route table."""
            path = self.path.split("#", 1)[0]
            headers = {k.lower(): v for k, v in self.headers.items()}
            self._index = server._enter(Seen("GET", path, headers, time.monotonic()))
            self._answered = False
            try:
                self._answer(path)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            finally:
                self._record(500)

        def _record(self, status: int, gzipped: bool = False) -> None:
            """Note the answer (once), before writing it, so tests never see a stale count."""
            if not self._answered:
                self._answered = True
                server._leave(self._index, status, gzipped)

        def _answer(self, path: str) -> None:
            with server._lock:
                route = server.routes.get(path) or server.routes.get(path.split("?", 1)[0])
                attempt = sum(1 for r in server.requests if r.path == path)
            if route is None:
                self._send(404, b"<html><body>not found</body></html>", HTML, {})
                return
            if route.delay:
                server._sleep(route.delay)
            if attempt <= route.fail_first:
                self._send(route.fail_status, b"failing on purpose", "text/plain", {})
                return
            headers = dict(route.headers)
            if route.etag:
                headers["ETag"] = route.current_etag()
            if route.last_modified:
                headers["Last-Modified"] = formatdate(route.modified_at, usegmt=True)
            if self._not_modified(route):
                self._send(304, b"", None, headers)
            elif route.stream:
                self._stream(route, headers)
            elif route.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
                headers["Content-Encoding"] = "gzip"
                body = gzip.compress(route.body)
                self._send(route.status, body, route.content_type, headers, gzipped=True)
            else:
                self._send(route.status, route.body, route.content_type, headers)

        def _not_modified(self, route: Route) -> bool:
            if route.status != 200:
                return False
            if_none_match = self.headers.get("If-None-Match")
            if route.etag and if_none_match:
                return route.current_etag() in [t.strip() for t in if_none_match.split(",")]
            since = self.headers.get("If-Modified-Since")
            if route.last_modified and since:
                try:
                    return parsedate_to_datetime(since).timestamp() >= route.modified_at
                except (TypeError, ValueError):
                    return False
            return False

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str | None,
            headers: dict[str, str],
            gzipped: bool = False,
        ) -> None:
            self._record(status, gzipped)
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def _stream(self, route: Route, headers: dict[str, str]) -> None:
            self._record(route.status)
            self.send_response(route.status)
            if route.content_type:
                self.send_header("Content-Type", route.content_type)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = (route.body or b"x") * (65536 // max(1, len(route.body or b"x")))
            sent = 0
            while sent < route.stream and not server._stopping.is_set():
                piece = chunk[: route.stream - sent]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                sent += len(piece)
            self.wfile.write(b"0\r\n\r\n")

    return Handler

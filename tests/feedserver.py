"""A local HTTP server for feed tests and the ingest benchmark: routes with real HTTP semantics.

Each route serves a body with an ETag and Last-Modified and answers conditional requests with
304, or answers with a fixed status and headers (redirects, 410, 429 with Retry-After, 500),
gzip-encoded when the client accepts it. Every request is logged so tests can assert on what the
poller sent (validators, how often it came back).
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/rss+xml; charset=utf-8"
    validators: bool = True  # send ETag/Last-Modified and honour conditional requests
    delay_s: float = 0.0  # a slow server: wait this long before answering

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]


class FeedServer:
    LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT"

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0  # most requests served at the same time
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                headers = {k.lower(): v for k, v in self.headers.items()}
                with server.lock:
                    server.requests.append(Request(self.path, headers))
                    route = server.routes.get(self.path)
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    if route is not None and route.delay_s:
                        time.sleep(route.delay_s)
                    self._answer(route, headers)
                finally:
                    with server.lock:
                        server.in_flight -= 1

            def _answer(self, route: Route | None, headers: dict[str, str]) -> None:
                if route is None:
                    return self._send(404, {}, b"not found")
                extra = dict(route.headers)
                if route.status != 200:
                    return self._send(route.status, extra, route.body)
                if route.validators:
                    extra.update({"ETag": route.etag, "Last-Modified": server.LAST_MODIFIED})
                    if headers.get("if-none-match") == route.etag:
                        return self._send(304, extra, b"")
                body = route.body
                if "gzip" in headers.get("accept-encoding", ""):
                    body = gzip.compress(body, compresslevel=1)
                    extra["Content-Encoding"] = "gzip"
                self._send(200, {"Content-Type": route.content_type, **extra}, body)

            def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "FeedServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Request]:
        with self.lock:
            return [request for request in self.requests if request.path == path]


def rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 document; items are (link, title, description)."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid><description>{d}</description>"
        f"<pubDate>Mon, 06 Sep 2021 16:45:00 +0000</pubDate></item>"
        for link, t, d in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://news.example.org/</link>{entries}</channel></rss>").encode()


# A news page with navigation and a footer around the story, as teaser entries link to.
NEWS_PAGE = b"""<!DOCTYPE html><html lang="en"><head><title>Shelling kills 9 in Kharkiv | Example News</title>
<meta name="author" content="Jane Reporter"><meta property="article:published_time" content="2024-05-02T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Shelling kills 9 in Kharkiv</h1>
<p>Nine people were killed and twenty wounded when artillery shells hit a market in Kharkiv on Thursday morning,
regional officials said, adding that rescue teams were still searching the rubble.</p>
<p>The governor said the shelling came from across the border and lasted for more than an hour, damaging
dozens of homes and a school in the north-eastern district of the city.</p></article>
<footer>Subscribe to our newsletter</footer></body></html>"""

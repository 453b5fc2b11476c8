"""The HTTP adapter: one polite GET with httpx. Decisions live in `politeness`; this only does I/O.

Redirects are followed by hand so every hop's address is checked against the SSRF policy and a
chain of permanent redirects can be remembered; the body is streamed (gzip decoded) and cut off
at the size cap; concurrent requests are capped per host.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections import defaultdict
from urllib.parse import urljoin, urlsplit

import httpx

from services.ingestor.politeness import FetchResult, refused_address

REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


class Fetcher:
    def __init__(
        self, *, user_agent: str, timeout_s: float, max_bytes: int, per_host: int, max_connections: int,
        allowed_networks: tuple[str, ...], max_redirects: int = 5,
    ):
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_s),
            follow_redirects=False,
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        )
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.allowed_networks = allowed_networks
        self.host_slots: defaultdict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))

    async def close(self) -> None:
        await self.client.aclose()

    async def get(self, url: str, headers: dict[str, str] | None = None, accept: str = FEED_ACCEPT) -> FetchResult:
        permanent, requested = True, url
        for _ in range(self.max_redirects + 1):
            refusal = await self.refusal(url)
            if refusal:
                return FetchResult(None, final_url=url, error_kind=refusal[0], error=refusal[1])
            try:
                async with self.host_slots[urlsplit(url).netloc.lower()]:
                    async with self.client.stream("GET", url, headers={"Accept": accept, **(headers or {})}) as response:
                        if response.status_code in REDIRECTS and "location" in response.headers:
                            permanent = permanent and response.status_code in PERMANENT
                            url = urljoin(url, response.headers["location"])
                            continue
                        body = bytearray()
                        async for chunk in response.aiter_bytes():
                            body += chunk
                            if len(body) > self.max_bytes:
                                return FetchResult(
                                    response.status_code, dict(response.headers), bytes(body[: self.max_bytes]), url,
                                    error_kind="too_large",
                                    error=f"response cut off at the {self.max_bytes:,}-byte cap (WIREWATCH_FEED_MAX_BYTES)",
                                )
                        return FetchResult(
                            response.status_code, {k.lower(): v for k, v in response.headers.items()}, bytes(body),
                            final_url=url, permanent_url=url if permanent and url != requested else None,
                        )
            except httpx.TimeoutException as exc:
                return FetchResult(None, final_url=url, error_kind="timeout", error=f"timed out: {type(exc).__name__}")
            except (httpx.HTTPError, OSError) as exc:
                return FetchResult(None, final_url=url, error_kind="connection", error=f"{type(exc).__name__}: {exc}")
        return FetchResult(None, final_url=url, error_kind="too_many_redirects",
                           error=f"more than {self.max_redirects} redirects")

    async def refusal(self, url: str) -> tuple[str, str] | None:
        """(kind, reason) when `url` must not be fetched: not http(s), unresolvable, or its host
        resolves to a refused address. (httpx resolves again when it connects; a DNS answer that
        changes in between is not caught here.)"""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return "refused_address", f"not an http(s) URL: {url[:200]}"
        host = parts.hostname
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
            except OSError as exc:
                return "dns", f"cannot resolve {host}: {exc}"
            addresses = sorted({info[4][0] for info in infos})
        for address in addresses:
            reason = refused_address(address, self.allowed_networks)
            if reason:
                return "refused_address", f"{host} resolves to {reason}"
        return None

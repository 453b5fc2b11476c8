"""The HTTP adapter: one polite GET with httpx. Decisions live in `politeness`; this only does I/O.

Redirects are followed by hand so every hop's address is checked against the SSRF policy (and
the connection goes to the address that was checked) and a chain of permanent redirects can be
remembered; the body is streamed (gzip decoded) and cut off
at the size cap; concurrent requests are capped per host.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from urllib.parse import urljoin, urlsplit

import httpx

from services.common.netguard import Refusal, checked_address, pinned
from services.ingestor.politeness import FetchResult

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
            resolved = await checked_address(url, self.allowed_networks)
            if isinstance(resolved, Refusal):
                return FetchResult(None, final_url=url, error_kind=resolved.kind, error=resolved.reason)
            target, pinned_headers, extensions = pinned(url, resolved)
            try:
                async with self.host_slots[urlsplit(url).netloc.lower()]:
                    async with self.client.stream(
                        "GET", target, headers={"Accept": accept, **(headers or {}), **pinned_headers},
                        extensions=extensions,
                    ) as response:
                        if response.status_code in REDIRECTS and "location" in response.headers:
                            permanent = permanent and response.status_code in PERMANENT
                            url = urljoin(url, response.headers["location"])
                            continue
                        return await self._read(response, url, permanent_url=url if permanent and url != requested else None)
            except httpx.TimeoutException as exc:
                return FetchResult(None, final_url=url, error_kind="timeout", error=f"timed out: {type(exc).__name__}")
            except (httpx.HTTPError, OSError) as exc:
                return FetchResult(None, final_url=url, error_kind="connection", error=f"{type(exc).__name__}: {exc}")
        return FetchResult(None, final_url=url, error_kind="too_many_redirects",
                           error=f"more than {self.max_redirects} redirects")

    async def _read(self, response: httpx.Response, url: str, permanent_url: str | None) -> FetchResult:
        """The body, decoded (gzip), cut off at the cap; a declared length over the cap is not read at all."""
        headers = {name.lower(): value for name, value in response.headers.items()}
        declared = headers.get("content-length", "")
        body = bytearray()
        if not (declared.isdigit() and int(declared) > self.max_bytes):
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    break
            else:
                return FetchResult(response.status_code, headers, bytes(body), final_url=url, permanent_url=permanent_url)
        return FetchResult(
            response.status_code, headers, bytes(body[: self.max_bytes]), url, error_kind="too_large",
            error=f"response cut off at the {self.max_bytes:,}-byte cap (WIREWATCH_FEED_MAX_BYTES)",
        )

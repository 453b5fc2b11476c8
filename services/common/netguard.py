"""Which addresses outbound requests (feeds, pages, webhooks) may reach: a guard against SSRF.

A URL's host is resolved once, every address it resolves to is checked, and the request is sent
to the checked address (`pinned`), so no second DNS lookup can swap in a private address
(DNS rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit


def parse_networks(text: str) -> tuple[str, ...]:
    """A comma-separated setting of CIDR networks, e.g. "127.0.0.0/8, 10.1.0.0/16"."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def refused_address(address: str, allowed: tuple[str, ...]) -> str | None:
    """Why a URL resolving to `address` must not be requested, or None if it may.

    Private, loopback, link-local, multicast, reserved and unspecified addresses reach the
    operator's own network (SSRF); `allowed` lists CIDR networks explicitly let through.
    """
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip in ipaddress.ip_network(network, strict=False) for network in allowed):
        return None
    for kind in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return f"{address} is a {kind.replace('_', '-')} address (allow its network in configuration)"
    return None


@dataclass(frozen=True)
class Refusal:
    kind: str  # "refused_address" or "dns"
    reason: str


async def checked_address(url: str, allowed: tuple[str, ...]) -> str | Refusal:
    """The address to connect to, or why `url` must not be requested: not http(s), unresolvable,
    or its host resolves to a refused address (every address it resolves to is checked)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Refusal("refused_address", f"not an http(s) URL: {url[:200]}")
    host = parts.hostname
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
        except OSError as exc:
            return Refusal("dns", f"cannot resolve {host}: {exc}")
        addresses = list(dict.fromkeys(info[4][0] for info in infos))  # the resolver's order, once each
    for address in addresses:
        reason = refused_address(address, allowed)
        if reason:
            return Refusal("refused_address", f"{host} resolves to {reason}")
    return addresses[0]


def pinned(url: str, address: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """The request for `url` sent to the checked `address`: (URL, headers, httpx extensions).
    Host header and TLS SNI/certificate check keep the name."""
    parts = urlsplit(url)
    literal = f"[{address}]" if ":" in address else address
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    host_header = f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname
    extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    return urlunsplit(parts._replace(netloc=netloc)), {"Host": host_header}, extensions

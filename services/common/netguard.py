"""Which addresses outbound requests (feeds, pages, webhooks) may reach: a guard against SSRF."""

from __future__ import annotations

import ipaddress


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

"""Pure webhook rules: signatures, which answers to retry, and how long to wait. No I/O."""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    base_delay_s: float = 0.5
    max_delay_s: float = 30.0


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header value receivers verify: HMAC-SHA256 of "<timestamp>." + body, keyed by the secret.

    Signing the timestamp too lets a receiver refuse replays of an old, captured request.
    """
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes) -> bool:
    """What a receiver does (and what our tests do)."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if "t" not in fields or not fields["t"].isdigit():
        return False
    return hmac.compare_digest(signature(secret, int(fields["t"]), body), header)


def should_retry(status: int | None) -> bool:
    """None is a network error or timeout; 429 and 5xx are the receiver's temporary trouble."""
    return status is None or status == 429 or status >= 500


def backoff_s(attempt: int, policy: RetryPolicy, rng: random.Random) -> float:
    """Exponential with full jitter, so many failing receivers do not retry in lockstep."""
    return rng.uniform(0, min(policy.max_delay_s, policy.base_delay_s * 2 ** (attempt - 1)))

"""When to poll a feed next, and what a response teaches about it. Pure: no clock, no network.

Every decision is a function of the feed's stored state, one fetch result and `now` (plus a
random source for jitter), so the whole politeness policy is unit-tested without a server:
conditional-GET validators, `Cache-Control: max-age`, `Retry-After` on 429/503, exponential
backoff with jitter on errors, a floor on the interval, permanent redirects remembered and
410 Gone disabling the feed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from pydantic import BaseModel, ConfigDict

MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*\"?(\d+)", re.IGNORECASE)
NO_STORE = re.compile(r"(?:^|,)\s*no-(?:store|cache)\b", re.IGNORECASE)


class Feed(BaseModel):
    """A feed on the list: where it is and how often it may be polled."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    url: str
    interval_s: float = 900.0
    title: str | None = None


class FeedState(BaseModel):
    """What the poller remembers about a feed between polls (stored as JSON in Redis)."""

    # A disabled feed is never due: next_poll_at = inf, kept as JSON's Infinity.
    model_config = ConfigDict(extra="ignore", frozen=True, ser_json_inf_nan="constants")

    url: str  # where to fetch: the listed URL, or where a permanent redirect sent us
    etag: str | None = None
    last_modified: str | None = None
    next_poll_at: float = 0.0
    failures: int = 0  # consecutive failed polls; drives the backoff
    disabled: str | None = None  # why the feed is no longer polled (410 Gone)
    last_status: int | None = None
    last_outcome: str | None = None
    last_polled_at: float | None = None
    last_ok_at: float | None = None
    body_hash: str | None = None  # of the last body read: identical bytes again are not re-parsed


@dataclass(frozen=True)
class FetchResult:
    """What one conditional GET produced: a response, or the reason there was none."""

    status: int | None
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    final_url: str | None = None
    permanent_url: str | None = None  # set when every redirect hop was permanent (301/308)
    error_kind: str | None = None  # timeout, connection, refused_address, too_large, too_many_redirects
    error: str | None = None


@dataclass(frozen=True)
class Policy:
    min_interval_s: float = 60.0
    max_interval_s: float = 24 * 3600.0  # a huge max-age or Retry-After is capped here
    max_backoff_s: float = 6 * 3600.0
    backoff_base_s: float = 60.0


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait: `Retry-After` is either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def parse_max_age(cache_control: str | None) -> float | None:
    if not cache_control or NO_STORE.search(cache_control):
        return None
    match = MAX_AGE.search(cache_control)
    return float(match.group(1)) if match else None


def backoff_delay(failures: int, policy: Policy, rng: random.Random) -> float:
    """Exponential backoff with "equal jitter": half the delay fixed, half random.

    Replicas that failed together (a host outage) spread out instead of retrying in step.
    """
    ceiling = min(policy.max_backoff_s, policy.backoff_base_s * 2 ** max(0, failures - 1))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def is_error(result: FetchResult) -> bool:
    return result.error_kind is not None or result.status is None or result.status >= 400


def outcome_name(result: FetchResult) -> str:
    """The label a poll is counted under: ok, not_modified, gone, http_<code> or the error kind."""
    if result.error_kind or result.status is None:
        return result.error_kind or "error"
    if result.status == 304:
        return "not_modified"
    if result.status == 410:
        return "gone"
    if result.status >= 400:
        return f"http_{result.status}"
    return "ok"


def after_fetch(
    feed: Feed, state: FeedState, result: FetchResult, now: float, policy: Policy, rng: random.Random,
    *, unreadable: bool = False,
) -> FeedState:
    """The feed's state after this fetch. `unreadable`: a 200 whose body could not be parsed at all
    counts as a failure (backoff) but keeps the URL and validators untouched."""
    interval = min(policy.max_interval_s, max(policy.min_interval_s, feed.interval_s))
    common = {"last_polled_at": now, "last_status": result.status, "last_outcome": outcome_name(result)}
    if result.status == 410:
        return state.model_copy(update={**common, "disabled": "410 Gone: the publisher removed the feed",
                                        "next_poll_at": float("inf")})
    if is_error(result) or unreadable:
        failures = state.failures + 1
        delay = backoff_delay(failures, policy, rng)
        if result.status in (429, 503):
            retry_after = parse_retry_after(result.headers.get("retry-after"), now)
            if retry_after is not None:
                delay = max(delay, retry_after)
        delay = min(max(delay, policy.min_interval_s if result.status in (429, 503) else 0.0), policy.max_backoff_s)
        if unreadable:
            common["last_outcome"] = "unreadable"
        return state.model_copy(update={**common, "failures": failures, "next_poll_at": now + delay})
    max_age = parse_max_age(result.headers.get("cache-control"))
    if max_age is not None:
        interval = min(policy.max_interval_s, max(interval, max_age))
    update = {
        **common, "failures": 0, "next_poll_at": now + interval, "last_ok_at": now,
        "url": result.permanent_url or state.url,
    }
    if result.status == 200 or result.headers.get("etag"):
        update["etag"] = result.headers.get("etag")
    if result.status == 200 or result.headers.get("last-modified"):
        update["last_modified"] = result.headers.get("last-modified")
    if result.permanent_url and result.permanent_url != state.url:
        # Validators belong to the old address; the new one starts fresh.
        update["etag"] = result.headers.get("etag")
        update["last_modified"] = result.headers.get("last-modified")
    return state.model_copy(update=update)


def conditional_headers(state: FeedState) -> dict[str, str]:
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers

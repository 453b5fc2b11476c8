"""Politeness decisions (pure): intervals, validators, max-age, Retry-After, backoff, redirects, 410, SSRF."""

import random

import pytest

from services.common.netguard import refused_address
from services.common.netguard import pinned
from services.ingestor.politeness import (
    Feed, FeedState, FetchResult, Policy, after_fetch, backoff_delay, conditional_headers, parse_max_age,
    parse_retry_after,
)

FEED = Feed(id="f", url="https://a.example/feed", interval_s=600)
POLICY = Policy(min_interval_s=60, max_interval_s=86400, max_backoff_s=3600, backoff_base_s=60)
NOW = 1_700_000_000.0


def fetched(status, **headers):
    return FetchResult(status, {k.replace("_", "-"): v for k, v in headers.items()}, b"")


def after(result, state=None, **kwargs):
    return after_fetch(FEED, state or FeedState(url=FEED.url), result, NOW, POLICY, random.Random(1), **kwargs)


def test_ok_response_stores_validators_and_polls_again_after_the_interval():
    state = after(fetched(200, etag='"v1"', last_modified="Wed, 01 Jan 2025 00:00:00 GMT"))
    assert state.next_poll_at == NOW + 600 and state.failures == 0
    assert conditional_headers(state) == {"If-None-Match": '"v1"', "If-Modified-Since": "Wed, 01 Jan 2025 00:00:00 GMT"}


def test_not_modified_keeps_the_validators():
    state = after(fetched(304), FeedState(url=FEED.url, etag='"v1"', failures=3))
    assert state.etag == '"v1"' and state.failures == 0 and state.last_outcome == "not_modified"


def test_max_age_longer_than_the_interval_is_respected_and_shorter_one_is_not():
    assert after(fetched(200, cache_control="public, max-age=3600")).next_poll_at == NOW + 3600
    assert after(fetched(200, cache_control="max-age=5")).next_poll_at == NOW + 600
    assert parse_max_age("no-store, max-age=3600") is None


def test_interval_has_a_floor():
    fast = Feed(id="f", url=FEED.url, interval_s=1)
    assert after_fetch(fast, FeedState(url=FEED.url), fetched(200), NOW, POLICY, random.Random()).next_poll_at == NOW + 60


def test_retry_after_seconds_and_dates_on_429_and_503():
    assert after(fetched(429, retry_after="1800")).next_poll_at == NOW + 1800
    assert parse_retry_after("Tue, 14 Nov 2023 22:43:20 GMT", NOW) == pytest.approx(1800)
    assert after(fetched(503, retry_after="99999")).next_poll_at == NOW + 3600  # capped at max backoff
    assert parse_retry_after("soon", NOW) is None


def test_backoff_grows_exponentially_with_jitter_and_is_capped():
    rng = random.Random(7)
    delays = [backoff_delay(failures, POLICY, rng) for failures in range(1, 10)]
    for failures, delay in enumerate(delays, start=1):
        ceiling = min(3600, 60 * 2 ** (failures - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert len({round(backoff_delay(3, POLICY, random.Random(seed)), 3) for seed in range(20)}) > 10  # jittered


def test_consecutive_errors_back_off_further_and_success_resets():
    state = FeedState(url=FEED.url)
    waits = []
    for _ in range(4):
        state = after(fetched(500), state)
        waits.append(state.next_poll_at - NOW)
    assert state.failures == 4 and waits[3] > waits[0]
    assert after(FetchResult(None, error_kind="timeout"), state).failures == 5
    assert after(fetched(200), state).failures == 0


def test_unreadable_body_counts_as_a_failure():
    state = after(fetched(200, etag='"x"'), FeedState(url=FEED.url, etag='"old"'), unreadable=True)
    assert state.failures == 1 and state.etag == '"old"' and state.last_outcome == "unreadable"


def test_permanent_redirect_is_remembered_with_fresh_validators():
    result = FetchResult(200, {"etag": '"n"'}, b"", final_url="https://b.example/feed", permanent_url="https://b.example/feed")
    state = after(result, FeedState(url=FEED.url, etag='"old"', last_modified="x"))
    assert state.url == "https://b.example/feed" and state.etag == '"n"' and state.last_modified is None
    assert after(fetched(200)).url == FEED.url  # temporary redirects leave the URL alone


def test_gone_disables_the_feed():
    state = after(fetched(410))
    assert state.disabled and state.next_poll_at == float("inf")


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "fe80::1",
                                     "::ffff:127.0.0.1", "0.0.0.0", "172.16.5.4"])
def test_private_loopback_and_link_local_addresses_are_refused(address):
    assert refused_address(address, ())


def test_allowed_networks_and_public_addresses_pass():
    assert refused_address("127.0.0.1", ("127.0.0.0/8",)) is None
    assert refused_address("93.184.216.34", ()) is None
    assert refused_address("10.0.0.1", ("127.0.0.0/8",))


def test_request_is_pinned_to_the_checked_address_and_keeps_the_host_name():
    assert pinned("https://news.example.org/rss?x=1", "93.184.216.34") == (
        "https://93.184.216.34/rss?x=1", {"Host": "news.example.org"}, {"sni_hostname": "news.example.org"})
    assert pinned("http://news.example.org:8080/rss", "2606:2800:220:1::1") == (
        "http://[2606:2800:220:1::1]:8080/rss", {"Host": "news.example.org:8080"}, {})

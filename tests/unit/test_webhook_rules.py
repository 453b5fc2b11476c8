import random

from services.webhooks.core import RetryPolicy, backoff_s, should_retry, signature, verify


def test_signature_verifies_with_the_secret_and_fails_on_any_change():
    header = signature("s3cret", 1700000000, b'{"id":"a"}')
    assert header.startswith("t=1700000000,v1=")
    assert verify("s3cret", header, b'{"id":"a"}')
    assert not verify("other", header, b'{"id":"a"}')
    assert not verify("s3cret", header, b'{"id":"b"}')
    assert not verify("s3cret", header.replace("t=1700000000", "t=1700000001"), b'{"id":"a"}')
    assert not verify("s3cret", "garbage", b"")


def test_network_errors_429_and_5xx_are_retried_other_answers_are_final():
    assert should_retry(None) and should_retry(429) and should_retry(503)
    assert not should_retry(400) and not should_retry(404) and not should_retry(410)


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    policy, rng = RetryPolicy(base_delay_s=1, max_delay_s=5), random.Random(1)
    delays = [[backoff_s(attempt, policy, rng) for _ in range(200)] for attempt in (1, 2, 3, 6)]
    assert [round(max(d)) for d in delays] == [1, 2, 4, 5]
    assert all(min(d) >= 0 for d in delays)

"""The seed article through every worker on the real broker and Redis, as the issue states it."""

import time

import pytest

from services.alerter.app import alert_channel
from services.alerter.feed import read_alerts
from services.alerter.subscriptions import SubscriptionStore
from services.common.messages import Alert, AlertLifecycle, Subscription
from services.common.topics import ARTICLES_UNIQUE, EVENTS_CANONICAL
from services.ingestor.app import IngestorSettings, ingest
from services.sink.aggregates import AggregateReader, Tally
from tests.conftest import SEEDS
from tests.streams import read_topic, wait_for

SYRIA_20 = Subscription(id="syria-20", name="Syria, fatalities >= 20", countries=["Syria"], min_fatalities=20)


@pytest.fixture(scope="module")
def seeded(settings, pipeline, stack):
    import redis

    client = redis.Redis.from_url(settings.redis_url)
    SubscriptionStore(client, settings).put(SYRIA_20)
    channel = client.pubsub(ignore_subscribe_messages=True)
    channel.subscribe(alert_channel(settings, SYRIA_20.id))
    ingest([str(SEEDS)], IngestorSettings(namespace=settings.namespace))
    reader = AggregateReader(client, settings)
    wait_for(lambda: len(reader.events()) >= 3, what="three canonical events in Redis")
    alerts = list(read_alerts(settings, SYRIA_20.id, timeout_s=20, max_alerts=2))
    pushed = []
    deadline = time.monotonic() + 10
    while len(pushed) < 2 and time.monotonic() < deadline:
        message = channel.get_message(timeout=0.5)  # None for the subscribe confirmation too
        if message:
            pushed.append(Alert.from_bytes(message["data"]))
    channel.close()
    return reader, alerts, pushed


def test_seed_gives_exactly_the_three_expected_events(seeded):
    reader, _, _ = seeded
    events = sorted((e.event for e in reader.events()), key=lambda e: -e.fatalities)
    summary = [(e.sub_event_type.value, e.location.admin1, e.event_date.isoformat(), e.fatalities) for e in events]
    assert summary == [
        ("Armed clash", "Idlib", "2020-01-15", 55),
        ("Air/drone strike", "Idlib", "2020-01-15", 21),
        ("Shelling/artillery/missile attack", "Aleppo", "2020-01-15", 4),
    ]
    assert [e.sources for e in events] == [["SOHR"], ["SOHR"], ["SANA"]]


def test_aggregates_per_region_and_day(seeded):
    reader, _, _ = seeded
    assert reader.admin1_day("SY", "Idlib", "2020-01-15") == Tally(2, 76)
    assert reader.admin1_day("SY", "Aleppo", "2020-01-15") == Tally(1, 4)
    assert reader.country_day("SY", "2020-01-15") == Tally(3, 80)


def test_syria_20_subscription_fires_exactly_two_new_alerts(seeded):
    _, alerts, _ = seeded
    assert sorted(a.event.fatalities for a in alerts) == [21, 55]
    assert {a.lifecycle for a in alerts} == {AlertLifecycle.NEW}
    assert len({a.id for a in alerts}) == 2


def test_same_two_alerts_are_pushed_on_the_subscription_redis_channel(seeded):
    _, alerts, pushed = seeded
    assert sorted(a.id for a in pushed) == sorted(a.id for a in alerts)


def test_second_ingest_of_same_article_fires_no_alert_and_changes_nothing(seeded, settings):
    reader, first_alerts, _ = seeded
    unique_before = len(read_topic(settings, ARTICLES_UNIQUE))
    canonical_before = len(read_topic(settings, EVENTS_CANONICAL))

    report = ingest([str(SEEDS)], IngestorSettings(namespace=settings.namespace))
    assert len(report.published) == 1
    # Dedup counts each message that carried a story on its cluster (the first article's id).
    copies = settings.redis_key("dedup", "carriers", report.published[0].id)
    wait_for(lambda: reader.client.scard(copies) == 2, what="dedup to see the second copy")

    alerts = list(read_alerts(settings, SYRIA_20.id, timeout_s=5))
    assert [a.id for a in alerts] == [a.id for a in first_alerts]
    assert len(read_topic(settings, ARTICLES_UNIQUE)) == unique_before
    assert len(read_topic(settings, EVENTS_CANONICAL)) == canonical_before
    assert reader.admin1_day("SY", "Idlib", "2020-01-15") == Tally(2, 76)
    assert [e.version for e in reader.events()] == [1, 1, 1]

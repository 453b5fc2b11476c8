"""Subscriptions and alerts on the real stack: once per event, one update per raised toll, and
aggregate rules that fire once per window."""

from datetime import datetime, timezone

import pytest
import redis

from services.alerter.feed import read_alerts
from services.alerter.subscriptions import SubscriptionStore
from services.common.messages import AggregateRule, Alert, AlertLifecycle, Subscription
from services.common.topics import subscription_topic
from services.ingestor.app import IngestorSettings, ingest
from services.sink.aggregates import AggregateReader
from tests.conftest import REPO, SEEDS
from tests.streams import read_topic, wait_for

UPDATE = REPO / "tests" / "fixtures" / "alerting" / "idlib_toll_update.txt"
SYRIA_20 = Subscription(id="syria-20", name="Syria >= 20", countries=["Syria"], min_fatalities=20, kafka_topic=True)
IDLIB_50 = Subscription(id="idlib-50", name="Idlib 50 in 24 h", admin1=["Idlib"],
                        aggregate=AggregateRule(window_hours=24, min_fatalities=50))


def alerts_of(settings, subscription, expected):
    return list(read_alerts(settings, subscription.id, timeout_s=8, max_alerts=expected + 1))


@pytest.fixture(scope="module")
def story(settings, pipeline):
    """The seed, then a second outlet's higher toll, then the seed again."""
    client = redis.Redis.from_url(settings.redis_url)
    for subscription in (SYRIA_20, IDLIB_50):
        SubscriptionStore(client, settings).put(subscription)
    reader = AggregateReader(client, settings)
    ingest([str(SEEDS)], IngestorSettings(namespace=settings.namespace))
    wait_for(lambda: len(reader.events()) == 3, what="the seed's three events")
    ingest([str(UPDATE)], IngestorSettings(namespace=settings.namespace))
    wait_for(lambda: any(e.version == 2 for e in reader.events()), what="the merged update")
    ingest([str(SEEDS)], IngestorSettings(namespace=settings.namespace))
    return reader


def test_event_subscription_gets_two_new_alerts_and_one_update_for_the_raised_toll(settings, story):
    alerts = alerts_of(settings, SYRIA_20, expected=3)
    # The two seed events may alert in either order (different partitions); the update comes last.
    assert sorted((a.lifecycle.value, a.event.fatalities) for a in alerts) == [("new", 21), ("new", 55), ("updated", 23)]
    assert alerts[-1].lifecycle is AlertLifecycle.UPDATED
    updated = next(a for a in alerts if a.lifecycle is AlertLifecycle.UPDATED)
    assert "toll raised from 21" in updated.reason
    assert updated.links == ["https://wire.example/idlib-toll-update"]


def test_aggregate_rule_fires_once_when_idlib_passes_50_in_24_hours(settings, story):
    alerts = alerts_of(settings, IDLIB_50, expected=1)
    assert len(alerts) == 1
    assert alerts[0].aggregate.admin1 == "Idlib" and alerts[0].aggregate.fatalities >= 50
    assert "in the 24 h" in alerts[0].reason


def test_subscription_with_its_own_topic_gets_the_same_alerts_there(settings, story):
    on_shared_topic = {a.id for a in alerts_of(settings, SYRIA_20, expected=3)}
    assert {Alert.from_bytes(v).id for v in read_topic(settings, subscription_topic(SYRIA_20.id))} == on_shared_topic


def test_rolling_window_and_geo_index_reflect_the_story(story):
    end = datetime(2020, 1, 16, 23, tzinfo=timezone.utc)
    assert story.rolling(end, 24)["SY:Idlib"].fatalities == 21 + 55 + 2  # toll raised to 23
    near_idlib_city = story.event_ids_near(35.93, 36.63, radius_km=15)
    assert [e.event.sub_event_type.value for e in story.events(near_idlib_city)] == ["Air/drone strike"]

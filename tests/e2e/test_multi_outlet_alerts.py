"""The seed and three other outlets' versions of it on the real stack: three real events, and a
"Syria, fatalities >= 20" subscription hears of each qualifying event once, plus one update when
a later report raises the toll."""

import json

import pytest
import redis

from services.alerter.feed import read_alerts
from services.alerter.subscriptions import SubscriptionStore
from services.common.messages import Subscription
from services.ingestor.app import IngestorSettings, ingest
from services.sink.aggregates import AggregateReader
from tests.conftest import REPO, SEEDS
from tests.streams import wait_for

OUTLETS = REPO / "tests" / "fixtures" / "dedup" / "seed_outlets.jsonl"
SYRIA_20 = Subscription(id="syria-20", name="Syria >= 20", countries=["Syria"], min_fatalities=20)


@pytest.fixture(scope="module")
def reports(settings, pipeline, tmp_path_factory):
    """All four reports in publication order, each waited for, then every one of them again."""
    client = redis.Redis.from_url(settings.redis_url)
    SubscriptionStore(client, settings).put(SYRIA_20)
    reader = AggregateReader(client, settings)
    folder = tmp_path_factory.mktemp("outlets")
    lines = OUTLETS.read_text().splitlines()
    wire, others = lines[0], lines[1:]
    ordered = [("wire.jsonl", wire)] + [(f"outlet{n}.jsonl", line) for n, line in enumerate(others)]
    (folder / "wire.jsonl").write_text(wire)
    ingest([str(folder / "wire.jsonl")], IngestorSettings(namespace=settings.namespace))
    wait_for(lambda: reader.events(), what="the wire report's events")
    ingest([str(SEEDS)], IngestorSettings(namespace=settings.namespace))
    for name, line in ordered[1:]:
        (folder / name).write_text(line)
        ingest([str(folder / name)], IngestorSettings(namespace=settings.namespace))
    wait_for(lambda: sum(len(e.event.article_ids) for e in reader.events()) >= 9, timeout_s=60,
             what="every report merged")
    for name, _ in ordered:
        ingest([str(folder / name)], IngestorSettings(namespace=settings.namespace))
    ingest([str(SEEDS)], IngestorSettings(namespace=settings.namespace))
    return reader


def test_four_reports_make_three_canonical_events(reports):
    truth = json.loads((REPO / "tests" / "fixtures" / "dedup" / "seed_truth.json").read_text())["events"]
    events = reports.events()
    assert len(events) == len(truth) == 3
    assert sorted((e.event.event_type.value, e.event.location.admin1) for e in events) == sorted(
        (t["event_type"], t["admin1"]) for t in truth)
    assert all(len(e.event.outlets) >= 2 for e in events)


def test_subscription_hears_of_each_qualifying_event_once_and_of_each_raised_toll_once(settings, reports):
    alerts = list(read_alerts(settings, SYRIA_20.id, timeout_s=8))
    ids = [a.id for a in alerts]
    assert len(ids) == len(set(ids))
    new = [a for a in alerts if a.lifecycle.value == "new"]
    assert sorted(a.event.event_type.value for a in new) == ["Battles", "Explosions/Remote violence"]
    tolls_by_event: dict[str, list[int]] = {}
    for alert in alerts:
        tolls_by_event.setdefault(alert.event_id, []).append(alert.event.fatalities)
    for tolls in tolls_by_event.values():
        assert tolls == sorted(set(tolls)), "every later alert on an event must carry a higher toll"

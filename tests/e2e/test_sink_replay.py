"""The sink on the real stack: whole-topic replays and a SIGKILL mid-replay leave the aggregates
equal to a recount of the newest version of every event."""

import random
from datetime import date, timedelta

import pytest
import redis

from services.common.kafka_io import group_lag, rewind_group
from services.common.topics import EVENTS_CANONICAL
from services.runner import Pipeline
from services.sink.aggregates import AggregateReader, recount
from tests.conftest import free_port
from tests.factories import ALEPPO_CITY, IDLIB_CITY, canonical, event
from tests.streams import produce_all, wait_for

EVENTS = 300


@pytest.fixture(scope="module")
def sink(settings, tmp_path_factory):
    running = Pipeline(settings, tmp_path_factory.mktemp("sink-logs"), env={"WIREWATCH_NAMESPACE": settings.namespace},
                       metrics_ports={"sink": free_port()})
    running.start("sink")
    running.wait_ready(workers=("sink",))
    yield running
    running.stop()


def publish_versions(settings) -> dict:
    """Every event in 1-3 versions, in order per event, some versions sent twice; the newest per id."""
    rng, newest, messages = random.Random(5), {}, []
    for n in range(EVENTS):
        base = event(f"replay-{n}", on=date(2018, 1, 1) + timedelta(days=n % 20), location=rng.choice([IDLIB_CITY, ALEPPO_CITY]))
        for version in range(1, rng.randint(2, 4)):
            message = canonical(base, version, fatalities=rng.randint(0, 60))
            messages += [(message.id.encode(), message.to_bytes())] * rng.choice([1, 1, 2])
            newest[base.id] = message
    produce_all(settings, EVENTS_CANONICAL, messages)
    return newest


def assert_exact(reader: AggregateReader, newest: dict) -> None:
    stored = {e.id: e.version for e in reader.events()}
    assert stored == {i: e.version for i, e in newest.items()}
    for (day, cc, admin1), tally in recount(newest.values()).items():
        assert reader.admin1_day(cc, admin1, day) == tally, (day, admin1)


def test_replaying_the_topic_twice_and_a_kill_mid_replay_change_nothing(settings, sink):
    group = settings.group_id("sink")
    reader = AggregateReader(redis.Redis.from_url(settings.redis_url), settings)
    newest = publish_versions(settings)
    wait_for(lambda: group_lag(settings, group, EVENTS_CANONICAL) == 0, timeout_s=120, what="the sink to catch up")
    assert_exact(reader, newest)

    for _ in range(2):
        sink.stop_worker("sink")
        rewind_group(settings, group, EVENTS_CANONICAL)
        assert group_lag(settings, group, EVENTS_CANONICAL) > 0
        sink.start("sink")
        sink.wait_ready(workers=("sink",))
        wait_for(lambda: group_lag(settings, group, EVENTS_CANONICAL) == 0, timeout_s=120, what="the replay")
        assert_exact(reader, newest)

    sink.stop_worker("sink")
    rewind_group(settings, group, EVENTS_CANONICAL)
    sink.start("sink")
    sink.wait_ready(workers=("sink",))
    wait_for(lambda: group_lag(settings, group, EVENTS_CANONICAL) < len(newest), what="the replay under way")
    sink.kill("sink")
    sink.start("sink")
    sink.wait_ready(timeout_s=90, workers=("sink",))
    wait_for(lambda: group_lag(settings, group, EVENTS_CANONICAL) == 0, timeout_s=120, what="the replay after SIGKILL")
    assert_exact(reader, newest)

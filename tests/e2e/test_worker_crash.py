"""SIGKILL mid-stream on the real stack: after a restart the aggregates are exactly right."""

import json

import redis

from services.ingestor.app import IngestorSettings, ingest
from services.sink.aggregates import AggregateReader, recount
from tests.streams import wait_for
from tests.synthetic import air_strike_reports

ARTICLES = 400


def test_sink_and_merger_killed_mid_stream_leave_aggregates_equal_to_a_recount(settings, pipeline, tmp_path):
    records = air_strike_reports(ARTICLES)
    total = sum(record["toll"] for record in records)
    feed = tmp_path / "wire.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records))
    reader = AggregateReader(redis.Redis.from_url(settings.redis_url), settings)

    ingest([str(feed)], IngestorSettings(namespace=settings.namespace))
    wait_for(lambda: len(reader.events()) >= ARTICLES // 10, timeout_s=120, what="the first events stored")
    pipeline.kill("sink")
    pipeline.kill("merger")
    stored_at_kill = len(reader.events())
    assert stored_at_kill < ARTICLES, "the kill came after the stream ended: nothing was tested"
    pipeline.start("sink", "merger")
    pipeline.wait_ready(timeout_s=90, workers=("sink", "merger"))

    wait_for(lambda: len(reader.events()) == ARTICLES, timeout_s=180, what=f"{ARTICLES} events stored")
    events = reader.events()
    assert sum(e.event.fatalities for e in events) == total
    for (day, cc, admin1), tally in recount(events).items():
        assert reader.admin1_day(cc, admin1, day) == tally
    country_days = {(day, cc) for day, cc, _ in recount(events)}
    assert sum(reader.country_day(cc, day).fatalities for day, cc in country_days) == total

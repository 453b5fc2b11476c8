"""SIGKILL mid-stream on the real stack: after a restart the aggregates are exactly right."""

import json
import random
from datetime import date, timedelta

import redis

from services.ingestor.app import IngestorSettings, ingest
from services.sink.aggregates import AggregateReader, recount
from tests.streams import wait_for

# Towns in distinct admin1 regions, named as the wires spell them.
TOWNS = [("Saraqeb", "Syria"), ("Douma", "Syria"), ("Deir ez-Zor", "Syria"), ("Raqqa", "Syria"),
         ("Mosul", "Iraq"), ("Kirkuk", "Iraq"), ("Taiz", "Yemen"), ("Marib", "Yemen")]
ARTICLES = 400


def synthetic_articles(rng: random.Random) -> tuple[list[dict], int]:
    """One air strike per article, each on its own town and day, with a known toll."""
    records, total = [], 0
    for n in range(ARTICLES):
        town, country = TOWNS[n % len(TOWNS)]
        published = date(2019, 1, 2) + timedelta(days=n)
        toll = rng.randint(1, 40)
        total += toll
        records.append({
            "title": f"Air strike on {town} kills {toll}",
            "body": f"At least {toll} civilians were killed in an air strike on {town}, {country}, on "
                    f"{published.strftime('%A %d %B %Y')}, a local monitoring group said.",
            "url": f"https://wire.example/{n}",
            "published_at": f"{published.isoformat()}T18:00:00Z",
            "source": "Wire",
        })
    return records, total


def test_sink_and_merger_killed_mid_stream_leave_aggregates_equal_to_a_recount(settings, pipeline, tmp_path):
    records, total = synthetic_articles(random.Random(11))
    feed = tmp_path / "wire.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records))
    reader = AggregateReader(redis.Redis.from_url(settings.redis_url), settings)

    ingest([str(feed)], IngestorSettings(namespace=settings.namespace))
    wait_for(lambda: len(reader.events()) >= ARTICLES // 10, what="the first events stored")
    pipeline.kill("sink")
    pipeline.kill("merger")
    stored_at_kill = len(reader.events())
    assert stored_at_kill < ARTICLES, "the kill came after the stream ended: nothing was tested"
    pipeline.start("sink", "merger")
    pipeline.wait_ready(timeout_s=90, workers=("sink", "merger"))

    wait_for(lambda: len(reader.events()) == ARTICLES, timeout_s=180, what=f"{ARTICLES} events stored")
    print(f"killed sink and merger with {stored_at_kill}/{ARTICLES} events stored")
    events = reader.events()
    assert sum(e.event.fatalities for e in events) == total
    for (day, cc, admin1), tally in recount(events).items():
        assert reader.admin1_day(cc, admin1, day) == tally
    country_days = {(day, cc) for day, cc, _ in recount(events)}
    assert sum(reader.country_day(cc, day).fatalities for day, cc in country_days) == total

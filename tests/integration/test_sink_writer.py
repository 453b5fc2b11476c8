"""The sink's Lua upsert against the real Redis server."""

import random
from datetime import date

from services.sink.aggregates import AggregateReader, EventWriter, Tally, recount
from tests.factories import ALEPPO_CITY, IDLIB_CITY, canonical, event
from tests.streams import with_async_redis


def write_all(settings, events) -> list[bool]:
    async def work(client):
        writer = EventWriter(client, settings)
        return [await writer.write(e) for e in events]

    return with_async_redis(settings, work)


def test_same_version_twice_counts_once(settings, redis_client):
    strike = canonical(event("sink-a", on=date(2021, 3, 1), fatalities=21))
    assert write_all(settings, [strike, strike]) == [True, False]
    assert AggregateReader(redis_client, settings).admin1_day("SY", "Idlib", "2021-03-01") == Tally(1, 21)


def test_newer_version_moves_aggregates_by_the_difference_and_older_is_ignored(settings, redis_client):
    base = event("sink-b", on=date(2021, 3, 2), fatalities=10)
    v1, v2 = canonical(base, 1), canonical(base, 2, fatalities=14)
    assert write_all(settings, [v1, v2, v1]) == [True, True, False]
    reader = AggregateReader(redis_client, settings)
    assert reader.admin1_day("SY", "Idlib", "2021-03-02") == Tally(1, 14)
    assert reader.country_day("SY", "2021-03-02") == Tally(1, 14)


def test_version_that_moves_the_event_takes_its_contribution_along(settings, redis_client):
    base = event("sink-c", on=date(2021, 3, 3), fatalities=5)
    moved = canonical(base, 2, event_date=date(2021, 3, 4), location=ALEPPO_CITY)
    write_all(settings, [canonical(base, 1), moved])
    reader = AggregateReader(redis_client, settings)
    assert reader.admin1_day("SY", "Idlib", "2021-03-03") == Tally(0, 0)
    assert reader.admin1_day("SY", "Aleppo", "2021-03-04") == Tally(1, 5)


def test_shuffled_redelivered_versions_leave_aggregates_equal_to_a_recount(settings, redis_client):
    rng = random.Random(7)
    deliveries, newest = [], {}
    for n in range(40):
        base = event(f"sink-r{n}", on=date(2021, 4, 1 + n % 5), location=rng.choice([ALEPPO_CITY, IDLIB_CITY]))
        versions = [canonical(base, v, fatalities=rng.randint(0, 50)) for v in range(1, rng.randint(2, 4))]
        newest[base.id] = versions[-1]
        deliveries += versions + rng.sample(versions, k=len(versions))  # repeats, replays
    rng.shuffle(deliveries)
    write_all(settings, deliveries)
    reader = AggregateReader(redis_client, settings)
    for (day, cc, admin1), tally in recount(newest.values()).items():
        assert reader.admin1_day(cc, admin1, day) == tally, (day, admin1)



def test_newest_events_page_through_the_day_index_newest_first_within_the_days_asked(settings, redis_client):
    days = [date(2019, 4, d) for d in (1, 3, 2, 5, 4)]
    write_all(settings, [canonical(event(f"byday-{d.day}", on=d, fatalities=d.day)) for d in days])
    reader = AggregateReader(redis_client, settings)
    ours = lambda e: e.id.startswith("byday-")  # noqa: E731
    assert [e.id for e in reader.newest_events(None, None, ours, limit=10, page=2)][:5] == [
        "byday-5", "byday-4", "byday-3", "byday-2", "byday-1"]
    odd_toll = lambda e: ours(e) and e.event.fatalities % 2 == 1  # noqa: E731
    assert [e.id for e in reader.newest_events(date(2019, 4, 2), date(2019, 4, 5), odd_toll, limit=1, page=2)] == [
        "byday-5"]
    assert [e.id for e in reader.newest_events(date(2019, 4, 2), date(2019, 4, 4), odd_toll, limit=5, page=2)] == [
        "byday-3"]

"""The merger's Redis state against the real Redis server."""

from datetime import date, datetime, timezone

from services.merger.store import RedisMergeStore
from tests.factories import ALEPPO_CITY, event
from tests.streams import with_async_redis


def merge_all(settings, events):
    async def work(client):
        store = RedisMergeStore(client, settings)
        return [await store.merge(e) for e in events]

    return with_async_redis(settings, work)


def test_two_outlets_merge_and_a_repeat_changes_nothing(settings):
    day = date(2022, 5, 1)
    results = merge_all(settings, [
        event("m1", on=day, fatalities=10, outlet="A"),
        event("m2", on=day, fatalities=12, outlet="B", article="a2"),
        event("m1", on=day, fatalities=10, outlet="A"),
    ])
    (first, changed1), (second, changed2), (repeat, changed3) = results
    assert (changed1, changed2, changed3) == (True, True, False)
    assert first.id == second.id == repeat.id
    assert (second.version, second.event.fatalities, second.event.outlets) == (2, 10, ["A", "B"])
    assert repeat == second


def test_a_later_report_of_a_higher_toll_raises_it_across_merges(settings):
    day = date(2022, 5, 3)
    later = datetime(2022, 5, 4, 20, tzinfo=timezone.utc)
    results = merge_all(settings, [
        event("t1", on=day, fatalities=10, outlet="A"),
        event("t2", on=day, fatalities=14, outlet="B", article="a2"),
        event("t3", on=day, fatalities=16, outlet="C", article="a3").model_copy(update={"reported_at": later}),
    ])
    assert [(c.version, c.event.fatalities) for c, _ in results] == [(1, 10), (2, 10), (3, 16)]


def test_events_in_other_regions_stay_apart(settings):
    day = date(2022, 5, 2)
    (a, _), (b, _) = merge_all(settings, [event("m3", on=day), event("m4", on=day, location=ALEPPO_CITY)])
    assert a.id != b.id


def test_a_batch_merges_as_its_events_one_after_another(settings):
    day = date(2022, 5, 5)
    later = datetime(2022, 5, 6, 20, tzinfo=timezone.utc)
    batch = [
        event("b1", on=day, fatalities=10, outlet="A"),
        event("b2", on=day, fatalities=14, outlet="B", article="a2"),
        event("b1", on=day, fatalities=10, outlet="A"),
        event("b3", on=day, location=ALEPPO_CITY),
        event("b4", on=day, fatalities=16, outlet="C", article="a3").model_copy(update={"reported_at": later}),
    ]

    async def work(client):
        store = RedisMergeStore(client, settings)
        return await store.merge_batch(batch), await store.merge_batch(batch)

    merged, again = with_async_redis(settings, work)
    assert [(c.version, c.event.fatalities, changed) for c, changed in merged] == [
        (1, 10, True), (2, 10, True), (2, 10, False), (1, 21, True), (3, 16, True)]
    assert len({c.id for c, _ in merged}) == 2
    assert [changed for _, changed in again] == [False] * 5
    assert [c for c, _ in again] == [merged[4][0], merged[4][0], merged[4][0], merged[3][0], merged[4][0]]


def test_a_batch_reads_again_when_another_worker_wrote_in_between(settings):
    """The compare-and-set: a stale snapshot is never written over a merge made meanwhile."""
    day = date(2022, 5, 7)

    async def work(client):
        store = RedisMergeStore(client, settings)
        stale_read = store._read
        raced = []

        async def read_then_lose_the_race(batch, regions):
            snapshot = await stale_read(batch, regions)
            if not raced:
                raced.append(await RedisMergeStore(client, settings).merge(event("r1", on=day, fatalities=5, outlet="B")))
            return snapshot

        store._read = read_then_lose_the_race
        return await store.merge_batch([event("r2", on=day, fatalities=7, outlet="A", article="a2")]), raced

    [(canonical, changed)], [(other, _)] = with_async_redis(settings, work)
    assert changed and canonical.id == other.id and canonical.version == 2
    assert sorted(canonical.member_event_ids) == ["r1", "r2"]

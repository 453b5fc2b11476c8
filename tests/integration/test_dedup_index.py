"""The dedup index (exact claims, LSH band entries, cluster tallies) against the real Redis server."""

import asyncio
import random

from services.dedup.core import Verdict, fingerprint
from services.dedup.index import FIRST_CHUNK_MESSAGES, TICKS_PER_WINDOW, RedisDedupIndex
from services.ingestor.documents import build_article
from tests.streams import with_async_redis
from tests.unit.test_dedup_core import ARTICLE, REPORT, syndicated

WINDOW_S = 3 * 86400
WORDS = [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "pe") for b in ("sa", "te", "vi", "wo", "xu", "ban", "cor")]
# Each test works at times of its own, ten windows apart, so tests sharing the module's namespace
# never see each other's texts.
T = 2_000_000_000.0


def at(windows: float) -> float:
    return T + windows * WINDOW_S


def run(settings, work):
    return with_async_redis(settings, lambda client: work(RedisDedupIndex(client, settings, window_s=WINDOW_S)))


def test_redelivered_first_message_keeps_its_claim_and_a_copy_from_another_message_does_not(settings):
    original = ARTICLE.model_copy(update={"id": "story-0", "content_hash": "c0"})
    exact_copy = original.model_copy(update={"id": "elsewhere-0"})

    async def work(index):
        return [await index.check(a, t, at(-10)) for a, t in
                ((original, "raw/5/1"), (original, "raw/5/1"), (exact_copy, "raw/5/2"))]

    (first, _), (again, _), (copy, tally) = run(settings, work)
    assert first.verdict is again.verdict is Verdict.UNIQUE
    assert again.unique == first.unique
    assert (copy.verdict, copy.cluster_id, tally.carriers) == (Verdict.DUPLICATE, "story-0", 2)


def test_new_text_under_the_same_article_id_is_version_two(settings):
    first = ARTICLE.model_copy(update={"id": "story-9", "content_hash": "c9"})
    edited = build_article(ARTICLE.title, REPORT + " The monitor later corrected the name of the town.",
                           url="https://a.example/9").model_copy(update={"id": "story-9"})

    async def work(index):
        return [await index.check(a, t, at(-20)) for a, t in ((first, "raw/6/1"), (edited, "raw/6/2"))]

    _, (updated, _) = run(settings, work)
    assert (updated.verdict, updated.unique.article.id, updated.unique.article.version) == (Verdict.UPDATE, "story-9", 2)
    assert updated.cluster_id == "story-9"


def test_syndicated_copy_is_counted_on_the_story_and_an_update_flows_on(settings):
    original = ARTICLE.model_copy(update={"id": "story-1"})
    copy = syndicated(url="https://b.example/1")
    raised = syndicated(REPORT.replace("At least 14", "At least 16"), url="https://c.example/1")
    raised_copy = build_article("Toll in market strike rises to 16", raised.body + " (AFP)",
                                url="https://d.example/1", source="Outlet D")

    async def work(index):
        return [await index.check(a, f"raw/0/{n}", at(0)) for n, a in enumerate((original, copy, raised, raised_copy))]

    (first, _), (dup, dup_tally), (update, _), (update_copy, tally) = run(settings, work)
    assert first.verdict is Verdict.UNIQUE
    assert (dup.verdict, dup.cluster_id, dup_tally.carriers, dup_tally.outlets) == (Verdict.DUPLICATE, "story-1", 2, 2)
    assert (update.verdict, update.cluster_id) == (Verdict.UPDATE, "story-1")
    assert (update_copy.verdict, update_copy.cluster_id) == (Verdict.DUPLICATE, "story-1")
    assert (tally.carriers, tally.outlets) == (4, 3)


def test_redelivered_message_gets_its_first_decision_and_is_not_counted_twice(settings):
    original = ARTICLE.model_copy(update={"id": "story-2", "content_hash": "c2"})
    copy = syndicated(url="https://b.example/2").model_copy(update={"content_hash": "c2-copy"})

    async def work(index):
        return [await index.check(a, t, at(10)) for a, t in ((original, "raw/1/1"), (copy, "raw/1/2"), (copy, "raw/1/2"),
                                                       (original, "raw/1/1"))]

    (first, _), (dup, _), (dup_again, tally_again), (first_again, tally) = run(settings, work)
    assert dup_again == dup and dup.verdict is Verdict.DUPLICATE
    assert first_again.verdict is Verdict.UNIQUE and first_again.unique == first.unique
    assert (tally.carriers, tally_again.carriers) == (2, 2)


def test_texts_are_remembered_for_the_window_and_forgotten_after_it(settings):
    original = ARTICLE.model_copy(update={"id": "story-3", "content_hash": "c3"})
    copies = [syndicated(url=f"https://b.example/3/{n}").model_copy(update={"content_hash": f"c3-{n}"})
              for n in range(2)]

    async def work(index):
        await index.check(original, "raw/2/1", at(20))
        within = await index.check(copies[0], "raw/2/2", at(20.95))
        after = await index.check(copies[1], "raw/2/3", at(21.05))
        return within, after

    (within, _), (after, _) = run(settings, work)
    assert (within.verdict, within.cluster_id) == (Verdict.DUPLICATE, "story-3")
    assert after.verdict is Verdict.UNIQUE


def test_two_near_copies_decided_at_once_make_one_story(settings):
    """Two workers racing on copies of one story: the transaction lets exactly one start it."""
    copies = [syndicated(url=f"https://race.example/{n}").model_copy(update={"content_hash": f"race-{n}"})
              for n in range(6)]

    async def work(index):
        return await asyncio.gather(*(index.check(c, f"raw/3/{n}", at(30)) for n, c in enumerate(copies)))

    verdicts = [decision.verdict for decision, _ in run(settings, work)]
    assert verdicts.count(Verdict.UNIQUE) == 1
    assert verdicts.count(Verdict.DUPLICATE) == 5


def test_every_fact_of_a_long_casualty_list_is_kept_so_its_copy_states_nothing_new(settings):
    """A list of 1,200 tolls is filed in several SADDs; a copy with another headline is a duplicate,
    and a copy adding one toll is an update."""
    tolls = " ".join(f"In village {n} {n} people were killed." for n in range(1, 1201))
    original = build_article("A month of strikes", tolls, url="https://list.example/1")
    copy = build_article("Strikes: the full list", tolls, url="https://list.example/2", source="Outlet B")
    longer = build_article("Strikes: the full list", tolls + " In village 1201 1201 people were killed.",
                           url="https://list.example/3", source="Outlet C")
    assert len(fingerprint(original).facts) == 1200

    async def work(index):
        return [await index.check(a, f"raw/9/{n}", at(80)) for n, a in enumerate((original, copy, longer))]

    verdicts = [decision.verdict for decision, _ in run(settings, work)]
    assert verdicts == [Verdict.UNIQUE, Verdict.DUPLICATE, Verdict.UPDATE]


def test_a_batch_is_decided_as_its_messages_one_after_another(settings):
    """One round trip for a batch: copies of a text earlier in the same batch are still found."""
    original = ARTICLE.model_copy(update={"id": "story-4", "content_hash": "c4"})
    exact_copy = original.model_copy(update={"id": "elsewhere-4"})
    copy = syndicated(url="https://b.example/4").model_copy(update={"content_hash": "c4-copy"})
    raised = syndicated(REPORT.replace("At least 14", "At least 16"), url="https://c.example/4").model_copy(
        update={"content_hash": "c4-raised"})
    batch = [(original, "raw/4/1"), (exact_copy, "raw/4/2"), (copy, "raw/4/3"), (raised, "raw/4/4")]

    async def work(index):
        decided = await index.check_batch(batch, at(40))
        return decided, await index.check_batch(batch, at(40))

    decided, redelivered = run(settings, work)
    assert [d.verdict for d, _ in decided] == [Verdict.UNIQUE, Verdict.DUPLICATE, Verdict.DUPLICATE, Verdict.UPDATE]
    assert {d.cluster_id for d, _ in decided} == {"story-4"}
    assert [(d.verdict, d.unique) for d, _ in redelivered] == [(d.verdict, d.unique) for d, _ in decided]
    assert [t.carriers for _, t in redelivered] == [4, 4, 4, 4]


def test_copies_in_the_chunk_after_their_original_are_found_while_round_trips_overlap(settings):
    """The chunk after a text's own is checked before that text is filed (two round trips are under
    way at once): the record's compare-and-set sends the copy round again, and it is found."""
    rng = random.Random(4)
    filler = [build_article(f"Filler {n}", " ".join(rng.choice(WORDS) for _ in range(60)), url=f"https://f.example/{n}")
              for n in range(FIRST_CHUNK_MESSAGES - 1)]
    original = ARTICLE.model_copy(update={"id": "story-7", "content_hash": "c7"})
    copies = [syndicated(url=f"https://d.example/{n}").model_copy(update={"content_hash": f"c7-{n}"}) for n in range(3)]
    batch = [(a, f"raw/7/{n}") for n, a in enumerate([*filler, original, *copies])]

    async def work(index):
        return await index.check_batch(batch, at(60))

    decided = run(settings, work)
    assert [d.verdict for d, _ in decided[FIRST_CHUNK_MESSAGES - 1:]] == [Verdict.UNIQUE] + [Verdict.DUPLICATE] * 3
    assert {d.cluster_id for d, _ in decided[FIRST_CHUNK_MESSAGES - 1:]} == {"story-7"}
    assert decided[-1][1].carriers == 4


def test_a_batch_is_decided_once_when_redis_lost_the_scripts(settings):
    """A restart or a flush empties Redis' script cache: the scripts are loaded again and the batch
    decided, with nothing counted twice."""
    original = ARTICLE.model_copy(update={"id": "story-8", "content_hash": "c8"})
    copy = syndicated(url="https://e.example/8").model_copy(update={"content_hash": "c8-copy"})
    batch = [(original, "raw/8/1"), (copy, "raw/8/2")]

    async def work(index):
        await index.client.script_flush()
        return await index.check_batch(batch, at(70))

    decided = run(settings, work)
    assert [(d.verdict, d.cluster_id) for d, _ in decided] == [(Verdict.UNIQUE, "story-8"), (Verdict.DUPLICATE, "story-8")]
    assert decided[-1][1].carriers == 2


def test_a_filed_text_replaces_a_stale_entry_and_its_entries_expire_a_window_and_a_tick_later(settings):
    """Memory stays bounded: Redis drops every entry once it can no longer be live."""
    text = ARTICLE.model_copy(update={"id": "story-5", "content_hash": "c5"})
    band_key = settings.redis_key("dedup", f"lsh:0:{fingerprint(text).bands[0]}")

    async def work(index):
        tick = int(at(50) // index.tick_s)
        await index.client.set(band_key, f"{tick - TICKS_PER_WINDOW}:old")
        decision, _ = await index.check(text, "raw/5/1", at(50))
        return tick, index.retention_s, decision, await index.client.get(band_key), await index.client.ttl(band_key)

    tick, retention_s, decision, entry, ttl = run(settings, work)
    assert decision.verdict is Verdict.UNIQUE
    assert entry == f"{tick}:c5".encode()
    assert retention_s == (TICKS_PER_WINDOW + 1) * (WINDOW_S // TICKS_PER_WINDOW)
    assert retention_s - 5 <= ttl <= retention_s

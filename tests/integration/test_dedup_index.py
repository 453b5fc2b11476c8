"""The dedup index (exact claims, LSH buckets, cluster tallies) against the real Redis server."""

import asyncio

from services.dedup.core import Verdict, decide_exact, fingerprint
from services.dedup.index import RedisDedupIndex
from services.ingestor.documents import build_article
from tests.streams import with_async_redis
from tests.unit.test_dedup_core import ARTICLE, REPORT, syndicated

# Each test works on days of its own, ten apart (the window is three days), so tests sharing the
# module's namespace never see each other's texts.
DAY = 20_000


def run(settings, work):
    return with_async_redis(settings, lambda client: work(RedisDedupIndex(client, settings, window_s=3 * 86400)))


async def check(index, article, token, day):
    """What the worker does for one message: exact claim, near check, tally."""
    claim = await index.claim(article.id, article.content_hash, token)
    decision = decide_exact(article, claim, token)
    if decision is None:
        decision = await index.resolve_near(article, claim, fingerprint(article), day)
    tally = await index.count_carrier(decision.cluster_id, token, article.source or "?")
    return decision, tally


def test_first_message_claims_and_its_redelivery_keeps_the_claim(settings):
    async def work(index):
        return await index.claim("a1", "h1", "raw/0/1"), await index.claim("a1", "h1", "raw/0/1")

    first, again = run(settings, work)
    assert first == again
    assert (first.article_id, first.token, first.version) == ("a1", "raw/0/1", 1)


def test_new_text_under_the_same_article_id_is_version_two(settings):
    async def work(index):
        await index.claim("a3", "h3", "raw/0/3")
        return await index.claim("a3", "h3-new", "raw/0/4")

    updated = run(settings, work)
    assert (updated.article_id, updated.version) == ("a3", 2)


def test_syndicated_copy_is_counted_on_the_story_and_an_update_flows_on(settings):
    original = ARTICLE.model_copy(update={"id": "story-1"})
    copy = syndicated(url="https://b.example/1")
    raised = syndicated(REPORT.replace("At least 14", "At least 16"), url="https://c.example/1")
    raised_copy = build_article("Toll in market strike rises to 16", raised.body + " (AFP)",
                                url="https://d.example/1", source="Outlet D")

    async def work(index):
        return [await check(index, a, f"raw/0/{n}", DAY) for n, a in enumerate((original, copy, raised, raised_copy))]

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
        return [await check(index, a, t, DAY + 10) for a, t in ((original, "raw/1/1"), (copy, "raw/1/2"), (copy, "raw/1/2"),
                                                       (original, "raw/1/1"))]

    (first, _), (dup, _), (dup_again, tally_again), (first_again, tally) = run(settings, work)
    assert dup_again == dup and dup.verdict is Verdict.DUPLICATE
    assert first_again.verdict is Verdict.UNIQUE and first_again.unique == first.unique
    assert (tally.carriers, tally_again.carriers) == (2, 2)


def test_texts_older_than_the_window_are_forgotten(settings):
    original = ARTICLE.model_copy(update={"id": "story-3", "content_hash": "c3"})
    copy = syndicated(url="https://b.example/3").model_copy(update={"content_hash": "c3-copy"})

    async def work(index):
        await check(index, original, "raw/2/1", day=DAY + 20)
        return await check(index, copy, "raw/2/2", day=DAY + 24)  # window: 3 days

    (late, _) = run(settings, work)
    assert late.verdict is Verdict.UNIQUE


def test_two_near_copies_decided_at_once_make_one_story(settings):
    """Two workers racing on copies of one story: the transaction lets exactly one start it."""
    copies = [syndicated(url=f"https://race.example/{n}").model_copy(update={"content_hash": f"race-{n}"})
              for n in range(6)]

    async def work(index):
        return await asyncio.gather(*(check(index, c, f"raw/3/{n}", DAY + 30) for n, c in enumerate(copies)))

    verdicts = [decision.verdict for decision, _ in run(settings, work)]
    assert verdicts.count(Verdict.UNIQUE) == 1
    assert verdicts.count(Verdict.DUPLICATE) == 5

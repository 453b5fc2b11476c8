"""The story index (document frequencies, postings, texts, stories) against the real Redis server."""

import redis

from services.common.messages import UniqueArticle
from services.ingestor.documents import build_article
from services.stories.index import RedisStoryIndex
from tests.streams import with_async_redis
from tests.unit.test_stories_core import BACKGROUND, DAILY, OTHER, WIRE

WINDOW_S = 7 * 86400
# Each test works at times of its own, ten windows apart, so tests sharing the module's namespace
# never see each other's texts.
T = 2_000_000_000.0


def at(windows: float) -> float:
    return T + windows * WINDOW_S


def unique(text: tuple[str, str], outlet: str, slug: str) -> UniqueArticle:
    article = build_article(*text, url=f"https://{outlet.lower()}.example/{slug}", source=outlet)
    return UniqueArticle(article=article, cluster_id=article.id)


def week(slug: str) -> list[UniqueArticle]:
    """Other reports of the week, about other places: weights mean something only in a full window
    (in a window of two texts, the words they share are in every text and weigh nothing)."""
    return [unique((f"Report {n}", " ".join(sorted(BACKGROUND)) + f" village{n}"), f"Outlet{n}", f"{slug}{n}")
            for n in range(30)]


def file(settings, *batches: tuple[list[UniqueArticle], float]):
    """The stories of each batch, filed at its time, after a week of other reports."""
    async def work(client):
        index = RedisStoryIndex(client, settings, window_s=WINDOW_S)
        await index.file_batch(week(batches[0][0][0].article.url), batches[0][1] - 86400)
        return [await index.file_batch(batch, now) for batch, now in batches]

    return with_async_redis(settings, work)


def test_two_outlets_write_ups_are_one_story_and_another_strike_is_another(settings):
    wire, daily, other = unique(WIRE, "Wire", "a"), unique(DAILY, "Daily", "a"), unique(OTHER, "Courier", "a")
    [[first], [second], [third]] = file(settings, ([wire], at(-10)), ([daily], at(-10) + 60), ([other], at(-10) + 120))
    assert (first.id, first.version, first.outlets) == (wire.article.id, 1, ["Wire"])
    assert (second.id, second.version, second.articles) == (wire.article.id, 2, 2)
    assert second.outlets == ["Wire", "Daily"] and second.article_id == daily.article.id
    assert second.title == WIRE[0] and second.first_seen_at == first.first_seen_at < second.updated_at
    assert (third.id, third.version) == (other.article.id, 1)


def test_write_ups_in_one_batch_find_each_other(settings):
    wire, daily, other = unique(WIRE, "Wire", "b"), unique(DAILY, "Daily", "b"), unique(OTHER, "Courier", "b")
    [stories] = file(settings, ([wire, other, daily], at(-20)))
    assert [s.id for s in stories] == [wire.article.id, other.article.id, wire.article.id]
    assert stories[2].outlets == ["Wire", "Daily"]


def test_a_redelivered_article_or_a_new_version_keeps_its_story_and_counts_nothing_again(settings, redis_client):
    wire, daily = unique(WIRE, "Wire", "c"), unique(DAILY, "Daily", "c")
    revised = daily.model_copy(update={"article": daily.article.model_copy(update={"version": 2, "body": "Corrected."})})
    [[_, joined], again] = file(settings, ([wire, daily], at(-30)), ([daily, wire, revised], at(-30) + 5))
    assert [s.id for s in again] == [wire.article.id] * 3
    assert {s.version for s in again} == {joined.version} == {2}
    bucket = int(at(-30) // (WINDOW_S // 7))
    assert redis_client.hget(settings.redis_key("stories", "df", bucket), "#") == b"2"


def test_one_outlets_own_texts_do_not_join_a_story_here(settings):
    wire, same_outlet = unique(WIRE, "Wire", "d"), unique(DAILY, "Wire", "d2")
    [[first], [second]] = file(settings, ([wire], at(-40)), ([same_outlet], at(-40) + 60))
    assert second.id == same_outlet.article.id != first.id


def test_a_write_up_a_window_later_starts_a_story_of_its_own(settings):
    wire, daily = unique(WIRE, "Wire", "e"), unique(DAILY, "Daily", "e")
    [[first], [late]] = file(settings, ([wire], at(-50)), ([daily], at(-50) + WINDOW_S + 86400))
    assert late.id == daily.article.id != first.id


def test_story_keys_expire_a_window_and_a_bucket_after_their_last_write(settings, redis_client: redis.Redis):
    wire = unique(WIRE, "Wire", "f")
    [[story]] = file(settings, ([wire], at(-60)))
    ttl = redis_client.ttl(settings.redis_key("stories", "story", story.id))
    assert WINDOW_S < ttl <= WINDOW_S + 86400
    assert 0 < redis_client.ttl(settings.redis_key("stories", "text", wire.article.id)) <= WINDOW_S + 86400

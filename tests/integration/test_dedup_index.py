"""The dedup index's atomic claim against the real Redis server."""

from services.dedup.index import RedisDedupIndex
from tests.streams import with_async_redis


def claims(settings, *calls):
    async def work(client):
        index = RedisDedupIndex(client, settings, window_s=60)
        return [await index.claim(*call) for call in calls]

    return with_async_redis(settings, work)


def test_first_message_claims_and_its_redelivery_keeps_the_claim(settings):
    (first, copies1), (again, copies2) = claims(settings, ("a1", "h1", "raw/0/1"), ("a1", "h1", "raw/0/1"))
    assert first == again
    assert (first.article_id, first.token, first.version) == ("a1", "raw/0/1", 1)
    assert copies1 == copies2 == 1


def test_copy_from_another_message_sees_the_first_claim_and_is_counted(settings):
    (first, _), (copy, copies) = claims(settings, ("a2", "h2", "raw/0/2"), ("b2", "h2", "raw/1/7"))
    assert copy == first
    assert copies == 2


def test_new_text_under_the_same_article_id_is_version_two(settings):
    (_, _), (updated, _) = claims(settings, ("a3", "h3", "raw/0/3"), ("a3", "h3-new", "raw/0/4"))
    assert (updated.article_id, updated.version) == ("a3", 2)

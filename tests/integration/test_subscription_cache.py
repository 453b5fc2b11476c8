"""The workers' subscription cache against the real Redis server."""

import redis

from services.alerter.subscriptions import SubscriptionCache, SubscriptionStore
from services.common.messages import Subscription
from tests.streams import with_async_redis


def test_a_cache_that_reads_the_counter_once_a_second_still_finds_a_new_subscription_at_once(settings):
    store = SubscriptionStore(redis.Redis.from_url(settings.redis_url), settings)
    store.put(Subscription(id="cache-first", name="first"))

    async def work(client):
        cache = SubscriptionCache(client, settings, max_age_s=3600)
        before = [s.id for s in await cache.current()]
        store.put(Subscription(id="cache-second", name="second", min_fatalities=5))
        stale = [s.id for s in await cache.current()]
        found = await cache.get("cache-second")
        missing = await cache.get("cache-never")
        return before, stale, found, missing

    before, stale, found, missing = with_async_redis(settings, work)
    assert "cache-first" in before and "cache-second" not in stale
    assert found is not None and found.min_fatalities == 5
    assert missing is None

"""The poller's state in Redis: the feed list, each feed's state and schedule, leases, seen entries.

Keys (under the namespace's `ww:` prefix):
  feeds                 hash  feed id -> Feed JSON (the list the CLI and the API edit)
  feeds:due             zset  feed id -> when it may next be polled (epoch seconds; +inf = disabled)
  feed:state:<id>       JSON  FeedState: URL after permanent redirects, validators, failures
  feed:lease:<id>       owner of the feed until its next poll is due (SET NX, then PEXPIRE)
  article:seen:<id>     hash  fp = content hash of the entry as the feed gave it, v = version published
                              (also for rejected entries: id from the entry's ref, fp = the reject kind)

A lease is taken before a poll and, after it, held until the feed's next poll is due: a second
replica can neither poll the feed at the same time nor again within the same interval. Seen
entries are written only after Kafka acknowledged the article, and a version only ever rises,
so a crash between the two republishes the same (id, version), which dedup drops as a copy.
"""

from __future__ import annotations

import math
import time

import redis.asyncio as aioredis

from services.common.settings import ServiceSettings
from services.ingestor.feeds import feed_id
from services.ingestor.politeness import Feed, FeedState

HOLD_LEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
RECORD_SEEN = """
local version = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if tonumber(ARGV[2]) > version then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'v', ARGV[2])
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return version
"""


class FeedStore:
    def __init__(self, client: aioredis.Redis, settings: ServiceSettings, seen_ttl_s: int = 180 * 86400):
        self.client = client
        self.key = settings.redis_key
        self.seen_ttl_s = seen_ttl_s
        self._hold_lease = client.register_script(HOLD_LEASE)
        self._record_seen = client.register_script(RECORD_SEEN)

    # --- the feed list ------------------------------------------------------------------------

    async def add(self, feeds: list[Feed]) -> int:
        """Add or update feeds; a new feed is due at once. Returns how many were new."""
        if not feeds:
            return 0
        pipe = self.client.pipeline(transaction=True)
        for feed in feeds:
            pipe.hsetnx(self.key("feeds"), feed.id, feed.model_dump_json())
        created = await pipe.execute()
        pipe = self.client.pipeline(transaction=True)
        for feed, new in zip(feeds, created):
            if not new:
                pipe.hset(self.key("feeds"), feed.id, feed.model_dump_json())
            pipe.zadd(self.key("feeds:due"), {feed.id: 0}, nx=True)
        await pipe.execute()
        return sum(bool(new) for new in created)

    async def remove(self, feed_id: str) -> bool:
        pipe = self.client.pipeline(transaction=True)
        pipe.hdel(self.key("feeds"), feed_id)
        pipe.zrem(self.key("feeds:due"), feed_id)
        pipe.delete(self.key("feed", "state", feed_id), self.key("feed", "lease", feed_id))
        removed, *_ = await pipe.execute()
        return bool(removed)

    async def feeds(self) -> list[Feed]:
        raw = await self.client.hvals(self.key("feeds"))
        return sorted((Feed.model_validate_json(value) for value in raw), key=lambda feed: feed.url)

    async def feed(self, feed_id: str) -> tuple[Feed, FeedState] | None:
        raw_feed, raw_state = await self.client.pipeline(transaction=False).hget(
            self.key("feeds"), feed_id).get(self.key("feed", "state", feed_id)).execute()
        if raw_feed is None:
            return None
        feed = Feed.model_validate_json(raw_feed)
        return feed, FeedState.model_validate_json(raw_state) if raw_state else FeedState(url=feed.url)

    async def states(self, feed_ids: list[str]) -> dict[str, FeedState]:
        if not feed_ids:
            return {}
        raw = await self.client.mget([self.key("feed", "state", feed_id) for feed_id in feed_ids])
        return {fid: FeedState.model_validate_json(value) for fid, value in zip(feed_ids, raw) if value}

    # --- schedule and leases ------------------------------------------------------------------

    async def due(self, now: float, limit: int) -> list[str]:
        found = await self.client.zrangebyscore(self.key("feeds:due"), "-inf", now, start=0, num=limit)
        return [value.decode() for value in found]

    async def next_due_at(self) -> float | None:
        first = await self.client.zrange(self.key("feeds:due"), 0, 0, withscores=True)
        return first[0][1] if first else None

    async def acquire(self, feed_id: str, owner: str, ttl_s: float) -> bool:
        return bool(await self.client.set(self.key("feed", "lease", feed_id), owner, nx=True, px=int(ttl_s * 1000)))

    async def save(self, feed_id: str, state: FeedState, owner: str, now: float | None = None) -> None:
        """Store the state, schedule the next poll and keep the lease until then."""
        now = time.time() if now is None else now
        score = "+inf" if math.isinf(state.next_poll_at) else state.next_poll_at
        pipe = self.client.pipeline(transaction=True)
        pipe.set(self.key("feed", "state", feed_id), state.model_dump_json())
        pipe.zadd(self.key("feeds:due"), {feed_id: score}, xx=True)
        await pipe.execute()
        hold_ms = 1 if math.isinf(state.next_poll_at) else max(1, int((state.next_poll_at - now) * 1000))
        await self._hold_lease(keys=[self.key("feed", "lease", feed_id)], args=[owner, hold_ms])

    # --- seen entries -------------------------------------------------------------------------

    async def seen(self, article_ids: list[str]) -> dict[str, tuple[str, int]]:
        """article id -> (fingerprint, version) for the ids already published."""
        if not article_ids:
            return {}
        pipe = self.client.pipeline(transaction=False)
        for article_id in article_ids:
            pipe.hmget(self.key("article", "seen", article_id), "fp", "v")
        found = {}
        for article_id, (fingerprint, version) in zip(article_ids, await pipe.execute()):
            if fingerprint is not None:
                found[article_id] = (fingerprint.decode(), int(version))
        return found

    async def record_seen(self, published: list[tuple[str, str, int]]) -> None:
        """(article id, fingerprint, version) of articles Kafka acknowledged."""
        if not published:
            return
        pipe = self.client.pipeline(transaction=False)
        for article_id, fingerprint, version in published:
            await self._record_seen(
                keys=[self.key("article", "seen", article_id)], args=[fingerprint, version, self.seen_ttl_s], client=pipe,
            )
        await pipe.execute()


def new_feed(url: str, interval_s: float, title: str | None = None) -> Feed:
    """A list entry; its id is the hash of the canonical URL, so adding a feed twice updates it."""
    return Feed(id=feed_id(url), url=url.strip(), interval_s=interval_s, title=title)

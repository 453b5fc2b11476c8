"""Redis adapter of the merger's state: canonical events, members, and candidates per region."""

from __future__ import annotations

import redis.asyncio as aioredis
from redis.exceptions import WatchError

from services.common.messages import CanonicalEvent, Event
from services.common.settings import ServiceSettings
from services.merger import core

STATE_TTL_S = 30 * 24 * 3600


class RedisMergeStore:
    def __init__(self, client: aioredis.Redis, settings: ServiceSettings):
        self.client = client
        self.key = settings.redis_key

    def _bucket(self, event: Event) -> str:
        return self.key("merge", "bucket", event.location.country_code, event.location.admin1)

    async def merge(self, incoming: Event) -> tuple[CanonicalEvent, bool]:
        """Merge `incoming` into the state; returns the canonical event and whether it changed."""
        member_key = self.key("merge", "member", incoming.id)
        bucket = self._bucket(incoming)
        day = incoming.event_date.toordinal()
        while True:
            async with self.client.pipeline(transaction=True) as pipe:
                try:
                    # Optimistic: a worker that took over the partition mid-way makes us retry.
                    await pipe.watch(bucket, member_key)
                    known = await pipe.get(member_key)
                    if known:
                        return await self._load(pipe, known.decode()), False
                    ids = await pipe.zrangebyscore(bucket, day - core.MAX_DAYS_APART, day + core.MAX_DAYS_APART)
                    candidates = [await self._load(pipe, cid.decode()) for cid in ids]
                    existing = core.find_match([c for c in candidates if c], incoming)
                    merged = core.merge(existing, incoming)
                    pipe.multi()
                    pipe.set(self.key("merge", "event", merged.id), merged.to_bytes(), ex=STATE_TTL_S)
                    pipe.set(member_key, merged.id, ex=STATE_TTL_S)
                    pipe.zadd(bucket, {merged.id: merged.event.event_date.toordinal()})
                    pipe.expire(bucket, STATE_TTL_S)
                    await pipe.execute()
                    return merged, True
                except WatchError:
                    continue

    async def _load(self, pipe, cid: str) -> CanonicalEvent | None:
        raw = await pipe.get(self.key("merge", "event", cid))
        return CanonicalEvent.from_bytes(raw) if raw else None

"""Redis adapter of the merger's state: canonical events, members, and candidates per region."""

from __future__ import annotations

from datetime import datetime

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
                    stored = await pipe.mget([self._event_key(cid.decode()) for cid in ids]) if ids else []
                    candidates = [CanonicalEvent.from_bytes(raw) for raw in stored if raw]
                    existing = core.find_match(candidates, incoming)
                    reports: list[core.TollReport] = []
                    if existing:
                        # A merge into the same event from another region's bucket changes this key.
                        await pipe.watch(self._event_key(existing.id))
                        existing = await self._load(pipe, existing.id)
                        reports = [decode_report(r) for r in await pipe.lrange(self._tolls_key(existing.id), 0, -1)]
                    merged = core.merge(existing, incoming, reports)
                    pipe.multi()
                    pipe.set(self._event_key(merged.id), merged.to_bytes(), ex=STATE_TTL_S)
                    pipe.rpush(self._tolls_key(merged.id), encode_report(core.TollReport.of(incoming)))
                    pipe.expire(self._tolls_key(merged.id), STATE_TTL_S)
                    pipe.set(member_key, merged.id, ex=STATE_TTL_S)
                    pipe.zadd(bucket, {merged.id: merged.event.event_date.toordinal()})
                    pipe.expire(bucket, STATE_TTL_S)
                    await pipe.execute()
                    return merged, True
                except WatchError:
                    continue

    def _event_key(self, cid: str) -> str:
        return self.key("merge", "event", cid)

    def _tolls_key(self, cid: str) -> str:
        return self.key("merge", "tolls", cid)

    async def _load(self, pipe, cid: str) -> CanonicalEvent | None:
        raw = await pipe.get(self._event_key(cid))
        return CanonicalEvent.from_bytes(raw) if raw else None


def encode_report(report: core.TollReport) -> str:
    published = report.published_at.isoformat() if report.published_at else ""
    return f"{published}|{report.fatalities}|{int(report.credible)}"


def decode_report(raw: bytes) -> core.TollReport:
    published, fatalities, credible = raw.decode().split("|")
    return core.TollReport(datetime.fromisoformat(published) if published else None, int(fatalities), credible == "1")

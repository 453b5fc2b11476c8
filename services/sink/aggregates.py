"""The Redis layout of events and aggregates: the one place that writes and reads it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import redis
import redis.asyncio as aioredis

from services.common.messages import CanonicalEvent
from services.common.settings import ServiceSettings

UPSERT_SCRIPT = (Path(__file__).parent / "upsert.lua").read_text()
UNKNOWN = "?"


@dataclass(frozen=True)
class Tally:
    events: int = 0
    fatalities: int = 0


def contribution_keys(event: CanonicalEvent) -> tuple[str, str, str, str]:
    """(day, country code, admin1, event type) an event counts under."""
    location = event.event.location
    return (
        event.event.event_date.isoformat(),
        location.country_code or UNKNOWN,
        location.admin1 or UNKNOWN,
        event.event.event_type.value,
    )


def recount(events: Iterable[CanonicalEvent]) -> dict[tuple[str, str, str], Tally]:
    """What the admin1 aggregates must be for these events: the check of the sink's bookkeeping."""
    counts: Counter = Counter()
    tolls: Counter = Counter()
    for event in events:
        day, cc, admin1, _ = contribution_keys(event)
        counts[(day, cc, admin1)] += 1
        tolls[(day, cc, admin1)] += event.event.fatalities
    return {key: Tally(counts[key], tolls[key]) for key in counts}


class EventWriter:
    def __init__(self, client: aioredis.Redis, settings: ServiceSettings):
        self.settings = settings
        self.upsert = client.register_script(UPSERT_SCRIPT)

    async def write(self, event: CanonicalEvent) -> bool:
        day, cc, admin1, event_type = contribution_keys(event)
        applied = await self.upsert(
            keys=[self.settings.redis_key("event", event.id)],
            args=[self.settings.redis_key(), event.version, event.model_dump_json(), day, cc, admin1,
                  event_type, event.event.fatalities],
        )
        return bool(applied)


class AggregateReader:
    """Synchronous reads for the API, the CLI and tests."""

    def __init__(self, client: redis.Redis, settings: ServiceSettings):
        self.client = client
        self.key = settings.redis_key

    def _tally(self, key: str) -> Tally:
        raw = self.client.hgetall(key)
        return Tally(int(raw.get(b"events", 0)), int(raw.get(b"fatalities", 0)))

    def admin1_day(self, country_code: str, admin1: str, day: str) -> Tally:
        return self._tally(self.key("agg", "admin1", country_code, admin1, day))

    def country_day(self, country_code: str, day: str) -> Tally:
        return self._tally(self.key("agg", "country", country_code, day))

    def days(self) -> list[str]:
        return sorted(day.decode() for day in self.client.smembers(self.key("days")))

    def top_regions(self, day: str, limit: int = 10) -> list[tuple[str, int]]:
        ranked = self.client.zrevrange(self.key("top", "admin1", day), 0, limit - 1, withscores=True)
        return [(region.decode(), int(score)) for region, score in ranked if score > 0]

    def regions(self, day: str) -> dict[str, Tally]:
        """Every region with an event on `day`, keyed "CC:admin1"."""
        members = (m.decode() for m in self.client.zrange(self.key("top", "admin1", day), 0, -1))
        return {region: self.admin1_day(*region.split(":", 1), day) for region in members}

    def events(self) -> list[CanonicalEvent]:
        keys = list(self.client.smembers(self.key("events")))
        payloads = [self.client.hget(key, "json") for key in keys]
        return [CanonicalEvent.model_validate_json(p) for p in payloads if p]

"""The Redis layout of events and aggregates: the one place that writes and reads it.

Per day: counts and fatalities by country, admin1 region and event type, and a fatalities ranking
of regions. Per region and report hour: counts and fatalities, from which rolling windows (24 h,
7 d, any length) are summed. A geo index of event locations serves radius queries. A `view`
keeps a separate copy under its own prefix (the alerter keeps one for its aggregate rules).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterable

import redis
import redis.asyncio as aioredis

from services.common.messages import CanonicalEvent
from services.common.settings import ServiceSettings

UPSERT_SCRIPT = (Path(__file__).parent / "upsert.lua").read_text()
UNKNOWN = "?"
HOUR_FORMAT = "%Y-%m-%dT%H"
# Redis geo indexes are Web Mercator: latitudes beyond this cannot be indexed or searched from.
GEO_MAX_LAT = 85.05112878


@dataclass(frozen=True)
class Tally:
    events: int = 0
    fatalities: int = 0


def hour_bucket(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(HOUR_FORMAT)


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


def _prefix(settings: ServiceSettings, view: str | None) -> str:
    return settings.redis_key(view) if view else settings.redis_key()


class EventWriter:
    def __init__(self, client: aioredis.Redis, settings: ServiceSettings, view: str | None = None):
        self.client = client
        self.prefix = _prefix(settings, view)
        self.upsert = client.register_script(UPSERT_SCRIPT)

    async def write(self, event: CanonicalEvent) -> bool:
        return (await self.write_batch([event]))[0]

    async def write_batch(self, events: list[CanonicalEvent]) -> list[bool]:
        """Upsert each event in order, in one round trip; True for each write that was applied
        (False: that version or a newer one was there already)."""
        async with self.client.pipeline(transaction=False) as pipe:
            for event in events:
                await self.upsert(keys=[f"{self.prefix}:event:{event.id}"], args=self._upsert_args(event), client=pipe)
            return [bool(applied) for applied in await pipe.execute()]

    def _upsert_args(self, event: CanonicalEvent) -> list:
        day, cc, admin1, event_type = contribution_keys(event)
        location, reported = event.event.location, event.event.reported_at
        has_point = location.lat is not None and location.lon is not None and abs(location.lat) <= GEO_MAX_LAT
        return [self.prefix, event.version, event.model_dump_json(), day, cc, admin1, event_type,
                event.event.fatalities, hour_bucket(reported) if reported else "",
                location.lon if has_point else "", location.lat if has_point else "", event.id]


class AggregateReader:
    """Reads for the API, the CLI, tests, and (on its own view) the alerter."""

    def __init__(self, client: redis.Redis | aioredis.Redis, settings: ServiceSettings, view: str | None = None):
        self.client = client
        self.prefix = _prefix(settings, view)

    def key(self, *parts: object) -> str:
        return ":".join((self.prefix, *map(str, parts)))

    def _tally(self, key: str) -> Tally:
        raw = self.client.hgetall(key)
        return Tally(int(raw.get(b"events", 0)), int(raw.get(b"fatalities", 0)))

    def admin1_day(self, country_code: str, admin1: str, day: str) -> Tally:
        return self._tally(self.key("agg", "admin1", country_code, admin1, day))

    def country_day(self, country_code: str, day: str) -> Tally:
        return self._tally(self.key("agg", "country", country_code, day))

    def type_day(self, country_code: str, event_type: str, day: str) -> Tally:
        return self._tally(self.key("agg", "type", country_code, event_type, day))

    def days(self) -> list[str]:
        return sorted(day.decode() for day in self.client.smembers(self.key("days")))

    def top_regions(self, day: str, limit: int = 10) -> list[tuple[str, int]]:
        ranked = self.client.zrevrange(self.key("top", "admin1", day), 0, limit - 1, withscores=True)
        return [(region.decode(), int(score)) for region, score in ranked if score > 0]

    def regions(self, day: str) -> dict[str, Tally]:
        """Every region with an event on `day`, keyed "CC:admin1"."""
        members = (m.decode() for m in self.client.zrange(self.key("top", "admin1", day), 0, -1))
        return {region: self.admin1_day(*region.split(":", 1), day) for region in members}

    def window(self, region: str, end: datetime, hours: int) -> Tally:
        """A region's events and fatalities first reported in the `hours` hours up to `end`."""
        fields = window_hours(end, hours)
        events = self.client.hmget(self.key("hourly", "events", region), fields)
        fatalities = self.client.hmget(self.key("hourly", "fatalities", region), fields)
        return Tally(sum(int(v or 0) for v in events), sum(int(v or 0) for v in fatalities))

    def rolling(self, end: datetime, hours: int) -> dict[str, Tally]:
        """Every region's window total, for regions with any event in it."""
        regions = sorted(m.decode() for m in self.client.smembers(self.key("regions")))
        tallies = {region: self.window(region, end, hours) for region in regions}
        return {region: tally for region, tally in tallies.items() if tally.events}

    def event_ids_near(self, lat: float, lon: float, radius_km: float) -> list[str]:
        """Events within the radius; a centre nearer a pole than GEO_MAX_LAT is moved to that latitude."""
        lat = max(-GEO_MAX_LAT, min(GEO_MAX_LAT, lat))
        found = self.client.geosearch(self.key("geo"), longitude=lon, latitude=lat, radius=radius_km, unit="km")
        return [member.decode() for member in found]

    def newest_events(
        self, since: date | None, until: date | None, keep: Callable[[CanonicalEvent], bool], limit: int,
        page: int = 500,
    ) -> list[CanonicalEvent]:
        """Up to `limit` events from `since` to `until` that `keep` accepts, newest first (event day,
        then id): read from the day index a page at a time, never the whole store."""
        high, low = (day_score(until) if until else "+inf"), (day_score(since) if since else "-inf")
        kept: list[CanonicalEvent] = []
        for offset in itertools.count(0, page):
            ids = self.client.zrevrangebyscore(self.key("byday"), high, low, start=offset, num=page)
            kept += [e for e in self.events(i.decode() for i in ids) if keep(e)]
            if len(kept) >= limit or len(ids) < page:
                return kept[:limit]

    def events(self, ids: Iterable[str] | None = None) -> list[CanonicalEvent]:
        keys = [self.key("event", i) for i in ids] if ids is not None else list(self.client.smembers(self.key("events")))
        with self.client.pipeline(transaction=False) as pipe:  # one round trip, not one per event
            for key in keys:
                pipe.hget(key, "json")
            payloads = pipe.execute()
        return [CanonicalEvent.model_validate_json(p) for p in payloads if p]


def day_score(day: date) -> int:
    """A day's score in the day index (as upsert.lua computes it from YYYY-MM-DD)."""
    return day.year * 10000 + day.month * 100 + day.day


def window_hours(end: datetime, hours: int) -> list[str]:
    """The hour buckets of a window ending at `end` (inclusive of end's hour)."""
    last = end.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0)
    return [(last - timedelta(hours=h)).strftime(HOUR_FORMAT) for h in range(hours)]

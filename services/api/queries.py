"""Pure filters and shapes for the API's event queries: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.common.messages import CanonicalEvent, EventType


@dataclass(frozen=True)
class EventQuery:
    country: str | None = None
    admin1: str | None = None
    event_type: EventType | None = None
    since: date | None = None
    until: date | None = None
    min_fatalities: int = 0

    def matches(self, canonical: CanonicalEvent) -> bool:
        event, location = canonical.event, canonical.event.location
        if self.country and self.country.casefold() not in {
            (location.country or "").casefold(), (location.country_code or "").casefold()
        }:
            return False
        if self.admin1 and (location.admin1 or "").casefold() != self.admin1.casefold():
            return False
        if self.event_type and event.event_type != self.event_type:
            return False
        if self.since and event.event_date < self.since:
            return False
        if self.until and event.event_date > self.until:
            return False
        return event.fatalities >= self.min_fatalities


def select(events: list[CanonicalEvent], query: EventQuery, limit: int) -> list[CanonicalEvent]:
    """Matching events, newest first (by event date, then id for a stable order)."""
    matching = [e for e in events if query.matches(e)]
    return sorted(matching, key=lambda e: (e.event.event_date, e.id), reverse=True)[:limit]


def geojson(events: list[CanonicalEvent]) -> dict:
    """A GeoJSON FeatureCollection of the events that have coordinates, for maps."""
    features = []
    for canonical in events:
        event, location = canonical.event, canonical.event.location
        if location.lat is None or location.lon is None:
            continue
        features.append({
            "type": "Feature",
            "id": canonical.id,
            "geometry": {"type": "Point", "coordinates": [location.lon, location.lat]},
            "properties": {
                "version": canonical.version,
                "event_type": event.event_type.value,
                "sub_event_type": event.sub_event_type.value,
                "event_date": event.event_date.isoformat(),
                "place": location.place or location.name,
                "admin1": location.admin1,
                "country": location.country,
                "geo_precision": location.geo_precision,
                "fatalities": event.fatalities,
                "sources": event.sources,
                "outlets": len(event.outlets),
            },
        })
    return {"type": "FeatureCollection", "features": features}

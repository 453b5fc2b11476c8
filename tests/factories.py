"""Small builders for wire models, so tests state only what matters to them."""

from __future__ import annotations

from datetime import date, datetime, timezone

from services.common.messages import Actor, CanonicalEvent, Event, EventType, Location, SubEventType

IDLIB_CITY = Location(name="Idlib city", geonames_id=169389, place="Idlib", admin1="Idlib", country="Syria",
                      country_code="SY", lat=35.93, lon=36.63, geo_precision=1)
ALEPPO_CITY = Location(name="Aleppo", geonames_id=170063, place="Aleppo", admin1="Aleppo", country="Syria",
                       country_code="SY", lat=36.20, lon=37.16, geo_precision=1)
SYRIAN_FORCES = Actor(name="Military Forces of Syria (2000-)", as_written="Syrian air force", category="State forces")


def event(
    id: str = "e1",
    *,
    event_type: EventType = EventType.EXPLOSIONS_REMOTE_VIOLENCE,
    sub_event_type: SubEventType = SubEventType.AIR_DRONE_STRIKE,
    on: date = date(2020, 1, 15),
    location: Location = IDLIB_CITY,
    fatalities: int = 21,
    actor1: Actor | None = SYRIAN_FORCES,
    sources: list[str] | None = None,
    article: str = "a1",
    outlet: str = "Outlet A",
) -> Event:
    return Event(
        id=id, event_type=event_type, sub_event_type=sub_event_type, event_date=on, location=location,
        actor1=actor1, fatalities=fatalities, sources=sources or ["SOHR"], article_ids=[article],
        outlets=[outlet], confidence=0.8, reported_at=datetime(2020, 1, 16, tzinfo=timezone.utc),
    )


def canonical(base: Event, version: int = 1, **changes) -> CanonicalEvent:
    merged = base.model_copy(update=changes)
    return CanonicalEvent(id=base.id, version=version, event=merged, member_event_ids=[base.id])

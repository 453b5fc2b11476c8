"""Pure merge rules: which canonical event an extracted event belongs to, and the merged result.

Merged-field policy (foundation): the toll is the highest figure reported, since tolls of one
event rise as reports come in; sources, articles and outlets are unions; the location is the most
precise one reported; the date and first report time are the earliest.
"""

from __future__ import annotations

from datetime import datetime, timezone

from services.common.ids import stable_id
from services.common.messages import CanonicalEvent, Event

MAX_DAYS_APART = 1  # one outlet dates by local time, another by UTC
MAX_EVIDENCE = 10


def actor_names(event: Event) -> set[str]:
    return {actor.name for actor in (event.actor1, event.actor2, *event.assoc_actors) if actor}


def same_event(a: Event, b: Event) -> bool:
    if a.event_type != b.event_type:
        return False
    if (a.location.country_code, a.location.admin1) != (b.location.country_code, b.location.admin1):
        return False
    if abs((a.event_date - b.event_date).days) > MAX_DAYS_APART:
        return False
    places = {a.location.geonames_id, b.location.geonames_id}
    # A report that names only the region is compatible with any place inside it.
    region_only = 3 in (a.location.geo_precision, b.location.geo_precision)
    if len(places) > 1 and not region_only:
        return False
    actors_a, actors_b = actor_names(a), actor_names(b)
    return not actors_a or not actors_b or bool(actors_a & actors_b)


def find_match(candidates: list[CanonicalEvent], incoming: Event) -> CanonicalEvent | None:
    for candidate in candidates:
        if incoming.id in candidate.member_event_ids or same_event(candidate.event, incoming):
            return candidate
    return None


def canonical_id(first_member: Event) -> str:
    return stable_id("canonical", first_member.id)


def merge(existing: CanonicalEvent | None, incoming: Event, now: datetime | None = None) -> CanonicalEvent:
    """The canonical event after adding `incoming`; `existing` itself when nothing changes."""
    now = now or datetime.now(timezone.utc)
    if existing is None:
        cid = canonical_id(incoming)
        return CanonicalEvent(
            id=cid, version=1, event=incoming.model_copy(update={"id": cid}),
            member_event_ids=[incoming.id], updated_at=now,
        )
    if incoming.id in existing.member_event_ids:
        return existing
    merged = _merge_fields(existing.event, incoming)
    return CanonicalEvent(
        id=existing.id,
        version=existing.version + 1,
        event=merged,
        member_event_ids=[*existing.member_event_ids, incoming.id],
        updated_at=now,
    )


def _merge_fields(current: Event, incoming: Event) -> Event:
    def union(a: list, b: list) -> list:
        return [*a, *(item for item in b if item not in a)]

    best_location = min((current.location, incoming.location), key=lambda location: location.geo_precision)
    reports = [t for t in (current.reported_at, incoming.reported_at) if t]
    return current.model_copy(update={
        "event_date": min(current.event_date, incoming.event_date),
        "location": best_location,
        "fatalities": max(current.fatalities, incoming.fatalities),
        "injured": max(filter(None, (current.injured, incoming.injured)), default=None),
        "actor1": current.actor1 or incoming.actor1,
        "actor2": current.actor2 or incoming.actor2,
        "assoc_actors": union(current.assoc_actors, incoming.assoc_actors),
        "sources": union(current.sources, incoming.sources),
        "article_ids": union(current.article_ids, incoming.article_ids),
        "article_urls": union(current.article_urls, incoming.article_urls),
        "outlets": union(current.outlets, incoming.outlets),
        "evidence": union(current.evidence, incoming.evidence)[:MAX_EVIDENCE],
        "confidence": max(current.confidence, incoming.confidence),
        "reported_at": min(reports) if reports else None,
    })

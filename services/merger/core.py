"""Pure merge rules: which canonical event an extracted event belongs to, and the merged result.

Same event (ACLED: same actors, same day, same place): the same event type, or remote violence
and an attack on civilians (two codings of one bombing); same country and region;
dates at most a day apart (one outlet dates by local time, another by UTC); the same place, or one
report naming only the region, or one naming the district or surroundings (precision 2) of a town
within DISTRICT_KM, or two names for points within SAME_PLACE_KM; and actors that agree once
spelling is set aside (half their normalised name words shared) or are missing on one side.

Merged fields:
- fatalities, ACLED's policy: the most conservative credible figure, raised when a later credible
  report gives a higher toll. A report is credible when it cites a source (SOHR, SANA, a
  ministry, ...). Reports are taken in publication order; a figure published within
  SAME_ROUND of the one that set the toll is the same round of reporting, and only a lower one
  counts (the conservative reading); a higher figure published later raises the toll. Without
  any credible report, uncredited reports are read the same way.
- sources, articles, links and outlets: unions; the location: the most precise reported; the event
  date and first report time: the earliest.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from services.common.ids import stable_id
from services.common.messages import Actor, CanonicalEvent, Event, EventType, Location

MAX_DAYS_APART = 1  # one outlet dates by local time, another by UTC
MAX_EVIDENCE = 10


# One side's violence with a civilian toll: outlets (and the extractor) code the same bombing as
# remote violence or as an attack on civilians; ACLED's rule (actors, day, place) does not split them.
ONE_SIDED_VIOLENCE = frozenset({EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.VIOLENCE_AGAINST_CIVILIANS})
SAME_PLACE_KM = 10.0
DISTRICT_KM = 30.0
SAME_ROUND = timedelta(hours=6)
# Words that carry no identity in actor names ("forces of", "the ... group").
ACTOR_STOPWORDS = frozenset({"the", "of", "and", "al", "el", "forces", "force", "group", "militia", "army", "military"})
WORD = re.compile(r"[^\W_]+")
# Half the identity words shared: "Hayat Tahrir al-Sham" ~ "HTS: Hay'at Tahrir al Sham", while a
# shared country word alone ("Military Forces of Syria" ~ "Islamic State (Syria)") is not enough.
ACTOR_SIMILARITY = 0.5


def actor_tokens(actor: Actor) -> frozenset[str]:
    """Identity words of an actor as named and as written, without accents, case or the article 'al-'."""
    text = unicodedata.normalize("NFKD", f"{actor.name} {actor.as_written}".casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("'", "").replace("\u2019", "")
    return frozenset(w for w in WORD.findall(text) if w not in ACTOR_STOPWORDS and not w.isdigit())


def actors_agree(a: Event, b: Event) -> bool:
    actors_a = [actor for actor in (a.actor1, a.actor2, *a.assoc_actors) if actor]
    actors_b = [actor for actor in (b.actor1, b.actor2, *b.assoc_actors) if actor]
    if not actors_a or not actors_b:
        return True
    if {x.name for x in actors_a} & {y.name for y in actors_b}:
        return True
    return any(_jaccard(actor_tokens(x), actor_tokens(y)) >= ACTOR_SIMILARITY for x in actors_a for y in actors_b)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def distance_km(a: Location, b: Location) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def same_place(a: Location, b: Location) -> bool:
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    if 3 in (a.geo_precision, b.geo_precision):
        return True  # a report that names only the region fits any place inside it
    km = distance_km(a, b)
    if km is None:
        return a.name.casefold() == b.name.casefold()
    return km <= SAME_PLACE_KM or (2 in (a.geo_precision, b.geo_precision) and km <= DISTRICT_KM)


def types_compatible(a: Event, b: Event) -> bool:
    return a.event_type == b.event_type or {a.event_type, b.event_type} <= ONE_SIDED_VIOLENCE


def same_event(a: Event, b: Event) -> bool:
    if not types_compatible(a, b):
        return False
    if (a.location.country_code, a.location.admin1) != (b.location.country_code, b.location.admin1):
        return False
    if abs((a.event_date - b.event_date).days) > MAX_DAYS_APART:
        return False
    return same_place(a.location, b.location) and actors_agree(a, b)


@dataclass(frozen=True)
class TollReport:
    """One member report's figure, as the toll policy needs it."""

    published_at: datetime | None
    fatalities: int
    credible: bool

    @classmethod
    def of(cls, event: Event) -> "TollReport":
        return cls(event.reported_at, event.fatalities, bool(event.sources))


def toll(reports: list[TollReport]) -> int:
    """The canonical toll under the policy in the module docstring."""
    pool = [r for r in reports if r.credible] or reports
    earliest = datetime.min.replace(tzinfo=timezone.utc)
    current, set_at = None, earliest
    for report in sorted(pool, key=lambda r: (r.published_at or earliest, r.fatalities)):
        at = report.published_at or earliest
        if current is None:
            current, set_at = report.fatalities, at
        elif at - set_at > SAME_ROUND:
            if report.fatalities > current:
                current, set_at = report.fatalities, at  # a later report raised the toll
        elif report.fatalities < current:
            current = report.fatalities  # the same round of reporting: the conservative figure
    return current or 0


def find_match(candidates: list[CanonicalEvent], incoming: Event) -> CanonicalEvent | None:
    for candidate in candidates:
        if incoming.id in candidate.member_event_ids or same_event(candidate.event, incoming):
            return candidate
    return None


def canonical_id(first_member: Event) -> str:
    return stable_id("canonical", first_member.id)


def merge(
    existing: CanonicalEvent | None, incoming: Event, reports: list[TollReport] = (), now: datetime | None = None,
) -> CanonicalEvent:
    """The canonical event after adding `incoming`; `existing` itself when nothing changes.

    `reports` are the toll reports of the members merged so far (the store keeps them).
    """
    now = now or datetime.now(timezone.utc)
    if existing is None:
        cid = canonical_id(incoming)
        return CanonicalEvent(
            id=cid, version=1, event=incoming.model_copy(update={"id": cid}),
            member_event_ids=[incoming.id], updated_at=now,
        )
    if incoming.id in existing.member_event_ids:
        return existing
    # State kept before toll reports were stored has none: its current figure stands for them.
    earlier = list(reports) or [TollReport.of(existing.event)]
    merged = _merge_fields(existing.event, incoming, toll([*earlier, TollReport.of(incoming)]))
    return CanonicalEvent(
        id=existing.id,
        version=existing.version + 1,
        event=merged,
        member_event_ids=[*existing.member_event_ids, incoming.id],
        updated_at=now,
    )


def _merge_fields(current: Event, incoming: Event, fatalities: int) -> Event:
    def union(a: list, b: list) -> list:
        return [*a, *(item for item in b if item not in a)]

    best_location = min((current.location, incoming.location), key=lambda location: location.geo_precision)
    reports = [t for t in (current.reported_at, incoming.reported_at) if t]
    return current.model_copy(update={
        "event_date": min(current.event_date, incoming.event_date),
        "location": best_location,
        "fatalities": fatalities,
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

"""Pure merge rules: which canonical event an extracted event belongs to, and the merged result.

Same event (ACLED: same actors, same day, same place): the same event type, or remote violence
and an attack on civilians (two codings of one bombing); same country and region; and ACLED's
three conditions, each of which may be met loosely (`Fit`), but only one of them at a time:
- day: the same, or a day apart (one outlet dates by local time, another by UTC), except for
  demonstrations, which recur daily at the same places and are one event per day;
- place: the same gazetteer place (or name), or loosely two gazetteer entries within SAME_PLACE_KM
  (a town and its quarter) or a district or surroundings (precision 2) within DISTRICT_KM of a
  town (precision 1). Two distinct places named at one precision further apart are two places:
  ACLED codes each village and each quarter of a city as a location of its own;
- actors: a named actor on both sides agrees once spelling is set aside (half their normalised name
  words shared), or one side names none beyond generic ones (civilians, protesters, unidentified
  gunmen: any event may have them, so sharing one is no agreement); loosely, the named actors
  differ but the victims are the same (outlets blame different sides for one bombing of
  civilians). Named actors that differ with nothing else in common make two events.

A report naming only the region fits every event of that day in the region, so it joins one only
when it is the only one it fits (`find_match`), and so does a district-level report that is not the
town's; a report that names the region's namesake town ("Idlib" in Idlib) counts as naming the
region, since outlets write "in Idlib" for the province.

Merged fields:
- fatalities, ACLED's policy: the most conservative credible figure, raised when a later credible
  report gives a higher toll. A report is credible when it cites a source (SOHR, SANA, a
  ministry, ...). Reports are taken in publication order; a figure published within
  SAME_ROUND of the one that set the toll is the same round of reporting, and only a lower one
  counts (the conservative reading); a higher figure published later raises the toll. Without
  any credible report, uncredited reports are read the same way.
- sources, articles, links and outlets: unions; the location: the most precise reported; the event
  date: the first report's (reports within a day of it join it, on either side); the first report
  time: the earliest.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import IntEnum

from services.common.ids import stable_id
from services.common.messages import Actor, CanonicalEvent, Event, EventType, Location

MAX_DAYS_APART = 1  # one outlet dates by local time, another by UTC
MAX_EVIDENCE = 10


# One side's violence with a civilian toll: outlets (and the extractor) code the same bombing as
# remote violence or as an attack on civilians; ACLED's rule (actors, day, place) does not split them.
ONE_SIDED_VIOLENCE = frozenset({EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.VIOLENCE_AGAINST_CIVILIANS})
# Two gazetteer entries this close are one town (the town and its quarter, or a duplicate entry).
SAME_PLACE_KM = 2.0
# Protests and riots recur daily at the same places (sit-ins, marches): ACLED codes one event a day.
DEMONSTRATIONS = frozenset({EventType.PROTESTS, EventType.RIOTS})
# "al-" and its assimilated forms ("ad-Dali", "ar-Raqqa", "as-Suwayda").
PLACE_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an"})
DISTRICT_KM = 30.0
SAME_ROUND = timedelta(hours=6)
# Words that carry no identity in actor names ("forces of", "the ... group").
ACTOR_STOPWORDS = frozenset({"the", "of", "and", "al", "el", "forces", "force", "group", "militia", "army", "military"})
# ACLED's actors named by who they are rather than by organisation (its codebook's civilians,
# protesters and rioters, unidentified perpetrators, and the identity labels it attaches to them):
# every event of a week in a region may have them, so sharing one says nothing about the event.
GENERIC_ACTOR_WORDS = frozenset({
    "civilians", "protesters", "rioters", "unidentified", "labour group", "labor group", "journalists",
    "health workers", "students", "teachers", "women", "farmers", "prisoners", "refugees",
})
WORD = re.compile(r"[^\W_]+")
APOSTROPHES = frozenset("'\u2018\u2019\u02bc`")
# Half the identity words shared: "Hayat Tahrir al-Sham" ~ "HTS: Hay'at Tahrir al Sham", while a
# shared country word alone ("Military Forces of Syria" ~ "Islamic State (Syria)") is not enough.
ACTOR_SIMILARITY = 0.5
# Each of ACLED's three conditions may be met loosely (a day apart; a neighbouring or surrounding
# place; perpetrators named differently by different outlets), but only one at a time.
MAX_TOLERANCES = 1


class PlaceFit(IntEnum):
    """How two reports' places fit, surest first."""

    SAME = 0  # one gazetteer place, or one name
    NEARBY = 1  # two gazetteer entries within SAME_PLACE_KM
    DISTRICT = 2  # a district or surroundings (precision 2) and a town within DISTRICT_KM
    REGION = 3  # one report names only the region


class ActorFit(IntEnum):
    NAMED = 0  # an actor named on both sides agrees (allowing for spelling)
    UNNAMED = 1  # one side names no actor beyond generic ones: nothing to compare
    DIFFERENT = 2  # named actors differ but the victims are the same (outlets blame different sides)


@dataclass(frozen=True)
class Fit:
    """Which of ACLED's conditions (same actors, same day, same place) two reports meet loosely."""

    place: PlaceFit
    days_apart: int
    actors: ActorFit

    @property
    def tolerances(self) -> tuple[str, ...]:
        """The loose conditions. A report naming only the region is not one: it joins an event only
        when it could be about no other (`find_match`)."""
        return tuple(name for name, loose in (
            ("day apart", self.days_apart > 0),
            ("neighbouring place", self.place in (PlaceFit.NEARBY, PlaceFit.DISTRICT)),
            ("different actors", self.actors == ActorFit.DIFFERENT),
        ) if loose)


def folded_words(text: str) -> list[str]:
    """Words without case, accents or apostrophes ("Hay'at" and "Hayat" are one word)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return WORD.findall("".join(ch for ch in text if not unicodedata.combining(ch) and ch not in APOSTROPHES))


def actor_tokens(actor: Actor) -> frozenset[str]:
    """Identity words of an actor as named and as written, without accents, case or the article 'al-'."""
    return frozenset(w for w in folded_words(f"{actor.name} {actor.as_written}")
                     if w not in ACTOR_STOPWORDS and not w.isdigit())


def is_generic(actor: Actor) -> bool:
    """An actor ACLED names by who they are, not by which organisation: "Civilians (Syria)",
    "Protesters (Lebanon)", "Unidentified Armed Group (Mexico)", "Labour Group (India)"."""
    words = folded_words(actor.name)
    return bool(words) and (words[0] in GENERIC_ACTOR_WORDS or " ".join(words[:2]) in GENERIC_ACTOR_WORDS)


def all_actors(event: Event) -> list[Actor]:
    return [actor for actor in (event.actor1, event.actor2, *event.assoc_actors) if actor]


def named_actors(event: Event) -> list[Actor]:
    return [actor for actor in all_actors(event) if not is_generic(actor)]


def actor_fit(a: Event, b: Event) -> ActorFit | None:
    """How the two reports' actors fit, or None when they name different actors and nothing else in common."""
    named_a, named_b = named_actors(a), named_actors(b)
    if not named_a or not named_b:
        return ActorFit.UNNAMED
    if {x.name for x in named_a} & {y.name for y in named_b}:
        return ActorFit.NAMED
    if any(_jaccard(actor_tokens(x), actor_tokens(y)) >= ACTOR_SIMILARITY for x in named_a for y in named_b):
        return ActorFit.NAMED
    # The same victims ("Civilians (Syria)") with the attack blamed on different sides.
    return ActorFit.DIFFERENT if {x.name for x in all_actors(a)} & {y.name for y in all_actors(b)} else None


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def distance_km(a: Location, b: Location) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def place_key(name: str | None) -> str:
    """A place name's letters without case, accents, apostrophes or a leading article
    ("Al-Hasakah" and "Hasakah", "Ta'izz" and "Taizz", "Deir ez-Zor" and "Deir-ez-Zor" are one key)."""
    words = folded_words(name or "")
    if len(words) > 1 and words[0] in PLACE_ARTICLES:
        words = words[1:]
    return "".join(words)


def names_only_the_region(location: Location) -> bool:
    """Precision 3, or a town named like its region: "in Idlib" is as often the province as the city
    (ACLED codes a province-only report at its capital with precision 3), while "Idlib city" is the city."""
    if location.geo_precision == 3:
        return True
    return location.geo_precision == 1 and bool(location.admin1) and place_key(location.name) == place_key(location.admin1)


def one_named_place(a: Location, b: Location) -> bool:
    """The same gazetteer place, or, where a report has no gazetteer id, the same name."""
    if a.geonames_id is not None and b.geonames_id is not None:
        return a.geonames_id == b.geonames_id
    return place_key(a.name) == place_key(b.name)


def town_fit(a: Location, b: Location) -> PlaceFit | None:
    """How two reports that each name a place (neither only the region) fit: the same place, two
    gazetteer entries of one town (its quarter, a duplicate entry) within SAME_PLACE_KM, or a
    district or surroundings (precision 2) within DISTRICT_KM of a town. Two distinct places named
    at the same precision further apart are two places: ACLED codes each village and each quarter
    of a city as a location of its own."""
    if one_named_place(a, b):
        return PlaceFit.SAME
    km = distance_km(a, b)
    if km is None:
        return None
    if km <= SAME_PLACE_KM:
        return PlaceFit.NEARBY
    if {a.geo_precision, b.geo_precision} == {1, 2} and km <= DISTRICT_KM:
        return PlaceFit.DISTRICT
    return None


def place_fit(a: Location, b: Location) -> PlaceFit | None:
    # A report that names only the region fits any place inside it (the caller checked the region).
    if names_only_the_region(a) or names_only_the_region(b):
        return PlaceFit.REGION
    return town_fit(a, b)


def types_compatible(a: EventType, b: EventType) -> bool:
    return a == b or {a, b} <= ONE_SIDED_VIOLENCE


def fit(a: Event, b: Event) -> Fit | None:
    """How `a` and `b` fit as reports of one event, or None when they are two events."""
    if not types_compatible(a.event_type, b.event_type):
        return None
    if (a.location.country_code, a.location.admin1) != (b.location.country_code, b.location.admin1):
        return None
    days_apart = abs((a.event_date - b.event_date).days)
    if days_apart > MAX_DAYS_APART or (days_apart and a.event_type in DEMONSTRATIONS):
        return None
    place = place_fit(a.location, b.location)
    if place is None:
        return None
    actors = actor_fit(a, b)
    if actors is None:
        return None
    match = Fit(place, days_apart, actors)
    return match if len(match.tolerances) <= MAX_TOLERANCES else None


def same_event(a: Event, b: Event) -> bool:
    return fit(a, b) is not None


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
    """The canonical event `incoming` belongs to: the one it is a member of already, else the surest
    fit at the town level (the same place before a neighbouring one, the same day before the next,
    named actors agreeing before unnamed ones), else the only event it fits through a vaguer place
    (a district near several towns, or a report naming only the region, which must moreover be the
    only event of its kind in the region within the window whose actors do not rule it out). When
    such a report could be about several events, which one it reports cannot be told: it stays an
    event of its own rather than being merged into a guess."""
    fits = []
    for candidate in candidates:
        if incoming.id in candidate.member_event_ids:
            return candidate
        match = fit(candidate.event, incoming)
        if match is not None:
            fits.append((match, candidate))
    town_level = [(match, candidate) for match, candidate in fits if match.place <= PlaceFit.NEARBY]
    if town_level:
        return min(town_level, key=lambda pair: (pair[0].place, pair[0].days_apart, pair[0].actors))[1]
    if len(fits) != 1:
        return None
    match, candidate = fits[0]
    if match.place == PlaceFit.REGION and sum(could_be_one(other.event, incoming) for other in candidates) > 1:
        return None
    return candidate


def could_be_one(a: Event, b: Event) -> bool:
    """Whether a report naming only the region could be about the other event, or one like it: an
    event of its kind (the caller's candidates are the region's within a day either side) whose
    actors do not rule it out. A region with several such events (yesterday's protest in another
    town included: demonstrations recur at several places) is too busy for the report to be placed."""
    return types_compatible(a.event_type, b.event_type) and actor_fit(a, b) is not None


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

    best_location = min((current.location, incoming.location),
                        key=lambda location: (location.geo_precision, names_only_the_region(location)))
    reports = [t for t in (current.reported_at, incoming.reported_at) if t]
    return current.model_copy(update={
        # The first report's day stands: a later report a day off is the time-zone tolerance, and
        # moving the day would shift the event's window (and its day in the aggregates) to follow it.
        "event_date": current.event_date,
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


def region_of(event: Event) -> tuple[str, str]:
    return event.location.country_code, event.location.admin1


@dataclass
class MergeState:
    """Merging events one after another over a state: each sees the merges before it. The store
    runs a batch over a snapshot read from Redis; the evaluation runs whole sets from empty."""

    members: dict[str, str] = field(default_factory=dict)  # extracted event id -> canonical id
    regions: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # region -> canonical ids
    events: dict[str, CanonicalEvent] = field(default_factory=dict)
    tolls: dict[str, list[TollReport]] = field(default_factory=dict)
    writes: list[tuple[Event, CanonicalEvent]] = field(default_factory=list)

    def add(self, incoming: Event) -> tuple[CanonicalEvent, bool]:
        """The canonical event `incoming` is part of, and whether adding it changed the state."""
        known = self.members.get(incoming.id)
        if known in self.events:
            return self.events[known], False
        day = incoming.event_date.toordinal()
        region = self.regions.setdefault(region_of(incoming), set())
        # In the store's order (its buckets are scored by day, ties by id).
        known_here = [self.events[cid] for cid in region if cid in self.events]
        nearby = sorted((c for c in known_here if abs(c.event.event_date.toordinal() - day) <= MAX_DAYS_APART),
                        key=lambda c: (c.event.event_date, c.id))
        existing = find_match(nearby, incoming)
        reports = self.tolls.get(existing.id, []) if existing else []
        merged = merge(existing, incoming, reports)
        self.events[merged.id] = merged
        self.tolls[merged.id] = [*reports, TollReport.of(incoming)]
        self.members[incoming.id] = merged.id
        region.add(merged.id)
        self.writes.append((incoming, merged))
        return merged, True

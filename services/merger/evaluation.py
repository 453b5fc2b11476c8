"""Scoring the merger's same-event decision on reports labelled with the real event they describe.

Pure: labelled extracted events in, counts out. The events are merged in publication order
through the same core the worker uses (`find_match`, `merge`, `toll`), with the state kept in a
dict instead of Redis but offered to `find_match` as the store offers it (the region's events
within MAX_DAYS_APART, by date, then id). Pairwise: every pair of reports is "same event" in
truth when both carry the same label, and predicted so when they end in the same canonical event.
Inflation: canonical events divided by real events (GDELT-style double counting shows as > 1;
distinct events merged into one show as < 1). False merges are counted by the rule path that fits
the two reports (`core.fit`: how the place, the day and the actors fit), so a change of rule can be
aimed at the paths that merge distinct events.

`acled_event` reads an ACLED record as a report of one event, with ACLED's own coding: a week of
ACLED records is a set of events that ACLED's rule keeps apart, so every merge among them is a
false one (how far the tolerances for dates, places and actor spellings reach).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import combinations

from services.common.messages import Actor, CanonicalEvent, Event, EventType, Location, SubEventType
from services.dedup.evaluation import Counts
from services.merger import core


@dataclass(frozen=True)
class Labelled:
    event: Event
    truth: str  # the real event the report describes


@dataclass
class MergeScore:
    pairs: Counts
    canonical_events: int
    true_events: int
    canonical: list[CanonicalEvent]
    false_merge_paths: Counter[str]

    @property
    def inflation(self) -> float:
        return self.canonical_events / self.true_events if self.true_events else 0.0


def merge_in_order(events: list[Event]) -> tuple[dict[str, str], list[CanonicalEvent]]:
    """Canonical id of each event id, and the final canonical events."""
    earliest = datetime.min.replace(tzinfo=timezone.utc)
    state = core.MergeState()
    for event in sorted(events, key=lambda e: e.reported_at or earliest):
        state.add(event)
    return state.members, list(state.events.values())


def score_merging(labelled: list[Labelled]) -> MergeScore:
    assigned, canonical = merge_in_order([item.event for item in labelled])
    pairs, paths = Counts(), Counter()
    for a, b in combinations(labelled, 2):
        merged = assigned[a.event.id] == assigned[b.event.id]
        pairs.add(merged, a.truth == b.truth)
        if merged and a.truth != b.truth:
            paths[rule_path(a.event, b.event)] += 1
    return MergeScore(pairs, len(canonical), len({item.truth for item in labelled}), canonical, paths)


def rule_path(a: Event, b: Event) -> str:
    """How two reports merged into one canonical event fit: place, day and actors (`core.fit`)."""
    match = core.fit(a, b)
    if match is None:
        return "each fits the merged event, not each other"
    kind = "demonstrations" if a.event_type in core.DEMONSTRATIONS else "other events"
    day = "a day apart" if match.days_apart else "same day"
    return f"{kind}: place {match.place.name.lower()}, {day}, actors {match.actors.name.lower()}"


def acled_event(row: dict, country_code: str) -> Event:
    """One record of an ACLED export (its CSV columns) as an extracted report of that event."""
    published = datetime.strptime(row["event_date"], "%d-%b-%y").replace(hour=12, tzinfo=timezone.utc)

    def actor(name: str) -> Actor | None:
        return Actor(name=name, as_written=name) if name else None

    return Event(
        id=row["event_id_cnty"],
        event_type=EventType(row["event_type"]),
        sub_event_type=SubEventType(row["sub_event_type"]),
        event_date=published.date(),
        location=Location(name=row["location"], admin1=row["admin1"], country=row["country"],
                          country_code=country_code, lat=float(row["latitude"]), lon=float(row["longitude"]),
                          geo_precision=int(row["geo_precision"])),
        actor1=actor(row["actor1"]),
        actor2=actor(row["actor2"]),
        # ACLED lists several associated actors in one column, separated by semicolons.
        assoc_actors=[actor(name.strip()) for column in ("assoc_actor_1", "assoc_actor_2")
                      for name in row[column].split(";") if name.strip()],
        fatalities=int(row["fatalities"]),
        sources=[row["source"]],
        outlets=[row["source"]],
        confidence=1.0,
        reported_at=published,
    )

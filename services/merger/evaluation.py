"""Scoring the merger's same-event decision on reports labelled with the real event they describe.

Pure: labelled extracted events in, counts out. The events are merged in publication order
through the same core the worker uses (`find_match`, `merge`, `toll`), with the state kept in a
dict instead of Redis. Pairwise: every pair of reports is "same event" in truth when both carry
the same label, and predicted so when they end in the same canonical event. Inflation: canonical
events divided by real events (GDELT-style double counting shows as > 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import combinations

from services.common.messages import CanonicalEvent, Event
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

    @property
    def inflation(self) -> float:
        return self.canonical_events / self.true_events if self.true_events else 0.0


def merge_in_order(events: list[Event]) -> tuple[dict[str, str], list[CanonicalEvent]]:
    """Canonical id of each event id, and the final canonical events."""
    earliest = datetime.min.replace(tzinfo=timezone.utc)
    state: dict[str, CanonicalEvent] = {}
    reports: dict[str, list[core.TollReport]] = {}
    assigned: dict[str, str] = {}
    for event in sorted(events, key=lambda e: e.reported_at or earliest):
        existing = core.find_match(list(state.values()), event)
        merged = core.merge(existing, event, reports.get(existing.id, []) if existing else [])
        state[merged.id] = merged
        reports.setdefault(merged.id, []).append(core.TollReport.of(event))
        assigned[event.id] = merged.id
    return assigned, list(state.values())


def score_merging(labelled: list[Labelled]) -> MergeScore:
    assigned, canonical = merge_in_order([item.event for item in labelled])
    pairs = Counts()
    for a, b in combinations(labelled, 2):
        pairs.add(assigned[a.event.id] == assigned[b.event.id], a.truth == b.truth)
    return MergeScore(pairs, len(canonical), len({item.truth for item in labelled}), canonical)

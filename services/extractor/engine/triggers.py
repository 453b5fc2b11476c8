"""Event type / sub-event type classification from the trigger dictionary (data/triggers.tsv)."""

from __future__ import annotations

from dataclasses import dataclass

from services.common.messages import EventType, SubEventType

from .gazetteer import read_tsv
from .sources import AliasMatcher


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    event_type: EventType
    sub_event_type: SubEventType
    priority: int
    strength: str  # strong | weak | anaphor


def _load():
    rows = read_tsv("triggers.tsv")
    meta = [(EventType(etype), SubEventType(sub), int(priority), strength)
            for _pattern, etype, sub, priority, strength in rows]
    return AliasMatcher([row[0] for row in rows], boundary=r"(?<!\w)", end=r"(?!\w)"), meta


_REGEX, _META = _load()


def find(text: str, low: str) -> list[Trigger]:
    out = []
    for start, end, row in _REGEX.find(text, low):
        etype, sub, priority, strength = _META[row]
        out.append(Trigger(start, end, etype, sub, priority, strength))
    return out

"""Event type / sub-event type classification from the trigger dictionary (data/triggers.tsv)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.common.messages import EventType, SubEventType

from .gazetteer import read_tsv
from .scan import Dialects
from .sources import AliasMatcher


@dataclass  # (not frozen: see places.Place)
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


# An explosion is an attack only when nothing around it says it was an accident: a gas cylinder, a boiler, a
# chemical plant or a crash blowing up is a disaster, not remote violence (unless a bomb or an attack is named too).
_BARE_EXPLOSION = re.compile(r"(?:blast|explosion)s?|exploded|explodes", re.IGNORECASE)
_ACCIDENT = Dialects(re.compile(
    r"\b(?:gas|propane|cylinders?|boilers?|furnaces?|fertili[sz]er|chemicals?|factory|warehouse|plant|refinery|"
    r"pipeline|tankers?|ammonium nitrate|fireworks?|accident(?:al(?:ly)?)?|leak(?:ed|ing)?|short circuit|coal mine|"
    r"transformer|crash|collision|volcano|quarry)\b", re.IGNORECASE))
_ATTACK_CUE = Dialects(re.compile(
    r"\b(?:bombs?|bombing|IEDs?|explosive devices?|attack(?:s|ed|ers?)?|suicide|militants?|terror\w*|insurgents?|"
    r"rockets?|mortars?|shell(?:s|ing)|gunmen|jihadists?|detonated|planted|targeted)\b", re.IGNORECASE))


def _accidental(text: str, start: int, end: int) -> bool:
    if not _BARE_EXPLOSION.fullmatch(text, start, end):
        return False
    window = text[max(0, start - 120):end + 120]
    return bool(_ACCIDENT.of(window).search(window)) and not _ATTACK_CUE.of(window).search(window)


def find(text: str, low: str) -> list[Trigger]:
    out = []
    for start, end, row in _REGEX.find(text, low):
        etype, sub, priority, strength = _META[row]
        if sub == SubEventType.REMOTE_EXPLOSIVE and _accidental(text, start, end):
            continue
        out.append(Trigger(start, end, etype, sub, priority, strength))
    return out

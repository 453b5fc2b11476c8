"""Date expressions resolved against the publication date, with ACLED time_precision (1 day, 2 week, 3 month)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .scan import Prefiltered
from .textnorm import lower_same_length

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_MON = {m: i + 1 for i, m in enumerate(_MONTHS)}
_MON.update({m[:3]: i + 1 for i, m in enumerate(_MONTHS)})
_MON["sept"] = 9
_MONTH_RE = r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_APPROX = r"(?:(?P<approx{n}>around|about|on or about|on or around|between|late|early|by)\s+)?"
_REGEX = re.compile(
    "|".join([
        rf"\b{_APPROX.format(n=1)}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_RE})(?:,?\s+(?P<y1>(?:19|20)\d\d))?\b",
        rf"\b{_APPROX.format(n=2)}(?P<m2>{_MONTH_RE})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>(?:19|20)\d\d))?\b",
        r"\b(?P<wd>(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
        r"\b(?P<yest>yesterday|last night|overnight|the previous day|the day before)\b",
        r"\b(?P<today>today|this morning|this afternoon|this evening|tonight|earlier today)\b",
        r"\b(?P<week>last week|earlier this week|this week|last weekend|this weekend|at the weekend)\b",
        r"\b(?P<month>earlier this month|this month|last month)\b",
        rf"\b(?:in|during|since|from)\s+(?:early |mid-|late )?(?P<m3>{_MONTH_RE})(?:\s+(?P<y3>(?:19|20)\d\d))?\b(?!\s+\d)",
        r"\b(?P<year>(?:19|20)\d\d)\b",
    ]),
    re.IGNORECASE,
)
_SCAN = Prefiltered(_REGEX, length=6, word_start=True)  # each alternative begins with \b and a letter or digit
# A dateline: a full date opening the text (after "Posted on", "Published"...) and followed by a byline.
_DATELINE_BEFORE = re.compile(r"\s*(?:(?:Posted|Published|Updated)(?: on)?:?\s*)?")
_BYLINE_AFTER = re.compile(r"\s+(?:by|By|BY)\s+[A-Z]")


@dataclass  # (not frozen: see places.Place)
class DateRef:
    start: int
    end: int
    value: date | None  # None: a bare year or month outside the publication period (history)
    precision: int
    specific: bool  # a day (or night) is named
    history: bool = False


def _month_day(year_hint: int, month: int, day: int, ref: date) -> date | None:
    try:
        d = date(year_hint, month, day)
    except ValueError:
        return None
    if d > ref + timedelta(days=7):  # "on 28 December" in a January article is last year
        try:
            d = date(year_hint - 1, month, day)
        except ValueError:
            return None
    return d


def find(text: str, ref: date, start: int = 0, end: int | None = None, low: str | None = None) -> list[DateRef]:
    """Date expressions in text[start:end] (one sentence, or the whole text); `low`: text lower-cased."""
    out: list[DateRef] = []
    for m in _SCAN.finditer(text, lower_same_length(text) if low is None else low, start, end):
        g = m.groupdict()
        s, e = m.start(), m.end()
        if g["d1"] or g["d2"]:
            day = int(g["d1"] or g["d2"])
            month = _MON.get((g["m1"] or g["m2"]).lower().rstrip("."))
            year = g["y1"] or g["y2"]
            if not month:
                continue
            if year:
                if _DATELINE_BEFORE.fullmatch(text, 0, s) and _BYLINE_AFTER.match(text, e):
                    continue  # "Posted on April 4 2017 by ...": when the article appeared, not the event
                try:
                    d = date(int(year), month, day)
                except ValueError:
                    continue
            else:
                d = _month_day(ref.year, month, day, ref)
                if d is None:
                    continue
            far = abs((ref - d).days) > 62
            out.append(DateRef(s, e, None if far else d, 2 if (g["approx1"] or g["approx2"]) else 1, not far, history=far))
        elif g["wd"]:
            back = (ref.weekday() - _WEEKDAYS.index(g["wd"].lower())) % 7
            out.append(DateRef(s, e, ref - timedelta(days=back), 1, True))
        elif g["yest"]:
            out.append(DateRef(s, e, ref - timedelta(days=1), 1, True))
        elif g["today"]:
            out.append(DateRef(s, e, ref, 1, True))
        elif g["week"]:
            days = 7 if g["week"].lower().startswith("last") else 2
            out.append(DateRef(s, e, ref - timedelta(days=days), 2, False))
        elif g["month"]:
            d = ref.replace(day=1)
            if g["month"].lower().startswith("last"):
                d = (d - timedelta(days=1)).replace(day=1)
            out.append(DateRef(s, e, d, 3, False))
        elif g["m3"]:
            month = _MON.get(g["m3"].lower().rstrip("."))
            year = int(g["y3"]) if g["y3"] else (ref.year if month <= ref.month else ref.year - 1)
            d = date(year, month, 1)
            far = (ref - d).days > 62
            out.append(DateRef(s, e, None if far else d, 3, False, history=far or m.group(0).lower().startswith("since")))
        elif g["year"]:
            y = int(g["year"])
            if y != ref.year and not (y == ref.year - 1 and ref.month == 1):
                out.append(DateRef(s, e, None, 3, False, history=True))
    return out

"""Fatality / injury counts in a sentence, with ACLED's conventions for vague numbers.

ACLED codebook: 'dozens' is coded 12, 'hundreds' 100, 'several'/'many' (no figure) 10; 'at least N' is N;
parts ('3 soldiers and 5 militants were killed') are summed.

Every pattern is written in lower case and runs case-sensitively over the lower-cased sentence: the same
matches as re.IGNORECASE over the original, several times faster (these run for most sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textnorm import lower_same_length

_UNITS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
          "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12, "both": 2}
_VAGUE = {"dozens": 12, "dozens of": 12, "scores": 20, "scores of": 20, "hundreds": 100, "hundreds of": 100,
          "several": 10, "many": 10, "a number of": 10, "a handful of": 3}
_WORDNUM = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen)"
NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORDNUM}|both|dozens(?: of)?|scores(?: of)?|hundreds(?: of)?|several|many|a number of|a handful of)"
_QUAL = r"(?:at least|more than|over|nearly|almost|about|around|some|up to|as many as|roughly|approximately|an estimated|a total of)"
_WHO = r"(?:[\w'’-]+\s+){0,7}?"
# Animals killed are no fatalities ("killed 15 livestock").
_NOT_PEOPLE = r"(?:head of )?(?:livestock|cattle|cows|goats|sheep|camels|donkeys|horses|animals|dogs)\b"
_KILL = (r"(?:killed|dead|died|slain|shot dead|gunned down|massacred|executed|lost their lives|perished|beheaded|lynched|"
         r"(?:shot|stabbed|beaten|hacked|burned|burnt|tortured|stoned) to death)")
_HURT = r"(?:wounded|injured|hurt|maimed)"
_BE = r"(?:(?:were|have been|had been|was|has been|are|being|reportedly|also|allegedly|later|all)\s+){0,3}"


def _patterns(verb: str) -> list[re.Pattern]:
    return [
        # "at least 21 civilians have been killed", "26 rebel fighters ... killed", "four civilians were killed"
        re.compile(rf"\b(?:{_QUAL}\s+)?(?P<n>{NUM})\s+(?!(?:km|kilometres|kilometers|miles|years|months|days|weeks|hours|per cent|percent|%)\b|{_NOT_PEOPLE}){_WHO}{_BE}{verb}\b"),
        # "killed at least 26", "leaving 5 dead", "death toll rose to 30"
        re.compile(rf"\b(?:{verb.replace('killed', 'killed|killing|kill|kills|fatally shot|left|leaving|claimed the lives of')}|toll (?:\w+ ){{0,3}}(?:to|of|at))\s+(?:{_QUAL}\s+)?(?P<n>{NUM})\b(?!\s*(?:km|kilometres|%|per cent)\b|\s+{_NOT_PEOPLE})"),
        # "a soldier was killed", "a man was found dead", "a fugitive from the prison system was killed"
        re.compile(rf"\b(?P<n>an?|one)\s+(?:[\w-]+\s+){{0,5}}?(?:was|has been|had been)\s+(?:(?:found|reportedly|later|also|shot)\s+(?:and\s+)?)?{verb}\b"),
        # "killed a member of the police", "shot dead an activist"
        re.compile(rf"\b(?:{verb.replace('killed', 'killed|killing|fatally shot')})\s+(?P<n>an?)\s+(?!(?:number|total|lot|few|further|handful)\b)"),
    ]


_KILL_PATTERNS = _patterns(_KILL) + [
    # "the death toll from Wednesday's raids on a market in Idlib rose to 23"
    re.compile(rf"\btoll\b[^.;]{{0,100}}?\b(?:rose|risen|climbed|reached|increased|jumped|stood|stands|hit)\s+"
               rf"(?:to\s+|at\s+)?(?:{_QUAL}\s+)?(?P<n>{NUM})\b"),
    # "3 fatalities", "resulting in one death", "two deaths"
    re.compile(rf"\b(?:{_QUAL}\s+)?(?P<n>{NUM})\s+(?:fatalities|fatality|deaths?)\b"),
    # "the man died", "the victim died in hospital"
    re.compile(r"\b(?P<n>the|a|an)\s+(?:[\w-]+\s+)?(?:victim|man|woman|boy|girl|child|teenager|person|soldier|policeman|"
               r"officer|fighter|militant|suspect|driver|passenger|guard|leader|civilian|villager|farmer|worker|"
               rf"student|prisoner|detainee|journalist|activist|trader|shopkeeper)(?:,?\s+who)?\s+(?:later\s+)?(?:died|{_KILL})\b"),
    # "returned fire, killing him": one dead
    re.compile(r"\b(?:killed|killing|fatally shot|shot dead|shooting dead)\s+(?P<n>him|her)\b"),
    # "beat a young man to death", "stabbed two women to death"
    re.compile(rf"\b(?:beat|shot|stabbed|tortured|hacked|burned|burnt|stoned|bludgeoned)\s+(?P<n>an?|{NUM})\s+"
               r"(?:[\w'’-]+\s+){0,3}?to death\b"),
    # "killing and injuring a number of fighters"
    re.compile(rf"\b(?:killing|killed) and (?:injuring|wounding|injured|wounded)\s+(?:{_QUAL}\s+)?(?P<n>{NUM})\b"),
]
_HURT_PATTERNS = _patterns(_HURT)
_HURT_PATTERNS[1] = re.compile(rf"\b(?:wounding|injuring|wounded|injured)\s+(?:{_QUAL}\s+)?(?P<n>{NUM})\b")
_PART = re.compile(rf"(?:\band|,)\s+(?:{_QUAL}\s+)?(?P<n>{NUM})\s+[\w'’-]+")
_PART_AFTER = re.compile(rf"(?:\s+[\w'’-]+){{1,3}}?\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:{_QUAL}\s+)?(?P<n>{NUM})\b")
_AMONG = re.compile(r"\bamong\b")

_KILL_WORD = re.compile(r"\b(?:killed|killing|dead|died)\b")
_HURT_WORD = re.compile(r"\b(?:wounded|wounding|injured|injuring|hurt)\b")


def to_int(word: str) -> int | None:
    w = word.lower().strip()
    if w in ("the", "him", "her"):
        return 1
    if w in _VAGUE:
        return _VAGUE[w]
    if w in _UNITS:
        return _UNITS[w]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", w):
        return int(w.replace(",", ""))
    m = re.fullmatch(r"(\w+)[- ](\w+)", w)
    if m and m.group(1) in _UNITS and m.group(2) in _UNITS:
        return _UNITS[m.group(1)] + _UNITS[m.group(2)]
    return None


@dataclass(frozen=True)
class Count:
    start: int  # of the number
    value: int
    toll: bool  # "death toll rose to N": a running total, not an addition


def _find(text: str, patterns: list[re.Pattern], other_verb: re.Pattern) -> list[Count]:
    found: dict[int, Count] = {}
    for pat in patterns:
        for m in pat.finditer(text):
            value = to_int(m.group("n"))
            if value is None or value > 100000 or (1900 <= value <= 2100 and m.group("n").isdigit()):
                continue
            if pat is patterns[0] and (other_verb.search(m.group(0))
                                       or other_verb.search(text[max(0, m.start() - 12): m.start()])):
                continue  # "killed 4 and wounded 12": the 4 belongs to the other verb
            if _AMONG.search(m.group(0)):
                continue  # "two volunteers were among those killed": part of a toll, not added to it
            start = m.start("n")
            if start not in found:
                found[start] = Count(start, value, "toll" in m.group(0).lower())
            if pat is patterns[0]:
                # parts: "3 soldiers and 5 militants were killed" -> the 5 as well as the 3
                for p in _PART.finditer(m.group(0), m.end("n") - m.start()):
                    pval = to_int(p.group("n"))
                    pstart = m.start() + p.start("n")
                    if pval is not None and pstart not in found:
                        found[pstart] = Count(pstart, pval, False)
            elif pat is patterns[1]:
                # parts after the verb: "killing 4 soldiers and 7 militants" -> the 7 as well
                at = m.end("n")
                while (p := _PART_AFTER.match(text, at)) and not other_verb.search(text, p.end(), p.end() + 25):
                    pval = to_int(p.group("n"))
                    if pval is None or p.start("n") in found:
                        break
                    found[p.start("n")] = Count(p.start("n"), pval, False)
                    at = p.end("n")
    return sorted(found.values(), key=lambda c: c.start)


_ANY_KILL = re.compile(rf"{_KILL}|toll|killing|kill|left|leaving|lives|fatal|death")
_ANY_HURT = re.compile(_HURT + "|wounding|injuring")


def killed(text: str) -> list[Count]:
    text = lower_same_length(text)
    if not _ANY_KILL.search(text):
        return []
    return _find(text, _KILL_PATTERNS, _HURT_WORD)


def injured(text: str) -> list[Count]:
    text = lower_same_length(text)
    if not _ANY_HURT.search(text):
        return []
    return _find(text, _HURT_PATTERNS, _KILL_WORD)

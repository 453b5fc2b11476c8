"""Actor mentions (data/actors.tsv plus demonym forms built from countries.tsv) -> ACLED-style actors."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import Gazetteer, read_tsv
from .textnorm import strict_key
from .scan import Prefiltered
from .sources import AliasMatcher

_STATE_NOUNS = (r"(?:government |regime |state |special |security |armed )?(?:forces|troops|soldiers|army|military|"
                r"air ?force|jets|warplanes|aircraft|drones|helicopters|allies|navy|artillery|border guards|militaries|coalition)")
_POLICE_NOUNS = r"(?:police(?:men| officers| forces)?|gendarmes|gendarmerie)"
# "government-held", "Iran-backed": a modifier, not the actor itself.
_MODIFIER_AFTER = re.compile(r"[-‑](?:held|controlled|backed|allied|linked|run|led|affiliated|aligned)")
# The police named only as the ones who tell what happened ("a bomb exploded at a market, police said", "according
# to the police"): a source, not a side, unless they tell of their own act ("police said they arrested"). (Not the
# army: what an army says is most often of its own operations.)
_TELLS_AFTER = re.compile(r"(?:\s+(?:on|late on|early on)\s+\w+day)?\s+(?:said|says|say|told|reported|stated|confirmed)\b"
                          r"(?!\s+(?:that\s+)?(?:it|they|its|their|his|her|he|she|we|our)\b)", re.IGNORECASE)
_ACCORDING_TO = re.compile(r"\baccording to\s+(?:the\s+)?(?:local\s+)?$", re.IGNORECASE)


@dataclass  # (not frozen: see places.Place)
class ActorMention:
    start: int
    end: int
    template: str  # canonical name, possibly with {country}/{military}/{police}
    category: str
    generic: bool
    text: str
    country_code: str | None = None  # for demonym forms
    home: str | None = None  # the one country a named group fights in (actors.tsv), a hint for places


_ROWS = read_tsv("actors.tsv")
_MATCHER = AliasMatcher([row[0] for row in _ROWS])
_NOUN = re.compile(rf"(?<!\w)(?:(?P<police>{_POLICE_NOUNS})|(?P<mil>{_STATE_NOUNS}))(?!\w)")
_NOUN_SCAN = Prefiltered(_NOUN, length=8, word_start=True)  # tried only where a word begins as a force noun can
_POSSESSIVE = re.compile(r"['’]s?$")
_OF_WORDS = re.compile(r" of (?:the )?((?:[a-z]+ ?){1,4})")


def _country_after(low: str, pos: int, gaz: Gazetteer) -> tuple[str | None, int]:
    """The country named by the one to four words after " of " at pos ("of Armenia", "of the Democratic Republic
    of Congo"), the longest first, with where its name ends."""
    m = _OF_WORDS.match(low, pos)
    if m is None:
        return None, 0
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        code = gaz.country_index.get(strict_key(" ".join(words[:n])))
        if code:
            return code, m.start(1) + len(" ".join(words[:n]))
    return None, 0


_WORD_END = re.compile(r"[a-z]+(?:['’]s)?$")


def _words_before(low: str, pos: int) -> list[tuple[str, int]]:
    """The one or two words (letters, possessive 's) right before pos, with their offsets: the candidates
    for a demonym ("syrian army", "north korean troops"). String slicing, not an end-anchored regex."""
    base = max(0, pos - 40)
    window = low[base:pos]
    tail = window.rstrip()
    if not tail or len(tail) == len(window):
        return []
    toks = tail.rsplit(None, 2)
    last = _WORD_END.search(toks[-1])
    if not last:
        return []
    last_at = len(tail) - len(toks[-1])
    words = [(last.group(0), base + last_at + last.start())]
    if last.start() == 0 and len(toks) >= 2:
        prev = tail[:last_at].rstrip()
        first = _WORD_END.search(toks[-2])
        if first:
            words.insert(0, (first.group(0), base + len(prev) - len(toks[-2]) + first.start()))
    return words


def find(text: str, low: str, gaz: Gazetteer) -> list[ActorMention]:
    out: list[ActorMention] = []
    taken: list[tuple[int, int]] = []
    named = _MATCHER.find(text, low)
    # Demonym forms: find the force noun, then look up the one or two words before it ("Syrian army"), or the
    # country after it ("the military forces of Armenia").
    for m in _NOUN_SCAN.finditer(low, low):
        code, end = _country_after(low, m.end(), gaz) if low.startswith(" of ", m.end()) else (None, 0)
        if code:
            out.append(ActorMention(m.start(), end, "{police}" if m.group("police") else "{military}",
                                    "State forces", False, text[m.start():end], code))
            taken.append((m.start(), end))
            continue
        found = _words_before(low, m.start())
        if not found:
            continue
        code, start = None, None
        cands = ([(" ".join(w for w, _ in found), found[0][1])] if len(found) == 2 else []) + [found[-1]]
        for cand, at in cands:
            key = _POSSESSIVE.sub("", cand)
            code = gaz.demonym_index.get(cand) or gaz.demonym_index.get(key) or gaz.country_index.get(key)
            if code:
                start = at
                break
        if not code or any(s < start < e for s, e, _row in named):
            continue  # (a group's name that holds one: "Free Syrian Army" is no army of Syria's)
        out.append(ActorMention(start, m.end(), "{police}" if m.group("police") else "{military}", "State forces",
                                False, text[start:m.end()], code))
        taken.append((start, m.end()))
    for s, e, row in named:
        if any(ts < e and s < te for ts, te in taken):
            continue
        if _MODIFIER_AFTER.match(text, e):
            continue
        canon, category, generic, home = (_ROWS[row] + [""])[1:5]
        if generic == "1" and canon == "{police}" and (
                _TELLS_AFTER.match(text, e) or _ACCORDING_TO.search(text, max(0, s - 30), s)):
            continue
        out.append(ActorMention(s, e, canon, category, generic == "1", text[s:e], home=home or None))
    out.sort(key=lambda a: a.start)
    return out


def canonical(mention: ActorMention, gaz: Gazetteer, country_code: str | None) -> tuple[str, str]:
    """(name, category) with the country filled in; state forces of another country are external."""
    code = mention.country_code or country_code
    country = gaz.countries.get(code) if code else None
    category = mention.category
    if mention.country_code and country_code and mention.country_code != country_code:
        category = "External/Other forces"
    if country is None:
        name = mention.template.replace("{military}", "Military Forces").replace("{police}", "Police Forces")
        return name.replace(" ({country})", "").replace("{country}", "Unknown"), category
    name = mention.template.replace("{military}", country.military).replace("{police}", country.police)
    return name.replace("{country}", country.name), category

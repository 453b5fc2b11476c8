"""Place mentions and their resolution against the gazetteer, with ACLED geo_precision.

A capitalised name is taken as a place only where English puts places: after a locative preposition
("in", "near", "the town of"), before a place noun ("Idlib province"), or listed after another place.
Ambiguous names go to the article's countries first, then to the more populous place. Spelling variants
of transliterated names fall back to a consonant skeleton restricted to the article's countries.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from dataclasses import dataclass, replace

from .gazetteer import DATA, Gazetteer
from .scan import Dialects
from functools import lru_cache

from .textnorm import loose_key as _loose_key
from .textnorm import lower_same_length
from .textnorm import strict_key as _strict_key

strict_key = lru_cache(maxsize=100_000)(_strict_key)
loose_key = lru_cache(maxsize=100_000)(_loose_key)

# (and the Persian ezafe: "Dara i Sufi Bala", "Nawa-e Barakzayi")
_PARTICLE = r"(?:al|el|an|ar|as|ash|ad|at|az|ez|ed|es|en|er|et|ul|de|del|la|le|di|da|du|des|do|dos|das|bin|ibn|abu|bani|beni|bou|wadi|i|e)"
# "J&K" is one word: an abbreviation of a division ("(Poonch district, J&K)").
_WORD = r"(?:[A-Z]&[A-Z]\b|[A-Z][\w'’‘ʿ`]*(?:[-‑][\w'’‘ʿ`]+)*)"
# "al-Bab", and with a space only for the two articles English never writes lower-case ("el Mina", "al Nour").
_NAME = re.compile(rf"(?<![\w'’‘ʿ`])(?:{_PARTICLE}[-‑]|(?:al|el)\s)?{_WORD}(?:\s+(?:{_PARTICLE}[-\s‑])?{_WORD})*")
# The same names found faster: a search for _NAME stops at every position (it begins with a look back); this one
# begins with a capital, so it stops only at capitals, and the particle before a name ("al-", "el ") is taken
# back afterwards (in _find).
_NAME_REST = rf"(?:\s+(?:{_PARTICLE}[-\s‑])?{_WORD})*"
_CAPITAL_NAME = Dialects(re.compile(rf"[A-Z](?<![\w'’‘ʿ`][A-Z])(?:&[A-Z]\b|[\w'’‘ʿ`]*(?:[-‑][\w'’‘ʿ`]+)*){_NAME_REST}"))
_PARTICLE_BEFORE = re.compile(rf"(?<![\w'’‘ʿ`])(?:{_PARTICLE}[-‑]|(?:al|el)\s)\Z")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
# The word (or mark) right before a name that puts a place there; "outskirts of", "west of" end in "of".
_TOKEN = re.compile(r"\S+")
_LOCATIVE_WORDS = frozenset("in at near of from to into outside around across toward towards on inside within nearby "
                            "between through and "
                            # verbs whose object is a place: "shelled Kansafra", "entered Idlib"
                            "entered stormed raided shelled besieged captured recaptured overran reached invaded "
                            # and strikes on it: "airstrikes hit Idlib", "an explosion rocked Kabul" (not "attacked"
                            # or "targeted": their object is as often a person, "gunmen attacked Hassan")
                            "hit struck bombed bombarded pounded rocked shook "
                            "hitting striking bombing bombarding pounding shelling "
                            # and roads between places: "the road that connects Esperanza to ..."
                            "connects connecting links linking".split())
_BETWEEN_WORDS = frozenset("central northern southern eastern western north south east west northeastern "
                           "northwestern southeastern southwestern rural downtown greater north-east north-west south-east "
                       "south-west north-eastern north-western south-eastern south-western".split())
_NEAR = Dialects(re.compile(
    r"(?:\bnear|\bclose to|\boutside|\boutskirts of|\bvicinity of|\baround|\barea (?:around|of)|\bsurroundings of|"
    r"\d+\s?(?:km|kilometres|kilometers|miles|mi)\b[^.,;]{0,30}?\b(?:from|of)|"
    r"\b(?:north|south|east|west|northwest|northeast|southwest|southeast|north-west|north-east|south-west|south-east)(?:ern)? (?:of|outskirts of)|"
    r"\bcountryside of|\brural|\bdistrict of)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$"))
# (a search for a pattern that ends the text tries every position: it is run only where a word it needs is there)
_NEAR_WORD = Dialects(re.compile(r"near|close to|outside|outskirts of|vicinity of|around|area |surroundings of|\d|north|south|"
                        r"east|west|countryside of|rural|district of"))


def _city_of_before(before: str) -> bool:
    """What _CITY_BEFORE needs: " of" and a space at the end."""
    stripped = before.rstrip()
    return len(stripped) < len(before) and stripped.endswith(" of")


_CITY_BEFORE = re.compile(r"\b(?:city|town|village|capital|hamlet|settlement|port|neighbou?rhood of|suburb) of\s+$")
_AFTER = Dialects(re.compile(r"^(?:['’]s)?\s+(?P<kind>city|town|village|province|governorate|state|region|district|county|"
                    r"department|prefecture|oblast|municipality|area|countryside|suburbs|outskirts|"
                    r"lga|territory|taluka|tehsil|township|raion|rayon|commune|sub-?county|circle|"
                    # and the districts of Ethiopia, Bangladesh, South Sudan, Sierra Leone; sub-districts, subdivisions
                    r"woreda|upazila|payam|chiefdom|sub-?district|subdivision|"
                    r"highway|road|roundabout|airport|airbase|air base|airfield|base|checkpoint|square|bridge|crossing|"
                    r"front|frontline|camp)\b"))
# A district ("Apa LGA", "Uvira territory", "Abdasa taluka") or the land around a town: part of a region.
_PART_OF_REGION = frozenset("district area countryside suburbs outskirts lga territory taluka tehsil township raion "
                            "rayon commune subcounty sub-county circle woreda upazila payam chiefdom subdistrict "
                            "sub-district subdivision".split())
_DISTRICT_NOUNS = frozenset("district lga territory taluka tehsil township raion rayon commune subcounty sub-county "
                            "circle woreda upazila payam chiefdom subdistrict sub-district subdivision".split())
_ADMIN_KINDS = {"province", "governorate", "state", "region", "oblast", "department", "prefecture", "county"}
_WORLD_CURRENCY = re.compile(r"\s+dollars?\b")
_STOP = frozenset(line.strip() for line in open(DATA / "place_stopwords.txt", encoding="utf-8")
                  if line.strip() and not line.startswith("#"))


# Not frozen, as the engine's other per-article records (Resolved, Trigger, ActorMention, DateRef, Count): a frozen
# dataclass's __init__ sets each field through object.__setattr__, four times slower, and one pass over FA-KES makes
# 46,000 of them. None is changed once made: a change is a copy (_with, dataclasses.replace).
@dataclass
class Place:
    start: int
    end: int
    text: str
    kind: str  # city | admin1 | country | region (divisions it covers in `admins`; no event's place)
    ids: tuple[int, ...] = ()  # gazetteer record indices (cities)
    admins: tuple = ()  # Admin1 candidates
    country_code: str | None = None
    precision: int = 1
    accepted: bool = True  # in a place-like position
    in_named_division: bool = False  # only a place of a division the text names will do
    part: bool = False  # the first or last words of a longer capitalised run ("Mafraq" of "Mafraq ar Ruwayk")
    region: bool = False  # a region no division is ("Donbas", "Darfur"): `admins` the divisions it covers, the
    # most populous first; of kind "region" (no event's place) unless the text names no other place
    then: tuple = ()  # Admin1 candidates of the division the text's address goes on to ("Haveli district, AJK")
    address: tuple = ()  # the same, or the divisions of the town or district named next ("Matalam, Cotabato")
    noun: str | None = None  # the division noun after the name ("Bolivar state"): steers it to a country's divisions
    district: bool = False  # named as a district ("Birnin Gwari LGA"): the district, not the town it is named after


@dataclass  # (not frozen: see Place)
class Resolved:
    name: str
    index: int | None  # gazetteer record of a city
    admin1: object | None
    country_code: str
    precision: int
    start: int
    point: tuple[float, float] | None = None  # where a part of a division lies (on_its_side), else its town's or its own


def _with(place: Place, **changes) -> Place:
    """dataclasses.replace for a Place, without the call of __init__ with every field (a hot path of _find)."""
    new = object.__new__(Place)
    fields = new.__dict__
    fields.update(place.__dict__)
    fields.update(changes)
    return new


def _strip_possessive(s: str) -> str:
    if s.endswith(("'s", "’s")):
        return s[:-2]
    if s.endswith(("'", "’")):
        return s[:-1]
    return s


def find(text: str, gaz: Gazetteer, context: Counter, low: str | None = None) -> list[Place]:
    """Every name in the text that the gazetteer knows, longest match first within a capitalised run.

    A whole run of two or more words that the exact index misses is tried by spelling skeleton within the
    article's countries before its parts are tried ("Maaret al-Numan" before "Maaret"). `low` is the text
    lower-cased with the same offsets (computed when not given).

    A text that names no country often names its divisions ("in the city of Quamishli in Al-Hasakeh"): the
    countries its places leave no doubt about are then counted into `context` (which is updated in place) and
    the text is read again, so that its other names are tried by spelling skeleton there, and its ambiguous
    towns resolve there."""
    low = lower_same_length(text) if low is None else low
    out = _find(text, gaz, context, low)
    named = _countries_named_by_places(out, gaz)
    if any(cc not in context for cc in named):
        context.update(named)
        out = _find(text, gaz, context, low)
    out = [_division_ending_an_address(p, text, gaz) if text.startswith(")", p.end) else p for p in out]
    out = [replace(p, accepted=False) if p.part and p.then and p.accepted and not _lies_in(
        p, {(a.country_code, a.code) for a in p.then}, gaz) else p for p in out]
    regions = [p for p in out if p.kind == "region"]
    if regions:
        covered = {(a.country_code, a.code) for p in regions for a in p.admins}
        if not any(p.accepted and p.kind in ("city", "admin1") and _lies_in(p, covered, gaz) for p in out):
            # nothing else the text names places its events in the region ("the OSCE SMM observed ... near" a
            # village the gazetteer lacks): the region places them in one of its divisions (see resolve)
            out = [replace(p, kind="admin1") if p.kind == "region" else p for p in out]
    return out


def _division_ending_an_address(place: Place, text: str, gaz: Gazetteer) -> Place:
    """The last part of an address in brackets names the first-level division (ACLED's notes and much wire copy:
    "Gaskinde (Pobe-Mengao, Soum)", "the partido of La Matanza (Buenos Aires)", "(Nihm, Sanaa)"): a name there that
    is both a city and a division the city does not lie in means the division (Buenos Aires province, not the
    capital; Sanaa governorate, not the city of Amanat al Asimah)."""
    if place.kind != "city":
        return place
    opened = text.rfind("(", 0, place.start)
    if opened < 0 or ")" in text[opened:place.start]:
        return place
    inside = text[opened + 1:place.start]
    if inside:
        if not inside.rstrip().endswith(","):
            return place
    else:  # "La Matanza (Buenos Aires)": right after a name
        before = text[max(0, opened - 40):opened].rstrip().rsplit(None, 2)
        if not before or not before[-1][:1].isupper():
            return place
    if not place.admins:
        # "Gaskinde (Pobe-Mengao, Soum)": Burkina Faso's province of Soum, not a Senegalese village of that name
        districts = tuple(i for i in place.ids if i >= gaz._first_district)  # noqa: SLF001 (the district records)
        if districts and len(districts) < len(place.ids) and all(gaz.pop[i] < _BIG_PLACE for i in place.ids):
            return replace(place, ids=districts)
        return place
    towns = {(gaz.cc[i], gaz.admin1[i]) for i in place.ids}
    countries = {cc for cc, _code in towns}
    divisions = tuple(a for a in place.admins if a.country_code in countries and (a.country_code, a.code) not in towns)
    if not divisions:
        return place
    return replace(place, kind="admin1", ids=(), admins=divisions, precision=3)


def _common_word_division(text: str, s: int, e: int, surface: str, key: str, before: Place,
                          gaz: Gazetteer) -> Place | None:
    """A first-level division whose name is a common word ("North", "South", "Centre": Lebanon's, Burkina Faso's),
    as the last part of an address in brackets after a place of its country ("Tripoli (Tripoli, North)"): that
    division; the word is no place anywhere else."""
    admins = gaz.admin1_index.get(key)
    opened = text.rfind("(", 0, s)
    if not admins or opened < 0 or before.start <= opened or text[before.end:s].strip() != ",":
        return None
    countries = {gaz.cc[i] for i in before.ids} | {a.country_code for a in before.admins}
    admins = tuple(a for a in admins if a.country_code in countries)
    if not admins:
        return None
    return Place(s, e, surface, "admin1", admins=admins, precision=3, accepted=True)


def _lies_in(place: Place, divisions: set, gaz: Gazetteer) -> bool:
    """Some place or division a mention may stand for lies in one of the divisions."""
    return (any((a.country_code, a.code) in divisions for a in place.admins)
            or any((gaz.cc[i], gaz.admin1[i]) in divisions for i in place.ids))


def _countries_named_by_places(found: list[Place], gaz: Gazetteer) -> Counter:
    """Countries that the text's places name beyond doubt: a first-level division (or a region) of one country
    only ("Idleb province", "(Sirwah, Marib)", "in Al-Hasakeh"), as the divisions steer the article's towns."""
    named: Counter = Counter()
    for p in found:
        if not p.accepted or p.part:
            continue
        countries = {a.country_code for a in p.admins}
        if len(countries) == 1:
            named[countries.pop()] += 1
    return named


# What a run of capitalised words is, wherever it stands (per gazetteer, per run's text; see _run_plan).
_RUN_PLANS: "weakref.WeakKeyDictionary[Gazetteer, dict]" = weakref.WeakKeyDictionary()
_COMMON, _ACRO, _NAMED = 0, 1, 2  # a stopword that may be a division ending an address, an abbreviation, a name


def _memo(memos: "weakref.WeakKeyDictionary[Gazetteer, dict]", gaz: Gazetteer) -> dict:
    """A gazetteer's memo of what words say, kept for the process."""
    memo = memos.get(gaz)
    if memo is None or len(memo) > 100_000:  # (a long-running worker meets ever new names: start again)
        memo = memos[gaz] = {}
    return memo


def _run_plan(run: str, gaz: Gazetteer) -> tuple:
    """The names _find tries in a run of capitalised words, from each word on, longest first, that could be a
    place somewhere: those that cannot be one anywhere (no key, a stopword, a head word, an abbreviation of no
    division, a name in no index whose skeleton names no division and that is not the whole run) are left out.
    Returns (n, per word (start, names, hyphen head may be a city), some name may be a place in any article,
    some only where places are tried by skeleton); each name (j, end, surface, key, what, what the indexes say
    of it (_key_names) or False, skeleton of a division's, skeleton)."""
    tokens = [(0, len(run))] if run.isalnum() else [(t.start(), t.end()) for t in _TOKEN.finditer(run)]
    n = len(tokens)
    index, admin1_index, country_index, region_index = gaz.index, gaz.admin1_index, gaz.country_index, gaz.region_index
    per_word = []
    always = spelt = False
    for i in range(n):
        start = tokens[i][0]
        names = []
        for j in range(min(n, i + 5), i, -1):
            end = tokens[j - 1][1]
            surface = run[start:end]
            last = surface[-1]
            if last in "'’" or (last == "s" and surface[-2:-1] in "'’" and len(surface) > 1):
                surface = _strip_possessive(surface)
                end = start + len(surface)
            key = strict_key(surface)
            if not key or (j - i == 1 and key in _STOP):
                if key and n == 1 and admin1_index.get(key):
                    names.append((j, end, surface, key, _COMMON, False, False, ""))
                    always = True
                continue
            if j - i == 1 and j < n and key in _HEAD_WORDS:
                continue
            if j - i == 1 and ((not surface[1:3].islower() and _ACRONYM.fullmatch(surface)) or "&" in surface):
                if gaz.admin1_abbrev.get(surface):
                    names.append((j, end, surface, key, _ACRO, False, False, ""))
                    always = True
                continue
            indexed = key in index or key in country_index or key in admin1_index or key in region_index
            skeleton = loose_key(key)
            loose = skeleton in gaz.admin1_loose
            if indexed:
                indexed = _key_names(key, gaz)  # (a tuple: true)
                always = True
            elif i == 0 and j == n or loose:
                spelt = True
            else:
                continue
            names.append((j, end, surface, key, _NAMED, indexed, loose, skeleton))
        token = run[start:tokens[i][1]]
        hyphen = None  # the word, where its head may be a city ("Belgrade-Stari Grad": see _hyphen_head)
        if "-" in token:
            head, tail = token.split("-", 1)
            key = strict_key(head)
            if not (len(key) < 4 or key in _STOP or key in ARTICLES_KEYS or tail.lower() in _EZAFE
                    or key not in index or country_index.get(key)):
                hyphen = token
                always = True
        per_word.append((start, names, hyphen))
    return n, per_word, always, spelt


def _find(text: str, gaz: Gazetteer, context: Counter, low: str) -> list[Place]:
    out: list[Place] = []
    spelt_in = context  # the countries whose places are tried by spelling skeleton
    joined_end = 0
    plans = _memo(_RUN_PLANS, gaz)
    main_of = main = None  # the main countries of spelt_in (_main_countries), once per Counter
    loose_by_country = gaz.loose_by_country
    name_end = 0
    # The spans of _NAME.finditer(text): a name found from its capital, with the particle right before it taken
    # back (where it lies after the previous name: names end in a word character, so none begins right at that end).
    for m in _CAPITAL_NAME.of(text).finditer(text):
        at = m.start()
        if at >= name_end + 2 and text[at - 2] in _LOWER:
            before = text[at - 1]
            if before in "-‑" or (before.isspace() and text[at - 3:at - 1] in ("al", "el")):
                p = _PARTICLE_BEFORE.search(text, max(name_end, at - 7), at)
                if p is not None:
                    at = p.start()
        run_end = name_end = m.end()
        if at < joined_end:
            continue
        if text.startswith(" and ", run_end):
            joined = _joined_name(text, low, at, run_end, gaz)
            if joined is not None:
                out.append(joined)
                joined_end = joined.end
                continue
        run = text[at:run_end]
        plan = plans.get(run)
        if plan is None:
            plan = plans[run] = _run_plan(run, gaz)
        n, per_word, always, spelt = plan
        if not always and not (spelt and spelt_in):
            continue  # (most runs: no name in them can be a place)
        i = 0
        while i < n:
            hit = None
            start, names, hyphen = per_word[i]
            s = at + start
            for j, end, surface, key, what, indexed, loose, skeleton in names:
                e = at + end
                if what == _COMMON:
                    if text.startswith(")", e) and out:
                        # "(Tripoli, North)", "(Jezzine, South)": a division named by a common word, ending an address
                        place = _common_word_division(text, s, e, surface, key, out[-1], gaz)
                        if place is not None:
                            hit = (place, j)
                            break
                    continue
                if what == _ACRO:
                    # "GNA", "PKK", "JaS": organisations; countries come in by name, not by code. A division's
                    # abbreviation counts where an address puts it ("(Ballia, UP)", "(Haveli district, AJK)").
                    place = _abbreviation(text, s, e, surface, gaz, context)
                    if place:
                        hit = (place, j)
                        break
                    continue
                if indexed:
                    place = _place_at(text, low, s, e, surface, indexed)
                    if place is not None and j - i == 1 and n > 1 and _partial(place, gaz, text, e, context):
                        place = None
                    elif place is not None and j < n and place.end == e and _part_of_a_longer_name(place, gaz, context):
                        place = None
                elif not spelt_in:
                    continue
                else:
                    place = None
                whole = i == 0 and j == n
                if place is None and spelt_in and (whole or loose):
                    ids = ()  # a whole run's places by its skeleton (see resolve_loose), looked up before its position
                    if whole:
                        if main_of is not spelt_in:  # (gaz.loose_places of each main country, in order)
                            main_of = spelt_in
                            main = [loose_by_country.get(cc, {}) for cc in _main_countries(spelt_in)]
                        for table in main:
                            found = table.get(skeleton)
                            if found is not None:
                                ids = (found,) if isinstance(found, int) else tuple(found)
                                break
                    if ((loose or ids) and low[s:e] not in gaz.demonym_index
                            and not _NOT_SPELT_AFTER.match(text, e)):
                        # (a demonym is no place however its skeleton reads: "of two besieged Syrian towns", "Saudi
                        # forces"; nor a street, a tribe or a clan: "Raju street of Afrin", "Al Muaili tribesmen")
                        place = _loose_admin1(text, low, s, e, key, gaz, spelt_in) if loose else None
                        if place is None and ids and _locative_before(text, s):
                            place = _loose_place(low, s, e, surface, ids)
                            if j == 1:
                                # one word by its skeleton alone only in a division the text names (see resolve)
                                place = _with(place, in_named_division=True)
                if place is not None and place.kind == "region" and not spelt_in:
                    # a region of one country names it for the names after it ("the OSCE SMM ... near Sieverne")
                    regions = Counter(a.country_code for a in place.admins)
                    spelt_in = regions if len(regions) == 1 else spelt_in
                if place:
                    hit = (_with(place, part=True) if j - i < n and place.end == e else place, j)
                    break
            if hit is None and hyphen:
                hit = _hyphen_head(text, low, s, hyphen, gaz, i + 1, context)
            if hit and i and hit[1] == n and not hit[0].accepted and hit[0].admins and _locative_before(text, at):
                # "in Mojolo Sinaloa": a division's name ends the run of a village the gazetteer lacks, in a place's
                # position: the address runs on to the division
                hit = (_with(hit[0], kind="admin1", ids=(), precision=3, accepted=True), hit[1])
            if hit:
                if hit[0].accepted and "border" in low[max(0, hit[0].start - 50):hit[0].start] and _BORDER_WITH.search(
                        low, max(0, hit[0].start - 50), hit[0].start):
                    # "close to the border with ... Unity state", "near the border with Mali": the place across
                    # the border is not where the event is
                    hit = (_with(hit[0], accepted=False), hit[1])
                out.append(hit[0])
                i = hit[1]
            else:
                i += 1
    return _chain_addresses(out, text, gaz) if len(out) > 1 else out


_BORDER_WITH = re.compile(r"\bborders? (?:with|of) (?:the )?(?:[\w'’-]+ ){0,5}$")


# Words that begin Arabic, Berber and Kurdish place names (hill, spring, well, cape, monastery, village, mother,
# father, house, saint, quarter...): followed by another name they are part of it, never a place on their own;
_HEAD_WORDS = frozenset("tal tell tall tel ain ayn ein ras bir bab deir dayr kafr kfar jabal jebel jbel khirbet "
                        "khirbat umm um abu beit bayt sidi qasr qalaat qalat hay harat mazraat mazraa nahr wadi "
                        "ban bani beni ouled oulad ait "
                        # and the words for a neighbourhood or village before its name ("Colonia Vistas del Rio",
                        # "Barangay Marbel", "tambon Mae Salong")
                        "colonia barrio barangay purok sitio ejido fraccionamiento tambon moo kampung desa kebele "
                        "payam boma".split())
# A street's name, not the town it is in ("on Egerton Road in Lahore"); an armed group named after a place or a
# person ("Al Sham Corps", "Sultan Murad Division"): no place.
_STREET_IN = r"\s+(?:[Rr]oad|[Ss]treet|[Aa]venue|[Bb]oulevard)\s+(?:in|of)\s+(?:the\s+)?[A-Z]"
_UNIT = r"\s+(?:Corps|Brigades?|Battalions?|Regiments?|Division|Legion)\b"
_NO_PLACE_AFTER = Dialects(re.compile(f"{_STREET_IN}|{_UNIT}"))
# Nor a tribe or a clan, by spelling skeleton ("between Al Muaili and Al Mahtam tribesmen").
_NOT_SPELT_AFTER = re.compile(f"{_STREET_IN}|{_UNIT}|"
                              r"(?:\s+(?:and|or)\s+(?:(?:[Aa]l|[Ee]l)[-\s])?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?"
                              r"\s+(?:tribe|tribes|tribesmen|tribal|clan|clans|clansmen)\b")
_ACRONYM = re.compile(r"[A-Z][A-Za-z]?[A-Z]{1,4}s?")
_BIG_PLACE = 50_000
_CITY = 1_000_000  # a town bigger than this is what its name means, whatever division the text names after it


def _partial(place: Place, gaz: Gazetteer, text: str, end: int, context: Counter) -> bool:
    """One word of a longer capitalised run that stands for a place the gazetteer lacks: a first word that is
    only a small place ("Ayn" of "Ayn Laylah", "Tall" of "Tall Ad Dhahab"), or any word whose places all lie
    outside the countries the article names ("Chaman" of the Afghan "Pur Chaman" is a Pakistani town). Big
    places of the article's countries and divisions stay ("Damascus International Airport", "In Afrin")."""
    if place.kind != "city" or place.end > end or place.admins:
        return False
    if context and not any(context.get(gaz.cc[i]) for i in place.ids):
        return True
    # "Apa LGA": a capitalised place noun after the name is no part of it
    return (bool(re.match(r"\s+[A-Z]", text[end:end + 3])) and not _AFTER.unicode.match(text[end:end + 30].lower())
            and all(gaz.pop[i] < _BIG_PLACE for i in place.ids))


def _part_of_a_longer_name(place: Place, gaz: Gazetteer, context: Counter) -> bool:
    """The first words of a longer capitalised run that name a division of a country the article does not name,
    or only places outside the article's countries ("South West" of "South West Khasi Hills district" is no
    Cameroonian region; "Al Wadi" of "Al Wadi Al Kabeer area" is no Algerian city)."""
    if place.kind == "admin1":
        return not any(context.get(a.country_code) for a in place.admins)
    return (place.kind == "city" and bool(context) and not any(context.get(a.country_code) for a in place.admins)
            and not any(context.get(gaz.cc[i]) for i in place.ids))


def _hyphen_head(text: str, low: str, s: int, token: str, gaz: Gazetteer, next_i: int, context: Counter):
    """"Belgrade-Stari Grad", "Taizz-Birarah": a district written after its city; the city is the place. Not
    the first end of a road ("the Mumbai-Barwani stretch", "the Sidon-Tyr highway"): it is anywhere along it.
    Nor the first half of a compound name the gazetteer lacks ("Pobe-Mengao", "Boyer-Ahmad"): the head is taken
    only as a place of the article's countries, or as a big city where the article names none."""
    head, tail = token.split("-", 1)
    key = strict_key(head)
    if (len(key) < 4 or key in _STOP or key in ARTICLES_KEYS or _ROAD_AFTER.match(low, s + len(token))
            or tail.lower() in _EZAFE):
        return None
    place = _lookup(text, low, s, s + len(head), head, key, gaz)
    if place is None or place.kind != "city":
        return None
    if not any(context.get(gaz.cc[i]) if context else gaz.pop[i] >= _BIG_PLACE for i in place.ids):
        return None
    return place, next_i


def _abbreviation(text: str, s: int, e: int, surface: str, gaz: Gazetteer, context: Counter) -> Place | None:
    """A division written as its abbreviation, as the last part of an address: after a comma or an opening
    parenthesis, before a closing one, a comma or the end of the sentence; in one of the article's countries
    when it names any."""
    admins = gaz.admin1_abbrev.get(surface)
    if not admins:
        return None
    before = text[max(0, s - 3): s].rstrip()
    if not before or before[-1] not in ",(" or (e < len(text) and text[e] not in "),.;"):
        return None
    if context:
        admins = [a for a in admins if context.get(a.country_code)]
    if not admins:
        return None
    return Place(s, e, surface, "admin1", admins=tuple(admins), precision=3, accepted=True)


_EZAFE = frozenset({"e", "i", "ye", "yi"})  # "Nawa-e Barakzayi" is one name ("Nawa of Barakzayi")
_ROAD_AFTER = re.compile(r"\s+(?:road|highway|motorway|expressway|stretch|route|axis|corridor|railway|border)\b")
ARTICLES_KEYS = frozenset({"al", "el", "an", "ar", "as", "ash", "ad", "at", "az"})


def _joined_name(text: str, low: str, s: int, e: int, gaz: Gazetteer) -> Place | None:
    """A division or country whose name joins two names with "and" ("Kohgiluyeh and Boyer-Ahmad province",
    "Sistan and Baluchestan", "Trinidad and Tobago"): the runs of capitalised words are one name."""
    nxt = _NAME.match(text, e + 5)
    if nxt is None:
        return None
    key = strict_key(text[s:nxt.end()])
    code = gaz.country_index.get(key)
    if code:
        return Place(s, nxt.end(), text[s:nxt.end()], "country", country_code=code, precision=3)
    admins = gaz.admin1_index.get(key)
    if not admins:
        return None
    after = low[nxt.end(): nxt.end() + 30]
    am = _AFTER.of(after).match(after)
    end = nxt.end() + am.end() if am and am.group("kind") in _ADMIN_KINDS else nxt.end()
    return Place(s, end, text[s:end], "admin1", admins=tuple(admins), precision=3, accepted=True)


def _locative_before(text: str, s: int) -> bool:
    """A locative word or a comma/parenthesis just before position s (a string test: this runs for every
    name the gazetteer knows, and a regex anchored at the end scans the whole window)."""
    before = text[max(0, s - 40): s].rstrip()
    if not before:
        return False
    if before[-1] in ",(":
        return True
    words = before.lower().rsplit(None, 3)[1:] if before.count(" ") >= 3 else before.lower().split()
    # "in central Moscow", "near the northern Aleppo": a direction or "the" may stand between
    while len(words) > 1 and words[-1] in _BETWEEN_WORDS:
        words.pop()
    return words[-1] in _LOCATIVE_WORDS if words else False


def _lookup(text: str, low: str, s: int, e: int, surface: str, key: str, gaz: Gazetteer) -> Place | None:
    return _place_at(text, low, s, e, surface, _key_names(key, gaz))


def _key_names(key: str, gaz: Gazetteer) -> tuple:
    """What the indexes say of a name key, wherever it stands: (country, region if the key is in no other index
    else False, places, divisions)."""
    code = gaz.country_index.get(key)
    if code is None and key not in gaz.index and key not in gaz.admin1_index:
        return code, gaz.region_index.get(key), (), ()
    return code, False, gaz.places(key), tuple(gaz.admin1_index.get(key, ()))


def _place_at(text: str, low: str, s: int, e: int, surface: str, names: tuple) -> Place | None:
    """The mention of a name at s:e, from what the indexes say of its key (_key_names)."""
    code, region, ids, admins = names
    if region is not False:
        return Place(s, e, surface, "region", admins=region, precision=3, accepted=True, region=True) if region else None
    if code:
        return Place(s, e, surface, "country", country_code=code, precision=3)
    if not ids and not admins:
        return None
    before = low[max(0, s - 60): s]
    after = low[e: e + 30]
    am = _AFTER.of(after).match(after)
    kind_word = am.group("kind") if am else None
    if _NO_PLACE_AFTER.of(text).match(text, e):
        return None
    accepted = bool(am or _locative_before(text, s) or (_city_of_before(before) and _CITY_BEFORE.search(before)))
    near = _NEAR_WORD.of(before).search(before) if accepted else None  # (where a match of _NEAR could begin first)
    precision = 2 if near and _NEAR.of(before).search(before, near.start()) else 1
    if kind_word in _ADMIN_KINDS and admins:
        end = e + am.end()
        return Place(s, end, text[s:end], "admin1", admins=admins, precision=3, accepted=True, noun=kind_word)
    if kind_word in _PART_OF_REGION:
        precision = 2
    if ids:
        end = e + am.end() if kind_word in ("city", "town", "village") else e
        return Place(s, end, text[s:end], "city", ids=ids, admins=admins, precision=precision, accepted=accepted,
                     district=kind_word in _DISTRICT_NOUNS and len(ids) > 1)
    return Place(s, e, surface, "admin1", admins=admins, precision=3, accepted=accepted)


def _loose_admin1(text: str, low: str, s: int, e: int, key: str, gaz: Gazetteer, context: Counter) -> Place | None:
    """A division of one of the article's two main countries spelt another way ("Hasakeh", "Sweida", "Idleb"),
    matched by spelling skeleton where English puts a place (after "in", before "province"...)."""
    candidates = gaz.admin1_loose.get(loose_key(key))  # cached: cheaper than the position test
    if not candidates:
        return None
    countries = set(_main_countries(context))
    admins = tuple(a for a in candidates if a.country_code in countries)
    after = low[e: e + 30]
    am = _AFTER.of(after).match(after)
    if not admins or not (am or _locative_before(text, s)):
        return None
    end = e + am.end() if am and am.group("kind") in _ADMIN_KINDS else e
    return Place(s, end, text[s:end], "admin1", admins=admins, precision=3, accepted=True)


class CountryCounts(Counter):
    """How often each country is named; `armed` counts the mentions that only name the country of armed forces
    ("French Operation Barkhane forces", "Israeli forces"): they operate abroad as often as at home."""

    def __init__(self) -> None:
        super().__init__()
        self.armed: Counter = Counter()


# Per gazetteer, what each capitalised word or pair says of a country (see _countries_said).
_COUNTRY_WORDS: "weakref.WeakKeyDictionary[Gazetteer, dict]" = weakref.WeakKeyDictionary()


def _countries_said(words: str, gaz: Gazetteer) -> tuple:
    """The words, then their first word, that name a country or are a demonym (most capitalised words are
    neither: then none), each as (candidate, country by name, country by demonym, a division's name too,
    a demonym)."""
    first = words.split(None, 1)[0]
    out = []
    for cand in (words, first) if first != words else (words,):  # (one word: tried once)
        key = strict_key(_strip_possessive(cand) if cand[-1] in "s'’" else cand)
        code = gaz.country_index.get(key)
        low = cand.lower()
        demonym = gaz.demonym_index.get(low)
        if code is not None or demonym:
            out.append((cand, code, demonym, key in gaz.admin1_index, low in gaz.demonym_index))
    return tuple(out)


def country_context(text: str, gaz: Gazetteer) -> Counter:
    """How often each country is named, by name or demonym; the article's country comes first. (What a word
    says of a country is looked up once per process: see _countries_said.)"""
    counts = CountryCounts()
    country_index = gaz.country_index
    known = _memo(_COUNTRY_WORDS, gaz)
    for m in _CAPITALISED.of(text).finditer(text):
        words = m.group(0)
        end = m.end()
        if words in ("US", "American") and _WORLD_CURRENCY.match(text, end):
            continue  # the "US dollar" of exchange rates names no place: it is priced everywhere
        if text.startswith(" and ", end) and " " not in words:
            joined = _AND_NAME.match(text, end)
            code = country_index.get(strict_key(words + joined.group(0))) if joined else None
            if code:  # "Bosnia and Herzegovina", "Trinidad and Tobago"
                counts[code] += 1
                continue
        try:
            said = known[words]
        except KeyError:
            said = known[words] = _countries_said(words, gaz)
        for cand, code, demonym, division, is_demonym in said:
            if code is None:
                code = demonym
                if code and division and _DIVISION_NOUN.match(text, m.start() + len(cand)):
                    code = None  # "Somali region", "Afar region": Ethiopian divisions, not peoples or countries
            if code:
                counts[code] += 1
                if is_demonym and _FORCES_AFTER.match(text, m.start() + len(cand)):
                    counts.armed[code] += 1
                break
    return counts


# What follows a demonym that names armed forces: "French (Operation Barkhane) forces", "Turkish army"
_FORCES_AFTER = re.compile(r"(?:\s+[A-Z][\w-]*){0,3}\s+(?:forces|troops|army|military|soldiers|warplanes|jets|aircraft|"
                           r"drones?|navy|air force|patrols?|coalition|operation|"
                           # and what they fire: "Russian airstrikes", "Israeli shelling" (abroad as often)
                           r"air ?strikes?|air raids?|strikes|raids|bombers|helicopters|gunships|warships|artillery|"
                           r"shelling|bombardment|missiles?|rockets?)\b")


_AND_NAME = re.compile(r" and [A-Z]\w+")
# (the capital first, then a look back for no word character before it: a search then stops only at capitals,
# not at every position as with a leading "\b"; the same matches)
_CAPITALISED = Dialects(re.compile(r"[A-Z](?<!\w[A-Z])\w+(?:\s+[A-Z]\w+)?"))
_DIVISION_NOUN = re.compile(r"\s+(?:region|regional state|state|province|zone)\b")


def resolve(place: Place, gaz: Gazetteer, context: Counter, admin_hint: set) -> Resolved | None:
    """Pick one record for a mention: article countries first, named admin1 next, then population."""
    top = max(context.values()) if context else 0
    if place.kind == "admin1":
        nouns = gaz.admin1_nouns
        best = max(place.admins, key=lambda a: (context.get(a.country_code, 0),
                                                place.noun in nouns.get(a.country_code, ()),
                                                (a.country_code, a.code) in admin_hint), default=None)
        if best is None or (top and context.get(best.country_code, 0) == 0 and place.kind == "admin1" and len(place.admins) > 1):
            return None
        if place.region:
            # "the OSCE SMM observed ... near Lozove": a village the gazetteer lacks, in a region of several
            # divisions; as ambiguous names go to the more populous place, the region's most populous division
            return Resolved(best.name, None, best, best.country_code, 3, place.start)
        return Resolved(place.text, None, best, best.country_code, 3, place.start)
    if place.kind != "city":
        return None

    address = {(a.country_code, a.code) for a in place.address}

    def score(i: int) -> float:
        cc = gaz.cc[i]
        ctx = context.get(cc, 0) / top if top else 0.0
        here = (cc, gaz.admin1[i])
        return 4 * ctx + (3 if here in admin_hint or here in address else 0) + gaz.weight(i) / 2

    ids = place.ids
    if place.in_named_division:
        named = tuple(i for i in ids if (gaz.cc[i], gaz.admin1[i]) in admin_hint)
        main = _main_countries(context)[:1]
        if not named and not (admin_hint or len(ids) != 1 or [gaz.cc[ids[0]]] != main):
            named = ids  # the one place of that skeleton in the article's country, where it names no division
        ids = named
        if not ids:
            return None
    if address:
        # the text says where the town lies ("Samana subdivision of Patiala district (Punjab)"): its places
        # there, whatever other countries the article or the town's name bring in
        ids = tuple(i for i in ids if (gaz.cc[i], gaz.admin1[i]) in address) or ids
    best = max(ids, key=score)
    if top and context.get(gaz.cc[best], 0) == 0 and not address and strict_key(gaz.names[best]) != strict_key(
            _KIND_SUFFIX.sub("", place.text)):
        # "Hpar Hpyo (Chin) village, ..., Rakhine State, Myanmar": Myanmar's Chin state, not the Chinese city
        # that has "Chin" among its other names: a division of a country the article names beats a town abroad
        # known by that name only as one of its other names
        home = [a for a in place.admins if context.get(a.country_code)]
        if home:
            best_home = max(home, key=lambda a: context[a.country_code])
            return Resolved(place.text, None, best_home, best_home.country_code, 3, place.start)
    if admin_hint and (gaz.cc[best], gaz.admin1[best]) not in admin_hint:
        best = _spelt_otherwise_in_division(place, gaz, admin_hint, score) or best
    if (top and context.get(gaz.cc[best], 0) == 0 and gaz.pop[best] < 100000 and (gaz.cc[best], gaz.admin1[best]) not in address
            and _names_a_country_beyond_its_forces(context)):
        return None  # a hamlet abroad sharing a name with something in a story about elsewhere
    division = _division_not_village(place, best, gaz, context)
    if division is not None:
        return Resolved(place.text, None, division, division.country_code, 3, place.start)
    if (admin_hint and gaz.pop[best] < _SMALL_TOWN and (gaz.cc[best], gaz.admin1[best]) not in admin_hint
            and any(cc == gaz.cc[best] for cc, _code in admin_hint)):
        # "Yebouebo and Kocoumboyaokro villages, Oume subdivision (Goh, Goh Djiboua)": a village of that name
        # elsewhere in the country is a namesake; the division the text names places the event
        return None
    if place.district and best < gaz._first_district:  # noqa: SLF001 (the district records)
        # "Birnin Gwari LGA", "Murshidabad district": the district of that name where the town lies, at the mean point
        # of its places
        here = (gaz.cc[best], gaz.admin1[best])
        best = next((i for i in ids if i >= gaz._first_district and (gaz.cc[i], gaz.admin1[i]) == here), best)  # noqa: SLF001
    elif len(ids) > 2:
        best = _seat_of_its_district(best, ids, gaz)
    return Resolved(place.text, best, gaz.division(best), gaz.cc[best], place.precision, place.start)


# A part of a division: "the southern countryside of Idleb", "northern Aleppo province", "the eastern parts of
# Deir-ez-Zor", "southern Idlib" (not "the outskirts of", nor "eastern Aleppo": a big city's own quarters).
_SIDE_OF = re.compile(r"\b(?P<side>(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+(?:countryside|parts?|areas?|"
                      r"reaches|regions?)\s+of\s+(?:the\s+)?$")
_SIDE_ADJECTIVE = re.compile(r"\b(?P<side>(?:north|south)(?:-?(?:east|west))?|east|west)ern\s+$")
_DIVISION_AFTER = re.compile(r"(?:\s+(?:province|governorate|countryside|region|state|oblast|county))\b")
# A provincial capital smaller than this is not what "southern Idlib" or "northern Kunduz" names; a bigger city's own
# quarters are ("eastern Aleppo", "southern Baghdad").
_PROVINCIAL_TOWN = 300_000
_PARTS_BY_DIVISION: "weakref.WeakKeyDictionary[Gazetteer, dict]" = weakref.WeakKeyDictionary()


def on_its_side(r: Resolved, place: Place, low: str, gaz: Gazetteer) -> Resolved:
    """The resolved mention of `place`, as the part of its division the text names, if it names one: the division,
    at the mean point of its places in the third of it nearest that side (ACLED's precision 2, "part of a region"),
    instead of at its biggest town (Idlib city is 38 km from the villages of "the southern countryside of Idleb").
    Only where the name is the division's ("Idleb", "Dar'a"): "the western countryside of Tell Abiad" is around the
    town. A division with fewer than 6 places in the gazetteer keeps its point."""
    if not place.admins:
        return r
    end = place.end
    before = low[max(0, r.start - 40): r.start]
    if "ern" not in before and " of" not in before:
        return r
    side = _SIDE_OF.search(before)
    if side is None:
        side = _SIDE_ADJECTIVE.search(before)
        if side is None or not (_DIVISION_AFTER.match(low, end) or _DIVISION_AFTER.search(low[r.start:end])
                                or r.index is not None and gaz.pop[r.index] < _PROVINCIAL_TOWN
                                and not _KIND_SUFFIX.search(place.text)):  # ("western Idlib city": the city's)
            return r
    division = r.admin1 if r.index is None else gaz.division(r.index)
    if division is None or division not in place.admins:
        return r
    point = _side_point(gaz, division.country_code, division.code, side.group("side").replace("-", ""))
    if point is None:
        return r
    return Resolved(r.name, None, division, division.country_code, 2, r.start, point)


def places_by_division(gaz: Gazetteer) -> dict[tuple[str, str], list[int]]:
    """The towns of each first-level division (built once per process, 65 ms: engine.warm_up builds it)."""
    memo = _memo(_PARTS_BY_DIVISION, gaz)
    if not memo:
        for i in range(gaz._first_district):  # noqa: SLF001 (the towns, not the district records)
            memo.setdefault((gaz.cc[i], gaz.admin1[i]), []).append(i)
    return memo


def _side_point(gaz: Gazetteer, cc: str, code: str, side: str) -> tuple[float, float] | None:
    ids = places_by_division(gaz).get((cc, code), ())
    if len(ids) < 6:
        return None
    kept = list(ids)
    for axis, low_end, high_end in ((gaz.lat, "south", "north"), (gaz.lon, "west", "east")):
        values = [axis[i] for i in kept]
        lo, hi = min(values), max(values)
        if low_end in side:
            kept = [i for i in kept if axis[i] <= lo + (hi - lo) / 3]
        elif high_end in side:
            kept = [i for i in kept if axis[i] >= hi - (hi - lo) / 3]
    return (round(sum(gaz.lat[i] for i in kept) / len(kept), 5), round(sum(gaz.lon[i] for i in kept) / len(kept), 5))


def _seat_of_its_district(best: int, ids: tuple[int, ...], gaz: Gazetteer) -> int:
    """Of towns of one name in one division, the one a district of that name is named after ("El Salto, Jalisco":
    the seat of the municipality of El Salto, not the other El Salto of Jalisco, a little bigger): the town nearest
    the district's point, where it is about as big (a tenth of the other's people or more)."""
    first = gaz._first_district  # noqa: SLF001 (the district records)
    here = (gaz.cc[best], gaz.admin1[best])
    if best >= first:
        return best
    districts = [i for i in ids if i >= first and (gaz.cc[i], gaz.admin1[i]) == here]
    if len(districts) != 1:
        return best
    d = districts[0]
    towns = [i for i in ids if i < first and (gaz.cc[i], gaz.admin1[i]) == here and 10 * gaz.pop[i] >= gaz.pop[best]]
    if len(towns) < 2:
        return best
    return min(towns, key=lambda i: (gaz.lat[i] - gaz.lat[d]) ** 2 + (gaz.lon[i] - gaz.lon[d]) ** 2)


_SMALL_TOWN = 20_000  # a namesake this small elsewhere in the country is no reason to leave the named division
def _main_countries(context: Counter) -> list[str]:
    """The article's two main countries: those it names most otherwise than as the nationality of armed forces
    ("Russian military police ... entering the city of Quamishli in Al-Hasakeh": Syria before Russia)."""
    armed = getattr(context, "armed", None)
    if not armed:
        return [cc for cc, _n in context.most_common(2)]
    return sorted(context, key=lambda cc: (armed.get(cc, 0) - context[cc], -context[cc]))[:2]


def _names_a_country_beyond_its_forces(context: Counter) -> bool:
    """The article names some country otherwise than as the nationality of armed forces ("French Operation
    Barkhane forces ... north of Gorom-Gorom" names no country the town could be a namesake's in)."""
    armed = getattr(context, "armed", None)
    return not armed or any(n > armed.get(cc, 0) for cc, n in context.items())


_KIND_SUFFIX = re.compile(r"\s+(?:city|town|village)$", re.IGNORECASE)


def _spelt_otherwise_in_division(place: Place, gaz: Gazetteer, admin_hint: set, score) -> int | None:
    """A place of a division the text names whose name is spelt another way ("Mansura in the western countryside
    of Ar-Raqqa": Al Mansurah of Ar-Raqqa, not the Egyptian city; "Karama town in Ar-Raqqa": Al Karamah, not
    Calama of Chile), when none of the name's places lies in a named division."""
    key = strict_key(_KIND_SUFFIX.sub("", place.text))
    skeleton = loose_key(key)
    found = [i for cc in {cc for cc, _code in admin_hint} for i in gaz.loose_places(key, cc, skeleton)
             if (cc, gaz.admin1[i]) in admin_hint]
    return max(found, key=score) if found else None


def _division_not_village(place: Place, best: int, gaz: Gazetteer, context: Counter):
    """The division a name means when it names a division of the place's country (or of a country the article
    names) and the place is a small one outside it: "Al Jawf" is the Yemeni governorate, not a hamlet of Abyan.
    A big city keeps its name ("Sanaa" the capital, not Sanaa governorate around it)."""
    if gaz.pop[best] >= _BIG_PLACE:
        return None
    cc = gaz.cc[best]
    divisions = [a for a in place.admins if a.country_code == cc or context.get(a.country_code)]
    if not divisions and not context and gaz.pop[best] < _SMALL_TOWN:
        # a text that names no country: a division of that name is far likelier news than a small town of it
        # ("Mamprugo Moaduri (North East)": Ghana's region, not North East, Pennsylvania)
        divisions = list(place.admins)
    if not divisions or any(a.country_code == cc and a.code == gaz.admin1[best] for a in divisions):
        return None
    return max(divisions, key=lambda a: (a.country_code == cc, context.get(a.country_code, 0),
                                         gaz.people.get((a.country_code, a.code), 0)))


# What stands between a town and the division it lies in: "Mansura in the western countryside of Ar-Raqqa",
# "Ein Issa area in Ar-Raqqa province", "(Al Hali, Al Hudaydah)".
_TO_ITS_DIVISION = Dialects(re.compile(r"(?:\s+(?:area|town|village|city|neighbou?rhood|quarter|suburb|region))?(?:,\s*|\s+(?:in|of)\s+(?:the\s+)?"
                              r"(?:[a-z-]+\s+){0,2}?(?:(?:countryside|outskirts|suburbs)\s+of\s+)?)"))


# What stands between a place and the next part of its address: place nouns, "in"/"of", directions, commas, an
# opening parenthesis and names the gazetteer lacks ("Mehrabpur city (Naushahro Firoz, Sindh)",
# "Lalpur village of Bhagabanpur area (East Midnapore district, West Bengal)").
_ADDRESS_GAP = Dialects(re.compile(
    r"(?:\s*(?:[,(]|(?:area|town|village|city|district|sub-?district|subdivision|division|tehsil|taluka|township|"
    r"county|lga|municipality|commune|sector|block|zone|neighbou?rhood|quarter|region|in|of|the|countryside|outskirts|"
    r"suburbs?|rural|"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?)\b|"
    r"[A-Z][\w'’-]*)\s*){0,8}")
)

def abroad_of_its_division(r: Resolved, following: list[Place], text: str, gaz: Gazetteer) -> bool:
    """A small town resolved away from the division the text puts it in right after its name, in another
    country ("Ein Issa area in Ar-Raqqa province": a Turkish Ein Issa) or in another division of its own
    ("Kamianka, Donetsk": a Kamianka of Cherkasy oblast; "Shahpur sector area (Poonch district, J&K)": a
    Shahpur of Karnataka): the gazetteer lacks the town, and a homonym elsewhere is no answer (the division
    will place it). The division may come after other parts of the address (a district, a name unknown)."""
    if r.index is None or not following:
        return False
    end = r.start + len(r.name)
    nxt = following[0]
    # "San Francisco Campeche, Campeche", "Mojolo Sinaloa": a division's name may follow with no comma
    run_on = nxt.admins and nxt.start == end + 1 and text[end] == " "
    if not (run_on or _address_gap(text, end, nxt.start)) or _NAME_GOES_ON.match(text, nxt.end):
        return False
    if not (run_on or nxt.accepted):
        return False  # "Port Elizabeth (Nelson Mandela Bay, ...)": "Bay" is no part of that address
    # "Famale (Dessa, Tillaberi)": not Dessie of Ethiopia, however big; "Jaro, Iloilo City": not Jaora of India.
    # Not when the next name is also a place of the town's country ("Beirut, Tripoli": a list of towns).
    address = nxt.admins or nxt.then or nxt.address or _divisions_of(nxt, gaz)
    if address and all(a.country_code != r.country_code for a in address):
        return not any(gaz.cc[i] == r.country_code for i in nxt.ids)
    division = nxt.admins or nxt.then
    if not division or gaz.pop[r.index] >= _CITY or (nxt.ids and _LIST_GOES_ON.match(text, nxt.end)):
        return False  # "Homs, Hama and Idlib": a list of towns, each in its own division
    return not any(a.country_code == r.country_code and a.code == gaz.admin1[r.index] for a in division)


def _divisions_of(place: Place, gaz: Gazetteer) -> tuple:
    """The divisions of a town or district named as part of an address, when all its places lie in one country
    ("Matalam, Cotabato": Cotabato's places are all Philippine)."""
    if place.kind != "city" or not place.ids:
        return ()
    biggest: dict[str, int] = {}
    for i in place.ids:
        biggest[gaz.cc[i]] = max(biggest.get(gaz.cc[i], 0), gaz.pop[i])
    cc = max(biggest, key=biggest.get)
    # one country, or one whose city dwarfs the others' ("San Cristobal, Bogota": not Bogota of New Jersey)
    if len(biggest) > 1 and (biggest[cc] < _DWARFS or any(10 * p > biggest[cc] for c, p in biggest.items() if c != cc)):
        return ()
    return tuple(filter(None, {gaz.admin1_by_code.get((cc, gaz.admin1[i])) for i in place.ids if gaz.cc[i] == cc}))


_DWARFS = 100_000


_NAME_GOES_ON = re.compile(r" [A-Z]")
# "..., Hama and Idlib", "..., Matn, Zahle or Saida": the names go on as a list, not an address
_LIST_GOES_ON = re.compile(r"(?:,\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}){0,4},?\s+(?:and|or)\s+[A-Z]")
_SEPARATES = Dialects(re.compile(r"[,(]|\b[a-z]"))  # capitalised words alone make one name ("Donetsk Filtration Station")


def _address_gap(text: str, end: int, start: int) -> bool:
    """Parts of one address: something stands between them ("Donetsk Filtration Station" is one name)."""
    gap = text[end:start]
    return end < start and _SEPARATES.of(gap).search(gap) is not None and "." not in gap and (
        _TO_ITS_DIVISION.of(text).fullmatch(text, end, start) is not None
        or _ADDRESS_GAP.of(text).fullmatch(text, end, start) is not None)


def _chain_addresses(out: list[Place], text: str, gaz: Gazetteer) -> list[Place]:
    """Each place's `then`: the division its address goes on to, through other parts of the address; its
    `address`: that or, failing a division, the divisions of the town or district named next."""
    for k in range(len(out) - 2, -1, -1):
        nxt = out[k + 1]
        if not _address_gap(text, out[k].end, nxt.start) or _NAME_GOES_ON.match(text, nxt.end):
            continue  # "Port Elizabeth (Nelson Mandela Bay, ...)": Nelson is no part of that address
        # (a town that shares its name with a division, "(Tripoli, North)", is the district of an address that goes
        # on to the division)
        division = nxt.then if nxt.then and nxt.kind == "city" else nxt.admins or nxt.then
        if division:
            out[k] = replace(out[k], then=division, address=division)
        else:
            out[k] = replace(out[k], address=nxt.address or _divisions_of(nxt, gaz))
    return out


def resolve_loose(low: str, span: tuple[int, int, str], gaz: Gazetteer, context: Counter) -> Place | None:
    """`low`: the article lower-cased, same offsets."""
    s, e, surface = span
    key = strict_key(surface)
    for cc in _main_countries(context):
        ids = gaz.loose_places(key, cc, loose_key(key))  # the cached skeleton
        if ids:
            return _loose_place(low, s, e, surface, ids)
    return None


def _loose_place(low: str, s: int, e: int, surface: str, ids: tuple[int, ...]) -> Place:
    """The mention of places found by spelling skeleton (see resolve_loose)."""
    before = low[max(0, s - 60): s]
    precision = 2 if _NEAR.of(before).search(before) else 1
    accepted = bool(_locative_before(low, s) or _CITY_BEFORE.search(before))
    return Place(s, e, surface, "city", ids=tuple(ids), precision=precision, accepted=accepted)

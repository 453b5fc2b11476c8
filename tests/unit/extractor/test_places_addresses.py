"""Addresses after a place name: division abbreviations, ACLED's division names, and divisions named after
other parts of the address. Sentences of our own, written from how wire reports give a place."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services.extractor.engine.gazetteer import gazetteer
from tests.unit.extractor.wire import events_of


def _where(body: str):
    return [(e.location.admin1, e.location.country_code) for e in events_of(body)]


@pytest.mark.parametrize("body, expected", [
    # Ballia is a town of Bihar as well as Uttar Pradesh's district seat
    ("On 30 April 2020, two groups clashed over a land dispute in Ballia district (UP), killing one man.",
     ("Uttar Pradesh", "IN")),
    ("On 1 May 2020, police baton-charged protesting labourers in Guntur (Guntur, AP).", ("Andhra Pradesh", "IN")),
    ("On 1 May 2020, one civilian was killed by shelling across the LoC in Kotli (Kotli district, AJK).",
     ("Azad Jammu and Kashmir", "PK")),
])
def test_a_division_abbreviation_ends_an_address(body, expected):
    assert _where(body)[0] == expected


def test_an_abbreviation_outside_an_address_is_no_place():
    # "UP" as a word, "AP" as a news agency credit: no address puts them there
    gaz = gazetteer()
    from collections import Counter

    from services.extractor.engine import places
    text = "Protesters set UP barricades, AP reported."
    assert not [p for p in places.find(text, gaz, Counter()) if p.kind == "admin1"]


def test_a_town_resolved_outside_the_division_its_address_ends_with_gives_way_to_it():
    # GeoNames' Shahpur towns lie in Karnataka, Uttar Pradesh, Bihar...: none in Jammu and Kashmir
    body = ("On 29 April 2020, military forces of India and Pakistan exchanged fire across the LoC at Shahpur "
            "sector area (Poonch district, J&K).")
    assert _where(body)[0] == ("Jammu and Kashmir", "IN")


@pytest.mark.parametrize("body, expected", [
    ("On 30 April 2020, residents blocked the highway in Arraijan (Panama Oeste) demanding food aid.",
     ("Panama Oeste", "PA")),
    ("On 28 April 2020, a man was stabbed in the town of Kfar Saba.", ("HaMerkaz", "IL")),
])
def test_divisions_carry_the_names_acled_codes(body, expected):
    assert _where(body)[0] == expected


@pytest.mark.parametrize("body, expected", [
    # Egypt's city of Al Mansurah and Chile's Calama ("Karama" among its alternate names) are not meant: the
    # text names the Syrian governorate, where GeoNames spells the towns with the article and a final h
    ("On 1 May 2020, gunmen opened fire on a group of fighters in the town of Mansura in the western "
     "countryside of Ar-Raqqa, killing 1 fighter.", ("Ar-Raqqah", "SY", "Al Manşūrah")),
    ("On 28 April 2020, an IED exploded in a military vehicle near Karama town in Ar-Raqqa eastern countryside, "
     "killing a number of fighters.", ("Ar-Raqqah", "SY", "Al Karāmah")),
])
def test_a_place_of_the_named_division_spelt_another_way_wins_over_homonyms_elsewhere(body, expected):
    loc = events_of(body)[0].location
    assert (loc.admin1, loc.country_code, loc.place) == expected


def test_a_region_names_its_country_and_steers_towns_to_its_divisions():
    gaz = gazetteer()
    from collections import Counter

    from services.extractor.engine import places
    (region,) = [p for p in places.find("Clashes continued in Donbass overnight.", gaz, Counter())]
    assert region.region and [a.name for a in region.admins] == ["Donetsk", "Luhansk"]  # the more populous first
    # named with a town of its divisions, it is no event's place: the town is
    found = places.find("Clashes continued near Popasna in Donbass overnight.", gaz, Counter())
    assert [p.kind for p in found] == ["city", "region"]
    # the mission's reports name a frontline village and no country: the country is Ukraine's
    body = "On 3 May 2020, the OSCE SMM observed a total of 9 explosions involving unknown weapons near Kamyshevakha."
    assert _where(body)[0][1] == "UA"


def test_a_region_places_an_event_nothing_else_places_in_its_most_populous_division():
    # a frontline village GeoNames' places of 500 people or more lack; Donetsk oblast is the more populous
    body = "On 2 May 2020, the OSCE SMM observed a total of 12 explosions near Vilkhova Balka."
    assert _where(body)[0] == ("Donetsk", "UA")
    body = "On 2 May 2020, shelling hit a farm in Darfur, killing two herders."
    assert _where(body)[0] == ("South Darfur", "SD")


@pytest.mark.parametrize("body, expected", [
    # Mataram (Indonesia) is bigger, but the next part of the address, Cotabato, is Philippine
    ("On 3 May 2020, clan militias clashed in Matalam, Cotabato, after an attack on a member of one side.",
     ("Soccsksargen", "PH")),
    # Dessie of Ethiopia is no part of an address that ends in Niger's Tillaberi region
    ("On 28 April 2020, the army killed two suspected militants in Famale (Dessa, Tillaberi).", ("Tillaberi", "NE")),
    # one name, not an address: Donetsk stays Donetsk
    ("On 2 May 2020, the OSCE SMM observed a total of 63 explosions near Donetsk Filtration Station.",
     ("Donetsk", "UA")),
])
def test_the_next_part_of_an_address_places_a_town(body, expected):
    assert _where(body)[0] == expected


def test_country_names_joined_by_and_and_division_names_that_are_demonyms():
    gaz = gazetteer()
    from services.extractor.engine import places
    assert places.country_context("Locals protested in Foca, Bosnia and Herzegovina, on Monday.", gaz) == {"BA": 1}
    assert places.country_context("Police shot a man in Valencia, Trinidad and Tobago.", gaz) == {"TT": 1}
    # the Somali region of Ethiopia names no Somali people, nor Somalia
    assert "SO" not in places.country_context("Clan clashes erupted in Salahad (Somali region).", gaz)
    assert places.country_context("Somali forces clashed with Al Shabaab.", gaz) == {"SO": 1}


def test_a_toponym_head_word_is_no_place_on_its_own_nor_the_first_end_of_a_road():
    gaz = gazetteer()
    from collections import Counter

    from services.extractor.engine import places
    # "Sidi" is Sidhi of India, "Bir" Beed of India: as the first word of a longer name neither is meant
    for text in ("Workers held a sit-in in Sidi Bernoussi in Casablanca.", "Shells fell in Bir at Tutah (Aljfara)."):
        assert not [p for p in places.find(text, gaz, Counter()) if p.kind == "city" and p.text in ("Sidi", "Bir")]
    body = ("On 30 April 2020, stranded labourers held a protest at the Mumbai-Barwani stretch of the National "
            "Highway 3 in Barwani district (Madhya Pradesh).")
    assert _where(body)[0] == ("Madhya Pradesh", "IN")


@pytest.mark.parametrize("body, expected", [
    # Jaro is no Indian Jaora: the address goes on in the Philippines
    ("On 1 May 2020, activists staged a demonstration in Jaro, Iloilo City, Iloilo to condemn a killing.",
     ("Western Visayas", "PH")),
    # a list of towns is no address: Tripoli is also Lebanese, so Sidon stays
    ("On 30 April 2020, demonstrators were arrested in Sidon, Tripoli and Zahle after protests.", ("South", "LB")),
])
def test_an_address_going_on_in_another_country_drops_a_town_unless_the_next_name_is_also_at_home(body, expected):
    assert _where(body)[0] == expected


def test_a_city_named_with_another_division_of_its_country_gives_way_unless_the_names_are_a_list():
    gaz = gazetteer()
    from collections import Counter

    from services.extractor.engine import places
    # Mexico City's Benito Juarez borough is big, but the address puts the place in Nuevo Leon
    assert _where("On 3 May 2020, in Benito Juarez, Nuevo Leon, two men were shot in Colonia Vistas del Rio.")[0] == (
        "Nuevo Leon", "MX")
    # "Colonia" (neighbourhood) before a name is no Uruguayan town
    assert not [p for p in places.find("Shots were fired in Colonia Vistas del Rio.", gaz, Counter())
                if p.text == "Colonia"]
    text = "Regime forces shelled Homs, Hama and Idlib."
    ms = places.find(text, gaz, Counter({"SY": 1}))
    homs = places.resolve(ms[0], gaz, Counter({"SY": 1}), set())
    assert not places.abroad_of_its_division(homs, ms[1:2], text, gaz)


@pytest.mark.parametrize("body, expected", [
    # ACLED codes Uganda's districts and the City of Belgrade as first-level divisions
    ("On 2 May 2020, a lynch mob attacked a suspected thief in Kakiri (Wakiso district).", ("Wakiso", "UG")),
    ("On 2 May 2020, citizens protested from their balconies in Belgrade, Serbia, against the government.",
     ("Belgrade", "RS")),
    ("On 2 May 2020, citizens protested from their balconies in Nis, Serbia, against the government.",
     ("Central Serbia", "RS")),
])
def test_districts_acled_codes_as_first_level_divisions(body, expected):
    assert _where(body)[0] == expected


def test_a_district_named_alone_carries_itself_as_acled_first_level_division():
    assert _where("On 2 May 2020, a mob lynched a suspected thief in a village of Mpigi district.")[0] == ("Mpigi", "UG")


@pytest.mark.parametrize("body, expected", [
    # Bogota of New Jersey is a village beside Colombia's capital: the address goes on in Colombia
    ("On 28 April 2020, in San Cristobal, Bogota, a group of 30 people demonstrated with stones.", "CO"),
    # a place before the name of its base or checkpoint is where the event is
    ("On 1 May 2020, drones controlled by an unidentified group targeted Hama Airbase.", "SY"),
])
def test_a_city_that_dwarfs_its_homonyms_continues_an_address_and_a_base_is_a_place(body, expected):
    assert _where(body)[0][1] == expected


@pytest.mark.parametrize("body, expected", [
    # Egerton (Edgerton of Wisconsin) names the road, not the town it runs through
    ("On 30 April 2020, dozens of citizens protested on Egerton Road in Lahore city (Lahore, Punjab).", "PK"),
    # "Nawa-e Barakzayi" is one Dari name ('Nawa of Barakzayi'), not Naha of Okinawa
    ("On 30 April 2020, a roadside bomb killed a district head in Nawa-e Barakzayi district, Helmand.", "AF"),
])
def test_a_street_name_and_an_ezafe_compound_are_no_towns_of_their_own(body, expected):
    assert _where(body)[0][1] == expected


def test_a_region_names_the_country_whose_places_are_tried_by_spelling():
    # no country named: the mission's name says Ukraine, where GeoNames spells the village Trudivskyi
    body = "On 3 May 2020, the OSCE SMM observed a total of 8 explosions involving unknown weapons near Trudovskiye."
    assert _where(body)[0] == ("Donetsk", "UA")


def test_a_place_without_a_known_division_takes_that_of_its_neighbours():
    # GeoNames codes Nouakchott in no division (the city was split in three in 2014)
    assert _where("On 30 April 2020, citizens held a protest sit-in in front of the presidential palace in "
                  "Nouakchott.")[0] == ("Nouakchott Ouest", "MR")


def test_a_division_named_right_after_a_town_without_a_comma_is_its_address():
    # "San Francisco Campeche" is San Francisco de Campeche: no San Francisco of the State of Mexico
    assert _where("On 28 April 2020, in San Francisco Campeche, Campeche, a gang member was shot and injured.")[0] == (
        "Campeche", "MX")


def test_a_demonym_is_no_place_whatever_its_spelling_skeleton_reads():
    """'Syrian' read by its consonants had become a village of Aleppo province ("of ... Syrian towns")."""
    (event,) = events_of("A suicide car bomb hit a convoy of buses carrying civilians out of two besieged Syrian "
                         "towns at a transit point west of Aleppo on Saturday, killing at least 100 people.",
                         datetime(2017, 4, 15, 12, tzinfo=timezone.utc))
    assert (event.location.name, event.location.admin1) == ("Aleppo", "Aleppo")

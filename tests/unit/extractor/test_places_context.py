"""Which country an article's places belong to when it names none, and names that are no place however the
gazetteer reads them. Sentences of our own, written from how wire reports give a place."""

from __future__ import annotations

from collections import Counter

import pytest

from services.extractor.engine import places
from services.extractor.engine.gazetteer import gazetteer
from tests.unit.extractor.wire import events_of


def _where(body: str):
    return [(e.location.place, e.location.admin1, e.location.country_code) for e in events_of(body)]


def _names(text: str, context: dict) -> list[str]:
    return [p.text for p in places.find(text, gazetteer(), Counter(context))]


@pytest.mark.parametrize("body, expected", [
    # No country is named, but the division is: the town spelt another way than GeoNames' "Tall Tamr" is
    # looked up by its spelling skeleton in that division's country.
    ("On 2 May 2020, regime forces shelled the town of Tal Tamer in the countryside of Al-Hasakeh, wounding "
     "two civilians.", ("Tall Tamr", "Al-Hasakah", "SY")),
    ("On 1 May 2020, a landmine exploded in Kafr Nassij in Dar'a, killing a shepherd.",
     ("Kafr Nāsij", "Daraa", "SY")),
])
def test_a_division_the_text_names_gives_the_country_its_towns_are_looked_up_in(body, expected):
    assert _where(body)[0] == expected


def test_the_division_is_read_before_the_town_it_follows():
    context: Counter = Counter()
    found = places.find("Gunmen shot a man in the town of Tal Tamer in the countryside of Al-Hasakeh.", gazetteer(),
                        context)
    assert [p.text for p in found][0] == "Tal Tamer" and context["SY"] >= 1


@pytest.mark.parametrize("body, expected", [
    ("On 3 May 2020, a protest was held in Kohgiluyeh and Boyer-Ahmad province against water transfers.",
     (None, "Kohgiluyeh and Buyer Ahmad", "IR")),
    ("On 3 May 2020, hundreds protested in Sistan and Baluchestan province against fuel prices.",
     (None, "Sistan and Baluchestan", "IR")),
])
def test_a_division_whose_name_joins_two_names_with_and_is_one_name(body, expected):
    assert _where(body)[0] == expected


def test_the_first_half_of_a_hyphenated_name_is_no_small_town_abroad():
    # Pobe-Mengao is a department of Burkina Faso; Pobe alone is a town of Benin
    body = "On 2 May 2020, militants ambushed an army patrol in Gaskinde (Pobe-Mengao, Soum), killing a soldier."
    assert all(cc != "BJ" for _place, _a1, cc in _where(body))


def test_a_division_of_the_article_country_beats_a_town_abroad_known_by_that_name_only_as_another_name():
    # "Chin" is one of Qinzhou's other names in GeoNames, and Myanmar's Chin state
    body = ("On 2 May 2020, soldiers and rebels clashed near Hpar Hpyo (Chin) village, Minbya Township, Rakhine "
            "State, Myanmar.")
    assert [cc for _place, _a1, cc in _where(body)] == ["MM"]


def test_the_first_words_of_a_longer_name_are_no_city_of_another_country():
    # "Al Wadi" is El Oued of Algeria; "north-western Idleb" names the country
    body = ("On 29 April 2020, a body was found near Al Wadi Al Kabeer area between Harim and Sarmada towns in "
            "north-western Idleb.")
    assert _where(body)[0][1:] == ("Idlib", "SY")


@pytest.mark.parametrize("text, context, not_a_place", [
    # a demonym, a tribe, a street: no place however their spelling skeleton reads
    ("On 2 May 2020, Saudi forces shelled Houthi positions near the border.", {"YE": 2}, "Saudi"),
    ("Clashes erupted between Al Muaili and Al Mahtam tribesmen west of Marib city.", {"YE": 2}, "Al Muaili"),
    ("A shell fell in Raju street of Afrin city.", {"SY": 2}, "Raju"),
])
def test_demonyms_tribes_and_streets_are_not_looked_up_by_spelling_skeleton(text, context, not_a_place):
    assert not_a_place not in _names(text, context)


def test_a_neighbourhood_of_a_town_is_part_of_its_address():
    text = "in the Rawda neighbourhood of Al Karama town (Al Hudaydah)"
    end = text.index(" neighbourhood")
    assert places._address_gap(text, end, text.index("Al Karama"))  # noqa: SLF001 (the address test itself)


def test_the_first_words_of_a_longer_name_name_no_country():
    # Mafraq is a Jordanian town and governorate; "Mafraq ar Ruwayk" is a place the gazetteer lacks, in Marib
    body = "On 30 April 2020, an IED exploded in Mafraq ar Ruwayk area (Marib), hitting a truck."
    assert _where(body)[0][1:] == ("Ma'rib", "YE")


def test_a_suburb_of_a_city_is_part_of_its_address():
    body = "On 1 May 2020, prisoners rioted in the jail of San Jeronimo suburb, Cusco city, demanding release."
    assert _where(body)[0][1:] == ("Cusco", "PE")


def test_an_armed_group_named_after_a_place_is_no_place():
    # "Al Sham" is one of Damascus' names
    body = ("On 2 May 2020, Al Sham Corps clashed with another faction near the Yabseh crossing in the northern "
            "countryside of Ar-Raqqa.")
    assert _where(body)[0][1:] == ("Ar-Raqqah", "SY")


def test_a_small_namesake_elsewhere_in_the_country_gives_way_to_the_division_the_text_names():
    # GeoNames' Yebouebo lies in Lacs; the villages here are in Goh, Goh-Djiboua
    body = ("On 28 April 2020, youths beat up curfew violators in Yebouebo and Kocoumboyaokro villages, Oume "
            "subdivision (Goh, Goh Djiboua).")
    assert _where(body)[0][1:] == ("Gôh-Djiboua", "CI")


def test_the_last_word_of_a_name_the_gazetteer_lacks_is_no_part_of_an_address():
    # "Bay" is a Somali region: not where Port Elizabeth's address goes on to
    body = "On 28 April 2020, workers demonstrated outside a factory in Port Elizabeth (Nelson Mandela Bay, Eastern Cape)."
    assert _where(body)[0] == ("Gqeberha", "Eastern Cape", "ZA")


def test_a_name_starts_at_a_word_boundary():
    # "rural Ein Issa": not "al Ein Issa", the end of "rural" read as an article
    body = "On 27 April 2020, shells hit a farm in rural Ein Issa in Ar-Raqqa countryside."
    assert _where(body)[0] == ("‘Ayn ‘Īsá", "Ar-Raqqah", "SY")
    assert [m.group(0) for m in places._NAME.finditer("in rural Ein Issa")] == ["Ein Issa"]  # noqa: SLF001


def test_the_address_the_text_gives_a_town_picks_its_place():
    # Samana is also a province of the Dominican Republic, and a Colombian town
    body = "On 3 May 2020, two men were shot dead over a land dispute in Samana subdivision of Patiala district (Punjab)."
    assert _where(body)[0] == ("Samāna", "Punjab", "IN")


@pytest.mark.parametrize("body, first_end", [
    # a road between two towns: its first end is a place English puts there, as after "in" or "near"
    ("On 29 April 2020, gunmen shot a driver dead on the road linking Tehuacan to Esperanza, Puebla.", "Tehuacán"),
    ("On 29 April 2020, farmers blocked the highway connecting Cholula and Atlixco, Puebla.", "Cholula"),
])
def test_the_first_end_of_a_road_is_a_place(body, first_end):
    assert _where(body)[0][0] == first_end


def test_a_town_is_no_namesake_abroad_when_the_article_names_only_the_nationality_of_armed_forces():
    # French forces operate in Burkina Faso: "French" names no country Gorom-Gorom could be a namesake in
    body = "On 27 April 2020, French Operation Barkhane forces killed several militants 40km north of Gorom-Gorom."
    assert _where(body)[0] == ("Gorom-Gorom", "Sahel", "BF")
    context = places.country_context("Israeli forces raided a house; Israel's army said.", gazetteer())
    assert context["IL"] == 2 and context.armed["IL"] == 1


def test_names_are_spelt_first_in_the_country_the_article_names_beyond_the_nationality_of_armed_forces():
    # "Quamishli" reads like Russian villages by its skeleton; "Russian troops" name who fought, not where
    body = "On 2 May 2020, Russian troops clashed with gunmen in the city of Quamishli in Al-Hasakeh, killing one."
    assert _where(body)[0] == ("Al Qāmishlī", "Al-Hasakah", "SY")


def test_one_word_spelt_otherwise_is_the_one_place_of_that_spelling_in_the_article_country():
    # "Khuzaa" is GeoNames' Khuza'ah, the only place of that skeleton in the Palestinian territories; the article
    # names no division, and Israel only as the nationality of its forces
    body = "On 2 May 2020, Israeli forces fired tear gas at Palestinian farmers east of Khuzaa."
    assert _where(body)[0][1:] == ("Gaza Strip", "PS")


def test_the_place_across_a_border_is_not_where_the_event_is():
    body = ("On 2 May 2020, raiders from areas close to the border with Unity state attacked a cattle camp in "
            "Pangwok village (Warrap state), killing five.")
    assert _where(body)[0][1:] == ("Warrap", "SS")

"""Places named the way news writes them: districts without their administrative word, addresses in brackets."""

from __future__ import annotations

import pytest

from tests.unit.extractor.wire import events_of


def _where(body: str):
    return [(e.location.place, e.location.admin1, e.location.country_code, e.location.geo_precision)
            for e in events_of(body)]


@pytest.mark.parametrize("body, expected", [
    # GeoNames calls the divisions "Al-Chibayish District", "Shekhan District"; news writes "X district"
    ("On 2 May 2020, farmers protested in Al-Chibayish district against water shortages.",
     ("Al-Chibayish District", "Thi-Qar", "IQ", 2)),
    ("On 2 May 2020, gunmen killed a shepherd in the Shekhan district of Ninewa.",
     ("Shekhan District", "Ninewa", "IQ", 2)),
    # and the local forms: "Partido de Tres de Febrero", "Departamento de Laishí"
    ("On 30 April 2020, residents held a pot-banging protest in Tres de Febrero, Buenos Aires province.",
     ("Partido de Tres de Febrero", "Buenos Aires", "AR", 1)),
    ("On 1 May 2020, farmers protested in Laishi (Formosa) against drought relief delays.",
     ("Departamento de Laishí", "Formosa", "AR", 1)),
])
def test_a_district_is_found_without_its_administrative_word(body, expected):
    assert _where(body) == [expected]


@pytest.mark.parametrize("body, expected", [
    # ACLED's first level predates these divisions: Halabja is in Sulaymaniyah, Ghana has its ten former regions
    ("On 2 May 2020, police arrested 3 protesters in Halabja, Iraq.", ("Halabja", "Sulaymaniyah", "IQ", 1)),
    ("On 2 May 2020, youths clashed with police in Nalerigu, Ghana.", ("Nalerigu", "Northern", "GH", 1)),
    ("On 2 May 2020, youths clashed with police in Damongo, Ghana.", ("Damongo", "Northern", "GH", 1)),
    ("On 2 May 2020, traders protested in Techiman, Ghana.", ("Techiman", "Brong Ahafo", "GH", 1)),
    ("On 2 May 2020, traders protested in Dambai, Ghana.", ("Dambai", "Volta", "GH", 1)),
    ("On 2 May 2020, traders protested in Sefwi Wiawso, Ghana.", ("Sefwi Wiawso", "Western", "GH", 1)),
    ("On 2 May 2020, gunmen attacked a village in the Savannah region of Ghana.", (None, "Northern", "GH", 3)),
])
def test_a_division_acled_does_not_have_is_coded_in_the_one_it_was_carved_from(body, expected):
    assert _where(body) == [expected]


def test_generic_words_and_counties_are_no_district_names():
    from services.extractor.engine.gazetteer import _short_division_name

    assert _short_division_name("Partido de La Matanza") == "La Matanza"
    assert _short_division_name("Shahrestān-e Sīrjān") == "Sīrjān"
    assert _short_division_name("Harris County") is None
    assert _short_division_name("Capital District") is None


@pytest.mark.parametrize("body, expected", [
    # the last part of an address in brackets is the first-level division, where a city of that name lies in another
    ("On 30 April 2020, residents of Villa Tesei (Buenos Aires) held a pot-banging protest.",
     (None, "Buenos Aires", "AR", 3)),
    ("On 2 May 2020, pro-Houthi forces shelled positions on the Nehm (Sanaa) front.", (None, "Sanaa", "YE", 3)),
    # the city itself, named first, stays the city
    ("On 2 May 2020, protesters gathered in Buenos Aires (Ciudad Autonoma de Buenos Aires).",
     ("Buenos Aires", "Ciudad Autonoma de Buenos Aires", "AR", 1)),
    ("On 2 May 2020, students protested in Sanaa against the closure of schools.", ("Sanaa", "Amanat al Asimah", "YE", 1)),
])
def test_a_division_ending_an_address_in_brackets_is_the_division(body, expected):
    assert _where(body) == [expected]


@pytest.mark.parametrize("body, expected", [
    # a district ending an address in brackets, not a village of that name abroad (Boyo of Cote d'Ivoire, Ziro of India)
    ("On 3 May 2020, gunmen killed 3 farmers in Kanangbe (Ndu, Boyo).", ("Boyo", "Nord-Ouest", "CM")),
    ("On 3 May 2020, gunmen killed 3 farmers in Kanangbe (Ziro).", ("Ziro", "Centre-Ouest", "BF")),
    # elsewhere the more populous place still wins
    ("On 3 May 2020, gunmen killed 3 traders in Ziro.", ("Ziro", "Arunachal Pradesh", "IN")),
])
def test_a_district_ending_an_address_in_brackets_beats_a_village_abroad(body, expected):
    assert [w[:3] for w in _where(body)] == [expected]


def test_the_first_words_of_a_district_name_are_no_division_abroad():
    # "South West" of a district of Meghalaya is no Cameroonian region: the address goes on to an Indian state
    body = "On 1 May 2020, a mob attacked a police post at Umlong (South West Jaintia Hills district, Meghalaya)."
    assert _where(body) == [(None, "Meghalaya", "IN", 3)]


def test_a_division_running_on_after_a_village_the_gazetteer_lacks_is_its_address():
    # "in Pozo Hondito Durango": the village's run of capitals ends with the state it lies in
    assert _where("On 2 May 2020, in Pozo Hondito Durango, gunmen killed two men.") == [(None, "Durango", "MX", 3)]
    # a surname is no address: only where the run stands in a place's position
    assert _where("On 2 May 2020, Ana Sinaloa was arrested by police in Culiacan.") == [
        ("Culiacán", "Sinaloa", "MX", 1)]


def test_of_two_towns_of_one_name_in_a_division_the_seat_of_the_district_so_named():
    # Antioquia has two San Carlos: the seat of the municipality of San Carlos (about 7,700 people), and a bigger
    # one elsewhere; news naming "San Carlos, Antioquia" means the municipality's
    (event,) = events_of("On 2 May 2020, in San Carlos, Antioquia, armed men killed a farmer.")
    assert event.location.admin1 == "Antioquia"
    assert (round(event.location.lat, 1), round(event.location.lon, 1)) == (6.2, -75.0)


def test_a_town_before_the_name_of_its_district_is_a_place_of_that_district():
    # Ethiopia's woredas (and Bangladesh's upazilas, South Sudan's payams...) are written like English districts
    assert _where("On 2 May 2020, gunmen killed 3 farmers in the Kobo woreda, Ethiopia.") == [
        ("Kobo", "Amhara", "ET", 2)]


@pytest.mark.parametrize("body, expected", [
    # Venezuela has states, Colombia departments, Haiti departments, Cameroon regions
    ("On 2 May 2020, residents blocked a road in Bolivar department to protest fuel shortages.",
     (None, "Bolivar", "CO", 3)),
    ("On 2 May 2020, residents blocked a road in Bolivar state to protest fuel shortages.", (None, "Bolivar", "VE", 3)),
    ("On 2 May 2020, police beat a journalist in Ouest department.", (None, "Ouest", "HT", 3)),
    ("On 2 May 2020, police beat a journalist in Ouest region.", (None, "Ouest", "CM", 3)),
])
def test_the_noun_after_a_division_shared_by_countries_names_the_country(body, expected):
    assert _where(body) == [expected]


@pytest.mark.parametrize("body, expected", [
    # ACLED's "Town (District, Governorate)", where the governorate's name is a common word ("North", "South")
    ("On 2 May 2020, protesters gathered in Tripoli (Tripoli, North).", ("Tripoli", "North", "LB", 1)),
    ("On 2 May 2020, in Jezzine (Jezzine, South), protesters blocked the main road.", ("Jezzine", "South", "LB", 1)),
    # the word is no division elsewhere
    ("On 2 May 2020, protesters gathered in Tripoli, in the north of the country.", ("Tripoli", "Tripoli", "LY", 1)),
])
def test_an_address_ending_in_a_division_named_by_a_common_word(body, expected):
    assert _where(body) == [expected]


def test_a_name_written_as_a_district_is_the_district_not_its_town():
    # Gwoza is a town and the LGA named after it: "Gwoza LGA" is the LGA (GeoNames 8659839), "Gwoza town" the town
    def located(body):
        (event,) = events_of(body)
        return event.location.geonames_id, event.location.admin1, event.location.geo_precision

    assert located("On 2 May 2020, Boko Haram fighters attacked a village in Gwoza LGA, Borno, killing 3 farmers.") == (
        8659839, "Borno", 2)
    assert located("On 2 May 2020, Boko Haram fighters attacked Gwoza town, Borno, killing 3 farmers.") == (
        2339665, "Borno", 1)


@pytest.mark.parametrize("body, expected", [
    # a wire one-liner: the place is the object of the strike, and no other word of the text places it
    ("Airstrikes struck Idlib, killing three civilians.", ("Idlib", "Idlib", "SY", 1)),
    ("Airstrikes hit Idlib on Sunday, killing three civilians.", ("Idlib", "Idlib", "SY", 1)),
    ("An explosion rocked Kabul on Monday, killing 5 people.", ("Kabul", "Kabul", "AF", 1)),
    ("Fresh fighting shook Aleppo on Saturday as rebels battled to break the siege.", ("Aleppo", "Aleppo", "SY", 1)),
])
def test_the_place_a_strike_hits_places_a_one_line_report(body, expected):
    assert _where(body) == [expected]


def test_a_person_attacked_is_no_place():
    # "Hassan" is also a town of Karnataka: the object of "attacked" or "targeted" is as often a person
    assert _where("Gunmen attacked Hassan, a local trader, killing him.") == []
    assert _where("Gunmen targeted Hassan outside his shop, killing him.") == []


def _point(body: str):
    (event,) = events_of(body)
    loc = event.location
    return loc.admin1, loc.geonames_id, loc.geo_precision, (loc.lat, loc.lon)


def test_a_side_of_a_division_is_placed_on_that_side():
    # "the southern countryside of Idleb" is Jabal al-Zawiya and Maarat al-Numan's country, not Idlib city (35.93 N):
    # the division, at the mean point of its towns in its southern third
    admin1, geonames_id, precision, (lat, lon) = _point(
        "On 3 May 2020, regime forces shelled villages in the southern countryside of Idleb.")
    assert (admin1, geonames_id, precision) == ("Idlib", None, 2) and lat < 35.7
    admin1, geonames_id, precision, (lat, lon) = _point(
        "On 3 May 2020, Turkish forces shelled villages in northern Aleppo province.")
    assert (admin1, geonames_id, precision) == ("Aleppo", None, 2) and lat > 36.4  # Aleppo city: 36.20 N
    admin1, geonames_id, precision, (lat, lon) = _point(
        "On 3 May 2020, IS fighters attacked a checkpoint in the eastern countryside of Homs.")
    assert (admin1, geonames_id, precision) == ("Homs", None, 2) and lon > 37.5  # Homs city: 36.73 E
    # the adjective alone, before a provincial town's name (Idlib: 128,000 people)
    admin1, geonames_id, precision, (lat, lon) = _point("On 3 May 2020, regime forces shelled villages in southern Idlib.")
    assert (admin1, geonames_id, precision) == ("Idlib", None, 2) and lat < 35.7


def test_a_side_of_a_town_or_of_a_city_alone_stays_at_the_town():
    # a town's countryside is around the town; "eastern Aleppo" alone is the city's eastern quarters
    assert _point("On 3 May 2020, Turkish forces shelled a village in the western countryside of Tell Abiad.")[1:3] == (
        163750, 2)
    assert _point("On 3 May 2020, regime warplanes struck eastern Aleppo, killing 5 civilians.")[1] == 170063
    assert _point("On 3 May 2020, an airstrike hit a hospital in western Idlib city.")[1] == 169389

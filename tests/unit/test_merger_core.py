from datetime import date, datetime, timedelta, timezone

from services.common.messages import Actor, EventType, SubEventType
from services.merger.core import ActorFit, TollReport, actor_fit, find_match, merge, names_only_the_region, place_key, same_event, toll
from tests.factories import ALEPPO_CITY, IDLIB_CITY, SYRIAN_FORCES, event

T0 = datetime(2020, 1, 16, 8, tzinfo=timezone.utc)


def report(fatalities, hours_later=0, credible=True):
    return TollReport(T0 + timedelta(hours=hours_later), fatalities, credible)


def test_first_report_makes_version_one_with_a_stable_id():
    first = merge(None, event("e1"))
    again = merge(None, event("e1"))
    assert first.version == 1
    assert first.id == again.id == first.event.id
    assert first.member_event_ids == ["e1"]


def test_same_report_again_changes_nothing():
    first = merge(None, event("e1"))
    assert merge(first, event("e1")) is first


def test_second_outlet_raises_version_keeps_the_conservative_toll_and_all_sources():
    first = merge(None, event("e1", fatalities=21, sources=["SOHR"], outlet="A"))
    second = merge(first, event("e2", fatalities=23, sources=["White Helmets"], outlet="B", article="a2"),
                   [TollReport.of(first.event)])
    assert second.version == 2
    assert second.event.fatalities == 21  # same round of reporting: the lower credible figure
    assert second.event.sources == ["SOHR", "White Helmets"]
    assert second.event.outlets == ["A", "B"]
    assert second.event.article_ids == ["a1", "a2"]


def test_toll_policy_conservative_within_a_round_raised_by_later_reports():
    assert toll([report(21), report(23, 1)]) == 21
    assert toll([report(23), report(21, 2)]) == 21
    assert toll([report(21), report(26, 12)]) == 26  # a later credible report raised it
    assert toll([report(26), report(21, 12)]) == 26  # a later lower figure does not lower it
    assert toll([report(21), report(80, 12, credible=False)]) == 21  # uncredited reports do not raise it
    assert toll([report(9, credible=False), report(12, 12, credible=False)]) == 12  # none credible: same reading


def test_reports_a_day_apart_in_the_same_town_are_one_event():
    assert same_event(event("e1", on=date(2020, 1, 15)), event("e2", on=date(2020, 1, 16)))


def test_different_type_place_or_week_are_different_events():
    base = event("e1")
    assert not same_event(base, event("e2", event_type=EventType.BATTLES, sub_event_type=SubEventType.ARMED_CLASH))
    assert not same_event(base, event("e2", location=ALEPPO_CITY))
    assert not same_event(base, event("e2", on=date(2020, 1, 20)))


def test_a_bombing_coded_as_an_attack_on_civilians_is_the_same_event_but_a_battle_is_not():
    attack = event("e2", event_type=EventType.VIOLENCE_AGAINST_CIVILIANS, sub_event_type=SubEventType.ATTACK)
    assert same_event(event("e1"), attack)
    assert not same_event(event("e1"), event("e3", event_type=EventType.BATTLES, sub_event_type=SubEventType.ARMED_CLASH))


def test_region_only_report_matches_a_town_inside_that_region():
    region = IDLIB_CITY.model_copy(update={"geonames_id": None, "name": "Idlib province", "geo_precision": 3})
    assert same_event(event("e1"), event("e2", location=region))


def test_district_named_instead_of_the_town_is_the_same_place_but_a_town_30_km_away_is_not():
    district = IDLIB_CITY.model_copy(update={"geonames_id": 1, "name": "Idlib district", "lat": 35.83,
                                              "lon": 36.70, "geo_precision": 2})
    other_town = IDLIB_CITY.model_copy(update={"geonames_id": 2, "name": "Saraqib", "lat": 35.86, "lon": 36.80})
    assert same_event(event("e1"), event("e2", location=district))
    assert not same_event(event("e1"), event("e2", location=other_town))


def test_actor_spelling_variants_agree_but_other_actors_do_not():
    hts = Actor(name="Hayat Tahrir al-Sham", as_written="Hayat Tahrir al-Sham", category="Rebel group")
    hts_variant = Actor(name="HTS: Hay'at Tahrir al Sham", as_written="Hayat Tahreer al-Sham fighters")
    isis = Actor(name="Islamic State (Syria)", as_written="Islamic State", category="Rebel group")
    assert same_event(event("e1", actor1=hts), event("e2", actor1=hts_variant))
    assert not same_event(event("e1", actor1=hts), event("e2", actor1=isis))
    assert not same_event(event("e1"), event("e2", actor1=isis))  # sharing only "Syria"
    assert same_event(event("e1", actor1=hts), event("e2", actor1=None))


def test_find_match_prefers_an_existing_member():
    first = merge(None, event("e1"))
    assert find_match([first], event("e1", fatalities=99)) is first
    assert find_match([first], event("e9", location=ALEPPO_CITY)) is None


KHAN_SHEIKHOUN = IDLIB_CITY.model_copy(update={"geonames_id": 3, "name": "Khan Sheikhoun", "place": "Khan Shaykhun",
                                               "lat": 35.44, "lon": 36.65})
SARAQIB = IDLIB_CITY.model_copy(update={"geonames_id": 2, "name": "Saraqib", "place": "Saraqib", "lat": 35.86, "lon": 36.80})
IDLIB_AS_WRITTEN = IDLIB_CITY.model_copy(update={"name": "Idlib"})


def test_place_keys_ignore_case_accents_apostrophes_and_the_article():
    assert place_key("Al-Hasakah") == place_key("Hasakah") == place_key("hasakah")
    assert place_key("Ta'izz") == place_key("Taizz")
    assert place_key("Deir ez-Zor") == place_key("Deir-ez-Zor")
    assert place_key("Al Bab") == place_key("al-Bab") == "bab"
    assert place_key("Alma") == "alma"  # a word starting with "al" keeps it


def test_a_town_named_like_its_region_may_be_the_region_but_the_town_named_as_a_city_is_the_city():
    assert names_only_the_region(IDLIB_AS_WRITTEN)  # "in Idlib": the province as often as the city
    assert not names_only_the_region(IDLIB_CITY)  # "Idlib city"
    assert not names_only_the_region(KHAN_SHEIKHOUN)
    assert same_event(event("e1", location=KHAN_SHEIKHOUN), event("e2", location=IDLIB_AS_WRITTEN))
    assert not same_event(event("e1", location=KHAN_SHEIKHOUN), event("e2", location=IDLIB_CITY))


def test_a_region_level_report_joins_the_one_event_it_fits_and_no_guess_when_it_fits_two():
    khan = merge(None, event("e1", location=KHAN_SHEIKHOUN))
    saraqib = merge(None, event("e2", location=SARAQIB))
    region_report = event("e3", location=IDLIB_AS_WRITTEN)
    assert find_match([khan], region_report) is khan
    assert find_match([khan, saraqib], region_report) is None
    # a town-level fit is taken before any region-level one
    idlib = merge(None, region_report)
    assert find_match([idlib, saraqib], event("e4", location=SARAQIB)) is saraqib
    # "in Idlib" again, when it fits two events, is no surer of the one named "Idlib" (preferring that
    # one merged 39% more pairs of ACLED's distinct events in `make eval-dedup`)
    assert find_match([khan, idlib], event("e5", location=IDLIB_AS_WRITTEN)) is None


def test_the_merged_location_is_the_town_not_the_town_named_like_the_region():
    first = merge(None, event("e1", location=IDLIB_AS_WRITTEN))
    second = merge(first, event("e2", location=KHAN_SHEIKHOUN, article="a2"), [TollReport.of(first.event)])
    assert second.event.location.name == "Khan Sheikhoun"


def test_demonstrations_a_day_apart_are_two_events_other_events_one():
    def protest(id, on):
        return event(id, event_type=EventType.PROTESTS, sub_event_type=SubEventType.PEACEFUL_PROTEST, on=on)

    assert same_event(protest("e1", date(2020, 1, 15)), protest("e2", date(2020, 1, 15)))
    assert not same_event(protest("e1", date(2020, 1, 15)), protest("e2", date(2020, 1, 16)))


def test_a_district_20_km_from_a_town_is_the_town_but_two_districts_20_km_apart_are_two_places():
    near_idlib = IDLIB_CITY.model_copy(update={"geonames_id": 1, "name": "near Idlib", "lat": 35.95, "lon": 36.58,
                                               "geo_precision": 2})
    near_saraqib = SARAQIB.model_copy(update={"geonames_id": 4, "name": "near Saraqib", "geo_precision": 2})
    assert same_event(event("e1", location=near_idlib), event("e2", location=SARAQIB))  # 22 km: the district rule
    assert not same_event(event("e1", location=near_idlib), event("e2", location=near_saraqib))


IDLIB_QUARTER = IDLIB_CITY.model_copy(update={"geonames_id": 5, "name": "Ras Idlib", "lat": 35.94, "lon": 36.64})
VILLAGE_5_KM = IDLIB_CITY.model_copy(update={"geonames_id": 6, "name": "Kafr Village", "lat": 35.97, "lon": 36.66})
CIVILIANS = Actor(name="Civilians (Syria)", as_written="civilians", category="Civilians")
GUNMEN = Actor(name="Unidentified Armed Group (Syria)", as_written="gunmen", category="Political militia")
REBELS = Actor(name="Rebels (Syria)", as_written="rebels", category="Rebel group")


def attack_on_civilians(id, by, on=date(2020, 1, 15), location=IDLIB_CITY):
    made = event(id, actor1=by, on=on, location=location)
    return made.model_copy(update={"actor2": CIVILIANS})


def test_two_distinct_towns_a_few_km_apart_are_two_places_but_a_town_and_its_quarter_are_one():
    # ACLED codes each village, and each quarter of a city, as a location of its own; a gazetteer
    # entry 1.4 km from the town's is the town (its quarter or a duplicate entry).
    assert not same_event(event("e1"), event("e2", location=VILLAGE_5_KM))
    assert same_event(event("e1"), event("e2", location=IDLIB_QUARTER))


def test_reports_without_gazetteer_ids_are_one_place_by_name_and_two_by_distinct_names():
    def coded(name, lat, lon):
        return IDLIB_CITY.model_copy(update={"geonames_id": None, "name": name, "lat": lat, "lon": lon})

    assert same_event(event("e1", location=coded("Al-Bab", 36.37, 37.52)), event("e2", location=coded("al Bab", 36.37, 37.52)))
    assert not same_event(event("e1", location=coded("Beirut-Port", 33.90, 35.51)),
                          event("e2", location=coded("Beirut-Mazraa", 33.88, 35.49)))  # 2.9 km: two quarters


def test_two_district_level_reports_of_distinct_towns_are_two_places_however_close():
    near_town = IDLIB_CITY.model_copy(update={"geo_precision": 2})
    near_village = VILLAGE_5_KM.model_copy(update={"geo_precision": 2})
    assert not same_event(event("e1", location=near_town), event("e2", location=near_village))
    assert same_event(event("e1", location=near_town), event("e2", location=near_town))


def test_sharing_only_generic_actors_is_no_agreement():
    # Civilians are the victims of most attacks of a week in a region: sharing them says nothing.
    assert actor_fit(attack_on_civilians("e1", REBELS), attack_on_civilians("e2", SYRIAN_FORCES)) is ActorFit.DIFFERENT
    assert actor_fit(attack_on_civilians("e1", REBELS), attack_on_civilians("e2", REBELS)) is ActorFit.NAMED
    hts = Actor(name="Hayat Tahrir al-Sham", as_written="HTS", category="Rebel group")
    isis = Actor(name="Islamic State (Syria)", as_written="Islamic State", category="Rebel group")
    assert not same_event(event("e1", actor1=hts), event("e2", actor1=isis))
    # gunmen and civilians name nobody: nothing to compare with the army's report
    assert same_event(attack_on_civilians("e1", GUNMEN), attack_on_civilians("e2", SYRIAN_FORCES))



def test_one_attack_blamed_on_different_sides_is_one_event_only_at_the_same_place_and_day():
    # Outlets blame the government or the rebels for one shelling of civilians in one town that day.
    assert same_event(attack_on_civilians("e1", REBELS), attack_on_civilians("e2", SYRIAN_FORCES))
    # ... but blamed differently a day apart, or in a neighbouring place, is two events
    assert not same_event(attack_on_civilians("e1", REBELS),
                          attack_on_civilians("e2", SYRIAN_FORCES, on=date(2020, 1, 16)))
    assert not same_event(attack_on_civilians("e1", REBELS),
                          attack_on_civilians("e2", SYRIAN_FORCES, location=IDLIB_QUARTER))


def test_only_one_condition_may_be_met_loosely():
    district = IDLIB_CITY.model_copy(update={"geonames_id": 1, "name": "near Idlib", "lat": 35.83, "lon": 36.70,
                                              "geo_precision": 2})
    assert same_event(event("e1"), event("e2", on=date(2020, 1, 16)))  # a day apart, same town
    assert same_event(event("e1"), event("e2", location=district))  # the district, same day
    assert not same_event(event("e1"), event("e2", location=district, on=date(2020, 1, 16)))  # both
    assert not same_event(event("e1"), event("e2", location=IDLIB_QUARTER, on=date(2020, 1, 16)))


def test_a_district_level_report_near_two_towns_events_joins_neither():
    near = IDLIB_CITY.model_copy(update={"geonames_id": 1, "name": "near Idlib", "lat": 35.83, "lon": 36.70,
                                          "geo_precision": 2})
    idlib = merge(None, event("e1"))
    saraqib = merge(None, event("e2", location=SARAQIB))
    assert find_match([idlib], event("e3", location=near)) is idlib
    assert find_match([idlib, saraqib], event("e3", location=near)) is None
    # the district of the town itself is the town, whatever else it is near
    assert find_match([idlib, saraqib], event("e4", location=IDLIB_CITY.model_copy(update={"geo_precision": 2}))) is idlib


def test_find_match_prefers_the_same_day_and_the_same_place():
    yesterday = merge(None, event("e1", on=date(2020, 1, 14)))
    quarter = merge(None, event("e2", location=IDLIB_QUARTER))
    today = merge(None, event("e3"))
    assert find_match([yesterday, quarter, today], event("e4")) is today
    assert find_match([quarter, yesterday], event("e4")) is yesterday  # the place before the day


def test_a_region_level_report_joins_an_event_only_when_the_region_had_no_other_of_its_kind():
    khan = merge(None, attack_on_civilians("e1", SYRIAN_FORCES, location=KHAN_SHEIKHOUN))
    saraqib_yesterday = merge(None, attack_on_civilians("e2", SYRIAN_FORCES, on=date(2020, 1, 14), location=SARAQIB))
    region_report = attack_on_civilians("e3", REBELS, location=IDLIB_AS_WRITTEN)
    # it fits Khan Sheikhoun only (Saraqib's attack, a day before and blamed on the army, is two loose
    # conditions away), but it could be about Saraqib's: which one cannot be told
    assert find_match([khan], region_report) is khan
    assert find_match([khan, saraqib_yesterday], region_report) is None
    # an event whose actors rule the report out is no rival
    hts_clash = merge(None, event("e4", location=SARAQIB, actor1=Actor(name="Hayat Tahrir al-Sham", as_written="HTS")))
    assert find_match([khan, hts_clash], event("e5", location=IDLIB_AS_WRITTEN, actor1=Actor(
        name="Islamic State (Syria)", as_written="Islamic State"))) is None  # fits neither
    assert find_match([khan, hts_clash], region_report) is khan


def test_the_first_reports_day_stands_so_reports_a_day_either_side_join_it():
    # One outlet dates the bombing a day early and another a day late (time zones, "yesterday"):
    # the event keeps its first report's day, so neither pushes the other out of the window.
    first = merge(None, event("e1"))
    early = event("e2", on=date(2020, 1, 14), article="a2")
    second = merge(first, early, [TollReport.of(first.event)])
    assert second.event.event_date == date(2020, 1, 15)
    assert find_match([second], event("e3", on=date(2020, 1, 16))) is second

from datetime import date

from services.common.messages import EventType, SubEventType
from services.merger.core import find_match, merge, same_event
from tests.factories import ALEPPO_CITY, IDLIB_CITY, event


def test_first_report_makes_version_one_with_a_stable_id():
    first = merge(None, event("e1"))
    again = merge(None, event("e1"))
    assert first.version == 1
    assert first.id == again.id == first.event.id
    assert first.member_event_ids == ["e1"]


def test_same_report_again_changes_nothing():
    first = merge(None, event("e1"))
    assert merge(first, event("e1")) is first


def test_second_outlet_raises_version_and_keeps_highest_toll_and_all_sources():
    first = merge(None, event("e1", fatalities=21, sources=["SOHR"], outlet="A"))
    second = merge(first, event("e2", fatalities=23, sources=["White Helmets"], outlet="B", article="a2"))
    assert second.version == 2
    assert second.event.fatalities == 23
    assert second.event.sources == ["SOHR", "White Helmets"]
    assert second.event.outlets == ["A", "B"]
    assert second.event.article_ids == ["a1", "a2"]


def test_reports_a_day_apart_in_the_same_town_are_one_event():
    assert same_event(event("e1", on=date(2020, 1, 15)), event("e2", on=date(2020, 1, 16)))


def test_different_type_place_or_week_are_different_events():
    base = event("e1")
    assert not same_event(base, event("e2", event_type=EventType.BATTLES, sub_event_type=SubEventType.ARMED_CLASH))
    assert not same_event(base, event("e2", location=ALEPPO_CITY))
    assert not same_event(base, event("e2", on=date(2020, 1, 20)))


def test_region_only_report_matches_a_town_inside_that_region():
    region = IDLIB_CITY.model_copy(update={"geonames_id": None, "name": "Idlib province", "geo_precision": 3})
    assert same_event(event("e1"), event("e2", location=region))


def test_find_match_prefers_an_existing_member():
    first = merge(None, event("e1"))
    assert find_match([first], event("e1", fatalities=99)) is first
    assert find_match([first], event("e9", location=ALEPPO_CITY)) is None

"""Event-coding rules of the ACLED codebook (types, sub-types, which event comes first, fatalities), each on
sentences of our own."""

from __future__ import annotations

from services.common.messages import SubEventType
from tests.unit.extractor.test_rules import events_of


# A village the gazetteer lacks: the event is kept, its place as written, with no point.

def test_event_in_a_village_the_gazetteer_lacks_keeps_the_place_as_written():
    found = events_of("On 2 May 2020, protesters blocked the main road in Kherbet Zmoura in both directions.")
    assert [(e.sub_event_type, e.location.name, e.location.lat, e.location.country_code) for e in found] == [
        (SubEventType.PEACEFUL_PROTEST, "Kherbet Zmoura", None, None)]


def test_unknown_village_takes_the_country_the_article_names():
    found = events_of("On 2 May 2020, Malian soldiers shelled militant positions near Tinkoussoumbou. "
                      "The army of Mali said no one was hurt.")
    assert [(e.sub_event_type, e.location.name, e.location.country) for e in found] == [
        (SubEventType.SHELLING_ARTILLERY_MISSILE, "Tinkoussoumbou", "Mali")]


def test_a_known_place_in_the_article_is_preferred_to_an_unknown_name():
    found = events_of("On 2 May 2020, gunmen shot dead a trader in Kirkuk. "
                      "On 3 May 2020, protesters gathered near Kherbet Zmoura.")
    assert found and "Kherbet Zmoura" not in [e.location.name for e in found]


def test_month_names_are_no_place():
    assert events_of("Clashes broke out in May between two armed groups, a monitor said.") == []


def test_an_adjective_or_a_people_is_not_taken_for_an_unknown_place():
    assert events_of("On 2 May 2020, a car bomb exploded in a Kurdish-majority town, killing 5 people.") == []
    assert events_of("On 2 May 2020, 5 people were killed in Kurdish-led districts by a car bomb.") == []


# Codebook: a clash is armed groups engaging each other; shelling that is answered or exchanged is one.

def test_shelling_exchange_is_an_armed_clash():
    found = events_of("On 2 May 2020, a shelling exchange with heavy machine guns took place between the army and "
                      "rebels near Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.ARMED_CLASH]


def test_shelling_answered_in_the_next_sentence_is_an_armed_clash():
    found = events_of("On 2 May 2020, militants shelled army posts near Kirkuk. "
                      "The soldiers fired back, killing two militants.")
    assert [(e.sub_event_type, e.fatalities) for e in found] == [(SubEventType.ARMED_CLASH, 2)]


def test_forces_responding_to_shelling_are_in_an_armed_clash():
    found = events_of("On 2 May 2020, tribal fighters responded to shelling by the army near Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.ARMED_CLASH]


def test_mixed_weapons_in_both_directions_of_a_front_are_an_armed_clash():
    found = events_of("On 2 May 2020, monitors recorded 40 projectiles/explosions/bursts of fire involving heavy "
                      "machineguns/unknown weapons in both directions of the frontline near Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.ARMED_CLASH]


def test_shelling_with_no_answer_stays_shelling():
    found = events_of("On 2 May 2020, the army shelled villages near Kirkuk, wounding three farmers.")
    assert [e.sub_event_type for e in found] == [SubEventType.SHELLING_ARTILLERY_MISSILE]

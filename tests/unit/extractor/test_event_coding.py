"""Event-coding rules of the ACLED codebook (types, sub-types, which event comes first, fatalities), each on
sentences of our own."""

from __future__ import annotations

import pytest

from services.common.messages import SubEventType
from services.extractor.engine import classify
from tests.unit.extractor.wire import events_of


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


def test_unknown_village_is_in_the_country_named_otherwise_than_by_the_forces_there():
    # the forces' nationality names the country they come from, the people's the country it happens in
    found = events_of("On 2 May 2020, Israeli forces stormed a camp in Kherbet Zmoura and fired tear gas at "
                      "Palestinian residents.")
    assert [(e.location.name, e.location.country_code) for e in found] == [("Kherbet Zmoura", "PS")]
    found = events_of("On 2 May 2020, Russian airstrikes hit a camp near Kherbet Zmoura, and Syrian civilians fled.")
    assert [(e.location.name, e.location.country_code) for e in found] == [("Kherbet Zmoura", "SY")]


def test_a_group_named_after_a_region_does_not_place_the_event_there():
    found = events_of("On 2 May 2020, the Islamic State in Greater Sahara fired rockets at an army garrison in the "
                      "region of Tinkoussoumbou. No casualties were reported.")
    assert [(e.location.name, e.actor1.name) for e in found] == [("Tinkoussoumbou", "Islamic State (Greater Sahara)")]


def test_a_road_named_after_a_village_places_a_blockade_there():
    found = events_of("On 28 April 2020, rioters blocked roads on the Kherbet highway and hurled rocks at Military "
                      "forces attempting to re-open them.")
    assert [e.location.name for e in found] == ["Kherbet"]


def test_a_forest_names_the_place_of_an_operation():
    found = events_of("On 2 May 2020, French forces conducted airstrikes on militant positions in the forest of "
                      "Tinkoussoumbou.")
    assert [(e.sub_event_type, e.location.name) for e in found] == [(SubEventType.AIR_DRONE_STRIKE, "Tinkoussoumbou")]


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


# Codebook: violence against civilians needs unarmed victims; gang members, rangers, intelligence agents are armed.

def test_killing_of_a_gang_member_or_a_member_of_an_intelligence_service_is_an_armed_clash():
    for body in ("On 2 May 2020, an alleged gang member was shot and killed by armed men in Kirkuk.",
                 "On 2 May 2020, gunmen shot dead a member of the air force intelligence in Kirkuk.",
                 "On 2 May 2020, separatists shot and killed one ranger near Kirkuk."):
        assert [e.sub_event_type for e in events_of(body)] == [SubEventType.ARMED_CLASH], body


def test_officers_shot_by_a_man_who_returned_fire_make_one_armed_clash():
    found = events_of("On 2 May 2020, officers were shot by a man wanted by the police in Kirkuk. "
                      "The officers returned fire, killing him.")
    assert [(e.sub_event_type, e.fatalities) for e in found] == [(SubEventType.ARMED_CLASH, 1)]


def test_a_man_shot_by_gunmen_is_an_attack():
    found = events_of("On 2 May 2020, a man was shot dead by gunmen in Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.ATTACK]


def test_communal_violence_and_killings_between_clans_are_armed_clashes():
    for body in ("On 2 May 2020, communal violence broke out in Kirkuk after the murder of a driver. Four people died.",
                 "On 2 May 2020, four were killed in revenge killings between two clans near Kirkuk."):
        assert [e.sub_event_type for e in events_of(body)] == [SubEventType.ARMED_CLASH], body


def test_attack_on_an_army_position_or_camp_is_an_armed_clash():
    for body in ("On 2 May 2020, militants attacked an army position near Kirkuk.",
                 "On 2 May 2020, militants attacked the military camp in Kirkuk, wounding ten."):
        assert [e.sub_event_type for e in events_of(body)] == [SubEventType.ARMED_CLASH], body


# Codebook: a peaceful protest whose participants are arrested is a protest with intervention; a protest
# against someone's arrest is not.

def test_participants_arrested_in_the_next_sentence_make_a_protest_with_intervention():
    for body in ("On 2 May 2020, about 20 activists protested in Kirkuk against the lockdown. Police arrested 12.",
                 "On 2 May 2020, nurses held a protest in Kirkuk over unpaid wages. Seven were detained by police.",
                 "On 2 May 2020, students demonstrated in Kirkuk. Officers arrested them for breaking the curfew."):
        assert [e.sub_event_type for e in events_of(body)] == [SubEventType.PROTEST_WITH_INTERVENTION], body


def test_protest_against_an_arrest_stays_peaceful():
    for body in ("On 2 May 2020, journalists protested in Kirkuk against the arrest of an editor. "
                 "He was arrested in a corruption case.",
                 "On 2 May 2020, journalists protested in Kirkuk, demanding an editor's release. "
                 "He was arrested last week."):
        assert [e.sub_event_type for e in events_of(body)][:1] == [SubEventType.PEACEFUL_PROTEST], body


def test_a_conjecture_with_no_event_word_does_not_end_the_event():
    found = events_of("On 2 May 2020, residents staged a demonstration in Kirkuk against a quarantine centre. "
                      "They said patients could infect them. Police intervened to disperse the demonstrators.")
    assert [e.sub_event_type for e in found] == [SubEventType.PROTEST_WITH_INTERVENTION]


# How news reports phrase the codebook's sub-event types.

@pytest.mark.parametrize("body, sub", [
    ("On 2 May 2020, nurses went on strike in Kirkuk over unpaid wages.", SubEventType.PEACEFUL_PROTEST),
    ("On 2 May 2020, workers occupied the factory in Kirkuk to demand their salaries.", SubEventType.PEACEFUL_PROTEST),
    ("On 2 May 2020, drivers blocked with their trucks the main highway in Kirkuk.", SubEventType.PEACEFUL_PROTEST),
    ("On 2 May 2020, soldiers stopped protesters from setting up tents in Kirkuk.",
     SubEventType.PROTEST_WITH_INTERVENTION),
    ("On 2 May 2020, the air force bombed militant hideouts near Kirkuk.", SubEventType.AIR_DRONE_STRIKE),
    ("On 2 May 2020, drones operated by an unknown armed group targeted an airbase near Kirkuk.",
     SubEventType.AIR_DRONE_STRIKE),
    ("On 2 May 2020, unknown men detonated a bomb in a market in Kirkuk.", SubEventType.REMOTE_EXPLOSIVE),
    ("On 2 May 2020, a boy was killed when unexploded ordnance went off in a field in Kirkuk.",
     SubEventType.REMOTE_EXPLOSIVE),
    ("On 2 May 2020, two militants were killed in an encounter with security forces in Kirkuk.",
     SubEventType.ARMED_CLASH),
    ("On 2 May 2020, an army operation near Kirkuk left 3 militants dead.", SubEventType.ARMED_CLASH),
    ("On 2 May 2020, the remains of two men were found on a road in Kirkuk.", SubEventType.ATTACK),
])
def test_news_phrasings_of_sub_event_types(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


def test_an_event_word_under_a_plan_does_not_hide_one_that_happened():
    found = events_of("On 2 May 2020, veterans gathered in Kirkuk, demanding that pensions will be raised "
                      "and chanting slogans against the government.")
    assert [e.sub_event_type for e in found] == [SubEventType.PEACEFUL_PROTEST]


def test_warning_shots_at_a_border_are_no_protest():
    found = events_of("On 2 May 2020, border guards fired warning shots in the air near Kirkuk.")
    assert SubEventType.PROTEST_WITH_INTERVENTION not in [e.sub_event_type for e in found]


# Codebook: off-duty members of state forces are civilians; a drug trafficker or gang member is an armed actor;
# a suspect killed during a police raid is the victim, not the police.

def test_attack_on_an_off_duty_police_officer_is_violence_against_civilians():
    found = events_of("On 2 May 2020, gunmen shot dead an off-duty police officer in Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.ATTACK]


def test_killing_of_a_victim_charged_with_drug_trafficking_is_an_armed_clash():
    for body in ("On 2 May 2020, a man was shot dead by armed men in Kirkuk. The victim had charges against him "
                 "for drug trafficking.",
                 "On 2 May 2020, a drug trafficker was found dead in Kirkuk."):
        assert [e.sub_event_type for e in events_of(body)] == [SubEventType.ARMED_CLASH], body


def test_a_record_for_robbery_does_not_make_the_victim_armed():
    found = events_of("On 2 May 2020, a man was shot dead by armed men in Kirkuk. The victim had a record for robbery.")
    assert [e.sub_event_type for e in found] == [SubEventType.ATTACK]


def test_suspect_killed_during_a_police_raid_is_an_attack():
    found = events_of("On 2 May 2020, a drug suspect was killed during a police raid in Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.ATTACK]


# Strategic developments as news phrases them (codebook 'Agreement', 'Disrupted weapons use', 'Change to group/activity').

@pytest.mark.parametrize("text, sub", [
    ("Rebel groups and government forces have agreed a 48-hour ceasefire in three towns.", SubEventType.AGREEMENT),
    ("The rebel leader announced a four-month truce with the government.", SubEventType.AGREEMENT),
    ("The government released 30 rebels in exchange for the release of 16 soldiers.", SubEventType.AGREEMENT),
    ("Police found a cache of weapons and ammunition in a house in the city.", SubEventType.DISRUPTED_WEAPONS_USE),
    ("Soldiers destroyed 40 landmines and 12 improvised explosive devices during an operation.",
     SubEventType.DISRUPTED_WEAPONS_USE),
    ("Two militants accidentally detonated their device near a market.", SubEventType.DISRUPTED_WEAPONS_USE),
    ("About 160 soldiers have defected from the army amid tension in the region.",
     SubEventType.CHANGE_TO_GROUP_ACTIVITY),
    ("Security forces have been dispatched to the western border to block militants.",
     SubEventType.CHANGE_TO_GROUP_ACTIVITY),
])
def test_strategic_developments_in_news_phrasing(text, sub):
    assert classify(text) == sub


# Codebook: who takes a place decides between 'Government regains territory' and 'Non-state actor overtakes territory'.

@pytest.mark.parametrize("text, sub", [
    ("Government forces captured the town of Mokha from the rebels on Monday.",
     SubEventType.GOVERNMENT_REGAINS_TERRITORY),
    ("The army seized control of the entire highway after driving rebels from their last positions.",
     SubEventType.GOVERNMENT_REGAINS_TERRITORY),
    ("Opposition fighters retook a strategic town from government forces on Thursday.",
     SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
    ("Al-Shabaab militants recaptured the village from government forces after heavy fighting.",
     SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
    ("Pro-government militias took control of the district centre.", SubEventType.GOVERNMENT_REGAINS_TERRITORY),
])
def test_the_side_that_takes_a_place_decides_the_territory_sub_type(text, sub):
    assert classify(text) == sub


def test_a_clash_that_mentions_a_defection_stays_a_clash():
    found = events_of("On 2 May 2020, militants attacked an army base in Kirkuk after two officers defected.")
    assert [e.sub_event_type for e in found] == [SubEventType.ARMED_CLASH]


def test_driving_from_one_town_to_another_is_no_territory():
    found = events_of("On 2 May 2020, bus drivers protested in Kirkuk and drove from Kirkuk to the city of Erbil.")
    assert [e.sub_event_type for e in found] == [SubEventType.PEACEFUL_PROTEST]


@pytest.mark.parametrize("text, sub", [
    ("A helicopter dropped containers of toxic gas on a town in the north.", SubEventType.CHEMICAL_WEAPON),
    ("Militants fired mortar rounds containing poisonous gases on army positions.", SubEventType.CHEMICAL_WEAPON),
    ("Police used live bullets and tear gas to disperse a peaceful protest, killing one protester.",
     SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
    ("Security forces violently dispersed a protest in the city, injuring several people.",
     SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
    ("Police halted the May Day march in the capital, dispersing the crowds.",
     SubEventType.PROTEST_WITH_INTERVENTION),
    ("The militants took control of the village following the withdrawal of government forces.",
     SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY),
    ("A swathe of territory was handed over by the army to the rebels under the peace deal.",
     SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY),
])
def test_protest_chemical_and_transfer_phrasings(text, sub):
    assert classify(text) == sub


def test_a_protest_against_the_killing_of_a_protester_stays_peaceful():
    found = events_of("On 2 May 2020, students demonstrated in Kirkuk against the killing of a protester last week.")
    assert [e.sub_event_type for e in found] == [SubEventType.PEACEFUL_PROTEST]


def test_a_gas_leak_is_no_chemical_weapon():
    assert classify("Poisonous gas leaked from a chemical factory in the port city on Wednesday.") != (
        SubEventType.CHEMICAL_WEAPON)


def test_a_found_ied_later_defused_is_disrupted_weapons_use():
    found = events_of("On 2 May 2020, an IED was found on a roadside in Kirkuk. It was later defused by the army.")
    assert [e.sub_event_type for e in found] == [SubEventType.DISRUPTED_WEAPONS_USE]


def test_a_march_held_despite_a_curfew_is_a_protest():
    found = events_of("On 1 May 2020, unionists held a silent march in Kirkuk despite the curfew.")
    assert [e.sub_event_type for e in found] == [SubEventType.PEACEFUL_PROTEST]


def test_what_a_crowd_condemns_does_not_open_the_event():
    for body in ("On 2 May 2020, dozens demonstrated in Kirkuk condemning the rape of two women by guards.",
                 "On 2 May 2020, journalists held a protest in Kirkuk, condemning the arrest of a reporter."):
        assert [e.sub_event_type for e in events_of(body)] == [SubEventType.PEACEFUL_PROTEST], body


def test_a_murder_suspect_is_no_murder():
    found = events_of("On 2 May 2020, a mob tried to lynch a murder suspect in Kirkuk, torching his house.")
    assert [e.sub_event_type for e in found] == [SubEventType.MOB_VIOLENCE]


@pytest.mark.parametrize("body, sub", [
    ("On 2 May 2020, members of the opposition organised a car convoy in Kirkuk against the government.",
     SubEventType.PEACEFUL_PROTEST),
    ("On 2 May 2020, nurses in Kirkuk downed their tools over unpaid allowances.", SubEventType.PEACEFUL_PROTEST),
    ("On 2 May 2020, police detained 20 people during a May Day march in Kirkuk.",
     SubEventType.PROTEST_WITH_INTERVENTION),
    ("On 2 May 2020, demonstrators stormed the governor's office in Kirkuk.", SubEventType.VIOLENT_DEMONSTRATION),
    ("On 2 May 2020, supporters of two rival political parties clashed in Kirkuk, injuring 10.",
     SubEventType.MOB_VIOLENCE),
    ("On 2 May 2020, rebels and soldiers engaged in an encounter near Kirkuk.", SubEventType.ARMED_CLASH),
    ("On 2 May 2020, the army conducted an operation against militants near Kirkuk, killing 10.",
     SubEventType.ARMED_CLASH),
    ("On 2 May 2020, soldiers beat civilians for violating the curfew in Kirkuk.", SubEventType.ATTACK),
    ("On 2 May 2020, militants took 3 aid workers hostage in Kirkuk.", SubEventType.ABDUCTION),
    ("On 2 May 2020, the air force targeted militant hideouts near Kirkuk.", SubEventType.AIR_DRONE_STRIKE),
    ("On 2 May 2020, militants burned houses in a village near Kirkuk.", SubEventType.LOOTING_PROPERTY_DESTRUCTION),
])
def test_more_news_phrasings(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


def test_firefighters_gaining_ground_on_a_fire_take_no_territory():
    assert classify("Firefighters have gained ground in their battle to contain the wildfires.") not in (
        SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY, SubEventType.GOVERNMENT_REGAINS_TERRITORY)


@pytest.mark.parametrize("body, sub", [
    ("On 2 May 2020, party workers staged a dharna in Kirkuk against the state government.",
     SubEventType.PEACEFUL_PROTEST),
    ("On 2 May 2020, activists organised a flash mob in Kirkuk to demand the release of stranded workers.",
     SubEventType.PEACEFUL_PROTEST),
    ("On 2 May 2020, residents organised a march in Kirkuk in solidarity with prisoners.", SubEventType.PEACEFUL_PROTEST),
    ("On 2 May 2020, protesters pelted the police with stones in Kirkuk.", SubEventType.VIOLENT_DEMONSTRATION),
    ("On 2 May 2020, demonstrators set a police vehicle ablaze in Kirkuk.", SubEventType.VIOLENT_DEMONSTRATION),
    ("On 2 May 2020, a crowd set fire to the house of a suspected witch in Kirkuk.", SubEventType.MOB_VIOLENCE),
    ("On 2 May 2020, angry residents burned a suspected thief alive in Kirkuk.", SubEventType.MOB_VIOLENCE),
    ("On 2 May 2020, soldiers bulldozed farmland near Kirkuk.", SubEventType.LOOTING_PROPERTY_DESTRUCTION),
    ("On 2 May 2020, the army sent a convoy of 50 vehicles into Kirkuk.", SubEventType.CHANGE_TO_GROUP_ACTIVITY),
    ("On 2 May 2020, the police foiled a bomb attack in Kirkuk.", SubEventType.DISRUPTED_WEAPONS_USE),
    ("On 1 May 2020, drones controlled by an unknown armed group targeted Zorba Airbase.",
     SubEventType.AIR_DRONE_STRIKE),
])
def test_crowd_and_other_phrasings(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


def test_a_place_in_a_part_of_a_town_the_gazetteer_lacks_is_kept_as_written():
    found = events_of("On 3 May 2020, gunmen threw a grenade at an office in the western neighborhood of Zorbatown.")
    assert [(e.sub_event_type, e.location.name) for e in found] == [(SubEventType.GRENADE, "Zorbatown")]


# Codebook: violence by an unorganised group of civilians is mob violence, also when it is called a clash or
# an attack on the police; any weapon makes it a clash or an attack again.

def test_civilians_clashing_with_police_are_a_mob():
    for body in ("On 2 May 2020, a clash erupted between police and shopkeepers in Kirkuk over the lockdown.",
                 "On 2 May 2020, a group of 14 migrants attacked a police officer in Kirkuk."):
        assert [e.sub_event_type for e in events_of(body)] == [SubEventType.MOB_VIOLENCE], body


def test_a_clash_with_guns_stays_a_clash():
    found = events_of("On 2 May 2020, shopkeepers and police clashed in Kirkuk, exchanging gunfire.")
    assert [e.sub_event_type for e in found] != [SubEventType.MOB_VIOLENCE]


def test_people_assaulted_are_victims_not_a_mob():
    found = events_of("On 2 May 2020, gunmen stopped a truck in Kirkuk. The four people were assaulted and robbed.")
    assert SubEventType.MOB_VIOLENCE not in [e.sub_event_type for e in found]


def test_abducted_and_killed_is_an_attack():
    for body in ("On 2 May 2020, three civilians were kidnapped and killed by militants in Kirkuk.",
                 "On 2 May 2020, a man was abducted by four men and stabbed to death in Kirkuk."):
        assert [e.sub_event_type for e in events_of(body)] == [SubEventType.ATTACK], body


def test_abducted_fighters_found_executed_are_an_armed_clash():
    found = events_of("On 2 May 2020, two militia members were found dead near Kirkuk. They had been kidnapped "
                      "and executed by rebels.")
    assert [e.sub_event_type for e in found] == [SubEventType.ARMED_CLASH]


def test_an_abduction_alone_stays_an_abduction():
    found = events_of("On 2 May 2020, gunmen kidnapped a trader in Kirkuk and demanded a ransom.")
    assert [e.sub_event_type for e in found] == [SubEventType.ABDUCTION]


def test_an_attack_on_soldiers_that_also_killed_a_civilian_is_an_armed_clash():
    found = events_of("On 29 April 2020, 1 soldier was killed following an attack by militants in Kirkuk. "
                      "1 civilian was also killed during the attack.")
    assert [e.sub_event_type for e in found] == [SubEventType.ARMED_CLASH]


def test_an_attack_on_civilians_that_also_killed_a_soldier_is_an_attack():
    found = events_of("On 29 April 2020, militants killed 5 villagers and a soldier in an attack on Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.ATTACK]


def test_attackers_repelled_by_soldiers_make_an_armed_clash():
    found = events_of("On 28 April 2020, militants attacked a village near Kirkuk and killed 2 herders before "
                      "being repelled by security forces.")
    assert [e.sub_event_type for e in found] == [SubEventType.ARMED_CLASH]


def test_a_total_observed_right_after_the_event_is_part_of_it():
    found = events_of("On 2 May 2020, rebels fired 120mm mortars at army positions near Kirkuk. Monitors observed "
                      "a total of 41 explosions/shots involving small arms near Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.ARMED_CLASH]


def test_an_undated_total_with_no_event_before_it_is_still_background():
    assert events_of("Monitors observed a total of 41 explosions involving small arms near Kirkuk.") == []


def test_the_crowd_turning_violent_in_the_next_sentence_makes_a_violent_demonstration():
    for body in ("On 29 April 2020, prisoners demonstrated in Kirkuk prison. The prisoners set fire to some buildings "
                 "and clashed with the guards.",
                 "On 1 May 2020, demonstrators gathered outside a minister's house in Kirkuk. When they started to "
                 "storm the house, security forces fired shots into the air.",
                 "On 30 April 2020, the opposition demonstrated in Kirkuk. There was a small scuffle with "
                 "counter-demonstrators."):
        assert [e.sub_event_type for e in events_of(body)] == [SubEventType.VIOLENT_DEMONSTRATION], body


def test_fighting_by_others_after_a_protest_does_not_join_it():
    found = events_of("On 2 May 2020, students protested in Kirkuk. Militants clashed with the army near Mosul.")
    assert [e.sub_event_type for e in found][:1] == [SubEventType.PEACEFUL_PROTEST]


@pytest.mark.parametrize("text, sub", [
    ("Riot police chased demonstrators during anti-government protests in the capital.",
     SubEventType.PROTEST_WITH_INTERVENTION),
    ("A protester throws a Molotov cocktail during a demonstration near the government complex.",
     SubEventType.VIOLENT_DEMONSTRATION),
    ("Protests near the summit turned violent on Saturday.", SubEventType.VIOLENT_DEMONSTRATION),
    ("Protesters light fires amid clouds of tear gas outside the university.", SubEventType.VIOLENT_DEMONSTRATION),
])
def test_riot_police_are_no_riot_and_crowd_violence_is(text, sub):
    assert classify(text) == sub


def test_an_accidental_explosion_is_no_remote_violence():
    for text in ("Workers were hurt when a furnace at a cast iron plant exploded on Thursday.",
                 "A gas explosion at the carnival injured forty people after a cooking gas container exploded."):
        assert classify(text) != SubEventType.REMOTE_EXPLOSIVE, text


def test_a_bomb_explosion_near_a_gas_station_is_still_remote_violence():
    assert classify("A bomb explosion near a gas station killed three people, police said.") == (
        SubEventType.REMOTE_EXPLOSIVE)


def test_a_clause_after_after_tells_what_happened_but_a_named_earlier_event_does_not():
    assert classify("Several people have been injured after security forces violently dispersed a protest "
                    "in the city.") == SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS
    found = events_of("On 2 May 2020, students protested in Kirkuk after the riots in the prisons last week.")
    assert [e.sub_event_type for e in found] == [SubEventType.PEACEFUL_PROTEST]


def test_protestors_spelt_with_or_are_protesters():
    assert classify("Police fired tear gas at protestors in the capital.") == SubEventType.PROTEST_WITH_INTERVENTION


def test_tear_gas_fired_at_farmers_with_no_protest_is_an_attack():
    found = events_of("On 2 May 2020, soldiers fired tear gas canisters at farmers in their fields east of Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.ATTACK]


def test_tear_gas_fired_to_disperse_a_crowd_is_an_intervention():
    found = events_of("On 2 May 2020, police fired tear gas to disperse residents who had gathered in Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.PROTEST_WITH_INTERVENTION]


def test_stones_thrown_by_a_group_holding_no_demonstration_are_mob_violence():
    found = events_of("On 27 April 2020, a group of taxi riders threw stones at two soldiers in Kirkuk, injuring them.")
    assert [e.sub_event_type for e in found] == [SubEventType.MOB_VIOLENCE]


def test_stones_thrown_at_a_demonstration_are_a_violent_demonstration():
    found = events_of("On 27 April 2020, demonstrators threw stones at the police in Kirkuk during a protest.")
    assert [e.sub_event_type for e in found] == [SubEventType.VIOLENT_DEMONSTRATION]


def test_the_lead_takes_its_place_from_the_next_sentence_when_it_names_none_known():
    found = events_of("On 29 April 2020, rioters clashed with soldiers in Zorbaville. The roundabouts of Kirkuk were "
                      "blocked with burning tyres.")
    assert [(e.sub_event_type, e.location.name) for e in found][:1] == [(SubEventType.VIOLENT_DEMONSTRATION, "Kirkuk")]


@pytest.mark.parametrize("body, sub", [
    ("On 2 May 2020, gunmen on a motorbike sprayed bullets at a shop in Kirkuk, injuring 3.", SubEventType.ATTACK),
    ("On 2 May 2020, the army and militants traded fire in Kirkuk.", SubEventType.ARMED_CLASH),
    ("On 2 May 2020, a car exploded near a market in Kirkuk, killing 2 people.", SubEventType.REMOTE_EXPLOSIVE),
    ("On 2 May 2020, an improvised bomb hit a bus in Kirkuk.", SubEventType.REMOTE_EXPLOSIVE),
    ("On 2 May 2020, doctors stopped work in Kirkuk to demand salaries.", SubEventType.PEACEFUL_PROTEST),
    ("On 2 May 2020, police took 5 activists into custody in Kirkuk.", SubEventType.ARRESTS),
    ("On 2 May 2020, militants destroyed a telecom tower in Kirkuk.", SubEventType.LOOTING_PROPERTY_DESTRUCTION),
    ("On 2 May 2020, attackers set off suicide bombs outside a cafe in Kirkuk.", SubEventType.SUICIDE_BOMB),
])
def test_still_more_news_phrasings(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


@pytest.mark.parametrize("body, sub", [
    ("On 2 May 2020, around 40 people assembled outside the district office in Kirkuk to demand food aid.",
     SubEventType.PEACEFUL_PROTEST),
    ("On 2 May 2020, opposition supporters honked car horns in Kirkuk against the government.",
     SubEventType.PEACEFUL_PROTEST),
    ("On 2 May 2020, villagers chased away a team of health workers in Kirkuk.", SubEventType.MOB_VIOLENCE),
    ("On 2 May 2020, helicopters strafed militant positions in Kirkuk.", SubEventType.AIR_DRONE_STRIKE),
    ("On 2 May 2020, a mine planted on the road killed 2 in Kirkuk.", SubEventType.REMOTE_EXPLOSIVE),
    ("On 2 May 2020, officials nabbed 3 suspects in Kirkuk.", SubEventType.ARRESTS),
    ("On 2 May 2020, gunmen rustled 50 cows in Kirkuk.", SubEventType.LOOTING_PROPERTY_DESTRUCTION),
])
def test_phrasings_from_several_regions(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


def test_phones_seized_and_an_airstrip_destroyed_are_looting_or_property_destruction():
    for body in ("On 29 April 2020, militants stopped a truck near Kirkuk and seized the phones of the passengers.",
                 "On 28 April 2020, soldiers found and destroyed a clandestine airstrip near Kirkuk."):
        assert [e.sub_event_type for e in events_of(body)] == [SubEventType.LOOTING_PROPERTY_DESTRUCTION], body


def test_a_protest_for_the_recovery_of_looted_goods_stays_peaceful():
    found = events_of("On 29 April 2020, people protested in Kirkuk for recovery of their looted valuables.")
    assert [e.sub_event_type for e in found] == [SubEventType.PEACEFUL_PROTEST]


@pytest.mark.parametrize("body, sub", [
    ("On 2 May 2020, assailants threw acid at a woman in Kirkuk.", SubEventType.ATTACK),
    ("On 2 May 2020, soldiers came under fire from militants near Kirkuk.", SubEventType.ARMED_CLASH),
    ("On 2 May 2020, hostilities between the two armed groups resumed in Kirkuk.", SubEventType.ARMED_CLASH),
    ("On 2 May 2020, an unmanned aerial vehicle struck a base in Kirkuk.", SubEventType.AIR_DRONE_STRIKE),
    ("On 2 May 2020, angry protesters stoned vehicles in Kirkuk.", SubEventType.VIOLENT_DEMONSTRATION),
])
def test_acid_fire_hostilities_uavs_and_stoning(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


def test_people_beaten_or_attacked_by_locals_or_vigilantes_are_mob_violence():
    for body in ("On 28 April 2020, two suspected thieves were tied up and beaten up by locals in Kirkuk.",
                 "On 1 May 2020, electricity workers were attacked by a vigilante group in Kirkuk."):
        assert [e.sub_event_type for e in events_of(body)] == [SubEventType.MOB_VIOLENCE], body


@pytest.mark.parametrize("body, sub", [
    ("On 2 May 2020, militants plundered shops in Kirkuk.", SubEventType.LOOTING_PROPERTY_DESTRUCTION),
    ("On 2 May 2020, gunmen ransacked the health centre in Kirkuk.", SubEventType.LOOTING_PROPERTY_DESTRUCTION),
    ("On 2 May 2020, the rival clans reconciled in Kirkuk.", SubEventType.AGREEMENT),
])
def test_plunder_and_reconciliation(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


def test_a_grievance_named_at_length_does_not_set_the_protest_sub_type():
    found = events_of("On 3 May 2020, residents staged a rally in Kirkuk against the attack on police personnel by a "
                      "mob last week.")
    assert [e.sub_event_type for e in found] == [SubEventType.PEACEFUL_PROTEST]


def test_over_a_number_is_no_grievance():
    found = events_of("On 2 May 2020, over 200 labourers clashed with police and pelted stones at them in Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.MOB_VIOLENCE]


@pytest.mark.parametrize("body, sub", [
    # South Asian usage: an agitation is a protest.
    ("On 2 May 2020, villagers staged an agitation in front of the block office in Kirkuk.", SubEventType.PEACEFUL_PROTEST),
    ("On 2 May 2020, demonstrators marched in Kirkuk and there were scuffles with police.",
     SubEventType.VIOLENT_DEMONSTRATION),
    # Codebook: force short of lethal used on a protest (beatings, baton charges) is an intervention.
    ("On 2 May 2020, students protested in Kirkuk and police beat the protesters.", SubEventType.PROTEST_WITH_INTERVENTION),
    # Codebook: vandalism or arson by a crowd or a group of civilians is rioting, not looting by an organised actor.
    ("On 2 May 2020, residents vandalised the health centre in Kirkuk.", SubEventType.MOB_VIOLENCE),
    ("On 2 May 2020, residents demonstrated in Kirkuk and vandalised the health centre.", SubEventType.VIOLENT_DEMONSTRATION),
    ("On 2 May 2020, militants burned the houses of residents in Kirkuk.", SubEventType.LOOTING_PROPERTY_DESTRUCTION),
    # Strategic developments: an armed group's new activity, non-violent incidents ('Other'), surrenders and
    # prisoner releases (agreements in the codebook).
    ("On 2 May 2020, Hezbollah members carried out a disinfection campaign in Kirkuk.", SubEventType.CHANGE_TO_GROUP_ACTIVITY),
    ("On 2 May 2020, border guards fired warning shots in the air near Kirkuk.", SubEventType.OTHER),
    ("On 2 May 2020, soldiers prevented a foreign patrol from entering the city of Kirkuk.", SubEventType.OTHER),
    ("On 2 May 2020, 40 militants surrendered to the army in Kirkuk.", SubEventType.AGREEMENT),
    ("On 2 May 2020, the Taliban released 20 government prisoners in Kirkuk.", SubEventType.AGREEMENT),
    # Bombs or grenades dropped come from the air.
    ("On 2 May 2020, a drone dropped two grenades on army positions near Kirkuk.", SubEventType.AIR_DRONE_STRIKE),
])
def test_crowd_and_strategic_development_phrasings(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


def test_storming_a_village_takes_no_territory():
    found = events_of("On 2 May 2020, soldiers stormed the village of Kirkuk.")
    assert not {e.sub_event_type for e in found} & {SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
                                                   SubEventType.GOVERNMENT_REGAINS_TERRITORY}


@pytest.mark.parametrize("body, sub", [
    # Heavy weapons fired from a distance are shelling; a repulsed attack or an armed confrontation is a clash.
    ("On 2 May 2020, rebel forces fired IFVs at government positions near Kirkuk.", SubEventType.SHELLING_ARTILLERY_MISSILE),
    ("On 2 May 2020, the army pounded villages near Kirkuk with tank fire.", SubEventType.SHELLING_ARTILLERY_MISSILE),
    ("On 2 May 2020, soldiers repulsed a militant advance near Kirkuk.", SubEventType.ARMED_CLASH),
    ("On 2 May 2020, two suspects were killed in a confrontation with police in Kirkuk.", SubEventType.ARMED_CLASH),
    # Codebook: bandits, kidnappers, terrorists and gang or cartel members are armed groups: fighting them is a battle.
    ("On 2 May 2020, soldiers killed 5 bandits in Kirkuk.", SubEventType.ARMED_CLASH),
    ("On 2 May 2020, Maoists killed a CRPF jawan in Kirkuk.", SubEventType.ARMED_CLASH),
    ("On 2 May 2020, gunmen shot dead a cartel leader in Kirkuk.", SubEventType.ARMED_CLASH),
    # Harm to civilians told by its weapon or its blows.
    ("On 2 May 2020, a civilian was wounded by unknown gunmen in Kirkuk.", SubEventType.ATTACK),
    ("On 2 May 2020, a child was hit by a stray bullet in Kirkuk.", SubEventType.ATTACK),
    ("On 2 May 2020, gunmen fired at a car in Kirkuk, injuring the driver.", SubEventType.ATTACK),
    ("On 2 May 2020, police slapped and kicked a vendor in Kirkuk.", SubEventType.ATTACK),
])
def test_weapons_armed_groups_and_harm_phrasings(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


@pytest.mark.parametrize("body, sub", [
    # Codebook: violence by people who demonstrate makes a violent demonstration, whatever word tells the violence.
    ("On 2 May 2020, residents burnt tyres and blocked the road in Kirkuk to protest against the curfew.",
     SubEventType.VIOLENT_DEMONSTRATION),
    ("On 2 May 2020, protesters injured 3 police officers in Kirkuk.", SubEventType.VIOLENT_DEMONSTRATION),
    ("On 2 May 2020, residents protested in Kirkuk and burnt a police vehicle.", SubEventType.VIOLENT_DEMONSTRATION),
    # ... and by a crowd that held no demonstration, mob violence.
    ("On 2 May 2020, angry residents stormed the police station in Kirkuk after a man died in custody.",
     SubEventType.MOB_VIOLENCE),
    # Fines, kettling or force used to end a protest are an intervention; protesters shot, excessive force.
    ("On 2 May 2020, workers protested in Kirkuk; police fined the protesters for violating the lockdown.",
     SubEventType.PROTEST_WITH_INTERVENTION),
    ("On 2 May 2020, police shot protesters in Kirkuk, killing 2.", SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
    # Protesters blocking a road is the protest itself, not an intervention.
    ("On 2 May 2020, taxi drivers blocked a road in Kirkuk to protest against the curfew.", SubEventType.PEACEFUL_PROTEST),
])
def test_crowd_violence_and_interventions(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


@pytest.mark.parametrize("body, sub", [
    # Codebook: who took a place decides the territory sub-type; when its taker is no named government side, the side
    # it was taken from does (taken from rebels: regained; taken from government forces: overtaken).
    ("On 2 May 2020, resistance forces took control of the village of Kirkuk from the rebels after heavy fighting.",
     SubEventType.GOVERNMENT_REGAINS_TERRITORY),
    ("On 2 May 2020, tribal fighters took control of the village of Kirkuk from government forces.",
     SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
    ("On 2 May 2020, soldiers recovered territory near Kirkuk following a clash with the rebels.",
     SubEventType.GOVERNMENT_REGAINS_TERRITORY),
    # A group of unarmed men beating someone is a mob.
    ("On 2 May 2020, a group of men attacked a health worker in Kirkuk.", SubEventType.MOB_VIOLENCE),
    # Strategic developments: taxes imposed by an armed group (looting), forces arriving, crossings closed (change to
    # group/activity), missiles intercepted (disrupted weapons use).
    ("On 2 May 2020, the armed group imposed taxes on farmers in Kirkuk.", SubEventType.LOOTING_PROPERTY_DESTRUCTION),
    ("On 2 May 2020, government troops arrived in Kirkuk.", SubEventType.CHANGE_TO_GROUP_ACTIVITY),
    ("On 2 May 2020, the militia closed the border crossing near Kirkuk.", SubEventType.CHANGE_TO_GROUP_ACTIVITY),
    ("On 2 May 2020, air defences intercepted at least one ballistic missile over the city of Kirkuk.",
     SubEventType.DISRUPTED_WEAPONS_USE),
    ("On 2 May 2020, a man was burnt to death by gunmen in Kirkuk.", SubEventType.ATTACK),
])
def test_territory_mobs_and_strategic_developments(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


def test_event_words_the_text_denies_open_no_event():
    for body in ("On 2 May 2020, the militia conducted a raid in the village of Kirkuk. No arrests or clashes were reported.",
                 "On 2 May 2020, soldiers entered the city of Kirkuk without any fighting."):
        assert SubEventType.ARMED_CLASH not in [e.sub_event_type for e in events_of(body)], body


@pytest.mark.parametrize("body", [
    "On 2 May 2020, a suspected thief died after jungle justice in the city of Kirkuk.",
    "On 2 May 2020, inhabitants attacked two tax collectors in the city of Kirkuk.",
])
def test_jungle_justice_and_inhabitants_attacking_are_mob_violence(body):
    assert [e.sub_event_type for e in events_of(body)] == [SubEventType.MOB_VIOLENCE]


@pytest.mark.parametrize("body", [
    # Deaths in a disaster or an accident are no political violence ...
    "On 2 May 2020, an earthquake killed 8 people in the city of Kirkuk.",
    "On 2 May 2020, 19 people were killed when their bus plunged off a bridge in the city of Kirkuk.",
    # ... a claim of responsibility is not the attack (reported before) ...
    "On 2 May 2020, the militants claimed responsibility for the bomb attack in the city of Kirkuk.",
    # ... and missile tests hit nobody.
    "On 2 May 2020, the country carried out missile tests near the city of Kirkuk.",
])
def test_disasters_claims_and_weapon_tests_are_no_event(body):
    assert events_of(body) == []
    assert classify(body) is None


@pytest.mark.parametrize("body, sub", [
    ("On 2 May 2020, gunmen killed 3 people after a car accident in the city of Kirkuk.", SubEventType.ATTACK),
    ("On 2 May 2020, police seized a cache of weapons in the city of Kirkuk.", SubEventType.DISRUPTED_WEAPONS_USE),
    ("On 2 May 2020, police seized 50 rifles and a grenade launcher in the city of Kirkuk.",
     SubEventType.DISRUPTED_WEAPONS_USE),
    ("On 2 May 2020, a kamikaze went off near a bus station in the city of Kirkuk, killing two people.",
     SubEventType.SUICIDE_BOMB),
])
def test_violence_near_an_accident_seized_weapons_and_kamikazes(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


@pytest.mark.parametrize("body, sub", [
    # Codebook: forces withdrawing from a place, or a place handed over, without fighting: a non-violent transfer.
    ("On 2 May 2020, all regime forces have withdrawn from the base near the city of Kirkuk.",
     SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY),
    ("On 2 May 2020, the rebels entered the city of Kirkuk without any fighting after the army pulled out of it.",
     SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY),
    # A base or post established, told in the passive too.
    ("On 2 May 2020, Turkish forces were seen establishing a new military post in the city of Kirkuk.",
     SubEventType.HEADQUARTERS_OR_BASE_ESTABLISHED),
    ("On 2 May 2020, three observation points were set up in the city of Kirkuk.", SubEventType.HEADQUARTERS_OR_BASE_ESTABLISHED),
    # Property destroyed, in the passive or as a noun.
    ("On 2 May 2020, more foreign-owned shops have been burned in the city of Kirkuk.",
     SubEventType.LOOTING_PROPERTY_DESTRUCTION),
    # Live rounds shot to clear a protest, attacks on protesters: excessive force.
    ("On 2 May 2020, security forces shot live rounds to clear protests in the city of Kirkuk.",
     SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
])
def test_transfers_bases_destruction_and_force_phrasings(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]
    assert classify(body) == sub


@pytest.mark.parametrize("body, sub", [
    # Smoke or stun grenades and pepper spray are crowd control (an intervention), not grenade attacks.
    ("On 2 May 2020, protesters rallied in the city of Kirkuk until police used smoke grenades to disperse them.",
     SubEventType.PROTEST_WITH_INTERVENTION),
    # A protest that descended into violence is a violent demonstration.
    ("On 2 May 2020, a protest in the city of Kirkuk descended into one of the worst outbreaks of violence in years.",
     SubEventType.VIOLENT_DEMONSTRATION),
])
def test_crowd_control_weapons_and_protests_turning_violent(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]
    assert classify(body) == sub


@pytest.mark.parametrize("body, sub", [
    # The subject of a passive verb lost the place: rebels pushed back means the government regained it.
    ("On 2 May 2020, the rebels were pushed back from their strongholds near the city of Kirkuk.",
     SubEventType.GOVERNMENT_REGAINS_TERRITORY),
    ("On 2 May 2020, troopers captured two rebel camps near the city of Kirkuk.", SubEventType.GOVERNMENT_REGAINS_TERRITORY),
    # Troops marching into a town are no protest.
    ("On 2 May 2020, government forces captured a town and marched deeper into the city of Kirkuk.",
     SubEventType.GOVERNMENT_REGAINS_TERRITORY),
])
def test_passive_losers_troopers_and_marching_troops(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]
    assert classify(body) == sub


def test_forces_deployed_in_anticipation_of_protests_are_no_protest():
    body = "On 2 May 2020, the army deployed forces in the city of Kirkuk in anticipation of more demonstrations."
    assert [e.sub_event_type for e in events_of(body)] == [SubEventType.CHANGE_TO_GROUP_ACTIVITY]


@pytest.mark.parametrize("body, sub", [
    # A denial of care is no denial of the event told next.
    ("On 2 May 2020, detainees were denied medical care and tortured in the prison of the city of Kirkuk.",
     SubEventType.ATTACK),
    # What people arrested are accused of is another event.
    ("On 2 May 2020, police arrested two men accused of killing a trader in the city of Kirkuk.", SubEventType.ARRESTS),
])
def test_denials_and_accusations_only_hide_the_event_they_name(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


@pytest.mark.parametrize("body, sub", [
    # Codebook: a named armed group and state forces as the two sides of an attack make a battle, whoever died ...
    ("On 2 May 2020, Taliban militants attacked Afghan forces in the city of Kunduz, killing a civilian.",
     SubEventType.ARMED_CLASH),
    # ... but a force that only tells the news is no side, and an armed group alone against civilians is an attack.
    ("On 2 May 2020, Taliban militants killed 3 civilians in the city of Kunduz, police said.", SubEventType.ATTACK),
    ("On 2 May 2020, Taliban militants killed 3 civilians in the city of Kunduz.", SubEventType.ATTACK),
])
def test_an_attack_between_a_named_armed_group_and_state_forces_is_a_battle(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


@pytest.mark.parametrize("body, group", [
    ("On 2 May 2020, CODECO militiamen attacked the army in the city of Bunia, killing a civilian.",
     "CODECO: Cooperative for Development of Congo"),
    ("On 2 May 2020, ADF rebels attacked the army in the city of Beni, killing a civilian.", "ADF: Allied Democratic Forces"),
])
def test_named_armed_groups_in_the_actor_list_make_an_attack_on_the_army_a_battle(body, group):
    found = events_of(body)
    assert [e.sub_event_type for e in found] == [SubEventType.ARMED_CLASH]
    assert found[0].actor1.name == group


def test_state_force_acronyms_name_a_side():
    found = events_of("On 2 May 2020, Taliban militants attacked the ANP in the city of Kunduz, killing a civilian.")
    assert [e.sub_event_type for e in found] == [SubEventType.ARMED_CLASH]
    assert found[0].actor2.name == "Police Forces of Afghanistan"


@pytest.mark.parametrize("body, country", [
    # A group that fights in one country names the country (the place is then looked up there).
    ("On 2 May 2020, YPG fighters clashed with Turkish-backed factions in the village of Tal Tamr.", "SY"),
    ("On 2 May 2020, Abu Sayyaf gunmen clashed with soldiers in the town of Patikul.", "PH"),
])
def test_groups_fighting_in_one_country_name_it(body, country):
    found = events_of(body)
    assert found and found[0].location.country_code == country


@pytest.mark.parametrize("body, sub", [
    # Codebook: people taken in the course of fighting are part of the battle; civilians taken in an ambush are abducted.
    ("On 2 May 2020, militants clashed with soldiers near the city of Kaduna and abducted two soldiers.",
     SubEventType.ARMED_CLASH),
    ("On 2 May 2020, gunmen ambushed a bus near the city of Kaduna and abducted 10 passengers.",
     SubEventType.ABDUCTION),
])
def test_abductions_during_fighting_and_of_travellers(body, sub):
    assert [e.sub_event_type for e in events_of(body)][:1] == [sub]


def test_the_police_who_only_tell_what_happened_are_no_side_of_it():
    (bomb,) = events_of("On 2 May 2020, a bomb exploded at a market in Kirkuk, killing 15 people, police said.")
    assert bomb.actor1.name == "Unidentified Armed Group (Iraq)" and "Police" in bomb.sources
    (attack,) = events_of("On 2 May 2020, gunmen killed 3 villagers in Kirkuk, according to the police.")
    assert attack.actor1.name == "Unidentified Armed Group (Iraq)"
    # telling of their own act, they are a side
    (arrest,) = events_of("On 2 May 2020, police said they arrested 12 protesters in Kirkuk.")
    assert "Police Forces of Iraq" in {a.name for a in (arrest.actor1, arrest.actor2) if a}


def test_drones_that_kill_are_an_air_strike_by_the_forces_of_their_country():
    (strike,) = events_of("On 2 May 2020, Turkish drones killed two PKK fighters near Sinjar.")
    assert (strike.sub_event_type, strike.location.country_code, strike.actor1.name, strike.actor2.name) == (
        SubEventType.AIR_DRONE_STRIKE, "IQ", "Military Forces of Turkey", "PKK: Kurdistan Workers Party")


def test_violence_whose_perpetrator_is_not_named_is_an_unidentified_armed_groups():
    (blast,) = events_of("On 2 May 2020, a landmine exploded near Kirkuk, killing 2 shepherds.")
    assert (blast.actor1.name, blast.actor1.as_written) == ("Unidentified Armed Group (Iraq)", "")


def test_state_forces_are_named_as_acled_names_them():
    (clash,) = events_of("On 2 May 2020, Philippine troops clashed with Abu Sayyaf militants in Jolo, Sulu.")
    assert clash.actor1.name.startswith("Military Forces of the Philippines")
    assert clash.location.country == "Philippines"


def test_a_battle_between_two_states_forces_has_both_as_its_sides():
    (clash,) = events_of("On 27 April 2020, military forces of Armenia fired at the positions of the military forces "
                         "of Azerbaijan near Tovuz.")
    assert (clash.sub_event_type, clash.actor1.name, clash.actor2.name, clash.assoc_actors) == (
        SubEventType.ARMED_CLASH, "Military Forces of Armenia", "Military Forces of Azerbaijan", [])


@pytest.mark.parametrize("body, actors", [
    ("On 2 May 2020, Saudi-led coalition airstrikes targeted a market in Al Malagim, Al Bayda, killing 3 civilians.",
     ("Operation Restoring Hope", "Civilians (Yemen)")),
    ("On 2 May 2020, the Ukrainian Forces fired heavy machine guns at the positions of the Donbass People's Militia "
     "near Vasylivka, Donetsk.", ("Military Forces of Ukraine", "NAF: United Armed Forces of Novorossiya")),
    ("On 2 May 2020, military forces of Artsakh fired at the positions of the military forces of Azerbaijan near "
     "Martuni.", ("Military Forces of Artsakh", "Military Forces of Azerbaijan")),
    ("On 2 May 2020, pro-Hadi and affiliated forces clashed with pro-Houthi forces in Nihm, Sanaa.",
     ("Military Forces of Yemen", "Military Forces of Yemen (2016-) Supreme Political Council")),
])
def test_the_sides_of_the_wars_in_yemen_donbas_and_karabakh_are_named_as_acled_names_them(body, actors):
    (event,) = events_of(body)
    assert (event.actor1.name.split(" (")[0], event.actor2.name) == (actors[0].split(" (")[0], actors[1])


def test_islamist_militants_are_an_islamist_militia_unless_named():
    (attack,) = events_of("On 3 May 2020, Islamic militants attacked Nangade village (Nangade, Cabo Delgado), killing 2 "
                          "civilians.")
    assert attack.actor1.name == "Islamist Militia (Mozambique)"
    (clash,) = events_of("On 3 May 2020, Islamist militants of al-Shabaab clashed with soldiers near Baidoa.")
    assert clash.actor1.name == "Al Shabaab" and clash.actor2.name.startswith("Military Forces of Somalia")

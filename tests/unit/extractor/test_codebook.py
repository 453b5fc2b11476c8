"""A test set of our own, written from the ACLED codebook's sub-event definitions (not from evaluation rows):
one short report per sub-event type, in the style of a wire story, with the type ACLED's rules give it.
It keeps rule changes honest where the evaluation data has few examples of a type."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services.common.messages import Article
from services.extractor.engine import classify, extract_events

CODEBOOK_CASES = [
    ("Armed clash", "On 2 May 2020, Taliban militants clashed with Afghan soldiers in Kunduz, killing 4 soldiers and 7 militants."),
    # Codebook: an attack on armed agents (police at a checkpoint) is a battle, not violence against civilians.
    ("Armed clash", "On 1 May 2020, gunmen attacked a police checkpoint in Maiduguri, Borno; two policemen were killed."),
    ("Government regains territory", "On 30 April 2020, government forces recaptured the village of Kafr Nabl in Idlib after heavy fighting."),
    ("Air/drone strike", "On 29 April 2020, Russian warplanes struck the town of Ariha in Idlib province, killing three civilians."),
    ("Shelling/artillery/missile attack", "On 1 May 2020, rebel forces fired mortars at government positions near Avdiivka, Donetsk."),
    ("Remote explosive/landmine/IED", "On 30 April 2020, a roadside bomb exploded under a bus near Jalalabad, Nangarhar, killing five passengers."),
    ("Suicide bomb", "On 28 April 2020, a suicide bomber blew himself up at a market in Mogadishu, killing 6 people."),
    ("Grenade", "On 2 May 2020, unidentified men threw a grenade into a shop in Srinagar, injuring two people."),
    ("Sexual violence", "On 1 May 2020, soldiers raped two women in the village of Minova, South Kivu."),
    ("Attack", "On 29 April 2020, gunmen shot dead a farmer in his field near Jos, Plateau."),
    ("Abduction/forced disappearance", "On 30 April 2020, armed men abducted four traders on the road near Kaduna."),
    ("Peaceful protest", "On 1 May 2020, hundreds of workers held a rally in Santiago to demand higher wages."),
    ("Protest with intervention", "On 2 May 2020, students protested in Dhaka against fee increases; police dispersed the protesters with batons."),
    ("Violent demonstration", "On 30 April 2020, protesters in Beirut threw stones at soldiers and set tyres on fire."),
    ("Mob violence", "On 28 April 2020, a man accused of theft was beaten to death by a mob in Kampala."),
    ("Arrests", "On 1 May 2020, police arrested an opposition leader in Harare."),
    ("Disrupted weapons use", "On 30 April 2020, army engineers defused an explosive device found on a road near Kirkuk."),
    ("Looting/property destruction", "On 2 May 2020, militants torched a school in the village of Tillaberi."),
    ("Change to group/activity", "On 1 May 2020, Houthi forces sent reinforcements to the front line near Marib."),
    ("Agreement", "On 1 May 2020, the government and the rebels signed a ceasefire agreement in Juba."),
    ("Headquarters or base established", "On 30 April 2020, Turkish forces set up a new military post in the village of Kafr Lusin in Idlib."),
    ("Non-state actor overtakes territory", "On 29 April 2020, Islamic State militants captured the town of Mocimboa da Praia after government troops fled."),
    ("Non-violent transfer of territory", "On 2 May 2020, the militia withdrew from the town of Gao and handed over control to the army without a fight."),
    ("Chemical weapon", "On 28 April 2020, a chlorine gas attack on the town of Douma killed 12 civilians."),
    ("Excessive force against protesters", "On 1 May 2020, security forces opened fire on protesters in Baghdad, killing 3 demonstrators."),
]


def _extract(text: str):
    art = Article(id="codebook", title="", body=text, published_at=datetime(2020, 5, 3, 12, tzinfo=timezone.utc),
                  content_hash="x")
    return extract_events(art).events


@pytest.mark.parametrize(("sub_event_type", "text"), CODEBOOK_CASES, ids=[f"{s}-{i}" for i, (s, _) in enumerate(CODEBOOK_CASES)])
def test_codebook_report_gets_its_sub_event_type(sub_event_type, text):
    events = _extract(text)
    assert events, "no event"
    assert events[0].sub_event_type.value == sub_event_type
    assert classify(text).value == sub_event_type


def test_parts_after_the_verb_are_summed():
    assert _extract(CODEBOOK_CASES[0][1])[0].fatalities == 11


def test_town_is_resolved_within_the_division_the_text_names():
    event = _extract(CODEBOOK_CASES[4][1])[0]
    assert (event.location.admin1, event.location.country_code) == ("Donetsk", "UA")


def test_a_modal_after_the_event_word_does_not_cancel_the_event():
    events = _extract("On 30 April 2020, hundreds of people demonstrated in Jerusalem against petitions that could "
                      "prevent the prime minister from serving.")
    assert [e.sub_event_type.value for e in events] == ["Peaceful protest"]


def test_a_threat_is_not_an_event():
    assert _extract("On 30 April 2020, the militants threatened to attack the town of Kidal in the coming days.") == []


def test_organisation_acronyms_are_not_places():
    events = _extract("On 3 May 2020, GNA forces targeted LNA positions with heavy artillery fire in Tripoli.")
    assert events and events[0].location.country_code != "BY"


@pytest.mark.parametrize(("body", "language"), [
    ("مقتل 12 شخصا في هجوم على مدينة حلب يوم الاثنين", "ar"),
    ("Мирные жители погибли при обстреле Донецка, сообщили власти.", "ru"),
    ("Al menos 12 personas murieron en un ataque en la ciudad de Culiacán, según la policía local.", "es"),
])
def test_non_english_text_is_marked_not_extracted(body, language):
    art = Article(id="x", title="", body=body, published_at=datetime(2020, 5, 3, tzinfo=timezone.utc), content_hash="x")
    result = extract_events(art)
    assert result.events == [] and result.language == language
    assert any("non-English" in w for w in result.warnings)

"""Fatality and injury counts in one sentence (ACLED: the most conservative figure, parts summed)."""

from __future__ import annotations

import pytest

from services.extractor.engine.counts import Share, injured, killed, split_share


def total(counts) -> int:
    return sum(c.value for c in counts)


@pytest.mark.parametrize(("sentence", "dead"), [
    ("A man was found dead near the market.", 1),
    ("Gunmen killed a member of the police in the city.", 1),
    ("Two armed men attacked two men in the street. Both victims died.", 2),
    ("The clash lasted an hour, resulting in one death.", 1),
    ("Three people were shot; 3 fatalities.", 3),
    ("Troops killed 4 militants and 2 commanders, officials said.", 6),
    ("Dozens of protesters were killed.", 12),
    ("Gunmen killed a total of 17 fighters.", 17),
    ("The officers returned fire, killing him.", 1),
    ("Police hit the suspect, who died on the way to hospital.", 1),
])
def test_fatalities_in_a_sentence(sentence, dead):
    assert total(killed(sentence)) == dead


def test_injuries_are_not_fatalities_and_fatalities_not_injuries():
    sentence = "The attack killed 4 soldiers and wounded 12 others; 4 fatalities."
    assert {c.value for c in killed(sentence)} == {4}
    assert total(injured(sentence)) == 12


def test_no_figure_no_fatalities():
    assert killed("Police dispersed the crowd. No fatalities were reported.") == []


def dead(sentence: str) -> int:
    """What an event would take from one sentence: the parts summed, a stated tally as a total."""
    counts = killed(sentence)
    return max(sum(c.value for c in counts if not c.toll), max((c.value for c in counts if c.toll), default=0))


@pytest.mark.parametrize(("sentence", "n"), [
    # Codebook: an unknown number of dead, or fatalities with no figure, is coded 10; 'tens' 10, 'dozens' 12.
    ("Clashes between the two militias resulted in fatalities on both sides.", 10),
    ("An unknown number of soldiers were reportedly injured and killed.", 10),
    ("Warplanes killed an unspecified number of insurgents near the border.", 10),
    ("The raid left 'dozens' dead.", 12),
    ("Tens of villagers were killed in the massacre.", 10),
    ("Half a dozen soldiers were killed.", 6),
    ("Gunmen killed a couple of farmers.", 2),
    # A range is coded at its conservative end.
    ("The attack led to the killing of 3 militants and 1-2 policemen.", 4),
    # Parts, in whatever shape the text gives them, are summed once.
    ("A man and a woman were shot dead in the market.", 2),
    ("Two women and a man were killed in their house.", 3),
    ("Troops killed a rebel commander and his son at a checkpoint.", 2),
    ("The fighting resulted in 25 rebels and 6 soldiers fatalities.", 31),
    ("5 civilians (2 men, 2 women and 1 child) were killed when their bus hit a mine.", 5),
    ("Three civilians were kidnapped and killed by the militants.", 3),
    # The dead found: bodies and corpses.
    ("The bodies of two men were found by the road.", 2),
    ("Five corpses of suspected militants were discovered the next day.", 5),
    ("Gunmen shot a trader, resulting in his death.", 1),
    ("One man was injured and the other died.", 1),
    ("3 people were injured and 1 person died in hospital.", 1),
])
def test_codebook_figures(sentence, n):
    assert dead(sentence) == n


@pytest.mark.parametrize(("sentence", "n"), [
    ("Two gunmen killed a villager.", 1),  # the two are the killers
    ("1 killed 3 injured.", 1),
    ("The bomber blew himself up, leaving 3 policemen injured.", 0),
])
def test_killers_and_wounded_are_not_counted_as_dead(sentence, n):
    assert dead(sentence) == n


@pytest.mark.parametrize("sentence", [
    "Relatives protested after more than 40 prisoners were killed by guards the previous day.",
    "The airstrikes came after militants killed 10 soldiers with a roadside bomb.",
    "Villagers marched a week after the attack that killed 20 people.",
    "Students demanded justice for a youth who was killed by police.",
    "Militants burned down 20 huts and killed 15 livestock.",
    "2 militants were killed, injured or captured during the operation.",
    "Police opened fire, leaving several protesters wounded.",
])
def test_no_fatalities_of_this_event(sentence):
    assert dead(sentence) == 0


def test_a_stated_tally_is_a_total_not_an_addition():
    counts = killed("Gunmen shot dead a leader and three of his relatives; 4 fatalities.")
    assert dead("Gunmen shot dead a leader and three of his relatives; 4 fatalities.") == 4
    assert any(c.toll and c.stated and c.value == 4 for c in counts)
    assert [c.value for c in killed("Fatalities coded as 0.") if c.stated] == [0]


def test_sources_that_disagree_give_the_conservative_figure():
    assert dead("Officials said 25 people were killed, but other sources reported at least 37 were killed.") == 25


@pytest.mark.parametrize(("sentence", "n"), [
    ("A rioter succumbed to his wounds on Tuesday.", 1),
    ("Gunmen fatally shot the leader of the movement near his house.", 1),
    ("A number of fighters were reportedly killed in addition to one soldier.", 11),
    ("A man was abducted by four men and stabbed to death.", 1),
    ("A cadre of Communist Party of India-Maoist (CPI-Maoist) was killed in the encounter.", 1),
    ("At least 20 members of the security forces including a police commander have been killed.", 20),
    # Codebook: plural dead with no figure is an unknown number, coded 10.
    ("The militants took three barracks and killed and wounded Taliban fighters.", 10),
])
def test_more_ways_of_giving_the_dead(sentence, n):
    assert dead(sentence) == n


@pytest.mark.parametrize("sentence", [
    "Prisoners demonstrated after the death of a fellow prisoner.",
    "The army fired artillery after the militants detonated an IED killing and injuring soldiers.",
])
def test_the_dead_of_an_earlier_event_referred_to(sentence):
    assert dead(sentence) == 0


def test_the_event_after_which_a_state_is_described_keeps_its_dead():
    # "now 7km from the town after heavy clashes that killed 26": the clashes are the reported event
    assert dead("Troops are now 7km from the town after heavy clashes on Wednesday that killed at least 26 fighters.") == 26
    assert dead("The attackers withdrew after having killed and injured a number of fighters.") == 10


@pytest.mark.parametrize(("text", "share", "found", "each"), [
    # ACLED divides a summarised toll over the events (locations, days) it covers.
    ("Fatalities coded as 18 and spread across five locations.", Share(5, 18), 0, 4),
    ("Unknown fatalities coded as 10 and spread across three locations in two days.", Share(6, 10), 0, 2),
    ("78 fighters were killed. Fatalities split between 2 events.", Share(2), 78, 39),
    ("Fatalities are split across 2 events (7).", Share(2, None, 7), 15, 7),
    ("During the day, one soldier was killed [1 fatality split among 12 events].", Share(12, 1), 1, 0),
])
def test_a_toll_split_between_events(text, share, found, each):
    assert split_share(text) == share
    assert split_share(text).of(found) == each


def test_no_split_statement_no_share():
    assert split_share("Five soldiers were killed; 5 fatalities.") is None
    assert split_share("The aid was split between two villages.") is None


@pytest.mark.parametrize(("sentence", "n"), [
    ("Two plastic bags containing the remains of two men were left by the road.", 2),
    ("The bombing claimed 12 lives.", 12),
    ("Gunmen fatally wounded a policeman.", 1),
    ("A man was murdered in his home.", 1),
    ("The blast killed all 5 passengers.", 5),
    ("He was abducted on Monday; his body was found on Tuesday.", 1),
])
def test_other_ways_news_gives_the_dead(sentence, n):
    assert dead(sentence) == n


def test_fatally_wounded_is_dead_not_wounded():
    assert injured("Gunmen fatally wounded a policeman and wounded two others.")[0].value == 2
    assert total(injured("Gunmen fatally wounded a policeman and wounded two others.")) == 2


def test_dead_in_addition_are_marked():
    assert [c.also for c in killed("Officials said 2 militants were also killed.")] == [True]
    assert [c.also for c in killed("2 policemen were killed in the attack.")] == [False]


@pytest.mark.parametrize(("sentence", "n"), [
    ("Two suspected militants who police said were involved in the drug trade were shot dead.", 2),
    ("A man from the town died as a result of torture in prison.", 1),
    ("One was burnt alive and the other was stoned to death.", 2),
    ("One man was injured and the other died.", 1),
])
def test_the_dead_in_longer_subjects(sentence, n):
    assert total(killed(sentence)) == n


def test_a_tally_given_in_parts_is_one_total():
    counts = killed("Unknown fatalities coded at 3, in addition to 2 known fatalities.")
    assert [c.value for c in counts if c.stated] == [5]


@pytest.mark.parametrize("sentence", [
    # Cumulative figures are the dead of a period, not of the event.
    "Gunmen killed 3 soldiers, bringing the death toll this year to 300.",
    "Since April, 120 people have been killed in the region.",
    "40 people were killed there last month.",
    "More than 300 people have been killed in such attacks this year.",
    "The conflict has caused 300 deaths so far.",
    # Hypothetical dead.
    "Officials warned that hundreds more could be killed.",
    "The militants threatened to kill 20 hostages.",
    "5 soldiers were feared dead.",
])
def test_cumulative_and_hypothetical_figures_are_no_event_fatalities(sentence):
    assert [c.value for c in killed(sentence) if c.value != 3] == []


def test_a_superlative_period_is_no_cumulative_figure():
    assert dead("In the deadliest attack this year, gunmen killed 30 villagers.") == 30
    assert dead("On 30 April 2020, 5 people were killed.") == 5


@pytest.mark.parametrize(("sentence", "dead_n", "hurt_n"), [
    ("1 killed 3 injured.", 1, 3),
    ("3 wounded 2 killed.", 2, 3),
    ("The attack killed 4 soldiers and wounded 12 others.", 4, 12),
])
def test_headline_style_dead_and_wounded_kept_apart(sentence, dead_n, hurt_n):
    assert (total(killed(sentence)), total(injured(sentence))) == (dead_n, hurt_n)


@pytest.mark.parametrize(("sentence", "n"), [
    ("At least 12 people, including three children, were killed in the attack.", 12),
    ("Two people, including a child, were killed.", 2),
    ("Eleven people, among them four women, lost their lives.", 11),
    ("The blast killed the bomber and two passers-by.", 3),
    ("Gunmen killed a village chief and his two sons.", 3),
    # The attacker's own death, when the text tells it.
    ("A suicide bomber killed himself and 4 others.", 5),
    ("A gunman opened fire on worshippers, killing 5 before being shot dead by police.", 6),
    # Sources that disagree: the conservative figure.
    ("Police said 4 people were killed; residents put the toll at 10.", 4),
])
def test_news_phrasings(sentence, n):
    assert dead(sentence) == n


@pytest.mark.parametrize("sentence", [
    "The bomber tried to blow himself up but was arrested.",
    "Police shot the suicide bomber before he could detonate his vest.",
    "An IED detonated near a patrol.",
])
def test_no_attacker_death_without_one(sentence):
    assert killed(sentence) == []


@pytest.mark.parametrize("sentence", [
    "One of the deaths was a commander.",  # part of a toll told before, no tally of its own
    "Nigeria has recorded 58 deaths from COVID-19.",
    "3 prisoners died of coronavirus in the jail.",
])
def test_no_tally_of_this_event(sentence):
    assert killed(sentence) == []


def test_verb_gate_words_cover_every_form_of_the_verb():
    # The figure-before-verb patterns are skipped for a sentence without any of these words: each form of the
    # verb must contain one, or a toll told with it would be missed.
    from services.extractor.engine import counts
    from services.extractor.engine.sources import split_top

    for verb, words in ((counts._KILL, counts._KILL_VERB_WORDS), (counts._HURT, counts._HURT_VERB_WORDS)):  # noqa: SLF001
        assert verb.startswith("(?:") and verb.endswith(")")
        for form in split_top(verb[3:-1]):
            assert any(w in form for w in words), form
    assert counts.killed("Three people were shot to death on Monday.")[0].value == 3
    assert counts.injured("Two policemen were maimed.")[0].value == 2


@pytest.mark.parametrize("sentence,dead,hurt", [
    ("A soldier was killed and a child was injured near the checkpoint.", 1, 1),
    ("One policeman has been shot dead.", 1, 0),
    ("A man and a woman were killed in the raid, and a boy and his father were wounded.", 2, 2),
    ("Gunmen killed the mayor of the town on Monday.", 1, 0),
    ("Militants shot dead the son of a local official.", 1, 0),
])
def test_patterns_behind_a_gate_still_count_their_dead(sentence, dead, hurt):
    assert sum(c.value for c in killed(sentence)) == dead
    assert sum(c.value for c in injured(sentence)) == hurt


def test_every_match_of_a_gated_pattern_holds_one_of_its_gate_words():
    # A gate says which words a pattern cannot match without: a sentence lacking them all is not searched. Every
    # match over these sentences must then contain one of its gate words, or the gate would hide dead.
    from services.extractor.engine import counts

    sentences = ["a soldier was killed and a child was injured", "one policeman has been shot dead",
                 "a man and a woman were killed and a boy and his father were wounded", "gunmen killed the mayor",
                 "militants shot dead the son of a local official", "the death toll rose to 23", "killing him",
                 "leaving her dead", "the bodies of two men were found", "his body was found", "claimed 12 lives",
                 "the other one later died", "the man who was shot dead", "two men who police said were involved "
                 "were shot dead", "a rioter succumbed to his wounds", "killed and wounded taliban militants",
                 "killing and injuring 5", "led to the killing of 1 militant", "killed himself and 4 others"]
    gated = [(p, words) for p, words in counts._GATES.items()]  # noqa: SLF001
    assert len(gated) > 20
    matched = 0
    for pattern, words in gated:
        for low in sentences:
            for m in pattern.finditer(low):
                matched += 1
                assert any(w in m.group(0) for w in words), (pattern.pattern[:60], low)
    assert matched >= 15

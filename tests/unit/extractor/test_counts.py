"""Fatality and injury counts in one sentence (ACLED: the most conservative figure, parts summed)."""

from __future__ import annotations

import pytest

from services.extractor.engine.counts import injured, killed


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

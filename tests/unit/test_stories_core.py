"""Story level: independent write-ups of one story, told apart from other stories of the same war."""

from collections import Counter

from services.stories import core as story
from services.stories.core import (
    WindowCounts, anchor_terms, best_story, filing_terms, likeliest_texts, same_story, story_terms, story_text,
)

# Two outlets' own reports of one strike, and a third outlet's report of another strike that week.
WIRE = ("Airstrike on Kafr Nabl market kills 14",
        "Government aircraft struck the crowded vegetable market in Kafr Nabl on Monday, killing 14 civilians "
        "and wounding 30, the Syrian Observatory for Human Rights said. Rescuers searched the rubble.")
DAILY = ("Kafr Nabl mourns its dead after market raid",
         "Residents of Kafr Nabl buried their relatives a day after warplanes hit the town's vegetable market. "
         "Local medics counted 16 dead, among them four children, and dozens of wounded.")
OTHER = ("Shelling hits school in Jisr al-Shughur",
         "Artillery fire struck a primary school in Jisr al-Shughur on Tuesday, killing three pupils, the "
         "Syrian Observatory for Human Rights said. The army denied targeting civilians.")
# What the rest of the window (a week of reports about the war) holds: these words are everywhere.
BACKGROUND = frozenset({"syrian", "observatory", "human", "rights", "killing", "civilians", "struck", "killed",
                        "government", "army", "wounded"})


def window(*texts: frozenset[str], background: int = 200) -> WindowCounts:
    df = Counter({term: background for term in BACKGROUND})
    for terms in texts:
        df.update(terms)
    return WindowCounts(df.__getitem__, background + len(texts))


def terms_of(text: tuple[str, str]) -> frozenset[str]:
    return story_terms(*text)


def test_story_terms_are_content_words_and_numbers():
    terms = story_terms("Strike kills 14", "It was said that the 14 dead were in Idlib on Monday.")
    assert terms == {"strike", "kills", "14", "dead", "idlib"}


def test_two_outlets_own_words_are_one_story_and_another_strike_that_week_is_not():
    wire, daily, other = map(terms_of, (WIRE, DAILY, OTHER))
    counts = window(wire, daily, other)
    assert same_story(wire, daily, counts)
    assert not same_story(wire, other, counts)
    # unweighted, the war's common words would make the other strike as close as the same story
    assert len(wire & other) >= len(wire & daily) - 2


def test_words_every_text_of_the_window_holds_weigh_nothing():
    counts = window()
    assert counts.weight("syrian") == 0.0 < counts.weight("nabl")
    # two texts made only of the war's common words tell no story in particular
    assert not same_story(BACKGROUND, BACKGROUND, counts)


def test_a_text_is_filed_under_its_uncommon_terms_and_looks_up_by_its_rarest_shared_ones():
    wire, daily = terms_of(WIRE), terms_of(DAILY)
    counts = window(wire, daily)
    assert "kafr" in filing_terms(wire, counts) and "syrian" not in filing_terms(wire, counts)
    anchors = anchor_terms(daily, counts)
    assert {"kafr", "nabl", "market", "vegetable"} <= set(anchors)
    assert "relatives" not in anchors  # no other text used it: it cannot find anything
    assert len(anchors) <= story.ANCHORS
    many = frozenset(f"place{n}" for n in range(3 * story.FILED_TERMS))
    assert len(filing_terms(many, window(many))) == story.FILED_TERMS  # memory per text is bounded


def test_best_story_is_the_most_similar_text_of_another_outlet_at_or_above_the_threshold():
    wire, daily, other = map(terms_of, (WIRE, DAILY, OTHER))
    counts = window(wire, daily, other)
    school, market = story_text("school", "Wire", other, counts), story_text("market", "Wire", wire, counts)
    assert best_story(daily, "Daily", [school, market], counts) == "market"
    assert best_story(daily, "Daily", [school], counts) is None
    # an outlet's own texts share its boilerplate and templates: they do not join a story here
    assert best_story(daily, "Wire", [school, market], counts) is None


def test_the_texts_compared_are_those_the_most_anchor_weight_names():
    wire, daily, other = map(terms_of, (WIRE, DAILY, OTHER))
    counts = window(wire, daily, other)
    postings = {"kafr": ["market", "bakery"], "nabl": ["market"], "vegetable": ["market"], "shelling": ["school"]}
    assert likeliest_texts(postings, counts)[0] == "market"
    assert set(likeliest_texts(postings, counts)) == {"market", "bakery", "school"}
    many = {f"term{n}": [f"text{n}"] for n in range(3 * story.CANDIDATES)}
    assert len(likeliest_texts(many, counts)) == story.CANDIDATES  # a lookup compares a bounded number

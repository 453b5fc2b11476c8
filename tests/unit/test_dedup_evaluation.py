"""The evaluation code itself: copies it makes and the way it counts."""

import random
from datetime import date

from services.dedup.core import fingerprint_text, same_story
from services.dedup.evaluation import Counts, syndicated_copy
from services.merger.evaluation import Labelled, acled_event, score_merging
from tests.factories import ALEPPO_CITY, event
from tests.unit.test_dedup_core import REPORT


def test_a_syndicated_copy_keeps_the_figures_and_is_the_same_story():
    outlet, headline, body = syndicated_copy("Airstrike on market kills 14", REPORT, random.Random(1))
    assert outlet in body and headline != "Airstrike on market kills 14"
    original, copy = fingerprint_text("Airstrike on market kills 14", REPORT), fingerprint_text(headline, body)
    assert copy.facts == original.facts
    assert same_story(original, copy)


def test_counts_give_precision_and_recall():
    counts = Counts()
    for predicted, actual in ((True, True), (True, False), (False, True), (False, True), (False, False)):
        counts.add(predicted, actual)
    assert (counts.precision, counts.recall) == (0.5, 1 / 3)


def test_merging_score_counts_pairs_and_inflation():
    reports = [
        Labelled(event("r1", outlet="A"), "strike"),
        Labelled(event("r2", outlet="B", article="a2"), "strike"),
        Labelled(event("r3", on=date(2020, 1, 19), article="a3"), "strike"),  # dated wrongly: split off
        Labelled(event("r4", location=ALEPPO_CITY, article="a4"), "aleppo"),
    ]
    result = score_merging(reports)
    assert (result.pairs.true_pos, result.pairs.false_pos, result.pairs.false_neg) == (1, 0, 2)
    assert (result.canonical_events, result.true_events, result.inflation) == (3, 2, 1.5)


def test_an_acled_record_reads_as_a_report_of_its_event_and_two_records_stay_two_events():
    # Field names of an ACLED export; the values are made up.
    row = {"event_id_cnty": "SYR1", "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
           "event_date": "28-Apr-20", "location": "Saraqib", "admin1": "Idleb",
           "country": "Syria", "latitude": "35.86", "longitude": "36.80", "geo_precision": "1",
           "actor1": "Military Forces of Russia (2000-)", "actor2": "Civilians (Syria)", "assoc_actor_1": "",
           "assoc_actor_2": "", "fatalities": "2", "source": "SOHR"}
    strike = acled_event(row, "SY")
    assert (strike.event_date, strike.location.country_code, strike.fatalities) == (date(2020, 4, 28), "SY", 2)
    assert [a.name for a in (strike.actor1, strike.actor2)] == ["Military Forces of Russia (2000-)", "Civilians (Syria)"]
    elsewhere = acled_event({**row, "event_id_cnty": "SYR2", "location": "Ariha", "latitude": "35.81",
                             "longitude": "36.61"}, "SY")
    result = score_merging([Labelled(strike, "SYR1"), Labelled(elsewhere, "SYR2")])
    assert (result.pairs.false_pos, result.canonical_events) == (0, 2)


def test_story_pairs_are_scored_in_one_window_and_the_threshold_is_chosen_for_precision():
    from services.dedup.evaluation import StoryPair, best_threshold, story_counts, story_pairs_semeval
    from tests.unit.test_stories_core import DAILY, OTHER, WIRE

    def text(title_body):
        return f"{title_body[0]}  {title_body[1]}"

    rows = [{"pair_id": "1_2", "text1": text(WIRE), "text2": text(DAILY), "Overall": "1.0"},
            {"pair_id": "1_3", "text1": text(WIRE), "text2": text(OTHER), "Overall": "4.0"},
            {"pair_id": "2_3", "text1": text(DAILY), "text2": text(OTHER), "Overall": "2.0"}]  # ambiguous: left out
    pairs = story_pairs_semeval(rows)
    assert [(p.key, p.same) for p in pairs] == [("1_2", True), ("1_3", False)]
    assert all(p.similarity > 0 for p in pairs)  # each later text's anchors found the earlier one
    pairs = [StoryPair("a", 0.30, True), StoryPair("b", 0.20, False), StoryPair("c", 0.12, True)]
    assert best_threshold(pairs) == 0.30  # F0.5: one sure pair beats two with a false one
    assert (story_counts(pairs, 0.12).true_pos, story_counts(pairs, 0.12).false_pos) == (2, 1)


def test_story_groups_count_pairs_of_two_outlets_within_the_window_days_and_the_story_ids():
    from services.dedup.evaluation import story_groups
    from tests.unit.test_stories_core import BACKGROUND, DAILY, OTHER, WIRE

    # other reports of the week, so that the war's common words are common in the window
    week = [(f"Outlet {n}", f"Report {n}", " ".join(sorted(BACKGROUND)) + f" village{n}", 100) for n in range(30)]
    articles = [("Wire", *WIRE, 100), ("Daily", *DAILY, 101), ("Wire", *OTHER, 101), ("Daily", *OTHER, 120), *week]
    result = story_groups(articles, [{0, 1}, {2, 3}])
    # the pair of the second group is 19 days apart: outside the window, not compared
    assert (result.within.true_pos, result.within.false_neg) == (1, 0)
    assert result.group_stories == [1, 2] and result.group_outlets == [(2, 2), (1, 2)]

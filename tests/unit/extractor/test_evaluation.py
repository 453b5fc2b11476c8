"""The scoring helpers behind `make eval-extract` (the figures are only as good as these)."""

from __future__ import annotations

import csv

import pytest

from services.extractor import evaluation as ev


def test_km_between_idlib_and_maarat_al_numan_is_about_33_km():
    assert ev.km_between(35.9306, 36.6339, 35.6432, 36.6712) == pytest.approx(32.1, abs=1.0)
    assert ev.km_between(10, 20, 10, 20) == 0


def test_admin1_names_match_across_spellings_and_affixes():
    assert ev.same_admin1("Dar‘ā", "Dara")
    assert ev.same_admin1("Donetsk Oblast", "Donetsk")
    assert ev.same_admin1("Ad Dāli‘", "Ad Dali")
    assert not ev.same_admin1("Idlib", "Aleppo")
    assert not ev.same_admin1(None, "Aleppo")


def test_actor_names_match_without_their_qualifiers():
    assert ev.same_actor("Military Forces of Syria (2000-)", "Military Forces of Syria (2000-)")
    assert ev.same_actor("QSD: Syrian Democratic Forces", "QSD: Syrian Democratic Forces")
    assert ev.same_actor("Civilians (Syria)", "Civilians (Syria)") and ev.same_actor(None, "")
    assert not ev.same_actor("Rebels (Syria)", "Military Forces of Syria (2000-)")
    assert not ev.same_actor(None, "Civilians (Syria)") and not ev.same_actor("Civilians (Syria)", "")


def test_macro_f1_averages_classes_that_occur_and_counts_false_alarms():
    pairs = [("A", "A"), ("A", "B"), ("B", "B"), ("X", "B"), ("X", ev.NONE)]
    f1, per = ev.macro_f1(pairs, ["A", "B", "C"])
    assert per["A"][:3] == (1.0, 0.5, pytest.approx(2 / 3))
    assert per["B"][:3] == (pytest.approx(1 / 3), 1.0, 0.5)
    assert per["C"][3] == 0  # no support: left out of the average
    assert f1 == pytest.approx((2 / 3 + 0.5) / 2)


def test_fatalities_within_ten_percent_and_zero_is_exact():
    assert ev.fatalities_close(95, 100) and not ev.fatalities_close(89, 100)
    assert ev.fatalities_close(0, 0) and not ev.fatalities_close(1, 0)


def test_split_fatality_notes_are_recognised():
    assert ev.SPLIT_FATALITIES.search("Fatalities coded as 18 and spread across five locations.")
    assert ev.SPLIT_FATALITIES.search("fatalities split between the two events")
    assert not ev.SPLIT_FATALITIES.search("Fatalities coded as 0 (VoJ reported 1).")


def test_halves_are_stable_and_both_used():
    ids = [f"SYR{i}" for i in range(200)]
    halves = [ev.half_of(i) for i in ids]
    assert halves == [ev.half_of(i) for i in ids]
    assert 60 < halves.count("dev") < 140


def test_a_missing_event_scores_wrong_on_every_metric_including_fatalities():
    row = {"event_id_cnty": "SYR1", "notes": "On 1 May 2020, nothing.", "sub_event_type": "Attack",
           "event_type": "Violence against civilians", "event_date": "1-May-20", "fatalities": "0", "iso": "760",
           "admin1": "Idlib", "latitude": "35.9", "longitude": "36.6"}
    score = ev.AcledScore()
    ev.score_acled_row(score, row, None, {"760": "SY"})
    tally = score.halves[ev.half_of("SYR1")]
    assert tally.rate("fatalities exact") == 0 and tally.rate("event type") == 0
    assert score.confusion[("Attack", ev.NONE)] == 1


@pytest.mark.skipif(not ev.ACLED_CSV.exists(), reason=f"ACLED evaluation data absent: {ev.ACLED_CSV}")
def test_acled_rows_parse_into_articles_dated_by_the_event():
    with open(ev.ACLED_CSV, encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    art = ev.acled_article(row)
    assert art.body == row["notes"] and art.published_at.strftime("%-d-%b-%y") == row["event_date"]


def test_division_at_a_point_is_that_of_the_nearest_place_in_the_country():
    division_at = ev.DivisionAt()
    assert division_at(35.93, 36.63, "SY") == "Idlib"
    assert division_at(36.20, 37.16, "SY") == "Aleppo"
    assert division_at(0.0, -30.0, "SY") is None  # mid-Atlantic: no place of the country nearby

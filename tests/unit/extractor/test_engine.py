"""The pure extraction engine: the seed article and short ACLED-style articles, no services."""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from services.common.messages import Article, EventType, SubEventType
from services.extractor.engine import extract_events

SEED = Path(__file__).resolve().parents[3] / "seeds" / "000_4af32c6926a4521f.txt"
UTC = timezone.utc


def article(body: str, title: str = "", published: datetime | None = datetime(2020, 5, 1, 12, tzinfo=UTC),
            aid: str = "a1", **kw) -> Article:
    return Article(id=aid, title=title, body=body, published_at=published, source="Test Wire", content_hash="x", **kw)


@pytest.fixture(scope="module")
def seed_events():
    raw = SEED.read_text(encoding="utf-8")
    title, _, body = raw.partition("\n")
    art = Article(id="seed", title=title, body=body, published_at=datetime(2020, 1, 16, tzinfo=UTC),
                  source="The Guardian", content_hash="x")
    return art, extract_events(art)


def _by_sub(events, sub):
    found = [e for e in events if e.sub_event_type == sub]
    assert len(found) == 1, [(e.sub_event_type, e.location.name) for e in events]
    return found[0]


def test_seed_article_gives_exactly_three_events(seed_events):
    _, result = seed_events
    assert len(result.events) == 3
    assert result.language == "en"


def test_seed_airstrike_in_idlib_city(seed_events):
    _, result = seed_events
    e = _by_sub(result.events, SubEventType.AIR_DRONE_STRIKE)
    assert e.event_type == EventType.EXPLOSIONS_REMOTE_VIOLENCE
    assert (e.location.geonames_id, e.location.admin1, e.location.country, e.location.country_code) == (
        169389, "Idlib", "Syria", "SY")
    assert e.location.geo_precision == 1
    assert e.event_date == date(2020, 1, 15) and e.time_precision == 1
    assert e.fatalities == 21
    assert e.actor1.name.startswith("Military Forces of Syria") and e.actor1.category == "State forces"
    assert any(a.name.startswith("Military Forces of Russia") for a in e.assoc_actors + [e.actor2])
    assert e.actor2.name == "Civilians (Syria)"
    assert "SOHR" in e.sources


def test_seed_clash_near_maarat_al_numan_sums_both_sentences(seed_events):
    _, result = seed_events
    e = _by_sub(result.events, SubEventType.ARMED_CLASH)
    assert e.event_type == EventType.BATTLES
    assert e.location.geonames_id == 167611 and e.location.admin1 == "Idlib"
    assert e.location.geo_precision == 2
    assert e.event_date == date(2020, 1, 15)
    assert e.fatalities == 55
    assert e.actor1.name.startswith("Military Forces of Syria")
    assert e.actor2.name == "Hayat Tahrir al-Sham" and e.actor2.category == "Rebel group"
    assert e.sources == ["SOHR"]


def test_seed_rocket_fire_on_aleppo_has_approximate_date(seed_events):
    _, result = seed_events
    e = _by_sub(result.events, SubEventType.SHELLING_ARTILLERY_MISSILE)
    assert e.location.geonames_id == 170063 and e.location.admin1 == "Aleppo"
    assert e.fatalities == 4
    assert e.sources == ["SANA"]
    assert e.event_date == date(2020, 1, 15) and e.time_precision == 2


def test_seed_background_gives_no_more_events_or_fatalities(seed_events):
    _, result = seed_events
    assert sum(e.fatalities for e in result.events) == 80
    assert all(e.event_date.year == 2020 for e in result.events)
    assert not any(e.displaced for e in result.events)


def test_seed_evidence_offsets_point_into_body(seed_events):
    art, result = seed_events
    for e in result.events:
        assert e.evidence
        for ev in e.evidence:
            assert art.body[ev.start:ev.end] == ev.text
        assert e.article_ids == ["seed"] and e.outlets == ["The Guardian"]
        assert e.reported_at == art.published_at
        assert 0 <= e.confidence <= 1


def test_same_article_gives_same_event_ids(seed_events):
    art, result = seed_events
    again = extract_events(art)
    assert [e.id for e in again.events] == [e.id for e in result.events]
    assert len({e.id for e in result.events}) == 3


def test_peaceful_protest_in_baghdad():
    r = extract_events(article("Hundreds of protesters rallied in Baghdad on Thursday to demand jobs and "
                               "an end to corruption. The demonstration ended peacefully.", title="Iraq protest"))
    assert len(r.events) == 1
    e = r.events[0]
    assert e.sub_event_type == SubEventType.PEACEFUL_PROTEST and e.event_type == EventType.PROTESTS
    assert e.location.country_code == "IQ" and e.event_date == date(2020, 4, 30)
    assert e.actor1.name == "Protesters (Iraq)"


def test_roadside_bomb_in_afghanistan_is_remote_explosive():
    r = extract_events(article("A roadside bomb killed three Afghan soldiers in Kandahar on Wednesday, "
                               "officials said. Two other soldiers were wounded in the blast.", title="Afghanistan"))
    assert len(r.events) == 1
    e = r.events[0]
    assert e.sub_event_type == SubEventType.REMOTE_EXPLOSIVE
    assert e.location.name == "Kandahar" and e.location.country_code == "AF" and e.fatalities == 3 and e.injured == 2
    assert e.event_date == date(2020, 4, 29)


def test_abduction_of_students_in_nigeria():
    r = extract_events(article("Gunmen abducted 20 students from a school in Kaduna on Tuesday, police said.",
                               title="Nigeria kidnapping"))
    assert len(r.events) == 1
    e = r.events[0]
    assert e.sub_event_type == SubEventType.ABDUCTION
    assert e.event_type == EventType.VIOLENCE_AGAINST_CIVILIANS
    assert e.location.country_code == "NG" and e.actor1.name.startswith("Unidentified Armed Group")


def test_suicide_bombing_beats_generic_blast():
    r = extract_events(article("A suicide bomber blew himself up at a checkpoint in Kabul on Friday, killing "
                               "at least five people, the interior ministry said.", title="Afghanistan attack"))
    assert len(r.events) == 1
    e = r.events[0]
    assert e.sub_event_type == SubEventType.SUICIDE_BOMB and e.fatalities == 5
    assert e.event_date == date(2020, 5, 1)


def test_arrest_is_strategic_development():
    r = extract_events(article("Police arrested 15 opposition activists in Aden on Monday.", title="Yemen"))
    assert len(r.events) == 1
    e = r.events[0]
    assert e.sub_event_type == SubEventType.ARRESTS and e.event_type == EventType.STRATEGIC_DEVELOPMENTS
    assert e.location.country_code == "YE"


def test_dozens_killed_in_clashes_counts_twelve():
    r = extract_events(article("Dozens were killed in clashes between Houthi rebels and government forces near "
                               "Marib on Sunday.", title="Yemen fighting"))
    assert len(r.events) == 1
    e = r.events[0]
    assert e.sub_event_type == SubEventType.ARMED_CLASH and e.fatalities == 12
    assert e.location.geo_precision == 2
    # ACLED codes the Houthis' forces as those of the Sanaa government they formed in 2016
    assert {e.actor1.name, e.actor2.name} >= {"Military Forces of Yemen (2016-) Supreme Political Council"}


def test_parts_of_a_toll_are_summed():
    r = extract_events(article("Three soldiers and five militants were killed when Boko Haram fighters attacked "
                               "an army base in Monguno, Borno state, on Saturday.", title="Nigeria"))
    assert len(r.events) == 1
    e = r.events[0]
    assert e.fatalities == 8 and e.location.admin1 == "Borno"


def test_hypothetical_violence_gives_no_event():
    r = extract_events(article("Aid groups warned that renewed airstrikes on Idlib could kill thousands of "
                               "civilians in the coming weeks.", title="Syria warning"))
    assert r.events == [] and "no events found" in r.warnings


def test_cumulative_toll_since_march_gives_no_event():
    r = extract_events(article("More than 300 civilians have been killed in airstrikes in Hodeidah since March, "
                               "the UN said.", title="Yemen"))
    assert r.events == []


def test_history_gives_no_event():
    r = extract_events(article("In 2014, Islamic State fighters captured Mosul and killed hundreds of people.",
                               title="Iraq"))
    assert r.events == []


def test_grenade_attack_in_iraq():
    r = extract_events(article("Unidentified attackers threw a hand grenade at a shop in Basra on Tuesday, "
                               "wounding two people.", title="Iraq"))
    assert len(r.events) == 1
    assert r.events[0].sub_event_type == SubEventType.GRENADE and r.events[0].injured == 2


def test_explicit_day_month_date_is_used():
    r = extract_events(article("On 27 April, an airstrike killed four civilians in the village of Maarat "
                               "al-Numaan, Idlib province, local sources said.", title="Syria"))
    assert len(r.events) == 1
    e = r.events[0]
    assert e.event_date == date(2020, 4, 27) and e.location.geonames_id == 167611


def test_province_only_location_has_precision_three():
    r = extract_events(article("Fighting in Idlib province on Sunday killed 10 rebels.", title="Syria"))
    assert len(r.events) == 1
    loc = r.events[0].location
    assert loc.geo_precision == 3 and loc.admin1 == "Idlib" and loc.geonames_id is None


def test_non_english_article_is_not_extracted():
    r = extract_events(article("Au moins 21 civils ont été tués dans des frappes aériennes à Idleb, selon "
                               "l'Observatoire syrien des droits de l'homme, qui a publié un bilan mercredi.",
                               title="Syrie"))
    assert r.events == [] and r.language == "fr"
    assert any("non-English" in w for w in r.warnings)


def test_empty_text_warns_and_gives_nothing():
    r = extract_events(article("", title=""))
    assert r.events == [] and r.warnings == ["empty text"]


def test_a_headline_with_no_body_is_read():
    r = extract_events(article("", title="Airstrikes hit Idlib on Thursday, killing three civilians"))
    assert [(e.sub_event_type, e.location.place, e.fatalities, e.event_date) for e in r.events] == [
        (SubEventType.AIR_DRONE_STRIKE, "Idlib", 3, date(2020, 4, 30))]
    assert r.warnings == ["no body: events read from the title"]


@pytest.mark.parametrize("body", ["\x00\x01 <<<>>> ...", "A" * 1000, "." * 5000, "İİİ killed " * 200,
                                  "in " * 3000, "Syria" + "\n" * 5000, "🙂 killed in Aleppo 🙂" * 50])
def test_garbage_never_raises(body):
    r = extract_events(article(body))
    assert isinstance(r.events, list)
    assert not any(w.startswith("internal error") for w in r.warnings)


def test_five_megabytes_returns_with_cut_warning():
    para = ("Fighters clashed in Aleppo on Tuesday, killing 3 soldiers, the SOHR said. " * 20 + "\n")
    body = (para * (5_000_000 // len(para) + 1))[:5_000_000]
    t0 = time.perf_counter()
    r = extract_events(article(body))
    elapsed = time.perf_counter() - t0
    assert any(re.match(r"text cut to \d+ chars", w) for w in r.warnings)
    assert elapsed < 60  # bounded, not a benchmark
    print(f"5 MB article: {elapsed:.2f}s, {len(r.events)} events")


def test_missing_publication_date_still_extracts():
    r = extract_events(article("A roadside bomb killed two soldiers in Kandahar on Friday.", published=None))
    assert len(r.events) == 1
    assert any("no publication date" in w for w in r.warnings)


def test_a_date_in_a_background_sentence_does_not_date_the_events_reported_after_it():
    # Friday 1 May 2020: "on Wednesday" is 29 April; the truce's "Sunday" (26 April) is background.
    body = ("Air strikes killed at least 9 civilians in the city of Idlib on Wednesday, a monitor said. "
            "A truce brokered by Russia and Turkey was meant to take effect on Sunday but never held. "
            "Elsewhere, state media said four civilians were killed when rebels fired rockets at Aleppo.")
    events = extract_events(article(body)).events
    assert sorted((e.location.admin1, e.event_date) for e in events) == [
        ("Aleppo", date(2020, 4, 29)), ("Idlib", date(2020, 4, 29))]


def test_a_risen_death_toll_is_the_toll_and_victims_among_the_dead_are_not_added():
    body = ("The death toll from Wednesday's air raids on a market in Idlib rose to 23 on Thursday, "
            "a monitoring group said. Two rescue workers were among those killed when jets struck the market.")
    (strike,) = extract_events(article(body)).events
    assert strike.fatalities == 23


def test_warm_up_puts_the_gazetteer_out_of_the_collectors_sight():
    # A full collection that walks the gazetteer's millions of objects pauses a fresh worker for about 90 ms:
    # warm_up() freezes them, and the engine works the same afterwards.
    import gc

    from services.extractor.engine import warm_up
    from services.extractor.engine.gazetteer import gazetteer

    warm_up()
    index = gazetteer().index
    assert not any(o is index for o in gc.get_objects())  # (frozen objects are in no generation)
    events = extract_events(Article(id="w", title="", body="Two soldiers were killed in an airstrike in Idlib city "
                                                        "on Monday.", published_at=datetime(2020, 5, 6, tzinfo=timezone.utc),
                                    content_hash="-")).events
    assert [(e.sub_event_type, e.fatalities) for e in events] == [(SubEventType.AIR_DRONE_STRIKE, 2)]

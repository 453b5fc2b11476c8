"""Extraction rules written from the ACLED codebook and general news usage, each on sentences of our own."""

from __future__ import annotations

from datetime import date, datetime, timezone

from services.common.messages import Article, SubEventType
from services.extractor.engine import classify, extract_events

UTC = timezone.utc


def events_of(body: str, published: datetime = datetime(2020, 5, 4, 12, tzinfo=UTC)):
    return extract_events(Article(id="r1", title="", body=body, published_at=published, source="Test Wire",
                                  content_hash="x")).events


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

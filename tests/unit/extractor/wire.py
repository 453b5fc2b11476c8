"""Reports of our own, as the extraction engine gets them from the stream."""

from __future__ import annotations

from datetime import datetime, timezone

from services.common.messages import Article, Event
from services.extractor.engine import extract_events


def events_of(body: str, published: datetime = datetime(2020, 5, 4, 12, tzinfo=timezone.utc)) -> list[Event]:
    """The events of a wire report with this body, published at `published`."""
    return extract_events(Article(id="t1", title="", body=body, published_at=published, source="Test Wire",
                                  content_hash="x")).events

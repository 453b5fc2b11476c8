"""Extractor worker: `wirewatch worker extractor`."""

from __future__ import annotations

import asyncio

from services.common.messages import Event, UniqueArticle
from services.common.metrics import MESSAGES
from services.common.settings import WorkerSettings
from services.common.stream import SourceRef, StreamStage
from services.common.topics import ARTICLES_UNIQUE, EVENTS_EXTRACTED
from services.extractor.engine import extract_events, warm_up

SERVICE = "extractor"


def merge_bucket(event: Event) -> str:
    return f"{event.location.country_code or '??'}:{event.location.admin1 or '?'}"


def build(settings: WorkerSettings | None = None) -> StreamStage:
    settings = settings or WorkerSettings()
    # Before joining the group: a worker that holds partitions should be able to serve them.
    warm_up()
    stage = StreamStage(SERVICE, settings, ARTICLES_UNIQUE, UniqueArticle)

    @stage.handler
    async def handle(unique: UniqueArticle, ref: SourceRef) -> None:
        # The engine is CPU-bound; a thread keeps heartbeats flowing on long articles.
        extraction = await asyncio.to_thread(extract_events, unique.article)
        MESSAGES.labels(SERVICE, "events" if extraction.events else "no_events").inc()
        for event in extraction.events:
            await stage.send(EVENTS_EXTRACTED, merge_bucket(event), event)
        stage.log.info(
            "extracted", article_id=unique.article.id, events=len(extraction.events), warnings=extraction.warnings
        )

    return stage

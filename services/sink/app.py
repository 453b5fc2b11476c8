"""Sink worker: `wirewatch worker sink`."""

from __future__ import annotations

from collections.abc import Sequence

from services.common.messages import CanonicalEvent
from services.common.metrics import MESSAGES
from services.common.redis_io import async_redis
from services.common.settings import WorkerSettings
from services.common.stream import SourceRef, StreamStage
from services.common.topics import EVENTS_CANONICAL
from services.sink.aggregates import EventWriter

SERVICE = "sink"


def build(settings: WorkerSettings | None = None) -> StreamStage:
    settings = settings or WorkerSettings()
    stage = StreamStage(SERVICE, settings, EVENTS_CANONICAL, CanonicalEvent)
    writer = EventWriter(async_redis(settings.redis_url), settings)

    @stage.batch_handler
    async def handle(batch: Sequence[tuple[CanonicalEvent, SourceRef]]) -> None:
        for applied in await writer.write_batch([event for event, _ in batch]):
            MESSAGES.labels(SERVICE, "applied" if applied else "stale_version").inc()

    return stage

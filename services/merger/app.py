"""Merger worker: `wirewatch worker merger`."""

from __future__ import annotations

from collections.abc import Sequence

from services.common.messages import Event
from services.common.metrics import MESSAGES
from services.common.redis_io import async_redis
from services.common.settings import WorkerSettings
from services.common.stream import SourceRef, StreamStage
from services.common.topics import EVENTS_CANONICAL, EVENTS_EXTRACTED
from services.merger.store import RedisMergeStore

SERVICE = "merger"


def build(settings: WorkerSettings | None = None) -> StreamStage:
    settings = settings or WorkerSettings()
    stage = StreamStage(SERVICE, settings, EVENTS_EXTRACTED, Event)
    store = RedisMergeStore(async_redis(settings.redis_url), settings)

    @stage.batch_handler
    async def handle(batch: Sequence[tuple[Event, SourceRef]]) -> None:
        merged = await store.merge_batch([event for event, _ in batch])
        for (event, _), (canonical, changed) in zip(batch, merged):
            MESSAGES.labels(SERVICE, "merged" if changed else "repeat").inc()
            # Sent even when unchanged: the first send may have been lost in a crash before commit.
            await stage.send(EVENTS_CANONICAL, canonical.id, canonical)
            stage.log.info("canonical", event_id=event.id, canonical_id=canonical.id, version=canonical.version)

    return stage

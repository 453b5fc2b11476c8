"""Dedup worker: `wirewatch worker dedup`."""

from __future__ import annotations

import time
from collections.abc import Sequence

from services.common.messages import Article
from services.common.metrics import MESSAGES
from services.common.redis_io import async_redis
from services.common.settings import WorkerSettings
from services.common.stream import SourceRef, StreamStage
from services.common.topics import ARTICLES_RAW, ARTICLES_UNIQUE
from services.dedup.core import Verdict
from services.dedup.index import RedisDedupIndex

SERVICE = "dedup"


class DedupSettings(WorkerSettings):
    dedup_window_s: int = 7 * 24 * 3600


def build(settings: DedupSettings | None = None) -> StreamStage:
    settings = settings or DedupSettings()
    stage = StreamStage(SERVICE, settings, ARTICLES_RAW, Article)
    index = RedisDedupIndex(async_redis(settings.redis_url), settings, settings.dedup_window_s)

    @stage.batch_handler
    async def handle(batch: Sequence[tuple[Article, SourceRef]]) -> None:
        checked = await index.check_batch([(article, ref.token) for article, ref in batch], time.time())
        for (article, _), (decision, tally) in zip(batch, checked):
            MESSAGES.labels(SERVICE, decision.verdict.value).inc()
            if decision.verdict is Verdict.DUPLICATE:
                stage.log.info("duplicate", article_id=article.id, cluster_id=decision.cluster_id,
                               carriers=tally.carriers, outlets=tally.outlets)
            else:
                await stage.send(ARTICLES_UNIQUE, article.id, decision.unique)

    return stage

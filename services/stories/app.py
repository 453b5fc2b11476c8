"""Stories worker: `wirewatch worker stories`."""

from __future__ import annotations

import time
from collections.abc import Sequence

from services.common.messages import UniqueArticle
from services.common.metrics import MESSAGES
from services.common.redis_io import async_redis
from services.common.settings import WorkerSettings
from services.common.stream import SourceRef, StreamStage
from services.common.topics import ARTICLES_UNIQUE, STORIES
from services.stories.index import RedisStoryIndex

SERVICE = "stories"


class StoriesSettings(WorkerSettings):
    story_window_s: int = 7 * 24 * 3600


def build(settings: StoriesSettings | None = None) -> StreamStage:
    settings = settings or StoriesSettings()
    stage = StreamStage(SERVICE, settings, ARTICLES_UNIQUE, UniqueArticle)
    index = RedisStoryIndex(async_redis(settings.redis_url), settings, settings.story_window_s)

    @stage.batch_handler
    async def handle(batch: Sequence[tuple[UniqueArticle, SourceRef]]) -> None:
        stories = await index.file_batch([unique for unique, _ in batch], time.time())
        for (unique, _), story in zip(batch, stories):
            joined = story.id != unique.article.id
            MESSAGES.labels(SERVICE, "joined" if joined else "new").inc()
            # Sent on a redelivery too: the first send may have been lost in a crash before commit.
            await stage.send(STORIES, story.id, story)
            stage.log.info("story", article_id=unique.article.id, story_id=story.id, articles=story.articles,
                           outlets=len(story.outlets))

    return stage

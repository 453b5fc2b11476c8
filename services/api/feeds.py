"""API routes of the ingestor: the feed list and the push endpoint for articles.

    GET    /feeds              the feed list with each feed's polling state
    POST   /feeds              add a feed (or change its interval)
    DELETE /feeds/{feed_id}    remove a feed
    POST   /articles           push one article: published on articles.raw like a feed entry
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import AsyncIterator

from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from services.common.deadletters import Rejected
from services.common.redis_io import async_redis
from services.ingestor.app import IngestorSettings, Publisher
from services.ingestor.documents import build_article
from services.ingestor.poller import acked, publish_pushed
from services.ingestor.politeness import Feed, FeedState
from services.ingestor.store import FeedStore, new_feed

router = APIRouter(tags=["ingestion"])


@lru_cache(maxsize=1)
def ingestor_settings() -> IngestorSettings:
    return IngestorSettings()


_publishers: dict[tuple[str, str], Publisher] = {}


def publisher(settings: IngestorSettings = Depends(ingestor_settings)) -> Publisher:
    """One idempotent producer per API process (and namespace), created on the first push."""
    key = (settings.kafka_bootstrap, settings.namespace)
    if key not in _publishers:
        _publishers[key] = Publisher(settings)
    return _publishers[key]


async def feed_store(settings: IngestorSettings = Depends(ingestor_settings)) -> AsyncIterator[FeedStore]:
    client = async_redis(settings.redis_url)
    try:
        yield FeedStore(client, settings)
    finally:
        await client.aclose()


class NewFeed(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: HttpUrl
    interval_s: float | None = Field(None, ge=1, description="Seconds between polls (the poller's floor applies).")
    title: str | None = None


class ListedFeed(BaseModel):
    feed: Feed
    state: FeedState | None


class PushedArticle(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = ""
    body: str
    url: str | None = None
    published_at: datetime | None = None
    source: str | None = None
    language: str | None = None
    author: str | None = None


class PushResult(BaseModel):
    id: str
    version: int | None = Field(description="Version published; null when the same text was already published.")
    published: bool


@router.get("/feeds", response_model=list[ListedFeed])
async def list_feeds(store: FeedStore = Depends(feed_store)) -> list[ListedFeed]:
    feeds = await store.feeds()
    states = await store.states([feed.id for feed in feeds])
    return [ListedFeed(feed=feed, state=states.get(feed.id)) for feed in feeds]


@router.post("/feeds", response_model=Feed, status_code=201)
async def add_feed(body: NewFeed, store: FeedStore = Depends(feed_store),
                   settings: IngestorSettings = Depends(ingestor_settings)) -> Feed:
    feed = new_feed(str(body.url), body.interval_s or settings.feed_default_interval_s, body.title)
    await store.add([feed])
    return feed


@router.delete("/feeds/{feed_id}", status_code=204)
async def remove_feed(feed_id: str, store: FeedStore = Depends(feed_store)) -> Response:
    if not await store.remove(feed_id):
        raise HTTPException(404, detail="no such feed")
    return Response(status_code=204)


@router.post("/articles", response_model=PushResult, status_code=202)
async def push_article(pushed: PushedArticle, store: FeedStore = Depends(feed_store),
                       settings: IngestorSettings = Depends(ingestor_settings),
                       producer: Publisher = Depends(publisher)) -> PushResult:
    """Accepted once Kafka acknowledged it. Rejected input is dead-lettered and answered with 422."""
    try:
        if len(pushed.body.encode("utf-8")) > settings.max_article_bytes:
            raise Rejected("too_large", f"article body is over the {settings.max_article_bytes:,}-byte cap")
        article = build_article(pushed.title, pushed.body, **pushed.model_dump(exclude={"title", "body"}))
    except Rejected as rejected:
        await acked([producer.reject(rejected, pushed.model_dump_json().encode(), "api:/articles")])
        raise HTTPException(422, detail=f"{rejected.kind}: {rejected.reason}") from None
    result = await publish_pushed(store, producer, article, "api:/articles")
    return PushResult(id=article.id, version=result.version if result else None, published=result is not None)

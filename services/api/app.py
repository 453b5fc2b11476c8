"""The FastAPI application: `wirewatch api`.

Every route but /health and /metrics takes an API key in the `X-API-Key` header: missing is 401,
unknown is 403. Subscriptions are scoped to the key's owner; another owner's subscription is
answered 404, exactly as one that does not exist, so ids leak nothing.
"""

from __future__ import annotations

import json
import secrets
import time
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Annotated, AsyncIterator

import redis
from fastapi import Depends, FastAPI, Header, HTTPException, Query, Response
from fastapi.responses import StreamingResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from services.alerter.app import alert_channel, recent_alerts_key
from services.alerter.subscriptions import SubscriptionStore
from services.api.auth import ApiKeyStore
from services.api.feeds import router as feeds_router
from services.api.queries import EventQuery, geojson, select
from services.common.kafka_io import create_topics
from services.common.messages import Alert, CanonicalEvent, EventType, Story, Subscription
from services.common.redis_io import async_redis
from services.common.settings import ServiceSettings
from services.common.topics import subscription_topic
from services.sink.aggregates import AggregateReader, Tally
from services.stories.index import StoryReader

SSE_HEARTBEAT_S = 15.0

app = FastAPI(title="Wirewatch", version="0.1.0", description="Conflict and crisis events from news, live.")


def settings() -> ServiceSettings:
    return ServiceSettings()


@lru_cache(maxsize=8)
def _redis_for(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


def redis_client(config: ServiceSettings = Depends(settings)) -> redis.Redis:
    """One client (and connection pool) per Redis URL for the life of the process."""
    return _redis_for(config.redis_url)


def subscriptions(config: ServiceSettings = Depends(settings), client=Depends(redis_client)) -> SubscriptionStore:
    return SubscriptionStore(client, config)


def aggregates(config: ServiceSettings = Depends(settings), client=Depends(redis_client)) -> AggregateReader:
    return AggregateReader(client, config)


def stories(config: ServiceSettings = Depends(settings), client=Depends(redis_client)) -> StoryReader:
    return StoryReader(client, config)


def owner(
    x_api_key: Annotated[str | None, Header(description="Your API key (`wirewatch apikey create`)")] = None,
    config: ServiceSettings = Depends(settings),
    client: redis.Redis = Depends(redis_client),
) -> str:
    if not x_api_key:
        raise HTTPException(401, detail="missing X-API-Key header", headers={"WWW-Authenticate": "ApiKey"})
    found = ApiKeyStore(client, config).owner_of(x_api_key)
    if found is None:
        raise HTTPException(403, detail="unknown API key")
    return found


Owner = Annotated[str, Depends(owner)]

# /feeds and /articles (services/api/feeds.py): the feed list and pushed articles, behind a key too.
app.include_router(feeds_router, dependencies=[Depends(owner)])


def own_subscription(subscription_id: str, who: Owner, store=Depends(subscriptions)) -> Subscription:
    found = store.get(subscription_id)
    if found is None or found.owner != who:
        raise HTTPException(404, detail="no such subscription")
    return found


@app.get("/health")
def health(client: redis.Redis = Depends(redis_client)) -> dict[str, str]:
    client.ping()
    return {"status": "ok"}


@app.get("/metrics")
def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@app.put("/subscriptions/{subscription_id}", response_model=Subscription)
def put_subscription(
    subscription_id: str, subscription: Subscription, who: Owner,
    store=Depends(subscriptions), config: ServiceSettings = Depends(settings),
) -> Subscription:
    """Create or replace one of your subscriptions."""
    if subscription.id != subscription_id:
        raise HTTPException(422, detail=[{"loc": ["body", "id"], "msg": "differs from the id in the path",
                                          "type": "value_error"}])
    existing = store.get(subscription_id)
    if existing is not None and existing.owner != who:
        raise HTTPException(409, detail="that subscription id is taken; choose another")
    owned = subscription.model_copy(update={"owner": who})
    if owned.webhook_url and not owned.webhook_secret:
        owned = owned.model_copy(update={"webhook_secret": secrets.token_urlsafe(32)})
    if owned.kafka_topic:
        create_topics(config, (subscription_topic(owned.id),))
    store.put(owned)
    return owned


@app.get("/subscriptions", response_model=list[Subscription])
def list_subscriptions(who: Owner, store=Depends(subscriptions)) -> list[Subscription]:
    return [s for s in store.all() if s.owner == who]


@app.get("/subscriptions/{subscription_id}", response_model=Subscription)
def get_subscription(subscription: Subscription = Depends(own_subscription)) -> Subscription:
    return subscription


@app.delete("/subscriptions/{subscription_id}", status_code=204)
def delete_subscription(subscription: Subscription = Depends(own_subscription), store=Depends(subscriptions)) -> Response:
    store.delete(subscription.id)
    return Response(status_code=204)


@app.get("/subscriptions/{subscription_id}/alerts")
async def stream_alerts(
    subscription: Subscription = Depends(own_subscription),
    config: ServiceSettings = Depends(settings),
    replay: Annotated[int, Query(ge=0, le=1000, description="Recent alerts to send first")] = 0,
    limit: Annotated[int | None, Query(ge=1, description="Close the stream after this many alerts")] = None,
) -> StreamingResponse:
    """Server-Sent Events: the subscription's alerts as they fire (`event: alert`, `id:` the alert id)."""

    async def events() -> AsyncIterator[bytes]:
        client = async_redis(config.redis_url)
        channel = client.pubsub()
        await channel.subscribe(alert_channel(config, subscription.id))
        sent = 0
        try:
            recent = await client.lrange(recent_alerts_key(config, subscription.id), 0, replay - 1) if replay else []
            for payload in reversed(recent):
                yield _sse(payload)
                sent += 1
                if limit and sent >= limit:
                    return
            last_output = time.monotonic()
            while True:
                message = await channel.get_message(ignore_subscribe_messages=True, timeout=SSE_HEARTBEAT_S)
                if message is None:  # a quiet spell, or the subscribe confirmation
                    if time.monotonic() - last_output >= SSE_HEARTBEAT_S:
                        yield b": keep-alive\n\n"  # keeps proxies from closing an idle stream
                        last_output = time.monotonic()
                    continue
                yield _sse(message["data"])
                last_output = time.monotonic()
                sent += 1
                if limit and sent >= limit:
                    return
        finally:
            await channel.aclose()
            await client.aclose()

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def _sse(payload: bytes) -> bytes:
    alert = Alert.from_bytes(payload)
    return f"id: {alert.id}\nevent: alert\ndata: {payload.decode()}\n\n".encode()


@app.get("/events", response_model=list[CanonicalEvent], responses={200: {"content": {"application/geo+json": {}}}})
def list_events(
    _: Owner,
    reader=Depends(aggregates),
    country: str | None = None,
    admin1: str | None = None,
    event_type: EventType | None = None,
    since: date | None = None,
    until: date | None = None,
    min_fatalities: Annotated[int, Query(ge=0)] = 0,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
    radius_km: Annotated[float | None, Query(gt=0, le=20_000)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    format: Annotated[str, Query(pattern="^(json|geojson)$")] = "json",
):
    """Canonical events, newest first; `lat`, `lon` and `radius_km` together give a radius query."""
    near = (lat, lon, radius_km)
    if any(v is not None for v in near) and not all(v is not None for v in near):
        raise HTTPException(422, detail=[{"loc": ["query", "radius_km"], "type": "value_error",
                                          "msg": "lat, lon and radius_km go together"}])
    query = EventQuery(country, admin1, event_type, since, until, min_fatalities)
    if radius_km is not None:
        found = select(reader.events(reader.event_ids_near(lat, lon, radius_km)), query, limit)
    else:
        found = reader.newest_events(since, until, query.matches, limit)
    if format == "geojson":
        return Response(content=json.dumps(geojson(found)), media_type="application/geo+json")
    return found


@app.get("/aggregates/rolling", response_model=dict[str, Tally])
def rolling_aggregates(
    _: Owner,
    reader=Depends(aggregates),
    hours: Annotated[int, Query(ge=1, le=24 * 30)] = 24,
    end: datetime | None = None,
) -> dict[str, Tally]:
    """Events and fatalities per region ("CC:admin1") first reported in the `hours` up to `end` (now)."""
    return reader.rolling(end or datetime.now(timezone.utc), hours)


@app.get("/aggregates/{day}", response_model=dict[str, Tally])
def day_aggregates(_: Owner, day: date, reader=Depends(aggregates)) -> dict[str, Tally]:
    """Events and fatalities per region ("CC:admin1") on one day of event time."""
    return {region: tally for region, tally in reader.regions(day.isoformat()).items() if tally.events}


@app.get("/aggregates/{day}/top", response_model=list[tuple[str, int]])
def top_regions(_: Owner, day: date, reader=Depends(aggregates),
                limit: Annotated[int, Query(ge=1, le=100)] = 10) -> list[tuple[str, int]]:
    """The regions with the most fatalities on one day."""
    return reader.top_regions(day.isoformat(), limit)


@app.get("/stories", response_model=list[Story])
def list_stories(_: Owner, reader=Depends(stories), min_outlets: Annotated[int, Query(ge=1)] = 1,
                 limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[Story]:
    """Stories of the window told by at least `min_outlets` outlets, the latest updated first."""
    return reader.latest(limit, min_outlets)


@app.get("/stories/{story_id}", response_model=Story)
def get_story(_: Owner, story_id: str, reader=Depends(stories)) -> Story:
    """One story: its articles, the outlets that told it, its first and last report."""
    story = reader.story(story_id)
    if story is None:
        raise HTTPException(404, detail="no such story in the window")
    return story

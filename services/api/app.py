"""The FastAPI application: `wirewatch api`."""

from __future__ import annotations

import redis
from fastapi import Depends, FastAPI, HTTPException, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from services.alerter.subscriptions import SubscriptionStore
from services.api.feeds import router as feeds_router
from services.common.messages import CanonicalEvent, Subscription
from services.common.settings import ServiceSettings
from services.sink.aggregates import AggregateReader, Tally

app = FastAPI(title="Wirewatch", version="0.1.0", description="Conflict and crisis events from news, live.")
app.include_router(feeds_router)  # /feeds and /articles: services/api/feeds.py


def settings() -> ServiceSettings:
    return ServiceSettings()


def redis_client(config: ServiceSettings = Depends(settings)) -> redis.Redis:
    return redis.Redis.from_url(config.redis_url)


def subscriptions(config: ServiceSettings = Depends(settings), client=Depends(redis_client)) -> SubscriptionStore:
    return SubscriptionStore(client, config)


def aggregates(config: ServiceSettings = Depends(settings), client=Depends(redis_client)) -> AggregateReader:
    return AggregateReader(client, config)


@app.get("/health")
def health(client: redis.Redis = Depends(redis_client)) -> dict[str, str]:
    client.ping()
    return {"status": "ok"}


@app.get("/metrics")
def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@app.put("/subscriptions/{subscription_id}", response_model=Subscription)
def put_subscription(subscription_id: str, subscription: Subscription, store=Depends(subscriptions)) -> Subscription:
    if subscription.id != subscription_id:
        raise HTTPException(422, detail=f"body id {subscription.id!r} differs from path id {subscription_id!r}")
    store.put(subscription)
    return subscription


@app.get("/subscriptions", response_model=list[Subscription])
def list_subscriptions(store=Depends(subscriptions)) -> list[Subscription]:
    return store.all()


@app.get("/subscriptions/{subscription_id}", response_model=Subscription)
def get_subscription(subscription_id: str, store=Depends(subscriptions)) -> Subscription:
    found = store.get(subscription_id)
    if found is None:
        raise HTTPException(404, detail="no such subscription")
    return found


@app.delete("/subscriptions/{subscription_id}", status_code=204)
def delete_subscription(subscription_id: str, store=Depends(subscriptions)) -> Response:
    if not store.delete(subscription_id):
        raise HTTPException(404, detail="no such subscription")
    return Response(status_code=204)


@app.get("/events", response_model=list[CanonicalEvent])
def list_events(reader=Depends(aggregates)) -> list[CanonicalEvent]:
    return sorted(reader.events(), key=lambda e: (e.event.event_date, e.id))


@app.get("/aggregates/{day}", response_model=dict[str, Tally])
def day_aggregates(day: str, reader=Depends(aggregates)) -> dict[str, Tally]:
    """Events and fatalities per region ("CC:admin1") on one day (YYYY-MM-DD)."""
    return {region: tally for region, tally in reader.regions(day).items() if tally.events}

"""Subscriptions in Redis: one hash of id -> JSON, and a counter bumped on every change so the
alerter reloads only when something changed."""

from __future__ import annotations

import redis
import redis.asyncio as aioredis

from services.common.messages import Subscription
from services.common.settings import ServiceSettings


def subscriptions_key(settings: ServiceSettings) -> str:
    return settings.redis_key("subscriptions")


def generation_key(settings: ServiceSettings) -> str:
    return settings.redis_key("subscriptions", "generation")


def decode_all(raw: dict[bytes, bytes]) -> list[Subscription]:
    return sorted((Subscription.model_validate_json(value) for value in raw.values()), key=lambda s: s.id)


class SubscriptionStore:
    """Synchronous store for the API and the CLI."""

    def __init__(self, client: redis.Redis, settings: ServiceSettings):
        self.client = client
        self.settings = settings

    def put(self, subscription: Subscription) -> None:
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hset(subscriptions_key(self.settings), subscription.id, subscription.to_bytes())
            pipe.incr(generation_key(self.settings))
            pipe.execute()

    def delete(self, subscription_id: str) -> bool:
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hdel(subscriptions_key(self.settings), subscription_id)
            pipe.incr(generation_key(self.settings))
            removed, _ = pipe.execute()
        return bool(removed)

    def get(self, subscription_id: str) -> Subscription | None:
        raw = self.client.hget(subscriptions_key(self.settings), subscription_id)
        return Subscription.model_validate_json(raw) if raw else None

    def all(self) -> list[Subscription]:
        return decode_all(self.client.hgetall(subscriptions_key(self.settings)))


class SubscriptionCache:
    """The subscription list, reloaded only when its generation counter moved."""

    def __init__(self, client: aioredis.Redis, settings: ServiceSettings):
        self.client = client
        self.settings = settings
        self.generation: bytes | None = None
        self.subscriptions: list[Subscription] = []

    async def current(self) -> list[Subscription]:
        generation = await self.client.get(generation_key(self.settings))
        if generation != self.generation:
            self.subscriptions = decode_all(await self.client.hgetall(subscriptions_key(self.settings)))
            self.generation = generation
        return self.subscriptions

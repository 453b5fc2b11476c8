"""Subscriptions in Redis: one hash of id -> JSON, and a counter bumped on every change so the
alerter reloads only when something changed."""

from __future__ import annotations

import time

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
    """The subscription list, reloaded only when its generation counter moved.

    The counter is read at most every `max_age_s` (0: on every call); a lookup of an id the cache
    does not hold reads it at once, so a new subscription is never missed.
    """

    def __init__(self, client: aioredis.Redis, settings: ServiceSettings, max_age_s: float = 0.0):
        self.client = client
        self.settings = settings
        self.max_age_s = max_age_s
        self.generation: bytes | None = None
        self.checked_at = float("-inf")
        self.subscriptions: list[Subscription] = []

    async def current(self, refresh: bool = False) -> list[Subscription]:
        now = time.monotonic()
        if refresh or now - self.checked_at >= self.max_age_s:
            generation = await self.client.get(generation_key(self.settings))
            if generation != self.generation:
                self.subscriptions = decode_all(await self.client.hgetall(subscriptions_key(self.settings)))
                self.generation = generation
            self.checked_at = now
        return self.subscriptions

    async def get(self, subscription_id: str) -> Subscription | None:
        found = next((s for s in await self.current() if s.id == subscription_id), None)
        if found is None and self.max_age_s:
            found = next((s for s in await self.current(refresh=True) if s.id == subscription_id), None)
        return found

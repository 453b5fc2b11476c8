"""API keys: each key belongs to an owner, and an owner sees only its own subscriptions.

Keys are random 32-byte tokens shown once at creation; Redis keeps only their SHA-256, so a
copy of the database does not hand out working keys.
"""

from __future__ import annotations

import hashlib
import secrets

import redis

from services.common.settings import ServiceSettings


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiKeyStore:
    def __init__(self, client: redis.Redis, settings: ServiceSettings):
        self.client = client
        self.key = settings.redis_key("apikeys")

    def create(self, owner: str) -> str:
        key = f"ww_{secrets.token_urlsafe(32)}"
        self.client.hset(self.key, _digest(key), owner)
        return key

    def owner_of(self, key: str) -> str | None:
        owner = self.client.hget(self.key, _digest(key))
        return owner.decode() if owner else None

    def revoke(self, key: str) -> bool:
        return bool(self.client.hdel(self.key, _digest(key)))

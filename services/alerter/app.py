"""Alerter worker: `wirewatch worker alerter`."""

from __future__ import annotations

import redis.asyncio as aioredis

from services.common.messages import Alert, CanonicalEvent, Subscription
from services.common.metrics import MESSAGES
from services.common.settings import ServiceSettings, WorkerSettings
from services.common.stream import SourceRef, StreamStage
from services.common.topics import ALERTS, EVENTS_CANONICAL
from services.alerter.rules import AlertRecord, evaluate
from services.alerter.subscriptions import decode_all, generation_key, subscriptions_key

SERVICE = "alerter"
RECENT_ALERTS_KEPT = 1000


def alert_channel(settings: ServiceSettings, subscription_id: str) -> str:
    return settings.redis_key("alerts", subscription_id)


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


class AlertLedger:
    """Per (subscription, event): the last alert fired and the message that fired it."""

    def __init__(self, client: aioredis.Redis, settings: ServiceSettings):
        self.client = client
        self.settings = settings

    def _key(self, subscription_id: str, event_id: str) -> str:
        return self.settings.redis_key("alerted", subscription_id, event_id)

    async def read(self, subscription_id: str, event_id: str) -> tuple[AlertRecord | None, str | None, bytes | None]:
        raw = await self.client.hgetall(self._key(subscription_id, event_id))
        if not raw:
            return None, None, None
        record = AlertRecord(int(raw[b"event_version"]), int(raw[b"fatalities"]))
        return record, raw[b"token"].decode(), raw[b"alert"]

    async def record(self, alert: Alert, token: str) -> None:
        await self.client.hset(self._key(alert.subscription_id, alert.event_id), mapping={
            "event_version": alert.event_version, "fatalities": alert.event.fatalities,
            "token": token, "alert": alert.to_bytes(),
        })


def build(settings: WorkerSettings | None = None) -> StreamStage:
    settings = settings or WorkerSettings()
    stage = StreamStage(SERVICE, settings, EVENTS_CANONICAL, CanonicalEvent)
    client = aioredis.from_url(settings.redis_url)
    subscriptions = SubscriptionCache(client, settings)
    ledger = AlertLedger(client, settings)

    async def deliver(alert: Alert) -> None:
        await stage.send(ALERTS, alert.subscription_id, alert)
        payload = alert.to_bytes()
        async with client.pipeline(transaction=False) as pipe:
            pipe.publish(alert_channel(settings, alert.subscription_id), payload)
            pipe.lpush(settings.redis_key("alerts", "recent"), payload)
            pipe.ltrim(settings.redis_key("alerts", "recent"), 0, RECENT_ALERTS_KEPT - 1)
            await pipe.execute()

    @stage.handler
    async def handle(canonical: CanonicalEvent, ref: SourceRef) -> None:
        for subscription in await subscriptions.current():
            previous, token, stored = await ledger.read(subscription.id, canonical.id)
            if token == ref.token:
                # Redelivery of the message that fired: the first publish may not have landed.
                await deliver(Alert.from_bytes(stored))
                MESSAGES.labels(SERVICE, "redelivered").inc()
                continue
            alert = evaluate(subscription, canonical, previous)
            if alert is None:
                continue
            await ledger.record(alert, ref.token)
            await deliver(alert)
            MESSAGES.labels(SERVICE, f"alert_{alert.lifecycle.value}").inc()
            stage.log.info("alert", subscription_id=subscription.id, event_id=canonical.id, reason=alert.reason)

    return stage

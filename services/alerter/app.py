"""Alerter worker: `wirewatch worker alerter`."""

from __future__ import annotations

from datetime import datetime, timedelta

import redis.asyncio as aioredis

from services.alerter.rules import AlertRecord, evaluate, evaluate_window, region_matches
from services.alerter.subscriptions import SubscriptionCache
from services.common.messages import Alert, CanonicalEvent, Subscription, WindowTally
from services.common.metrics import MESSAGES
from services.common.settings import ServiceSettings, WorkerSettings
from services.common.stream import SourceRef, StreamStage
from services.common.topics import ALERTS, EVENTS_CANONICAL, subscription_topic
from services.sink.aggregates import AggregateReader, EventWriter, window_hours

SERVICE = "alerter"
RECENT_ALERTS_KEPT = 1000
# The alerter keeps its own copy of the windowed aggregates (same idempotent upsert as the sink):
# reading the sink's copy would race the sink, which consumes the same topic independently.
VIEW = "alerter-view"


def alert_channel(settings: ServiceSettings, subscription_id: str) -> str:
    return settings.redis_key("alerts", subscription_id)


def recent_alerts_key(settings: ServiceSettings, subscription_id: str | None = None) -> str:
    return settings.redis_key("alerts", "recent", *([subscription_id] if subscription_id else []))


class AlertLedger:
    """What fired, and the message that fired it: per (subscription, event) or (subscription, region)."""

    def __init__(self, client: aioredis.Redis, settings: ServiceSettings):
        self.client = client
        self.settings = settings

    def _key(self, subscription_id: str, subject: str) -> str:
        return self.settings.redis_key("alerted", subscription_id, subject)

    async def read(self, subscription_id: str, subject: str) -> dict[bytes, bytes]:
        return await self.client.hgetall(self._key(subscription_id, subject))

    async def record(self, subject: str, alert: Alert, token: str, **facts: object) -> None:
        await self.client.hset(self._key(alert.subscription_id, subject),
                               mapping={"token": token, "alert": alert.to_bytes(), **facts})


class WindowView:
    """Window totals per region from the alerter's own view of the aggregates."""

    def __init__(self, client: aioredis.Redis, settings: ServiceSettings):
        self.client = client
        self.keys = AggregateReader(client, settings, view=VIEW)

    async def _sum(self, region: str, end: datetime, hours: int) -> tuple[int, int]:
        fields = window_hours(end, hours)
        events = await self.client.hmget(self.keys.key("hourly", "events", region), fields)
        fatalities = await self.client.hmget(self.keys.key("hourly", "fatalities", region), fields)
        return sum(int(v or 0) for v in events), sum(int(v or 0) for v in fatalities)

    async def tally(self, region: str, end: datetime, hours: int, baseline_windows: int) -> WindowTally:
        events, fatalities = await self._sum(region, end, hours)
        _, before = await self._sum(region, end - timedelta(hours=hours), hours * baseline_windows)
        country_code, admin1 = region.split(":", 1)
        return WindowTally(
            country_code=country_code, admin1=admin1, window_start=end - timedelta(hours=hours), window_end=end,
            events=events, fatalities=fatalities, baseline_fatalities=before / baseline_windows,
        )


def build(settings: WorkerSettings | None = None) -> StreamStage:
    settings = settings or WorkerSettings()
    stage = StreamStage(SERVICE, settings, EVENTS_CANONICAL, CanonicalEvent)
    client = aioredis.from_url(settings.redis_url)
    subscriptions = SubscriptionCache(client, settings)
    ledger = AlertLedger(client, settings)
    view = EventWriter(client, settings, view=VIEW)
    windows = WindowView(client, settings)

    async def deliver(alert: Alert, subscription: Subscription) -> None:
        await stage.send(ALERTS, alert.subscription_id, alert)
        if subscription.kafka_topic:
            await stage.send(subscription_topic(subscription.id), alert.id, alert)
        payload = alert.to_bytes()
        async with client.pipeline(transaction=False) as pipe:
            pipe.publish(alert_channel(settings, alert.subscription_id), payload)
            for key in (recent_alerts_key(settings), recent_alerts_key(settings, alert.subscription_id)):
                pipe.lpush(key, payload)
                pipe.ltrim(key, 0, RECENT_ALERTS_KEPT - 1)
            await pipe.execute()
        MESSAGES.labels(SERVICE, f"alert_{alert.lifecycle.value}").inc()
        stage.log.info("alert", subscription_id=alert.subscription_id, reason=alert.reason)

    async def redelivered(subscription: Subscription, fired: dict[bytes, bytes], ref: SourceRef) -> bool:
        """The message that fired is back (a crash before commit): publish the same alert again."""
        if fired.get(b"token", b"").decode() != ref.token:
            return False
        await deliver(Alert.from_bytes(fired[b"alert"]), subscription)
        return True

    async def on_event(subscription: Subscription, canonical: CanonicalEvent, ref: SourceRef) -> None:
        fired = await ledger.read(subscription.id, canonical.id)
        if await redelivered(subscription, fired, ref):
            return
        previous = AlertRecord(int(fired[b"event_version"]), int(fired[b"fatalities"])) if fired else None
        alert = evaluate(subscription, canonical, previous)
        if alert:
            await ledger.record(canonical.id, alert, ref.token, event_version=canonical.version,
                                fatalities=canonical.event.fatalities)
            await deliver(alert, subscription)

    async def on_window(subscription: Subscription, canonical: CanonicalEvent, ref: SourceRef) -> None:
        location, rule = canonical.event.location, subscription.aggregate
        region = f"{location.country_code}:{location.admin1}"
        fired = await ledger.read(subscription.id, region)
        if await redelivered(subscription, fired, ref):
            return
        tally = await windows.tally(region, canonical.event.reported_at, rule.window_hours, rule.baseline_windows)
        last_fired = datetime.fromisoformat(fired[b"window_end"].decode()) if fired else None
        alert = evaluate_window(subscription, tally, last_fired)
        if alert:
            await ledger.record(region, alert, ref.token, window_end=tally.window_end.isoformat())
            await deliver(alert, subscription)

    @stage.handler
    async def handle(canonical: CanonicalEvent, ref: SourceRef) -> None:
        await view.write(canonical)
        for subscription in await subscriptions.current():
            if subscription.aggregate is None:
                await on_event(subscription, canonical, ref)
            elif canonical.event.reported_at and region_matches(subscription, canonical.event.location):
                await on_window(subscription, canonical, ref)

    return stage

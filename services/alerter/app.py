"""Alerter worker: `wirewatch worker alerter`."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import redis.asyncio as aioredis

from services.alerter.rules import AlertRecord, evaluate, evaluate_window, match_reason, region_matches
from services.alerter.subscriptions import SubscriptionCache
from services.common.messages import AggregateRule, Alert, CanonicalEvent, Subscription, WindowTally
from services.common.kafka_io import create_topics
from services.common.metrics import MESSAGES
from services.common.redis_io import async_redis
from services.common.settings import ServiceSettings, WorkerSettings
from services.common.stream import SourceRef, StreamStage
from services.common.topics import ALERTS, EVENTS_CANONICAL, subscription_topic
from services.sink.aggregates import AggregateReader, EventWriter, contribution_keys, window_hours

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

    async def read_many(self, subjects: list[tuple[str, str]]) -> list[dict[bytes, bytes]]:
        """The records of (subscription id, subject) pairs, in one round trip."""
        async with self.client.pipeline(transaction=False) as pipe:
            for subscription_id, subject in subjects:
                pipe.hgetall(self._key(subscription_id, subject))
            return await pipe.execute()

    async def record_many(self, records: list[tuple[str, str, dict[str, object]]]) -> None:
        async with self.client.pipeline(transaction=False) as pipe:
            for subscription_id, subject, fields in records:
                pipe.hset(self._key(subscription_id, subject), mapping=fields)
            await pipe.execute()


class WindowView:
    """Window totals per region from the alerter's own view of the aggregates."""

    def __init__(self, client: aioredis.Redis, settings: ServiceSettings):
        self.client = client
        self.keys = AggregateReader(client, settings, view=VIEW)

    async def tallies(self, asks: list[tuple[str, datetime, AggregateRule]]) -> list[WindowTally]:
        """For each (region, window end, rule): the window's totals and its baseline, in one round trip."""
        async with self.client.pipeline(transaction=False) as pipe:
            for region, end, rule in asks:
                for window_end, hours in ((end, rule.window_hours),
                                          (end - timedelta(hours=rule.window_hours), rule.window_hours * rule.baseline_windows)):
                    for measure in ("events", "fatalities"):
                        pipe.hmget(self.keys.key("hourly", measure, region), window_hours(window_end, hours))
            sums = [sum(int(v or 0) for v in values) for values in await pipe.execute()]
        tallies = []
        for n, (region, end, rule) in enumerate(asks):
            events, fatalities, _, before = sums[4 * n:4 * n + 4]
            country_code, admin1 = region.split(":", 1)
            tallies.append(WindowTally(
                country_code=country_code, admin1=admin1, window_start=end - timedelta(hours=rule.window_hours),
                window_end=end, events=events, fatalities=fatalities,
                baseline_fatalities=before / rule.baseline_windows,
            ))
        return tallies


@dataclass(frozen=True)
class Candidate:
    """A (subscription, event) pair of a batch whose rule may fire: the subject is what its ledger
    record is kept under (the event, or the region for an aggregate rule)."""

    subscription: Subscription
    canonical: CanonicalEvent
    ref: SourceRef
    subject: str


def candidates(batch: Sequence[tuple[CanonicalEvent, SourceRef]], subscriptions: list[Subscription]) -> list[Candidate]:
    found = []
    for canonical, ref in batch:
        # The region as the view's hourly aggregates are keyed (the sink's own definition).
        _, country_code, admin1, _ = contribution_keys(canonical)
        for subscription in subscriptions:
            # Filters first: most events match few subscriptions, and the rest cost no round trip.
            if subscription.aggregate is None and match_reason(subscription, canonical.event) is not None:
                found.append(Candidate(subscription, canonical, ref, canonical.id))
            elif (subscription.aggregate and canonical.event.reported_at
                  and region_matches(subscription, canonical.event.location)):
                found.append(Candidate(subscription, canonical, ref, f"{country_code}:{admin1}"))
    return found


def decide(candidate: Candidate, fired: dict[bytes, bytes], tally: WindowTally | None) -> tuple[Alert, dict] | None:
    """The alert a candidate fires given its ledger record, with the record to keep, or None."""
    subscription, canonical = candidate.subscription, candidate.canonical
    if subscription.aggregate is None:
        previous = AlertRecord(int(fired[b"event_version"]), int(fired[b"fatalities"])) if fired else None
        alert = evaluate(subscription, canonical, previous)
        facts = {"event_version": canonical.version, "fatalities": canonical.event.fatalities}
    else:
        last_fired = datetime.fromisoformat(fired[b"window_end"].decode()) if fired else None
        alert = evaluate_window(subscription, tally, last_fired)
        facts = {"window_end": tally.window_end.isoformat()}
    return (alert, {"token": candidate.ref.token, "alert": alert.to_bytes(), **facts}) if alert else None


def build(settings: WorkerSettings | None = None) -> StreamStage:
    settings = settings or WorkerSettings()
    stage = StreamStage(SERVICE, settings, EVENTS_CANONICAL, CanonicalEvent)
    client = async_redis(settings.redis_url)
    subscriptions = SubscriptionCache(client, settings)
    ledger = AlertLedger(client, settings)
    view = EventWriter(client, settings, view=VIEW)
    windows = WindowView(client, settings)

    async def deliver(alerts: list[tuple[Alert, Subscription]]) -> None:
        async with client.pipeline(transaction=False) as pipe:
            for alert, subscription in alerts:
                await stage.send(ALERTS, alert.subscription_id, alert)
                if subscription.kafka_topic:
                    await stage.send(subscription_topic(subscription.id), alert.id, alert)
                payload = alert.to_bytes()
                pipe.publish(alert_channel(settings, alert.subscription_id), payload)
                for key in (recent_alerts_key(settings), recent_alerts_key(settings, alert.subscription_id)):
                    pipe.lpush(key, payload)
                    pipe.ltrim(key, 0, RECENT_ALERTS_KEPT - 1)
                MESSAGES.labels(SERVICE, f"alert_{alert.lifecycle.value}").inc()
                stage.log.info("alert", subscription_id=alert.subscription_id, reason=alert.reason)
            await pipe.execute()

    topics_ready: set[str] = set()

    async def ensure_topics(current: list[Subscription]) -> None:
        """Per-subscription topics exist before an alert is sent to them, however the subscription
        was saved (the API creates them too, but the store can be written by other means)."""
        missing = sorted({s.id for s in current if s.kafka_topic} - topics_ready)
        if missing:
            await asyncio.to_thread(create_topics, settings, tuple(subscription_topic(i) for i in missing))
            topics_ready.update(missing)

    @stage.batch_handler
    async def handle(batch: Sequence[tuple[CanonicalEvent, SourceRef]]) -> None:
        # The whole batch enters the view first: a window rule sees the region's totals as of the
        # batch, which is at most the batch's own events ahead of one-by-one handling.
        await view.write_batch([canonical for canonical, _ in batch])
        current = await subscriptions.current()
        await ensure_topics(current)
        found = candidates(batch, current)
        if not found:
            return
        records = await ledger.read_many([(c.subscription.id, c.subject) for c in found])
        windowed = [n for n, c in enumerate(found) if c.subscription.aggregate]
        asks = [(found[n].subject, found[n].canonical.event.reported_at, found[n].subscription.aggregate) for n in windowed]
        tallies = dict(zip(windowed, await windows.tallies(asks))) if asks else {}
        # Records written by this batch: a later message about the same subject must see them.
        kept: dict[tuple[str, str], dict[bytes, bytes]] = {}
        to_record, to_deliver = [], []
        for n, (candidate, fired) in enumerate(zip(found, records)):
            ledger_key = (candidate.subscription.id, candidate.subject)
            fired = kept.get(ledger_key, fired)
            if fired.get(b"token", b"").decode() == candidate.ref.token:
                # The message that fired is back (a crash before commit): publish the same alert again.
                to_deliver.append((Alert.from_bytes(fired[b"alert"]), candidate.subscription))
                continue
            decided = decide(candidate, fired, tallies.get(n))
            if decided:
                alert, record = decided
                kept[ledger_key] = {k.encode(): v if isinstance(v, bytes) else str(v).encode() for k, v in record.items()}
                to_record.append((*ledger_key, record))
                to_deliver.append((alert, candidate.subscription))
        if to_record:
            await ledger.record_many(to_record)
        if to_deliver:
            await deliver(to_deliver)

    return stage

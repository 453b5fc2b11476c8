"""Webhook worker: `wirewatch worker webhooks`."""

from __future__ import annotations

import asyncio
import json
import random
import time

import httpx

from services.alerter.subscriptions import SubscriptionCache
from services.common.deadletters import Rejected
from services.common.messages import Alert, Subscription, utc_now
from services.common.metrics import MESSAGES
from services.common.netguard import Refusal, checked_address, parse_networks, pinned
from services.common.redis_io import async_redis
from services.common.settings import WorkerSettings
from services.common.stream import SourceRef, StreamStage
from services.common.topics import ALERTS
from services.webhooks.core import RetryPolicy, backoff_s, should_retry, signature

SERVICE = "webhooks"
LOG_KEPT = 1000


class WebhookSettings(WorkerSettings):
    webhook_attempts: int = 5
    webhook_timeout_s: float = 10.0
    # Comma-separated CIDR networks a webhook may resolve to despite being private
    # (as WIREWATCH_FEED_ALLOWED_NETWORKS for feeds; tests allow 127.0.0.0/8).
    webhook_allowed_networks: str = ""

    @property
    def allowed_networks(self) -> tuple[str, ...]:
        return parse_networks(self.webhook_allowed_networks)


def build(settings: WebhookSettings | None = None) -> StreamStage:
    settings = settings or WebhookSettings()
    stage = StreamStage(SERVICE, settings, ALERTS, Alert)
    client = async_redis(settings.redis_url)
    # Every alert passes through here, most for subscriptions without a webhook: reading the
    # subscriptions' generation once a second, not once per alert, keeps that cheap.
    subscriptions = SubscriptionCache(client, settings, max_age_s=1.0)
    policy = RetryPolicy(attempts=settings.webhook_attempts)
    rng = random.Random()
    # No redirects: a redirect could lead past the address check to a private host.
    http = httpx.AsyncClient(timeout=settings.webhook_timeout_s, follow_redirects=False)

    async def log_attempt(subscription: Subscription, alert: Alert, attempt: int, outcome: str, **facts) -> None:
        entry = json.dumps({"at": utc_now().isoformat(), "alert_id": alert.id, "attempt": attempt,
                            "outcome": outcome, **facts})
        key = settings.redis_key("webhooks", "log", subscription.id)
        async with client.pipeline(transaction=False) as pipe:
            pipe.lpush(key, entry)
            pipe.ltrim(key, 0, LOG_KEPT - 1)
            await pipe.execute()
        MESSAGES.labels(SERVICE, outcome).inc()

    async def post(subscription: Subscription, alert: Alert, body: bytes, address: str) -> tuple[int | None, str | None]:
        target, pinned_headers, extensions = pinned(subscription.webhook_url, address)
        headers = {"Content-Type": "application/json", "X-Wirewatch-Alert-Id": alert.id,
                   "X-Wirewatch-Subscription": subscription.id, **pinned_headers}
        if subscription.webhook_secret:
            headers["X-Wirewatch-Signature"] = signature(subscription.webhook_secret, int(time.time()), body)
        try:
            response = await http.post(target, content=body, headers=headers, extensions=extensions)
            return response.status_code, None
        except httpx.HTTPError as exc:
            return None, f"{type(exc).__name__}: {exc}"

    @stage.handler
    async def handle(alert: Alert, ref: SourceRef) -> None:
        subscription = await subscriptions.get(alert.subscription_id)
        if subscription is None or not subscription.webhook_url:
            return
        address = await checked_address(subscription.webhook_url, settings.allowed_networks)
        if isinstance(address, Refusal):
            await log_attempt(subscription, alert, 0, "refused", error=address.reason)
            raise Rejected("webhook_refused", address.reason)
        body = alert.to_bytes()
        for attempt in range(1, policy.attempts + 1):
            started = time.perf_counter()
            # Sent to the address that was checked: a second lookup could answer a private one.
            status, error = await post(subscription, alert, body, address)
            took_ms = round((time.perf_counter() - started) * 1000, 1)
            if status is not None and 200 <= status < 300:
                await log_attempt(subscription, alert, attempt, "delivered", status=status, ms=took_ms)
                return
            await log_attempt(subscription, alert, attempt, "failed", status=status, error=error, ms=took_ms)
            if not should_retry(status):
                raise Rejected("webhook_rejected", f"{subscription.webhook_url} answered {status}: not retried")
            if attempt < policy.attempts:
                await asyncio.sleep(backoff_s(attempt, policy, rng))
        raise Rejected("webhook_failed", f"{subscription.webhook_url}: no success in {policy.attempts} attempts")

    return stage

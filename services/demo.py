"""`wirewatch demo`: the seeds through the whole pipeline, on a fresh namespace of the local stack.

Starts every worker, subscribes to "Syria, fatalities >= 20", ingests the seeds, prints the
alerts, the Redis aggregates and the stories, then ingests the seeds a second time to show that a repeat
fires no new alert. The namespace is new each run so the output is the seeds' alone.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import redis
from rich.console import Console

from services.alerter.feed import read_alerts
from services.alerter.subscriptions import SubscriptionStore
from services.common.kafka_io import create_topics
from services.common.messages import Subscription
from services.common.settings import ServiceSettings
from services.ingestor.app import IngestorSettings, ingest
from services.runner import WORKERS, Pipeline, drop_namespace
from services.sink.aggregates import AggregateReader
from services.sink.render import aggregate_table
from services.stories.index import StoryReader

LOG_DIR = Path(__file__).resolve().parents[1] / ".stack" / "logs"


def run_demo(console: Console, seeds: Path, keep: bool = False) -> int:
    namespace = f"demo-{uuid.uuid4().hex[:8]}."
    os.environ["WIREWATCH_NAMESPACE"] = namespace
    settings = ServiceSettings()
    console.rule(f"Wirewatch demo (namespace {namespace})")
    create_topics(settings)
    pipeline = Pipeline(settings, LOG_DIR / namespace.rstrip("."))
    started = time.monotonic()
    pipeline.start()
    try:
        ready_s = pipeline.wait_ready(timeout_s=90)
        console.print(f"{len(WORKERS)} workers ready in {ready_s:.1f} s: {', '.join(WORKERS)}")
        subscription = Subscription(id="syria-20", name="Syria, fatalities >= 20", countries=["Syria"], min_fatalities=20)
        client = redis.Redis.from_url(settings.redis_url)
        SubscriptionStore(client, settings).put(subscription)
        console.print(f"subscribed: {subscription.name}")

        ingested = time.monotonic()
        report = ingest([str(seeds)], IngestorSettings())
        console.print(f"ingested {len(report.published)} articles from {seeds}")
        alerts = list(read_alerts(settings, subscription.id, timeout_s=20, max_alerts=2))
        latency = time.monotonic() - ingested
        console.rule("Alerts")
        for alert in alerts:
            console.print(f"[bold red]{alert.lifecycle.value.upper()}[/] {alert.reason}")
            console.print(f"    sources: {', '.join(alert.event.sources)}; alert id {alert.id}")

        ingest([str(seeds)], IngestorSettings())
        repeat = list(read_alerts(settings, subscription.id, timeout_s=5))
        console.print(f"seeds ingested again: {len(repeat) - len(alerts)} new alerts (expected 0)")

        console.rule("Aggregates in Redis")
        time.sleep(0.5)  # the sink and the alerter read the same topic; let the sink finish
        console.print(aggregate_table(AggregateReader(client, settings)))
        console.rule("Stories")
        for story in StoryReader(client, settings).latest(5):
            console.print(f"{story.title}: {story.articles} article(s), outlets {', '.join(story.outlets)}")
        console.print(f"{len(alerts)} alerts {latency:.2f} s after the ingest began; "
                      f"whole demo {time.monotonic() - started:.1f} s; worker logs in {pipeline.log_dir}")
        return 0 if len(alerts) == 2 and len(repeat) == 2 else 1
    finally:
        pipeline.stop()
        if not keep:
            drop_namespace(settings)


"""End-to-end benchmark on the real local stack: articles/s and publish-to-alert latency.

Starts every worker in a fresh namespace, subscribes to everything, then publishes synthetic wire
reports (one event each, known answer) to `articles.raw` at fixed rates and flat out. Latency is
measured from the producer's acknowledged send to the alert's arrival on the `alerts` topic, so
it covers dedup, extraction, merge, the alerter and two Kafka hops. Prints figures; asserts none.

    .venv/bin/python bench/bench_pipeline.py [--rates 10 100 200] [--burst 2000]   (make bench-e2e)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import redis
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.alerter.subscriptions import SubscriptionStore  # noqa: E402
from services.common.kafka_io import create_topics  # noqa: E402
from services.common.messages import Alert, Subscription  # noqa: E402
from services.common.settings import ServiceSettings  # noqa: E402
from services.common.topics import ALERTS, ARTICLES_RAW  # noqa: E402
from services.ingestor.documents import build_article  # noqa: E402
from services.runner import Pipeline, drop_namespace  # noqa: E402
from tests.synthetic import air_strike_reports  # noqa: E402


class AlertClock:
    """Records when the first alert for each article arrives on the alerts topic."""

    def __init__(self, settings: ServiceSettings):
        self.arrivals: dict[str, float] = {}
        self.stopped = threading.Event()
        self.consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, enable_auto_commit=False)
        topic = settings.topic(ALERTS)
        partitions = [TopicPartition(topic, p) for p in self.consumer.partitions_for_topic(topic)]
        self.consumer.assign(partitions)
        self.consumer.seek_to_end(*partitions)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped.is_set():
            for records in self.consumer.poll(timeout_ms=100).values():
                now = time.perf_counter()
                for record in records:
                    for article_id in Alert.from_bytes(record.value).event.article_ids:
                        self.arrivals.setdefault(article_id, now)
        self.consumer.close()

    def wait_for(self, article_ids: list[str], timeout_s: float, quiet_s: float = 10.0) -> None:
        """Until every article has alerted, or none has for `quiet_s` (an article merged into
        another's event, or taken for a copy, never alerts), or `timeout_s` is up."""
        deadline = time.perf_counter() + timeout_s
        seen, last_change = -1, time.perf_counter()
        while time.perf_counter() < deadline:
            arrived = sum(a in self.arrivals for a in article_ids)
            if arrived == len(article_ids):
                return
            if arrived != seen:
                seen, last_change = arrived, time.perf_counter()
            elif time.perf_counter() - last_change > quiet_s:
                return
            time.sleep(0.05)


def publish(producer: KafkaProducer, settings: ServiceSettings, records: list[dict], rate: float | None) -> dict[str, float]:
    """Publish at `rate` articles/s (None: as fast as possible); returns ack time per article id."""
    acked: dict[str, float] = {}
    started = time.perf_counter()
    for n, record in enumerate(records):
        if rate:
            time.sleep(max(0.0, started + n / rate - time.perf_counter()))
        article = build_article(record["title"], record["body"], url=record["url"],
                                published_at=record["published_at"], source=record["source"])
        future = producer.send(settings.topic(ARTICLES_RAW), key=article.id.encode(), value=article.to_bytes())
        future.add_callback(lambda _, article_id=article.id: acked.setdefault(article_id, time.perf_counter()))
    producer.flush()
    return acked


def report(label: str, acked: dict[str, float], clock: AlertClock) -> None:
    latencies = sorted(clock.arrivals[a] - t for a, t in acked.items() if a in clock.arrivals)
    missing = len(acked) - len(latencies)
    if not latencies:
        print(f"{label:>12}: no alerts arrived")
        return
    span = max(clock.arrivals[a] for a in acked if a in clock.arrivals) - min(acked.values())
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    print(f"{label:>12}: {len(latencies):5d} articles, {len(latencies) / span:7.1f} articles/s end to end, "
          f"latency p50 {q[49] * 1000:6.0f} ms  p95 {q[94] * 1000:6.0f} ms  p99 {q[98] * 1000:6.0f} ms"
          + (f"  ({missing} without alert)" if missing else ""))


def run_start(run: int) -> date:
    """Each run reports on its own days, so no two runs' events merge into one."""
    return date(2000, 1, 1) + timedelta(days=3000 * run)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", type=float, nargs="*", default=[10.0, 100.0, 200.0], help="fixed publish rates")
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each fixed-rate run")
    parser.add_argument("--burst", type=int, default=2000, help="articles published flat out")
    args = parser.parse_args()

    settings = ServiceSettings(namespace=f"bench{uuid.uuid4().hex[:6]}.")
    create_topics(settings)
    pipeline = Pipeline(settings, Path(tempfile.mkdtemp(prefix="wirewatch-bench-")),
                        env={"WIREWATCH_NAMESPACE": settings.namespace, "WIREWATCH_METRICS_PORT": "0",
                             "WIREWATCH_LOG_LEVEL": "WARNING"})
    pipeline.start()
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all", linger_ms=5)
    try:
        print(f"workers ready in {pipeline.wait_ready(timeout_s=120):.1f} s (namespace {settings.namespace})")
        SubscriptionStore(redis.Redis.from_url(settings.redis_url), settings).put(
            Subscription(id="everything", name="every event"))
        clock = AlertClock(settings)
        seed = 0
        for rate in args.rates:
            seed += 1
            records = air_strike_reports(int(rate * args.seconds), seed=seed, first_day=run_start(seed))
            acked = publish(producer, settings, records, rate)
            clock.wait_for(list(acked), timeout_s=60)
            report(f"{rate:g}/s", acked, clock)
        records = air_strike_reports(args.burst, seed=seed + 1, first_day=run_start(seed + 1))
        acked = publish(producer, settings, records, None)
        clock.wait_for(list(acked), timeout_s=300)
        report("flat out", acked, clock)
        clock.stopped.set()
    finally:
        producer.close()
        pipeline.stop()
        drop_namespace(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())

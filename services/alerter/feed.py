"""Reading alerts back from the `alerts` topic: what a plain Kafka subscriber does."""

from __future__ import annotations

import time
from typing import Iterator

from kafka import KafkaConsumer, TopicPartition

from services.common.messages import Alert
from services.common.settings import ServiceSettings
from services.common.topics import ALERTS


def read_alerts(
    settings: ServiceSettings,
    subscription_id: str | None = None,
    *,
    timeout_s: float | None = None,
    max_alerts: int | None = None,
    from_beginning: bool = True,
) -> Iterator[Alert]:
    """Alerts in arrival order; stops after `max_alerts`, or after `timeout_s` with none arriving."""
    topic = settings.topic(ALERTS)
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, enable_auto_commit=False)
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(partitions)
        if from_beginning:
            consumer.seek_to_beginning(*partitions)
        else:
            consumer.seek_to_end(*partitions)
        seen, last_arrival = 0, time.monotonic()
        while max_alerts is None or seen < max_alerts:
            if timeout_s is not None and time.monotonic() - last_arrival > timeout_s:
                return
            for records in consumer.poll(timeout_ms=200).values():
                for record in records:
                    last_arrival = time.monotonic()
                    alert = Alert.from_bytes(record.value)
                    if subscription_id and alert.subscription_id != subscription_id:
                        continue
                    seen += 1
                    yield alert
                    if max_alerts is not None and seen >= max_alerts:
                        return
    finally:
        consumer.close()

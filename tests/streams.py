"""Test helpers to read what landed on a topic and to wait for a condition, without sleeps."""

from __future__ import annotations

import asyncio
import time
from typing import Awaitable, Callable, TypeVar

import redis.asyncio as aioredis

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from services.common.redis_io import async_redis
from services.common.settings import ServiceSettings
from services.common.topics import TopicSpec

T = TypeVar("T")


def read_topic(settings: ServiceSettings, spec: TopicSpec, idle_s: float = 1.0) -> list[bytes]:
    """Every value on the topic now, from the beginning of each partition."""
    topic = settings.topic(spec)
    consumer = KafkaConsumer(bootstrap_servers=settings.kafka_bootstrap, enable_auto_commit=False)
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        values: list[bytes] = []
        deadline = time.monotonic() + 30
        while any(consumer.position(tp) < ends[tp] for tp in partitions) and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=int(idle_s * 1000)).values():
                values.extend(record.value for record in records)
        return values
    finally:
        consumer.close()


def produce_raw(settings: ServiceSettings, spec: TopicSpec, value: bytes, key: bytes | None = None) -> None:
    produce_all(settings, spec, [(key, value)])


def produce_all(settings: ServiceSettings, spec: TopicSpec, messages: list[tuple[bytes | None, bytes]]) -> None:
    """Send in order and wait until the broker has acknowledged every message."""
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all", max_in_flight_requests_per_connection=1)
    try:
        futures = [producer.send(settings.topic(spec), key=key, value=value) for key, value in messages]
        producer.flush()
        for future in futures:
            future.get(timeout=30)
    finally:
        producer.close()


def wait_for(probe: Callable[[], T], *, timeout_s: float = 60.0, what: str = "condition") -> T:
    """Poll until `probe` returns something truthy; fail with the last value seen."""
    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}; last saw {last!r}")


def with_async_redis(settings: ServiceSettings, work: Callable[[aioredis.Redis], Awaitable[T]]) -> T:
    """Run `work` with an asyncio Redis client, as the workers use it, and close the client."""

    async def run() -> T:
        client = async_redis(settings.redis_url)
        try:
            return await work(client)
        finally:
            await client.aclose()

    return asyncio.run(run())

"""The faust shell every stream processor shares: decode, hand to a handler, route failures.

A stage's agent takes one message, decodes it into its input model, and awaits the stage's
handler, which calls the pure core and sends the results. Three outcomes, all explicit:
- the input cannot be decoded (not JSON, wrong schema or version): dead letter `schema_invalid`;
- the handler raises `Rejected` or any other bug-shaped error: dead letter with the reason;
- Redis or Kafka is unreachable: retry with backoff, never dead-letter good input for an outage.

Delivery is at-least-once: faust flushes the producer before committing the source offset, so a
worker killed at any point reprocesses from the last commit; handlers are idempotent for that.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Awaitable, Callable, Generic, TypeVar

import faust
import redis.exceptions
from pydantic import BaseModel, ValidationError

from services.common.deadletters import Rejected, dead_letter
from services.common.logs import configure_logging, get_logger
from services.common.messages import WireModel
from services.common.metrics import DEAD_LETTERS, MESSAGES, PROCESSING_SECONDS, serve_metrics
from services.common.settings import WorkerSettings
from services.common.topics import TopicSpec, dead_letter_topic

In = TypeVar("In", bound=BaseModel)

TRANSIENT_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, ConnectionError)
MAX_BACKOFF_S = 10.0


@dataclass(frozen=True)
class SourceRef:
    """Where an input came from; a redelivered message has the same ref as its first delivery."""

    topic: str
    partition: int
    offset: int

    @property
    def token(self) -> str:
        return f"{self.topic}/{self.partition}/{self.offset}"


def make_app(service: str, settings: WorkerSettings) -> faust.App:
    app_id = settings.group_id(service)
    settings.faust_data_dir.mkdir(parents=True, exist_ok=True)
    return faust.App(
        app_id,
        broker=f"kafka://{settings.kafka_bootstrap}",
        store="memory://",
        datadir=str(settings.faust_data_dir / app_id),
        # Bytes in, bytes out: decoding is ours, so a bad message becomes a dead letter
        # instead of an exception inside faust's deserializer.
        key_serializer="raw",
        value_serializer="raw",
        web_enabled=False,
        topic_disable_leader=True,
        topic_replication_factor=1,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_max_request_size=8 * 1024 * 1024,
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=settings.heartbeat_interval_s,
        broker_rebalance_timeout=settings.rebalance_timeout_s,
        broker_commit_interval=settings.commit_interval_s,
    )


class StreamStage(Generic[In]):
    """One stage: a faust app consuming `source` as `input_model`, with its dead-letter topic."""

    def __init__(self, service: str, settings: WorkerSettings, source: TopicSpec, input_model: type[In]):
        self.service = service
        self.settings = settings
        self.input_model = input_model
        self.app = make_app(service, settings)
        self.log = get_logger(service)
        self.source = self.app.topic(settings.topic(source))
        self.dead_letters = self.app.topic(settings.topic(dead_letter_topic(service)))

    def topic(self, spec: TopicSpec) -> faust.TopicT:
        return self.app.topic(self.settings.topic(spec))

    async def send(self, spec: TopicSpec, key: str, message: WireModel) -> None:
        await self.topic(spec).send(key=key.encode("utf-8"), value=message.to_bytes())

    def handler(self, handle: Callable[[In, SourceRef], Awaitable[None]]) -> Callable:
        """Register `handle` as the stage's agent body."""

        @self.app.agent(self.source, name=f"{self.service}.handle")
        async def agent(stream):
            async for event in stream.events():
                message = event.message
                ref = SourceRef(message.topic, message.partition, message.offset)
                started = time.perf_counter()
                await self._handle_one(handle, message.value or b"", ref)
                PROCESSING_SECONDS.labels(self.service).observe(time.perf_counter() - started)

        return agent

    async def _handle_one(self, handle, raw: bytes, ref: SourceRef) -> None:
        try:
            decoded = self.input_model.model_validate_json(raw)
        except ValidationError as exc:
            await self._dead_letter(raw, ref, "schema_invalid", _validation_summary(self.input_model, exc))
            return
        backoff = 0.5
        while True:
            try:
                await handle(decoded, ref)
                return
            except TRANSIENT_ERRORS as exc:
                self.log.warning("transient_error_retrying", error=repr(exc), source=ref.token, backoff_s=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
            except Rejected as exc:
                await self._dead_letter(raw, ref, exc.kind, exc.reason)
                return
            except Exception as exc:  # a bug on one input must not stop the stream
                self.log.exception("handler_failed", source=ref.token)
                await self._dead_letter(raw, ref, "processing_error", f"{type(exc).__name__}: {exc}")
                return

    async def _dead_letter(self, raw: bytes, ref: SourceRef, kind: str, reason: str) -> None:
        letter = dead_letter(
            self.service, kind, reason, raw, self.settings.dead_letter_max_bytes,
            source_topic=ref.topic, source_partition=ref.partition, source_offset=ref.offset,
        )
        await self.dead_letters.send(value=letter.to_bytes())
        DEAD_LETTERS.labels(self.service, kind).inc()
        MESSAGES.labels(self.service, "dead_letter").inc()
        self.log.warning("dead_lettered", kind=kind, reason=reason[:300], source=ref.token)

    def run(self) -> None:
        """Block running the worker until it is stopped (SIGTERM/SIGINT)."""
        configure_logging(self.settings.log_level, self.settings.log_json)
        serve_metrics(self.service, self.settings.metrics_port)
        faust.Worker(self.app, loglevel=self.settings.log_level.lower(), quiet=True).execute_from_commandline()


def _validation_summary(model: type[BaseModel], exc: ValidationError) -> str:
    problems = "; ".join(
        f"{'.'.join(map(str, error['loc'])) or '<root>'}: {error['msg']}" for error in exc.errors()[:5]
    )
    more = f" (+{exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
    return f"not a valid {model.__name__} v1: {problems}{more}"

"""The faust shell every stream processor shares: decode, hand to a handler, route failures.

A stage's agent takes what has arrived, up to `batch_max` messages (waiting at most
`batch_wait_s` for more), decodes each into its input model, and awaits the stage's handler, which
calls the pure core and sends the results. A handler takes one message (`handler`) or the whole
batch (`batch_handler`: one Redis round trip for many messages, which is what a busy stage pays
for: every round trip is a syscall pair on both sides). Three outcomes, all explicit:
- the input cannot be decoded (not JSON, wrong schema or version): dead letter `schema_invalid`;
- the handler raises `Rejected` or any other bug-shaped error: dead letter with the reason (a
  batch that fails is handled again one message at a time, so only the bad message is lettered);
- Redis or Kafka is unreachable: retry with backoff, never dead-letter good input for an outage.

Delivery is at-least-once: a batch's messages are acknowledged after its handler returns, and
faust flushes the producer before committing the source offsets, so a worker killed at any point
reprocesses from the last commit; handlers are idempotent for that.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Awaitable, Callable, Generic, Sequence, TypeVar

import faust
import kafka.errors
import redis.exceptions
from pydantic import BaseModel, ValidationError

from services.common.deadletters import Rejected, dead_letter
from services.common.logs import configure_logging, get_logger
from services.common.messages import WireModel
from services.common.metrics import BATCH_SIZE, DEAD_LETTERS, MESSAGES, PROCESSING_SECONDS, serve_metrics
from services.common.settings import WorkerSettings
from services.common.topics import TopicSpec, dead_letter_topic

In = TypeVar("In", bound=BaseModel)

TRANSIENT_ERRORS = (
    redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, ConnectionError,
    # From kafka-python's admin client (the alerter creates per-subscription topics with it).
    kafka.errors.KafkaConnectionError, kafka.errors.KafkaTimeoutError,
)
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
        # A few ms of linger turns a batch's sends into one produce request instead of one each.
        producer_linger=settings.producer_linger_s,
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
        self._topics: dict[str, faust.TopicT] = {}

    def topic(self, spec: TopicSpec) -> faust.TopicT:
        if spec.name not in self._topics:
            self._topics[spec.name] = self.app.topic(self.settings.topic(spec))
        return self._topics[spec.name]

    async def send(self, spec: TopicSpec, key: str, message: WireModel) -> None:
        await self.topic(spec).send(key=key.encode("utf-8"), value=message.to_bytes())

    def handler(self, handle: Callable[[In, SourceRef], Awaitable[None]]) -> Callable:
        """Register `handle`, called once per message, as the stage's agent body."""
        return self._agent(handle, None)

    def batch_handler(self, handle: Callable[[Sequence[tuple[In, SourceRef]]], Awaitable[None]]) -> Callable:
        """Register `handle`, called with a batch of decoded messages in source order, as the agent body.

        `handle` must give the results that handling the messages one after another would give.
        """
        return self._agent(lambda decoded, ref: handle([(decoded, ref)]), handle)

    def _agent(self, handle_one, handle_batch) -> Callable:
        @self.app.agent(self.source, name=f"{self.service}.handle")
        async def agent(stream):
            async for events in stream.take_events(self.settings.batch_max, within=self.settings.batch_wait_s):
                started = time.perf_counter()
                await self._handle(events, handle_one, handle_batch)
                elapsed = time.perf_counter() - started
                for _ in events:
                    PROCESSING_SECONDS.labels(self.service).observe(elapsed / len(events))
                BATCH_SIZE.labels(self.service).observe(len(events))

        return agent

    async def _handle(self, events, handle_one, handle_batch) -> None:
        received = []  # (decoded, ref, raw): the raw bytes are what a dead letter keeps
        for event in events:
            message = event.message
            raw, ref = message.value or b"", SourceRef(message.topic, message.partition, message.offset)
            try:
                received.append((self.input_model.model_validate_json(raw), ref, raw))
            except ValidationError as exc:
                await self._dead_letter(raw, ref, "schema_invalid", _validation_summary(self.input_model, exc))
        if handle_batch and len(received) > 1:
            batch = [(decoded, ref) for decoded, ref, _ in received]
            if await self._attempt(lambda: handle_batch(batch), batch[0][1]) is None:
                return
            self.log.warning("batch_failed_handling_singly", size=len(batch), first=batch[0][1].token)
        for decoded, ref, raw in received:
            failure = await self._attempt(lambda: handle_one(decoded, ref), ref)
            if failure:
                await self._dead_letter(raw, ref, *failure)

    async def _attempt(self, call: Callable[[], Awaitable[None]], ref: SourceRef) -> tuple[str, str] | None:
        """Run `call`, retrying through outages; None when it succeeded, else (kind, reason)."""
        backoff = 0.5
        while True:
            try:
                await call()
                return None
            except TRANSIENT_ERRORS as exc:
                self.log.warning("transient_error_retrying", error=repr(exc), source=ref.token, backoff_s=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
            except Rejected as exc:
                return exc.kind, exc.reason
            except Exception as exc:  # a bug on one input must not stop the stream
                self.log.exception("handler_failed", source=ref.token)
                return "processing_error", f"{type(exc).__name__}: {exc}"

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

"""kafka-python adapters for the processes that are not faust workers (ingestor, CLI, tests)."""

from __future__ import annotations

import logging

from kafka import KafkaAdminClient, KafkaProducer, TopicPartition
from kafka import errors as KafkaErrors
from kafka.admin import NewTopic, OffsetSpec
from kafka.errors import KafkaError, TopicAlreadyExistsError

from services.common.settings import ServiceSettings
from services.common.topics import ALL_TOPICS, TopicSpec

MAX_REQUEST_BYTES = 8 * 1024 * 1024

# faust's assignor puts its own metadata in the group protocol; kafka-python's admin client warns
# on every describe that it cannot decode it. The state and members it needs decode fine.
logging.getLogger("kafka.admin").setLevel(logging.ERROR)


def make_producer(settings: ServiceSettings, client_id: str) -> KafkaProducer:
    return KafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap,
        client_id=client_id,
        # acks=all plus idempotence: a retried send is written once, in order, per partition.
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        max_request_size=MAX_REQUEST_BYTES,
        retries=5,
    )


def create_topics(settings: ServiceSettings, specs: tuple[TopicSpec, ...] = ALL_TOPICS) -> list[str]:
    """Create the missing topics; returns the names created. Safe to run any number of times."""
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap, client_id="wirewatch-topics")
    try:
        existing = set(admin.list_topics())
        missing = [spec for spec in specs if settings.topic(spec) not in existing]
        created = []
        for spec in missing:
            try:
                admin.create_topics(
                    [NewTopic(settings.topic(spec), spec.partitions, 1, topic_configs=spec.configs)]
                )
                created.append(settings.topic(spec))
            except TopicAlreadyExistsError:
                pass  # another process created it between our list and create
        return created
    finally:
        admin.close()


def group_is_ready(admin: KafkaAdminClient, group_id: str) -> bool:
    """True when the consumer group is stable and every member holds its partitions."""
    try:
        description = admin.describe_groups([group_id]).get(group_id) or {}
    except KafkaError:  # e.g. the coordinator is still being elected: not ready yet
        return False
    members = description.get("members") or []
    return description.get("group_state") == "Stable" and bool(members)


def _partitions(settings: ServiceSettings, spec: TopicSpec) -> list[TopicPartition]:
    return [TopicPartition(settings.topic(spec), p) for p in range(spec.partitions)]


def group_lag(settings: ServiceSettings, group_id: str, spec: TopicSpec) -> int:
    """Messages on the topic that the group has not committed yet."""
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap, client_id="wirewatch-probe")
    try:
        committed = admin.list_group_offsets({group_id: None}).get(group_id, {})
        ends = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in _partitions(settings, spec)})
    finally:
        admin.close()
    return sum(end.offset - (committed[tp].offset if tp in committed else 0) for tp, end in ends.items())


def rewind_group(settings: ServiceSettings, group_id: str, spec: TopicSpec) -> None:
    """Send a stopped consumer group back to the start of the topic, to replay it whole."""
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap, client_id="wirewatch-replay")
    try:
        results = admin.reset_group_offsets(group_id, {tp: OffsetSpec.EARLIEST for tp in _partitions(settings, spec)})
    finally:
        admin.close()
    failed = {str(tp): r["error"].__name__ for tp, r in results.items() if r["error"] is not KafkaErrors.NoError}
    if failed:
        raise RuntimeError(f"could not rewind {group_id} (is a worker still running?): {failed}")

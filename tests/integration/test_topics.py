"""Topic creation against the real broker."""

from kafka import KafkaAdminClient
from kafka.admin import ConfigResource, ConfigResourceType

from services.common.kafka_io import create_topics
from services.common.topics import ALL_TOPICS


def test_topics_exist_with_declared_partitions_and_configs_and_second_create_is_a_no_op(settings):
    assert create_topics(settings) == []
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    try:
        described = {t["name"]: t for t in admin.describe_topics([settings.topic(s) for s in ALL_TOPICS])}
        configs = admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, settings.topic(spec), configs=list(spec.configs))
             for spec in ALL_TOPICS]
        )["topic"]
    finally:
        admin.close()
    for spec in ALL_TOPICS:
        assert len(described[settings.topic(spec)]["partitions"]) == spec.partitions
        on_broker = {name: entry["value"] for name, entry in configs[settings.topic(spec)].items()}
        assert on_broker == spec.configs, spec.name

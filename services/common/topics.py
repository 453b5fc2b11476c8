"""Every Kafka topic of the pipeline, declared once: name, partitions, configs, and what keys it.

The project creates its topics itself (`wirewatch topics create`, idempotent); the broker's
auto-creation is off so a typo in a topic name fails loudly instead of creating a stray topic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DAY_MS = 24 * 3600 * 1000


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    key: str
    configs: dict[str, str] = field(default_factory=dict)


ARTICLES_RAW = TopicSpec(
    "articles.raw", 6, key="article id (canonical URL hash): versions of one article stay in order",
    configs={"retention.ms": str(7 * DAY_MS), "max.message.bytes": str(8 * 1024 * 1024)},
)
ARTICLES_UNIQUE = TopicSpec("articles.unique", 6, key="article id", configs={"retention.ms": str(7 * DAY_MS)})
STORIES = TopicSpec(
    "stories", 6, key="story id: versions of one story stay in order",
    # Upserts by story id, like the canonical events: compaction keeps each story's newest version.
    configs={"cleanup.policy": "compact", "min.compaction.lag.ms": str(DAY_MS)},
)
EVENTS_EXTRACTED = TopicSpec(
    "events.extracted", 6,
    key="merge bucket (country and admin1): reports of one real event meet in one partition",
    configs={"retention.ms": str(30 * DAY_MS)},
)
EVENTS_CANONICAL = TopicSpec(
    "events.canonical", 6,
    key="canonical event id: versions of one event stay in order",
    # Upserts by event id: compaction keeps the newest version, so a replay rebuilds the state.
    configs={"cleanup.policy": "compact", "min.compaction.lag.ms": str(DAY_MS)},
)
ALERTS = TopicSpec("alerts", 3, key="subscription id", configs={"retention.ms": str(30 * DAY_MS)})



def subscription_topic(subscription_id: str) -> TopicSpec:
    """A subscription's own alert topic, for subscribers that want only theirs (created on demand)."""
    return TopicSpec(f"alerts.{subscription_id}", 1, key="alert id", configs={"retention.ms": str(30 * DAY_MS)})


STAGES = ("ingestor", "dedup", "stories", "extractor", "merger", "sink", "alerter", "webhooks")


def dead_letter_topic(stage: str) -> TopicSpec:
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    return TopicSpec(
        f"{stage}.dlq", 1, key="none: kept in arrival order for inspection",
        configs={"retention.ms": str(30 * DAY_MS), "max.message.bytes": str(8 * 1024 * 1024)},
    )


# What each stream processor consumes (its app passes the same spec to its StreamStage).
STAGE_INPUTS: dict[str, TopicSpec] = {
    "dedup": ARTICLES_RAW,
    "stories": ARTICLES_UNIQUE,
    "extractor": ARTICLES_UNIQUE,
    "merger": EVENTS_EXTRACTED,
    "sink": EVENTS_CANONICAL,
    "alerter": EVENTS_CANONICAL,
    "webhooks": ALERTS,
}

ALL_TOPICS: tuple[TopicSpec, ...] = (
    ARTICLES_RAW,
    ARTICLES_UNIQUE,
    STORIES,
    EVENTS_EXTRACTED,
    EVENTS_CANONICAL,
    ALERTS,
    *(dead_letter_topic(stage) for stage in STAGES),
)

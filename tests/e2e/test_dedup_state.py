"""Dedup's state on the real stack: it survives a SIGKILLed worker, and a second worker joining
the group takes over partitions without losing or duplicating anything (the index is in Redis,
shared by every dedup worker)."""

import json
import random
import re
import urllib.request

import pytest
import redis
from kafka import KafkaAdminClient

from services.common.messages import UniqueArticle
from services.common.topics import ARTICLES_UNIQUE
from services.ingestor.app import IngestorSettings, ingest
from services.runner import Pipeline
from tests.conftest import free_port
from tests.streams import read_topic, wait_for

STORIES = 40
VOCABULARY = [f"{a}{b}{c}" for a in ("ka", "lo", "mi", "nu", "pe", "ro") for b in ("sa", "te", "vi", "wo", "xu")
              for c in ("ban", "cor", "dil", "fen", "gur", "hom", "jin")]


def story(n: int, rng: random.Random) -> dict:
    """A report no other story resembles (random words), with a toll."""
    words = " ".join(rng.choice(VOCABULARY) for _ in range(80))
    return {"title": f"Report {n}", "body": f"{words}. At least {n + 3} people were killed, officials said.",
            "url": f"https://first.example/{n}", "source": "First Outlet"}


def copy_of(record: dict, outlet: str) -> dict:
    """The same story as another outlet runs it: own headline, byline, boilerplate, URL."""
    slug = outlet.lower().replace(" ", "-")
    return {"title": f"{outlet}: {record['title']} (wire)",
            "body": f"By {outlet} staff\n\n{record['body']}\n\nCopyright {outlet}. All rights reserved.",
            "url": record["url"].replace("first.example", f"{slug}.example"), "source": outlet}


def publish(records: list[dict], settings, tmp_path, name: str) -> list[str]:
    feed = tmp_path / f"{name}.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records))
    return [article.id for article in ingest([str(feed)], IngestorSettings(namespace=settings.namespace)).published]


def unique_ids(settings) -> set[str]:
    return {UniqueArticle.from_bytes(raw).article.id for raw in read_topic(settings, ARTICLES_UNIQUE)}


def duplicates_seen(port: int) -> float:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    found = re.search(r'wirewatch_messages_total\{outcome="duplicate",service="dedup"\} ([0-9.e+]+)', text)
    return float(found.group(1)) if found else 0.0


@pytest.fixture(scope="module")
def dedup_worker(settings, tmp_path_factory):
    """Only the dedup stage: what it sends to articles.unique is what these tests check."""
    running = Pipeline(settings, tmp_path_factory.mktemp("dedup-a"), env={"WIREWATCH_NAMESPACE": settings.namespace},
                       metrics_ports={"dedup": free_port()})
    running.start("dedup")
    running.wait_ready(timeout_s=90, workers=("dedup",))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def stories(settings, dedup_worker, tmp_path_factory):
    """The stories, published once by the first outlet; returns them and their article ids."""
    rng = random.Random(5)
    records = [story(n, rng) for n in range(STORIES)]
    ids = publish(records, settings, tmp_path_factory.mktemp("stories"), "originals")
    wait_for(lambda: unique_ids(settings) >= set(ids), what="every original on articles.unique")
    return records, ids


def carriers(settings, cluster_id: str) -> int:
    return redis.Redis.from_url(settings.redis_url).scard(settings.redis_key("dedup", "carriers", cluster_id))


def test_state_survives_a_sigkilled_worker(settings, dedup_worker, stories, tmp_path):
    records, originals = stories
    before = {cid: carriers(settings, cid) for cid in originals}
    dedup_worker.kill("dedup")
    copies = publish([copy_of(r, "Second Outlet") for r in records], settings, tmp_path, "copies")
    dedup_worker.start("dedup")
    dedup_worker.wait_ready(timeout_s=90, workers=("dedup",))

    wait_for(lambda: all(carriers(settings, cid) > before[cid] for cid in originals), timeout_s=90,
             what="every copy counted on its story after the restart")
    assert unique_ids(settings) == set(originals)  # no copy went on: the index outlived the worker
    assert not set(copies) & unique_ids(settings)
    assert all(carriers(settings, cid) == before[cid] + 1 for cid in originals)


def test_a_second_worker_takes_over_partitions_with_the_shared_state(settings, dedup_worker, stories, tmp_path):
    records, originals = stories
    before = {cid: carriers(settings, cid) for cid in originals}
    port = free_port()
    second = Pipeline(settings, tmp_path / "dedup-b", env={"WIREWATCH_NAMESPACE": settings.namespace},
                      metrics_ports={"dedup": port})
    second.start("dedup")
    try:
        second.wait_ready(timeout_s=90, workers=("dedup",))
        wait_for(lambda: members_holding_partitions(settings) == 2, timeout_s=60, what="two dedup workers sharing")
        rng = random.Random(9)
        published = publish([copy_of(r, "Third Outlet") for r in records] +
                            [story(STORIES + n, rng) for n in range(10)], settings, tmp_path, "third")
        copies, fresh = set(published[:STORIES]), set(published[STORIES:])

        wait_for(lambda: unique_ids(settings) >= fresh, timeout_s=90, what="the new stories on articles.unique")
        wait_for(lambda: all(carriers(settings, cid) > before[cid] for cid in originals), timeout_s=90,
                 what="the third outlet's copies counted on their stories")
        assert unique_ids(settings) == set(originals) | fresh
        assert not copies & unique_ids(settings)
        assert all(carriers(settings, cid) == before[cid] + 1 for cid in originals)
        assert duplicates_seen(port) > 0, "the joining worker handled no copy: nothing was tested"
    finally:
        second.stop()


def members_holding_partitions(settings) -> int:
    group = settings.group_id("dedup")
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    try:
        description = admin.describe_groups([group])[group]
    finally:
        admin.close()
    return sum(1 for member in description.get("members") or [] if member.get("member_assignment"))

"""The stories stage on the real stack, behind the dedup stage: two outlets' own write-ups of one
strike become one story, a copy of one of them does not count as another write-up, and the
story's state outlives a SIGKILLed worker."""

import json
import random

import pytest
import redis

from services.common.messages import Story
from services.common.topics import STORIES
from services.ingestor.app import IngestorSettings, ingest
from services.runner import Pipeline
from tests.conftest import free_port
from tests.e2e.test_dedup_state import copy_of, story
from tests.streams import read_topic, wait_for
from tests.unit.test_stories_core import BACKGROUND, DAILY, OTHER, WIRE

WORKERS = ("dedup", "stories")


def record(text: tuple[str, str], outlet: str, slug: str) -> dict:
    return {"title": text[0], "body": text[1], "url": f"https://{outlet.lower()}.example/{slug}", "source": outlet,
            "published_at": "2019-01-14T18:00:00Z"}


def publish(records: list[dict], settings, folder, name: str) -> list[str]:
    feed = folder / f"{name}.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records))
    return [article.id for article in ingest([str(feed)], IngestorSettings(namespace=settings.namespace)).published]


def story_of(settings, article_id: str) -> Story | None:
    """The newest version of the story the article is in, if the stage has filed the article."""
    stories = list(map(Story.from_bytes, read_topic(settings, STORIES)))
    ids = {story.id for story in stories if story.article_id == article_id}
    return max((story for story in stories if story.id in ids), key=lambda story: story.version, default=None)


@pytest.fixture(scope="module")
def stage(settings, tmp_path_factory):
    running = Pipeline(settings, tmp_path_factory.mktemp("stories"), env={"WIREWATCH_NAMESPACE": settings.namespace},
                       metrics_ports={worker: free_port() for worker in WORKERS})
    running.start(*WORKERS)
    running.wait_ready(timeout_s=90, workers=WORKERS)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def reported(settings, stage, tmp_path_factory):
    """A week of other reports (weights mean something only in a full window), then the strike as
    the wire and a daily write it, another strike, and a third outlet's copy of the wire text."""
    folder = tmp_path_factory.mktemp("reports")
    rng = random.Random(3)
    # (each in words of its own: the dedup stage would take texts alike for copies of one another)
    week = [record((f"Report {n}", " ".join(sorted(BACKGROUND)) + " " + story(n, rng)["body"]), f"Outlet{n}", f"week{n}")
            for n in range(30)]
    background = publish(week, settings, folder, "week")
    wait_for(lambda: story_of(settings, background[-1]), what="the week's reports filed")
    wire = record(WIRE, "Wire", "kafr-nabl")
    copy = {**copy_of(wire, "Copyist"), "url": "https://copyist.example/kafr-nabl"}
    ids = publish([wire, record(DAILY, "Daily", "kafr-nabl"), record(OTHER, "Courier", "jisr"), copy],
                  settings, folder, "strike")
    reported = dict(zip(("wire", "daily", "other", "copy"), ids))
    # The wire text and its copy reach dedup on two partitions, in either order: the first one on is
    # the text, the other its duplicate. So do the write-ups reach this stage: the story's id is the first's.
    wait_for(lambda: story_of(settings, reported["daily"]) and story_of(settings, reported["other"]) and (
        story_of(settings, reported["wire"]) or story_of(settings, reported["copy"])), what="the reports filed")
    reported["text"] = reported["wire"] if story_of(settings, reported["wire"]) else reported["copy"]
    return reported


def test_two_outlets_write_ups_are_one_story_and_a_copy_is_not_another_write_up(settings, reported):
    strike = story_of(settings, reported["daily"])
    text = story_of(settings, reported["text"])
    assert strike == text and strike.id in (reported["text"], reported["daily"])
    assert strike.version == strike.articles == 2 and "Daily" in strike.outlets
    assert story_of(settings, reported["other"]).id == reported["other"]
    # of the wire text and its copy, one is filed; dedup counted the other on its cluster
    assert [story_of(settings, reported[k]) is None for k in ("wire", "copy")].count(True) == 1
    client = redis.Redis.from_url(settings.redis_url)
    assert client.scard(settings.redis_key("dedup", "outlets", reported["text"])) == 2


def test_the_story_outlives_a_sigkilled_worker(settings, stage, reported, tmp_path):
    stage.kill("stories")
    [courier] = publish([record(("Kafr Nabl market strike toll rises",
                                 "The toll of the strike on the vegetable market of Kafr Nabl rose to 16, "
                                 "among them four children, medics in the town said."), "Courier", "kafr-nabl")],
                        settings, tmp_path, "courier")
    stage.start("stories")
    stage.wait_ready(timeout_s=90, workers=("stories",))
    wait_for(lambda: story_of(settings, courier), timeout_s=60, what="the third write-up filed after the restart")
    strike = story_of(settings, courier)
    assert strike.id == story_of(settings, reported["text"]).id
    assert strike.version == 3 and strike.outlets[2] == "Courier"
    client = redis.Redis.from_url(settings.redis_url)
    assert client.hget(settings.redis_key("stories", "story", strike.id), "articles") == b"3"

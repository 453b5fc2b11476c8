"""`wirewatch feeds import --backfill`, `feeds list/remove` and `ingestor poll --once` as a user runs them."""

import os
import subprocess

from services.common.messages import Article
from services.common.topics import ARTICLES_RAW
from tests.conftest import REPO
from tests.feedserver import FeedServer, Route, rss
from tests.streams import read_topic


def wirewatch(settings, *args: str) -> str:
    env = {**os.environ, "WIREWATCH_NAMESPACE": settings.namespace, "WIREWATCH_FEED_ALLOWED_NETWORKS": "127.0.0.0/8",
           "WIREWATCH_METRICS_PORT": "0", "COLUMNS": "200"}
    done = subprocess.run([str(REPO / ".venv" / "bin" / "wirewatch"), *args], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_opml_import_with_backfill_publishes_then_poll_once_finds_nothing_new(settings, tmp_path):
    with FeedServer() as server:
        for n in range(3):
            server.routes[f"/cli/{n}"] = Route(rss(f"CLI {n}", [(f"https://news.example.org/cli/{n}", f"Story {n}", "Text.")]))
        outlines = "".join(f'<outline text="CLI {n}" xmlUrl="{server.url(f"/cli/{n}")}"/>' for n in range(3))
        opml = tmp_path / "newsroom.opml"
        opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body><outline text="All">{outlines}'
                        f"</outline></body></opml>")

        imported = wirewatch(settings, "feeds", "import", str(opml), "--backfill")
        assert "3 feeds in" in imported and "3 new" in imported and "published 3 articles" in imported
        assert "polled 0 feeds" in wirewatch(settings, "ingestor", "poll", "--once")  # all leased until due
        listed = wirewatch(settings, "feeds", "list")
        assert listed.count("ok") == 3 and "3 feeds" in listed
        assert "removed" in wirewatch(settings, "feeds", "remove", server.url("/cli/0"))
        assert "2 feeds" in wirewatch(settings, "feeds", "list")
    titles = sorted(Article.from_bytes(raw).title for raw in read_topic(settings, ARTICLES_RAW))
    assert titles == ["Story 0", "Story 1", "Story 2"]

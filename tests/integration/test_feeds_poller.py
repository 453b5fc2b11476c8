"""The feed poller against a local HTTP server, the real broker and Redis.

Feeds are served by tests/feedserver.py from tests/fixtures/feeds/ (copies of ../shared/evaldata
feeds) or built in the test. "Time passes" by dropping a feed's lease and making it due, which is
what the clock would do after the interval.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from services.common.messages import Article, DeadLetter
from services.common.redis_io import async_redis
from services.common.topics import ARTICLES_RAW, dead_letter_topic
from services.ingestor.app import IngestorSettings, Publisher
from services.ingestor.feeds import feed_id
from services.ingestor.poller import FeedPoller
from services.ingestor.politeness import Feed
from tests.feedserver import NEWS_PAGE, FeedServer, Route, rss
from tests.streams import read_topic

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
GUARDIAN = (FIXTURES / "guardian.rss").read_bytes()


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


@pytest.fixture
def config(settings) -> IngestorSettings:
    return IngestorSettings(namespace=settings.namespace, feed_allowed_networks="127.0.0.0/8", metrics_port=0,
                            feed_fetch_pages=False)


def published(settings, feed: str) -> list[Article]:
    articles = [Article.from_bytes(raw) for raw in read_topic(settings, ARTICLES_RAW)]
    return [article for article in articles if article.feed_id == feed]


def letters(settings) -> list[DeadLetter]:
    return [DeadLetter.from_bytes(raw) for raw in read_topic(settings, dead_letter_topic("ingestor"))]


class Replica:
    """One ingestor replica: its own Redis connection, producer and lease owner."""

    def __init__(self, config: IngestorSettings):
        self.client = async_redis(config.redis_url)
        self.publisher = Publisher(config)
        self.poller = FeedPoller(config, self.client, self.publisher)
        self.store = self.poller.store

    async def close(self):
        await self.poller.close()
        self.publisher.close()
        await self.client.aclose()

    async def add(self, url: str, interval_s: float = 900) -> str:
        feed = Feed(id=feed_id(url), url=url, interval_s=interval_s)
        await self.store.add([feed])
        return feed.id

    async def make_due(self, fid: str) -> None:
        """What the clock does when the interval has passed."""
        await self.client.delete(self.store.key("feed", "lease", fid))
        await self.client.zadd(self.store.key("feeds:due"), {fid: 0}, xx=True)


def run(config: IngestorSettings, scenario):
    async def main():
        replica = Replica(config)
        try:
            return await scenario(replica)
        finally:
            await replica.close()
    return asyncio.run(main())


def test_first_poll_publishes_every_entry_and_second_poll_is_a_304_publishing_nothing(settings, config, server):
    server.routes["/guardian"] = Route(GUARDIAN)

    async def scenario(replica):
        fid = await replica.add(server.url("/guardian"))
        assert await replica.poller.poll_feed(fid) == "ok"
        await replica.make_due(fid)
        assert await replica.poller.poll_feed(fid) == "not_modified"
        return fid

    fid = run(config, scenario)
    articles = published(settings, fid)
    assert len(articles) == 55 and len({a.id for a in articles}) == 55
    assert REGISTRY.get_sample_value("wirewatch_feed_polls_total", {"feed": fid, "outcome": "ok"}) == 1
    assert REGISTRY.get_sample_value("wirewatch_feed_polls_total", {"feed": fid, "outcome": "not_modified"}) == 1
    assert REGISTRY.get_sample_value("wirewatch_feed_items_published_total", {"feed": fid}) == 55
    assert REGISTRY.get_sample_value("wirewatch_feed_last_lag_seconds", {"feed": fid}) > 0
    second = server.hits("/guardian")[1]
    assert second.headers["if-none-match"] == server.routes["/guardian"].etag
    assert second.headers["if-modified-since"] == FeedServer.LAST_MODIFIED
    assert "gzip" in second.headers["accept-encoding"]


def test_restart_publishes_only_new_entries_and_changed_text_as_next_version(settings, config, server):
    items = [(f"https://news.example.org/r/{n}?utm_source=rss", f"Story {n}", f"{n} people were killed.") for n in range(5)]
    server.routes["/restart"] = Route(rss("Restart", items), validators=False)
    fid = run(config, lambda replica: _poll_new_feed(replica, server.url("/restart")))
    # A new process (new lease owner, new connections) after the feed changed: one new entry,
    # one entry whose toll rose, three unchanged.
    items.append(("https://news.example.org/r/5", "Story 5", "New story."))
    items[2] = (items[2][0], "Story 2", "12 people were killed.")
    server.routes["/restart"] = Route(rss("Restart", items), validators=False)

    async def after_restart(replica):
        await replica.make_due(fid)
        return await replica.poller.poll_feed(fid)

    assert run(config, after_restart) == "ok"
    articles = published(settings, fid)
    assert len(articles) == 7
    story2 = [a for a in articles if a.canonical_url == "https://news.example.org/r/2"]
    assert [(a.version, a.body) for a in story2] == [(1, "2 people were killed."), (2, "12 people were killed.")]
    assert story2[0].id == story2[1].id
    # Unchanged bytes from a server without validators are not even re-parsed.
    assert run(config, after_restart) == "ok" and len(published(settings, fid)) == 7


async def _poll_new_feed(replica, url):
    fid = await replica.add(url)
    assert await replica.poller.poll_feed(fid) == "ok"
    return fid


def test_two_replicas_polling_at_once_fetch_each_feed_once_and_publish_each_entry_once(settings, config, server):
    paths = [f"/pair/{n}" for n in range(20)]
    for n, path in enumerate(paths):
        server.routes[path] = Route(rss(f"F{n}", [(f"https://news.example.org/p/{n}/{i}", f"T{n}-{i}", "Body.")
                                                  for i in range(3)]))

    async def main():
        one, two = Replica(config), Replica(config)
        try:
            fids = [await one.add(server.url(path)) for path in paths]
            reports = await asyncio.gather(one.poller.poll_due(), two.poller.poll_due())
            # And again at once: both find every feed leased until its next interval.
            again = await asyncio.gather(one.poller.poll_due(), two.poller.poll_due())
            return fids, reports, again
        finally:
            await one.close()
            await two.close()

    fids, reports, again = asyncio.run(main())
    assert all(len(server.hits(path)) == 1 for path in paths)
    assert sum(report.outcomes["ok"] for report in reports) == 20
    assert sum(report.polls for report in again) == 0
    articles = [a for fid in fids for a in published(settings, fid)]
    assert len(articles) == 60 and len({a.id for a in articles}) == 60


def test_retry_after_on_429_postpones_the_next_poll(config, server):
    server.routes["/busy"] = Route(b"slow down", status=429, headers={"Retry-After": "120"})

    async def scenario(replica):
        fid = await replica.add(server.url("/busy"), interval_s=60)
        assert await replica.poller.poll_feed(fid) == "http_429"
        state = (await replica.store.feed(fid))[1]
        lease_ms = await replica.client.pttl(replica.store.key("feed", "lease", fid))
        report = await replica.poller.poll_due()
        return state, lease_ms, report

    state, lease_ms, report = run(config, scenario)
    assert state.failures == 1 and 119 <= state.next_poll_at - state.last_polled_at <= 121
    assert 110_000 < lease_ms <= 120_000  # no replica may poll it before then
    assert report.polls == 0 and len(server.hits("/busy")) == 1


def test_server_errors_back_off_exponentially(config, server):
    server.routes["/broken"] = Route(b"oops", status=500)

    async def scenario(replica):
        fid = await replica.add(server.url("/broken"), interval_s=60)
        waits = []
        for _ in range(4):
            assert await replica.poller.poll_feed(fid) == "http_500"
            state = (await replica.store.feed(fid))[1]
            waits.append(state.next_poll_at - state.last_polled_at)
            await replica.make_due(fid)
        return state, waits

    state, waits = run(config, scenario)
    assert state.failures == 4
    assert 30 <= waits[0] <= 60 and 240 <= waits[3] <= 480 and waits[3] > waits[0]


def test_requests_to_one_host_are_capped_and_a_slow_server_times_out(config, server):
    for n in range(6):
        server.routes[f"/slow/{n}"] = Route(rss(f"S{n}", []), delay_s=0.3)
    server.routes["/stuck"] = Route(rss("Stuck", []), delay_s=3)

    async def scenario(replica):
        for n in range(6):
            await replica.add(server.url(f"/slow/{n}"))
        report = await replica.poller.poll_due()
        stuck = await replica.add(server.url("/stuck"))
        hurried = FeedPoller(config.model_copy(update={"feed_timeout_s": 0.5}), replica.client, replica.publisher)
        try:
            return report, await hurried.poll_feed(stuck)
        finally:
            await hurried.close()

    report, stuck_outcome = run(config, scenario)
    assert report.outcomes["ok"] == 6 and server.max_in_flight == config.feed_per_host == 2
    assert stuck_outcome == "timeout"


def test_permanent_redirect_is_remembered_and_temporary_one_is_not(settings, config, server):
    body = rss("Moved", [("https://news.example.org/m/1", "Moved story", "Text.")])
    server.routes["/new"] = Route(body)
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/tmp"] = Route(status=302, headers={"Location": "/new"})

    async def scenario(replica):
        moved, temporary = await replica.add(server.url("/old")), await replica.add(server.url("/tmp"))
        for _ in range(2):
            for fid in (moved, temporary):
                await replica.poller.poll_feed(fid)
                await replica.make_due(fid)
        return (await replica.store.feed(moved))[1], (await replica.store.feed(temporary))[1]

    moved_state, temporary_state = run(config, scenario)
    assert moved_state.url == server.url("/new") and len(server.hits("/old")) == 1
    assert temporary_state.url == server.url("/tmp") and len(server.hits("/tmp")) == 2


def test_gone_disables_the_feed(config, server):
    server.routes["/gone"] = Route(status=410)

    async def scenario(replica):
        fid = await replica.add(server.url("/gone"))
        first = await replica.poller.poll_feed(fid)
        await replica.make_due(fid)
        return first, await replica.poller.poll_feed(fid), (await replica.store.feed(fid))[1]

    first, second, state = run(config, scenario)
    assert (first, second) == ("gone", "disabled") and "410" in state.disabled
    assert len(server.hits("/gone")) == 1


def test_response_over_the_size_cap_is_cut_off_and_dead_lettered(settings, config, server):
    server.routes["/huge"] = Route(GUARDIAN + b"<!--" + b"x" * 200_000 + b"-->", validators=False)
    small = config.model_copy(update={"feed_max_bytes": 100_000})

    async def scenario(replica):
        fid = await replica.add(server.url("/huge"))
        return fid, await replica.poller.poll_feed(fid), (await replica.store.feed(fid))[1]

    fid, outcome, state = run(small, scenario)
    assert outcome == "too_large" and state.failures == 1 and not published(settings, fid)
    letter = [letter for letter in letters(settings) if letter.source_ref == server.url("/huge")][-1]
    assert letter.error_kind == "too_large" and "100,000-byte cap" in letter.error


def test_unreadable_feed_is_dead_lettered_with_the_reason_and_others_still_polled(settings, config, server):
    server.routes["/html"] = Route(b"<html><body><p>We moved our feeds</p></body></html>", content_type="text/html")
    server.routes["/fine"] = Route(rss("Fine", [("https://news.example.org/f/1", "Fine story", "Text.")]))

    async def scenario(replica):
        await replica.add(server.url("/html"))
        good = await replica.add(server.url("/fine"))
        report = await replica.poller.poll_due()
        return good, report

    good, report = run(config, scenario)
    assert report.outcomes["unreadable"] == 1 and report.outcomes["ok"] == 1
    assert len(published(settings, good)) == 1
    letter = [letter for letter in letters(settings) if letter.source_ref == server.url("/html")][-1]
    assert letter.error_kind == "unreadable_feed" and b"We moved" in letter.original


def test_feed_by_host_name_is_fetched_from_the_checked_address_with_its_host_header(settings, config, server):
    server.routes["/named"] = Route(rss("Named", [("https://news.example.org/n/1", "Named story", "Text.")]))
    named = server.url("/named").replace("127.0.0.1", "localhost")

    fid = run(config, lambda replica: _poll_new_feed(replica, named))
    assert len(published(settings, fid)) == 1
    assert server.hits("/named")[0].headers["host"] == named.split("/")[2]


def test_loopback_feed_is_refused_unless_configured(config, server):
    server.routes["/local"] = Route(rss("L", []))
    strict = config.model_copy(update={"feed_allowed_networks": ""})

    async def scenario(replica):
        fid = await replica.add(server.url("/local"))
        return await replica.poller.poll_feed(fid), (await replica.store.feed(fid))[1]

    outcome, state = run(strict, scenario)
    assert outcome == "refused_address" and not server.hits("/local") and state.failures == 1




def test_teaser_entry_is_completed_with_the_linked_pages_main_text(settings, config, server):
    server.routes["/page"] = Route(NEWS_PAGE, content_type="text/html; charset=utf-8")
    server.routes["/teasers"] = Route(rss("Teasers", [(server.url("/page"), "Shelling kills 9 in Kharkiv", "Nine killed.")]))
    fetching = config.model_copy(update={"feed_fetch_pages": True})

    fid = run(fetching, lambda replica: _poll_new_feed(replica, server.url("/teasers")))
    (article,) = published(settings, fid)
    assert "artillery shells hit a market" in article.body and "newsletter" not in article.body
    assert article.title == "Shelling kills 9 in Kharkiv" and article.language == "en"


def test_running_poller_finds_new_entries_on_its_own_and_dead_letters_a_bad_entry_once(settings, config, server):
    bad_entry = b"<item><guid>no-text-1</guid></item></channel>"
    story = ("https://news.example.org/live/1", "One", "First report.")
    server.routes["/live"] = Route(rss("Live", [story]).replace(b"</channel>", bad_entry), validators=False)
    fast = config.model_copy(update={"feed_min_interval_s": 0.2})
    later = "https://news.example.org/live/2"

    async def scenario(replica):
        poller = FeedPoller(fast, replica.client, replica.publisher)
        fid = await replica.add(server.url("/live"), interval_s=0.2)
        stop = asyncio.Event()
        running = asyncio.create_task(poller.run(stop))
        try:
            await until(lambda: len(server.hits("/live")) >= 2)
            server.routes["/live"] = Route(rss("Live", [story, (later, "Two", "Second report.")]).replace(
                b"</channel>", bad_entry), validators=False)
            await until(lambda: len(server.hits("/live")) >= 5)
        finally:
            stop.set()
            await running
            await poller.close()
        return fid

    fid = run(config, scenario)
    assert [a.canonical_url for a in published(settings, fid)] == [story[0], later]
    # The GUID was resolved against the feed's URL, as feedparser does for a GUID that is a path.
    bad = [letter for letter in letters(settings) if letter.source_ref.endswith("/live#" + server.url("/no-text-1"))]
    assert len(bad) == 1 and bad[0].error_kind == "empty"


async def until(condition, timeout_s: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)

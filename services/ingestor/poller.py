"""The feed poller: the thin async shell that joins the fetcher, the pure parsers and policy,
the Redis store and the Kafka publisher.

One poll of one feed: take its lease, conditional GET, parse, drop entries already published
with the same text, fetch the linked page of teaser-only entries, publish (new text = next
version of the same article id), wait for Kafka's acks, mark the entries seen, then store the
feed's new state and hold the lease until its next poll. Any failure of one feed is logged and
counted; the poller goes on with the others.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import signal
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

import redis.asyncio as aioredis
from prometheus_client import Counter as MetricCounter
from prometheus_client import Gauge, Histogram

from services.common.deadletters import Rejected
from services.common.ids import stable_id
from services.common.logs import get_logger
from services.common.messages import Article
from services.common.redis_io import async_redis
from services.ingestor import politeness
from services.ingestor.app import SERVICE, IngestorSettings, Publisher
from services.ingestor.feeds import Entry, ParsedFeed, parse_feed
from services.ingestor.fetch import PAGE_ACCEPT, Fetcher
from services.ingestor.pages import extract_page, with_page
from services.ingestor.politeness import Feed, FetchResult
from services.ingestor.store import FeedStore

log = get_logger(SERVICE)

FEED_POLLS = MetricCounter(
    "wirewatch_feed_polls_total", "Feed polls by feed and outcome (ok, not_modified, gone, http_<code>, timeout, ...).",
    ["feed", "outcome"],
)
FEED_ITEMS = MetricCounter("wirewatch_feed_items_published_total", "Articles published from each feed.", ["feed"])
FEED_ERRORS = MetricCounter("wirewatch_feed_errors_total", "Failed feed polls by kind, all feeds.", ["kind"])
FEED_LAG = Histogram(
    "wirewatch_feed_lag_seconds", "From an entry's publication date to its publication on articles.raw.",
    buckets=(10, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600),
)
FEED_POLL_SECONDS = Histogram(
    "wirewatch_feed_poll_seconds", "One poll of one feed: fetch, parse, publish with acks, state saved.",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
FEED_LAST_LAG = Gauge("wirewatch_feed_last_lag_seconds", "Lag of the newest entry published from each feed.", ["feed"])


def fresh_versions(entries: list[Entry], seen: dict[str, tuple[str, int]]) -> list[tuple[Entry, int]]:
    """The entries to publish and the version each gets. Pure.

    Unseen id: version 1. Same id, same text as last published: nothing. Same id, changed text:
    the next version. An id twice in one feed counts once (the first occurrence).
    """
    chosen, ids = [], set()
    for entry in entries:
        article = entry.article
        if article.id in ids:
            continue
        ids.add(article.id)
        prior = seen.get(article.id)
        if prior is None:
            chosen.append((entry, 1))
        elif prior[0] != article.content_hash:
            chosen.append((entry, prior[1] + 1))
    return chosen


@dataclass
class PassReport:
    """What one pass over the due feeds did."""

    outcomes: Counter = field(default_factory=Counter)  # per poll: ok, not_modified, leased, timeout, ...
    published: int = 0
    dead_lettered: int = 0
    seconds: float = 0.0
    durations: list[float] = field(default_factory=list)  # of each poll, from its turn to its end

    @property
    def polls(self) -> int:
        return sum(n for outcome, n in self.outcomes.items() if outcome not in ("leased", "removed", "disabled"))


async def acked(futures: list) -> None:
    """Wait, without blocking the event loop, until Kafka acknowledged every send."""
    loop = asyncio.get_running_loop()
    waiting = []
    for future in futures:
        done = loop.create_future()

        def resolve(value, done=done, failed=False):
            if not done.done():
                (done.set_exception if failed else done.set_result)(value)

        future.add_callback(lambda value, resolve=resolve: loop.call_soon_threadsafe(resolve, value))
        future.add_errback(lambda exc, resolve=resolve: loop.call_soon_threadsafe(resolve, exc, failed=True))
        waiting.append(done)
    await asyncio.gather(*waiting)


class FeedPoller:
    def __init__(self, settings: IngestorSettings, client: aioredis.Redis, publisher: Publisher,
                 owner: str | None = None, rng: random.Random | None = None):
        self.settings = settings
        self.store = FeedStore(client, settings, seen_ttl_s=int(settings.feed_seen_ttl_s))
        self.publisher = publisher
        self.fetcher = Fetcher(
            user_agent=settings.feed_user_agent, timeout_s=settings.feed_timeout_s, max_bytes=settings.feed_max_bytes,
            per_host=settings.feed_per_host, max_connections=settings.feed_concurrency,
            allowed_networks=settings.allowed_networks,
        )
        self.policy = politeness.Policy(
            min_interval_s=settings.feed_min_interval_s, max_backoff_s=settings.feed_max_backoff_s,
            backoff_base_s=settings.feed_backoff_base_s,
        )
        self.owner = owner or uuid.uuid4().hex
        self.rng = rng or random.Random()
        self.slots = asyncio.Semaphore(settings.feed_concurrency)

    async def close(self) -> None:
        await self.fetcher.close()

    async def poll_due(self, limit: int = 100_000, on_polled: Callable[[int, int], None] | None = None) -> PassReport:
        """Poll every feed due now (that no other replica holds); returns what happened.

        `on_polled(done, total)` is called after each feed (progress bars).
        """
        started = time.perf_counter()
        report = PassReport()
        due = await self.store.due(time.time(), limit)
        done = 0

        async def one(feed_id: str) -> str:
            nonlocal done
            try:
                async with self.slots:
                    began = time.perf_counter()
                    outcome = await self.poll_feed(feed_id, report)
                    report.durations.append(time.perf_counter() - began)
                    FEED_POLL_SECONDS.observe(report.durations[-1])
                    return outcome
            finally:
                done += 1
                if on_polled:
                    on_polled(done, len(due))

        results = await asyncio.gather(*(one(feed_id) for feed_id in due), return_exceptions=True)
        for feed_id, result in zip(due, results):
            if isinstance(result, BaseException):
                # Kafka or Redis failed mid-poll: nothing was marked seen; the lease expires and
                # the feed is polled again, so nothing is lost.
                log.error("feed_poll_failed", feed=feed_id, error=f"{type(result).__name__}: {result}")
                report.outcomes["failed"] += 1
            else:
                report.outcomes[result] += 1
        report.seconds = time.perf_counter() - started
        return report

    async def run(self, stop: asyncio.Event) -> None:
        """Poll feeds as they fall due until `stop` is set."""
        while not stop.is_set():
            report = await self.poll_due()
            if report.polls:
                log.info("poll_pass", **dict(report.outcomes), published=report.published, seconds=round(report.seconds, 2))
            next_due = await self.store.next_due_at()
            wait = 1.0 if next_due is None else min(max(next_due - time.time(), 0.05), 5.0)
            try:
                await asyncio.wait_for(stop.wait(), timeout=wait)
            except asyncio.TimeoutError:
                pass

    async def poll_feed(self, feed_id: str, report: PassReport | None = None) -> str:
        report = report if report is not None else PassReport()
        if not await self.store.acquire(feed_id, self.owner, self.settings.feed_lease_s):
            return "leased"
        loaded = await self.store.feed(feed_id)
        if loaded is None:
            return "removed"
        feed, state = loaded
        if state.disabled:
            await self.store.save(feed_id, state, self.owner)
            return "disabled"
        result = await self.fetcher.get(state.url, politeness.conditional_headers(state))
        unreadable, body_hash = False, state.body_hash
        if result.error_kind == "too_large":
            report.dead_lettered += 1
            await acked([self.publisher.reject(Rejected("too_large", result.error), result.body, state.url)])
            unreadable = True
        elif result.status == 200:
            body_hash = hashlib.sha256(result.body).hexdigest()[:32]
            if body_hash != state.body_hash:  # a server without validators resending the same bytes
                unreadable = not await self._publish_feed(feed, result, report)
        now = time.time()
        new_state = politeness.after_fetch(feed, state, result, now, self.policy, self.rng, unreadable=unreadable)
        if not unreadable:
            new_state = new_state.model_copy(update={"body_hash": body_hash})
        await self.store.save(feed_id, new_state, self.owner, now)
        outcome = "unreadable" if unreadable and result.error_kind is None else politeness.outcome_name(result)
        FEED_POLLS.labels(feed_id, outcome).inc()
        if outcome not in ("ok", "not_modified"):
            FEED_ERRORS.labels(outcome).inc()
            log.warning("feed_poll_error", feed=feed_id, url=state.url, outcome=outcome, error=result.error,
                        status=result.status, next_in_s=round(new_state.next_poll_at - now, 1))
        return outcome

    async def _publish_feed(self, feed: Feed, result: FetchResult, report: PassReport) -> bool:
        """Publish the feed's new and changed entries; False when the document is unreadable."""
        try:
            parsed = parse_feed(
                result.body, result.final_url or feed.url, feed_ref=feed.id, max_bytes=self.settings.feed_max_bytes,
                content_type=result.headers.get("content-type"), fetched_at=datetime.now(timezone.utc),
            )
        except Rejected as rejected:
            report.dead_lettered += 1
            await acked([self.publisher.reject(rejected, result.body, result.final_url or feed.url)])
            return False
        if feed.title and not parsed.title:
            parsed.title = feed.title
        await self._publish_entries(feed, parsed, report)
        return True

    async def _publish_entries(self, feed: Feed, parsed: ParsedFeed, report: PassReport) -> None:
        if parsed.problem:
            log.info("feed_not_well_formed", feed=feed.id, problem=parsed.problem, entries=len(parsed.entries))
        # A rejected entry is remembered too, so a feed that keeps it is not dead-lettered on every change.
        rejects = {stable_id("rejected", feed.id, ref): (ref, rejected) for ref, rejected in parsed.rejected_entries}
        seen = await self.store.seen([entry.article.id for entry in parsed.entries] + list(rejects))
        chosen = fresh_versions(parsed.entries, seen)
        new_rejects = {key: found for key, found in rejects.items() if key not in seen}
        articles = await asyncio.gather(*(self._complete(entry, version) for entry, version in chosen))
        futures = [self.publisher.reject(rejected, b"", ref) for ref, rejected in new_rejects.values()]
        futures += [self.publisher.article(article, feed.url) for article in articles]
        await acked(futures)
        await self.store.record_seen(
            [(entry.article.id, entry.article.content_hash, version) for entry, version in chosen]
            + [(key, rejected.kind, 1) for key, (_, rejected) in new_rejects.items()]
        )
        report.published += len(articles)
        report.dead_lettered += len(new_rejects)
        if articles:
            FEED_ITEMS.labels(feed.id).inc(len(articles))
            self._observe_lag(feed.id, articles)

    async def _complete(self, entry: Entry, version: int) -> Article:
        """The article to publish: a teaser is replaced by the linked page's main text when it can be."""
        article = entry.article.model_copy(update={"version": version})
        if not (entry.needs_page and self.settings.feed_fetch_pages and article.url):
            return article
        page = await self.fetcher.get(article.url, accept=PAGE_ACCEPT)
        if page.status != 200 or page.error_kind:
            log.info("page_fetch_failed", url=article.url, status=page.status, error=page.error)
            return article
        extracted = await asyncio.to_thread(extract_page, page.body, page.final_url)
        return with_page(article, extracted) if extracted else article

    @staticmethod
    def _observe_lag(feed_id: str, articles: list[Article]) -> None:
        now = datetime.now(timezone.utc)
        dated = [a.published_at if a.published_at.tzinfo else a.published_at.replace(tzinfo=timezone.utc)
                 for a in articles if a.published_at]
        for published in dated:
            FEED_LAG.observe(max(0.0, (now - published).total_seconds()))
        if dated:
            FEED_LAST_LAG.labels(feed_id).set(max(0.0, (now - max(dated)).total_seconds()))


async def publish_pushed(store: FeedStore, publisher: Publisher, article: Article, ref: str) -> Article | None:
    """An article pushed over HTTP: published like a feed entry (same text twice: None; changed
    text: the next version), marked seen once Kafka acknowledged it."""
    chosen = fresh_versions([Entry(article, needs_page=False)], await store.seen([article.id]))
    if not chosen:
        return None
    version = chosen[0][1]
    versioned = article.model_copy(update={"version": version})
    await acked([publisher.article(versioned, ref)])
    await store.record_seen([(article.id, article.content_hash, version)])
    return versioned


async def poll(settings: IngestorSettings, *, once: bool,
               on_polled: Callable[[int, int], None] | None = None) -> PassReport | None:
    """`wirewatch ingestor poll`: one pass over the due feeds, or poll until SIGINT/SIGTERM."""
    client = async_redis(settings.redis_url)
    publisher = Publisher(settings)
    poller = FeedPoller(settings, client, publisher)
    try:
        if once:
            return await poller.poll_due(on_polled=on_polled)
        stop = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            asyncio.get_running_loop().add_signal_handler(signum, stop.set)
        log.info("poller_started", owner=poller.owner)
        await poller.run(stop)
        return None
    finally:
        await poller.close()
        publisher.close()
        await client.aclose()

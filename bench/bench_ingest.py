"""Feed-ingestion benchmark on the real local stack: 1,000 feeds x 50 entries from a local server.

A separate process serves the feeds over HTTP (tests/feedserver.py: ETag/Last-Modified, 304s,
gzip) on 50 ports, standing for 50 hosts with 20 feeds each, so the poller's default per-host
cap (2 concurrent requests) applies as it would to real outlets. The poller (one replica, in this
process) then makes two passes in a fresh namespace:

  1. first pass: every feed new, 50,000 articles published to articles.raw (acks awaited)
  2. second pass: nothing changed, every feed made due again: conditional GETs, expect 304s

and prints polls/s, articles published/s and the share of 304s. Targets on this 2-core machine:
first pass under 60 s, second under 10 s. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_ingest.py [--feeds 1000] [--entries 50] [--hosts 50]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
import uuid
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.common.logs import configure_logging  # noqa: E402

configure_logging("WARNING")  # before the services bind their loggers: no line per article

from services.common.kafka_io import create_topics  # noqa: E402
from services.common.redis_io import async_redis  # noqa: E402
from services.common.topics import ARTICLES_RAW, dead_letter_topic  # noqa: E402
from services.ingestor.app import IngestorSettings, Publisher  # noqa: E402
from services.ingestor.poller import FeedPoller, PassReport  # noqa: E402
from services.ingestor.store import new_feed  # noqa: E402
from services.runner import drop_namespace  # noqa: E402
from tests.feedserver import FeedServer, Route  # noqa: E402

PARAGRAPH = ("Officials said the convoy was hit on the road north of the city late on Tuesday, and that "
             "rescue teams were still searching the area on Wednesday morning. ")


def feed_document(feed: int, entries: int) -> bytes:
    items = "".join(
        f"<item><title>Report {feed}-{n}: convoy hit near the border</title>"
        f"<link>https://outlet{feed % 97}.example.org/{feed}/{n}?utm_source=rss</link>"
        f"<guid>https://outlet{feed % 97}.example.org/{feed}/{n}</guid>"
        f"<pubDate>Mon, 06 Sep 2021 16:{n % 60:02d}:00 +0000</pubDate>"
        f"<description>Report {n} from feed {feed}.</description>"
        f"<content:encoded><![CDATA[<p>{PARAGRAPH * 6}</p><p>Feed {feed}, entry {n}.</p>]]></content:encoded></item>"
        for n in range(entries)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench feed {feed}</title>'
            f"<link>https://outlet{feed % 97}.example.org/</link>{items}</channel></rss>").encode()


def serve(feeds: int, entries: int, hosts: int, ready: multiprocessing.Queue) -> None:
    servers = [FeedServer().__enter__() for _ in range(hosts)]
    urls = []
    for feed in range(feeds):
        server = servers[feed % hosts]
        server.routes[f"/feed/{feed}"] = Route(feed_document(feed, entries))
        urls.append(server.url(f"/feed/{feed}"))
    ready.put(urls)
    while True:
        time.sleep(3600)


def percentiles(values: list[float]) -> str:
    if not values:
        return "no polls"
    ordered = sorted(values)

    def ms(quantile: float) -> float:
        return ordered[min(len(ordered) - 1, int(quantile * len(ordered)))] * 1000

    return f"p50 {ms(0.5):.0f} ms, p95 {ms(0.95):.0f} ms, p99 {ms(0.99):.0f} ms"


def describe(name: str, report: PassReport, feeds: int, target_s: float) -> str:
    polls = report.polls
    share_304 = report.outcomes["not_modified"] / polls if polls else 0.0
    return (f"{name}: {polls} polls in {report.seconds:.1f} s = {polls / report.seconds:.0f} polls/s; "
            f"{report.published:,} articles published = {report.published / report.seconds:,.0f} articles/s; "
            f"304s {share_304:.0%}; outcomes {dict(report.outcomes)} (target < {target_s:.0f} s)"
            + ("" if polls == feeds else f"  [!] {feeds - polls} feeds not polled")
            + f"\n             time per poll (up to 64 at once): {percentiles(report.durations)}")


async def bench(settings: IngestorSettings, urls: list[str]) -> tuple[PassReport, PassReport]:
    client = async_redis(settings.redis_url)
    publisher = Publisher(settings)
    poller = FeedPoller(settings, client, publisher)
    try:
        await poller.store.add([new_feed(url, 900) for url in urls])
        first = await poller.poll_due()
        # Make every feed due again, as the clock would after the interval: drop leases, reschedule.
        feed_ids = [feed.id for feed in await poller.store.feeds()]
        await client.delete(*[poller.store.key("feed", "lease", fid) for fid in feed_ids])
        await client.zadd(poller.store.key("feeds:due"), {fid: 0 for fid in feed_ids})
        second = await poller.poll_due()
        return first, second
    finally:
        await poller.close()
        publisher.close()
        await client.aclose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=50)
    args = parser.parse_args()

    ready: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(args.feeds, args.entries, args.hosts, ready), daemon=True)
    server.start()
    settings = IngestorSettings(namespace=f"bi{uuid.uuid4().hex[:8]}.", metrics_port=0,
                                feed_allowed_networks="127.0.0.0/8", log_level="WARNING")
    try:
        urls = ready.get(timeout=120)
        create_topics(settings, (ARTICLES_RAW, dead_letter_topic("ingestor")))
        print(f"{args.feeds} feeds x {args.entries} entries on {args.hosts} local hosts "
              f"(per-host cap {settings.feed_per_host}, {settings.feed_concurrency} requests at once)")
        first, second = asyncio.run(bench(settings, urls))
        print(describe("first pass ", first, args.feeds, 60))
        print(describe("second pass", second, args.feeds, 10))
        print("Timings on a shared 2-core machine (the server process competes for the same cores).")
    finally:
        server.terminate()
        drop_namespace(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())

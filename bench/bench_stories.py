"""`make bench-dedup` (second part): the stories stage's per-batch work against the real Redis.

Files the FA-KES corpus (804 articles of one war, over the default 7-day window's buckets) as the
window's texts, then runs the stage's work (`RedisStoryIndex.file_batch`: document frequencies,
anchors' postings, candidate texts, filing) for the same articles as other outlets' edited
versions (`syndicated_copy`: each finds the story it belongs to), in batches as the faust agent
takes them under load and one at a time. Prints articles/s, per-message latency percentiles,
stories joined, and Redis memory per filed text. Asserts nothing; deletes its keys at the end.
A lookup's cost does not grow with the window: it reads the 7 day-buckets' frequencies of its
own terms, at most 32 postings lists of at most 64 entries, and at most 16 texts.

    .venv/bin/python bench/bench_stories.py [--batch 1 200]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_dedup import drop_keys, percentile, stage_arguments  # noqa: E402
from bench.eval_dedup import FA_KES  # noqa: E402
from services.common.messages import UniqueArticle  # noqa: E402
from services.common.redis_io import async_redis  # noqa: E402
from services.common.settings import ServiceSettings  # noqa: E402
from services.dedup.evaluation import syndicated_copy  # noqa: E402
from services.ingestor.documents import build_article  # noqa: E402
from services.stories.index import RedisStoryIndex  # noqa: E402

WINDOW_S = 7 * 86400


def corpus(evaldata: Path) -> list[tuple[str, str, str]]:
    with open(evaldata / FA_KES, encoding="latin-1", newline="") as handle:
        return [(row["source"], row["article_title"], row["article_content"]) for row in csv.DictReader(handle)]


def uniques(texts: list[tuple[str, str, str]], run: str) -> list[UniqueArticle]:
    out = []
    for n, (outlet, title, body) in enumerate(texts):
        article = build_article(title, body, url=f"https://bench.example/{run}/{n}", source=outlet)
        out.append(UniqueArticle(article=article, cluster_id=article.id))
    return out


async def run_stage(index: RedisStoryIndex, articles: list[UniqueArticle], batch_size: int,
                    now_s: float) -> tuple[float, list[float], int]:
    """Latency of a message is its batch's time; returns elapsed seconds, latencies, stories joined."""
    latencies, joined = [], 0
    started = time.perf_counter()
    for first in range(0, len(articles), batch_size):
        batch = articles[first:first + batch_size]
        begun = time.perf_counter()
        stories = await index.file_batch(batch, now_s)
        latencies.extend([time.perf_counter() - begun] * len(batch))
        joined += sum(story.id != unique.article.id for story, unique in zip(stories, batch))
    return time.perf_counter() - started, latencies, joined


async def bench(settings: ServiceSettings, texts: list[tuple[str, str, str]], batches: list[int]) -> None:
    client = async_redis(settings.redis_url)
    index = RedisStoryIndex(client, settings, WINDOW_S)
    sync = redis.Redis.from_url(settings.redis_url)
    now = time.time()
    before = sync.info("memory")["used_memory"]
    window = uniques(texts, "window")
    # The window's texts spread over its days, as a week of news would be.
    for day in range(7):
        await index.file_batch(window[day::7], now - (6 - day) * 86400)
    per_text = (sync.info("memory")["used_memory"] - before) / len(window)
    print(f"  window: {len(window)} FA-KES articles filed over 7 days; about {per_text / 1024:.1f} KB of Redis "
          "per filed text")
    rng = random.Random(7)
    for run, batch_size in enumerate(batches):
        edited = [syndicated_copy(title, body, rng) for _, title, body in texts]
        articles = uniques([(f"{outlet} {run}", title, body) for outlet, title, body in edited], f"run{run}")
        elapsed, latencies, joined = await run_stage(index, articles, batch_size, now)
        ms = [v * 1e3 for v in latencies]
        print(f"  batches of {batch_size}: {len(articles) / elapsed:,.0f} articles/s on one worker; "
              f"{joined} of {len(articles)} joined a story; per-message latency p50 {statistics.median(ms):.2f} ms, "
              f"p99 {percentile(ms, 0.99):.2f} ms, max {max(ms):.2f} ms")
    await client.aclose()


def main() -> int:
    args = stage_arguments(argparse.ArgumentParser(description=__doc__.splitlines()[0]))
    if args is None:
        return 2
    settings = ServiceSettings(namespace=f"bench-stories-{uuid.uuid4().hex[:6]}.")
    print(f"stories stage, namespace {settings.namespace}; the machine's 2 cores are shared, so figures are pessimistic")
    try:
        asyncio.run(bench(settings, corpus(args.evaldata), args.batch))
    finally:
        drop_keys(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())

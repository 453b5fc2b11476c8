"""Main-text extraction of news pages (teaser entries) against trafilatura's own gold data.

Runs `services.ingestor.pages.extract_page` (what the poller does with the linked page of a
teaser-only entry) over the 130 news pages of ../shared/evaldata/articles/trafilatura_news/ and
prints hit rates: gold snippets that must appear in the text (`with`), boilerplate snippets that
must not (`without`), and title, author and date equal to the gold where the gold gives them.
Skips with a message when the data is absent. Prints figures; asserts nothing.

    .venv/bin/python bench/eval_pages.py [--data ../shared/evaldata/articles/trafilatura_news]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.ingestor.pages import extract_page  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "evaldata" / "articles" / "trafilatura_news"


def normal(text: str | list[str] | None) -> str:
    if isinstance(text, list):  # some gold authors are lists; trafilatura joins names with "; "
        text = "; ".join(text)
    return " ".join(unicodedata.normalize("NFC", text or "").split()).casefold()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    gold_file = args.data / "gold_news_subset.json"
    if not gold_file.exists():
        print(f"skipped: no gold pages at {args.data} (see ../shared/evaldata/README.md)")
        return 0
    gold = json.loads(gold_file.read_text())
    counts = {name: [0, 0] for name in ("with", "without", "title", "author", "date")}
    no_text, seconds = 0, 0.0
    for url, page_gold in gold.items():
        html = gzip.decompress((args.data / "html" / (page_gold["file"] + ".gz")).read_bytes())
        started = time.perf_counter()
        page = extract_page(html, url)
        seconds += time.perf_counter() - started
        if page is None:
            no_text += 1
        text = normal(page.text if page else "")
        for snippet in page_gold["with"]:
            counts["with"][0] += normal(snippet) in text
            counts["with"][1] += 1
        for snippet in page_gold["without"]:
            counts["without"][0] += normal(snippet) not in text
            counts["without"][1] += 1
        for field in ("title", "author", "date"):
            if page_gold.get(field):
                counts[field][0] += bool(page) and normal(getattr(page, field)) == normal(page_gold[field])
                counts[field][1] += 1
    print(f"{len(gold)} news pages from {args.data}: {seconds / len(gold) * 1000:.0f} ms per page, "
          f"{no_text} without main text")
    labels = {"with": "must-appear snippets found", "without": "boilerplate snippets kept out",
              "title": "title exact", "author": "author exact", "date": "date exact"}
    for name, (hits, total) in counts.items():
        print(f"  {labels[name]:30s} {hits:4d} / {total:4d} = {hits / total:.1%}" if total else f"  {labels[name]}: no gold")
    return 0


if __name__ == "__main__":
    sys.exit(main())

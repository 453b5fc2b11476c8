"""Synthetic wire copy with known answers, for crash tests and benchmarks.

Each article reports one air strike on its own town and day with a known toll, in the plain
style of wire reports, so the expected events and aggregates are known exactly.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

# Towns in distinct admin1 regions, spelled as the wires spell them.
TOWNS = [("Saraqeb", "Syria"), ("Douma", "Syria"), ("Deir ez-Zor", "Syria"), ("Raqqa", "Syria"),
         ("Mosul", "Iraq"), ("Kirkuk", "Iraq"), ("Taiz", "Yemen"), ("Marib", "Yemen")]


def air_strike_reports(count: int, seed: int = 11, first_day: date = date(2019, 1, 2)) -> list[dict]:
    """JSON Lines records; the true toll of record n is in `toll` (not an Article field)."""
    rng = random.Random(seed)
    records = []
    for n in range(count):
        town, country = TOWNS[n % len(TOWNS)]
        published = first_day + timedelta(days=n)
        toll = rng.randint(1, 40)
        records.append({
            "title": f"Air strike on {town} kills {toll}",
            "body": f"At least {toll} civilians were killed in an air strike on {town}, {country}, on "
                    f"{published.strftime('%A %d %B %Y')}, a local monitoring group said.",
            "url": f"https://wire.example/{seed}/{n}",
            "published_at": f"{published.isoformat()}T18:00:00Z",
            "source": "Wire",
            "toll": toll,
        })
    return records

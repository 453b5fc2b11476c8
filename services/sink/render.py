"""The aggregates as a terminal table, for the CLI and the demo."""

from __future__ import annotations

from rich.table import Table

from services.sink.aggregates import AggregateReader


def aggregate_table(reader: AggregateReader, day: str | None = None) -> Table:
    table = Table(title="Events and fatalities per region and day")
    for column in ("day", "country", "admin1", "events", "fatalities"):
        table.add_column(column)
    for each_day in [day] if day else reader.days():
        for region, tally in sorted(reader.regions(each_day).items()):
            if tally.events:
                country, admin1 = region.split(":", 1)
                table.add_row(each_day, country, admin1, str(tally.events), str(tally.fatalities))
    return table

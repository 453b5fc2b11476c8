"""`wirewatch feeds ...` and `wirewatch ingestor poll`: the feed list and the poller from the shell.

    wirewatch feeds import list.opml [--interval 600] [--backfill]   # progress bar; --backfill polls them now
    wirewatch feeds add URL [--interval 600] [--title T]
    wirewatch feeds remove ID-or-URL
    wirewatch feeds list
    wirewatch ingestor poll [--once]                                # --once: one pass over the due feeds

Heavy imports stay inside the commands so `wirewatch --help` stays fast.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console()


def add_commands(commands: argparse._SubParsersAction) -> None:
    feeds = commands.add_parser("feeds", help="the feed list the poller works through (in Redis)")
    actions = feeds.add_subparsers(dest="action", required=True)
    imported = actions.add_parser("import", help="add every feed an OPML file lists")
    imported.add_argument("opml")
    imported.add_argument("--interval", type=float, default=None, help="seconds between polls (default 900)")
    imported.add_argument("--backfill", action="store_true", help="poll the imported feeds now")
    imported.set_defaults(run=cmd_feeds_import)
    add = actions.add_parser("add", help="add a feed (or change its interval)")
    add.add_argument("url")
    add.add_argument("--interval", type=float, default=None)
    add.add_argument("--title")
    add.set_defaults(run=cmd_feeds_add)
    remove = actions.add_parser("remove", help="remove a feed by id or URL")
    remove.add_argument("feed")
    remove.set_defaults(run=cmd_feeds_remove)
    listed = actions.add_parser("list", help="the feeds with their state")
    listed.set_defaults(run=cmd_feeds_list)

    ingestor = commands.add_parser("ingestor", help="run the feed poller")
    ingestor.add_argument("action", choices=("poll",))
    ingestor.add_argument("--once", action="store_true", help="one pass over the feeds due now, then exit")
    ingestor.set_defaults(run=cmd_ingestor_poll)


def _settings():
    from services.ingestor.app import IngestorSettings

    return IngestorSettings()


async def _with_store(work):
    from services.common.redis_io import async_redis

    from services.ingestor.store import FeedStore

    settings = _settings()
    client = async_redis(settings.redis_url)
    try:
        return await work(FeedStore(client, settings), settings)
    finally:
        await client.aclose()


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console)


def cmd_feeds_import(args, _settings_unused) -> int:
    from services.common.deadletters import Rejected
    from services.ingestor.feeds import parse_opml
    from services.ingestor.poller import poll
    from services.ingestor.store import new_feed

    try:
        outlines = parse_opml(Path(args.opml).read_bytes())
    except Rejected as rejected:
        console.print(f"[red]{args.opml}: {rejected.kind}: {rejected.reason}[/]")
        return 1

    async def work(store, settings):
        interval = args.interval or settings.feed_default_interval_s
        added = 0
        with _progress() as progress:
            task = progress.add_task("importing", total=len(outlines))
            for start in range(0, len(outlines), 200):
                chunk = outlines[start:start + 200]
                added += await store.add([new_feed(o.url, interval, o.title) for o in chunk])
                progress.advance(task, len(chunk))
        console.print(f"{len(outlines)} feeds in {args.opml}: {added} new, {len(outlines) - added} updated")
        if args.backfill:
            with _progress() as progress:
                task = progress.add_task("polling", total=None)
                report = await poll(settings, once=True,
                                    on_polled=lambda done, total: progress.update(task, completed=done, total=total))
            _print_report(report)
        return 0

    return asyncio.run(_with_store(work))


def cmd_feeds_add(args, _settings_unused) -> int:
    from services.ingestor.store import new_feed

    async def work(store, settings):
        feed = new_feed(args.url, args.interval or settings.feed_default_interval_s, args.title)
        new = await store.add([feed])
        console.print(f"{'added' if new else 'updated'} {feed.id} {feed.url} every {feed.interval_s:.0f} s")
        return 0

    return asyncio.run(_with_store(work))


def cmd_feeds_remove(args, _settings_unused) -> int:
    from services.ingestor.feeds import feed_id

    async def work(store, settings):
        ref = args.feed
        removed = await store.remove(feed_id(ref) if "://" in ref else ref)
        console.print(f"removed {ref}" if removed else f"[yellow]no such feed: {ref}[/]")
        return 0 if removed else 1

    return asyncio.run(_with_store(work))


def cmd_feeds_list(args, _settings_unused) -> int:
    async def work(store, settings):
        feeds = await store.feeds()
        states = await store.states([feed.id for feed in feeds])
        table = Table(title=f"{len(feeds)} feeds")
        for column in ("id", "url", "every", "last outcome", "failures", "next poll in"):
            table.add_column(column)
        now = time.time()
        for feed in feeds:
            state = states.get(feed.id)
            wait = "now" if state is None else ("disabled" if state.disabled else f"{max(0, state.next_poll_at - now):.0f} s")
            table.add_row(feed.id, state.url if state else feed.url, f"{feed.interval_s:.0f} s",
                          (state.last_outcome if state else None) or "-", str(state.failures if state else 0), wait)
        console.print(table)
        return 0

    return asyncio.run(_with_store(work))


def cmd_ingestor_poll(args, _settings_unused) -> int:
    from services.common.metrics import serve_metrics
    from services.ingestor.app import METRICS_PORT, SERVICE
    from services.ingestor.poller import poll

    settings = _settings()
    serve_metrics(SERVICE, METRICS_PORT if settings.metrics_port is None else settings.metrics_port)
    report = asyncio.run(poll(settings, once=args.once))
    if report is not None:
        _print_report(report)
    return 0


def _print_report(report) -> None:
    console.print(f"polled {report.polls} feeds in {report.seconds:.1f} s: {dict(report.outcomes)}; "
                  f"published {report.published} articles, dead-lettered {report.dead_lettered}")

"""`wirewatch`: one command line for every service and the tools around them."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import uuid
from pathlib import Path

from rich.console import Console
from rich.table import Table

from services.common.logs import configure_logging
from services.common.settings import ServiceSettings
from services.runner import WORKERS

console = Console()
REPO_ROOT = Path(__file__).resolve().parents[1]


def cmd_topics(args, settings: ServiceSettings) -> int:
    from services.common.kafka_io import create_topics

    created = create_topics(settings)
    console.print(f"created {len(created)} topics: {', '.join(created) or '(all existed)'}")
    return 0


def cmd_ingest(args, settings: ServiceSettings) -> int:
    from services.ingestor.app import IngestorSettings, ingest

    report = ingest(args.paths, IngestorSettings())
    console.print(f"published {len(report.published)} articles, rejected {len(report.rejected)}")
    for ref, rejected in report.rejected:
        console.print(f"  [yellow]rejected[/] {ref}: {rejected.kind}: {rejected.reason}")
    return 0


def cmd_worker(args, settings: ServiceSettings) -> int:
    importlib.import_module(f"services.{args.name}.app").build().run()
    return 0


def cmd_replay(args, settings: ServiceSettings) -> int:
    from services.common.kafka_io import rewind_group
    from services.common.topics import STAGE_INPUTS

    spec = STAGE_INPUTS[args.name]
    rewind_group(settings, settings.group_id(args.name), spec)
    console.print(f"{args.name} will replay {settings.topic(spec)} from the start when it next starts")
    return 0


def cmd_apikey(args, settings: ServiceSettings) -> int:
    import redis

    from services.api.auth import ApiKeyStore

    store = ApiKeyStore(redis.Redis.from_url(settings.redis_url), settings)
    needed = "owner" if args.action == "create" else "key"
    if not getattr(args, needed):
        console.print(f"[red]apikey {args.action} needs --{needed}[/]")
        return 2
    if args.action == "create":
        console.print(store.create(args.owner))
        return 0
    return 0 if store.revoke(args.key) else 1


def cmd_subscribe(args, settings: ServiceSettings) -> int:
    import redis

    from services.alerter.subscriptions import SubscriptionStore
    from services.common.messages import Subscription

    subscription = Subscription(
        id=args.id or uuid.uuid4().hex[:12], name=args.name, countries=args.country, admin1=args.admin1,
        event_types=args.event_type, min_fatalities=args.min_fatalities, notify_updates=not args.new_only,
        kafka_topic=args.kafka_topic,
    )
    SubscriptionStore(redis.Redis.from_url(settings.redis_url), settings).put(subscription)
    console.print_json(subscription.model_dump_json())
    return 0


def cmd_alerts_tail(args, settings: ServiceSettings) -> int:
    from services.alerter.feed import read_alerts

    seen = 0
    for alert in read_alerts(settings, args.subscription, timeout_s=args.timeout, max_alerts=args.max,
                             from_beginning=args.from_beginning):
        seen += 1
        console.print(f"[bold]{alert.lifecycle.value.upper()}[/] {alert.subscription_id} {alert.reason}")
    console.print(f"{seen} alerts")
    return 0


def cmd_aggregates(args, settings: ServiceSettings) -> int:
    import redis

    from services.sink.aggregates import AggregateReader
    from services.sink.render import aggregate_table

    console.print(aggregate_table(AggregateReader(redis.Redis.from_url(settings.redis_url), settings), args.day))
    return 0


def cmd_extract(args, settings: ServiceSettings) -> int:
    from services.common.deadletters import Rejected
    from services.extractor.engine import extract_events
    from services.ingestor.documents import parse_plain_text

    raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    meta = {"published_at": args.published_at} if args.published_at else {}
    try:
        article = parse_plain_text(raw, meta, max_bytes=len(raw) + 1)
    except Rejected as exc:  # what the ingestor would dead-letter: say why, no traceback
        console.print(f"[red]not an article ({exc.kind}):[/] {exc.reason}")
        return 2
    extraction = extract_events(article)
    if not args.table:
        print(json.dumps([json.loads(event.model_dump_json()) for event in extraction.events], indent=2))
        return 0
    table = Table(title=f"{len(extraction.events)} events in {article.title[:60]!r}")
    for column in ("type / sub-type", "where", "when", "actors", "fatalities", "sources"):
        table.add_column(column)
    for event in extraction.events:
        actors = [a.name for a in (event.actor1, event.actor2, *event.assoc_actors) if a]
        location = event.location
        table.add_row(
            f"{event.event_type.value} / {event.sub_event_type.value}",
            f"{location.place or location.name}, {location.admin1}, {location.country} (p{location.geo_precision})",
            event.event_date.isoformat(), "; ".join(actors), str(event.fatalities), ", ".join(event.sources),
        )
    console.print(table)
    for warning in extraction.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    return 0


def cmd_schemas(args, settings: ServiceSettings) -> int:
    from services.common.schemas import drifted_schemas, write_schemas

    if args.action == "write":
        console.print(f"wrote {', '.join(write_schemas())}")
        return 0
    drifted = drifted_schemas()
    if drifted:
        console.print(f"[red]schemas drifted from the models:[/] {', '.join(drifted)}; run `wirewatch schemas write`")
        return 1
    console.print("schemas match the models")
    return 0


def cmd_api(args, settings: ServiceSettings) -> int:
    import uvicorn

    uvicorn.run("services.api.app:app", host=args.host, port=args.port, log_level="info")
    return 0


def cmd_demo(args, settings: ServiceSettings) -> int:
    from services.demo import run_demo

    return run_demo(console, seeds=Path(args.seeds), keep=args.keep)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wirewatch", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    topics = commands.add_parser("topics", help="create the pipeline's topics (idempotent)")
    topics.add_argument("action", choices=("create",))
    topics.set_defaults(run=cmd_topics)

    ingest = commands.add_parser("ingest", help="publish article files, folders or stdin (-) to articles.raw")
    ingest.add_argument("paths", nargs="+")
    ingest.set_defaults(run=cmd_ingest)

    worker = commands.add_parser("worker", help="run one stream processor")
    worker.add_argument("name", choices=WORKERS)
    worker.set_defaults(run=cmd_worker)

    replay = commands.add_parser("replay", help="rewind a stopped worker to the start of its input topic")
    replay.add_argument("name", choices=WORKERS)
    replay.set_defaults(run=cmd_replay)

    apikey = commands.add_parser("apikey", help="create an API key for an owner (printed once), or revoke one")
    apikey.add_argument("action", choices=("create", "revoke"))
    apikey.add_argument("--owner", help="with create: who the key's subscriptions belong to")
    apikey.add_argument("--key", help="with revoke: the key")
    apikey.set_defaults(run=cmd_apikey)

    subscribe = commands.add_parser("subscribe", help="create or replace a subscription")
    subscribe.add_argument("--id")
    subscribe.add_argument("--name", required=True)
    subscribe.add_argument("--country", action="append", default=[])
    subscribe.add_argument("--admin1", action="append", default=[])
    subscribe.add_argument("--event-type", action="append", default=[])
    subscribe.add_argument("--min-fatalities", type=int, default=0)
    subscribe.add_argument("--new-only", action="store_true", help="no alert when a later report raises the toll")
    subscribe.add_argument("--kafka-topic", action="store_true",
                           help="also publish its alerts on a topic of its own, alerts.<id>")
    subscribe.set_defaults(run=cmd_subscribe)

    alerts = commands.add_parser("alerts", help="show alerts from the alerts topic")
    alerts.add_argument("action", choices=("tail",))
    alerts.add_argument("--subscription")
    alerts.add_argument("--from-beginning", action="store_true")
    alerts.add_argument("--timeout", type=float, default=None, help="stop after this many idle seconds")
    alerts.add_argument("--max", type=int, default=None)
    alerts.set_defaults(run=cmd_alerts_tail)

    aggregates = commands.add_parser("aggregates", help="print the per-region, per-day aggregates")
    aggregates.add_argument("--day")
    aggregates.set_defaults(run=cmd_aggregates)

    extract = commands.add_parser("extract", help="print the events of one article (offline)")
    extract.add_argument("file")
    extract.add_argument("--table", action="store_true")
    extract.add_argument("--published-at", help="publication date the relative dates resolve against")
    extract.set_defaults(run=cmd_extract)

    schemas = commands.add_parser("schemas", help="write or check the JSON Schemas in schemas/")
    schemas.add_argument("action", choices=("write", "check"))
    schemas.set_defaults(run=cmd_schemas)

    api = commands.add_parser("api", help="serve the HTTP API")
    api.add_argument("--host", default="127.0.0.1")
    api.add_argument("--port", type=int, default=8000)
    api.set_defaults(run=cmd_api)

    demo = commands.add_parser("demo", help="run the whole pipeline on the seeds and show alerts and aggregates")
    demo.add_argument("--seeds", default=str(REPO_ROOT / "seeds"))
    demo.add_argument("--keep", action="store_true", help="keep the demo's topics and Redis keys afterwards")
    demo.set_defaults(run=cmd_demo)

    from services.ingestor.commands import add_commands as add_feed_commands  # feeds ..., ingestor poll
    add_feed_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = ServiceSettings()
    configure_logging(settings.log_level, settings.log_json)
    return args.run(args, settings)


if __name__ == "__main__":
    sys.exit(main())

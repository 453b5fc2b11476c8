"""The ingestor's shell: walk the inputs, parse each with `documents`, publish or dead-letter."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from kafka.producer.future import FutureRecordMetadata

from services.common.deadletters import Rejected, dead_letter
from services.common.kafka_io import make_producer
from services.common.logs import get_logger
from services.common.messages import Article
from services.common.metrics import DEAD_LETTERS, MESSAGES
from services.common.netguard import parse_networks
from services.common.settings import ServiceSettings
from services.common.topics import ARTICLES_RAW, dead_letter_topic
from services.ingestor import documents, pages

SERVICE = "ingestor"
METRICS_PORT = 9101  # the poller's /metrics unless WIREWATCH_METRICS_PORT says otherwise
META_SUFFIX = ".meta.json"
JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}

log = get_logger(SERVICE)


class IngestorSettings(ServiceSettings):
    # News articles are tens of kilobytes; anything this big is a dump, not an article.
    max_article_bytes: int = 5 * 1024 * 1024

    # Feed polling. A busy news feed is 50-500 KB; 10 MB is a broken or hostile server.
    feed_max_bytes: int = 10 * 1024 * 1024
    feed_timeout_s: float = 20.0
    feed_default_interval_s: float = 900.0
    # Never poll a feed more often than this, whatever its list entry or max-age says.
    feed_min_interval_s: float = 60.0
    feed_backoff_base_s: float = 60.0
    feed_max_backoff_s: float = 6 * 3600.0
    # Concurrent requests in total and to any one host (newsrooms list dozens of feeds per outlet).
    feed_concurrency: int = 64
    feed_per_host: int = 2
    # How long a replica may hold a feed while polling it before another may take over.
    feed_lease_s: float = 120.0
    feed_seen_ttl_s: float = 180 * 86400.0
    # Fetch the linked page when an entry carries only a teaser.
    feed_fetch_pages: bool = True
    feed_user_agent: str = "Wirewatch/0.1 (news monitoring; feed poller)"
    # Comma-separated CIDR networks that feed and page URLs may resolve to although private,
    # loopback or link-local (e.g. "127.0.0.0/8" for tests). Empty: all such addresses refused.
    feed_allowed_networks: str = ""

    @property
    def allowed_networks(self) -> tuple[str, ...]:
        return parse_networks(self.feed_allowed_networks)


@dataclass
class IngestReport:
    published: list[Article] = field(default_factory=list)
    rejected: list[tuple[str, Rejected]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    ref: str
    original: bytes
    result: Article | Rejected


def read_path(path: Path, max_bytes: int) -> Iterator[Outcome]:
    """Every document under `path` (a file or a folder, sorted), parsed."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if file.name.endswith(META_SUFFIX) or file.name.startswith(".") or file.name.lower() == "readme.md":
            continue
        yield from read_file(file, max_bytes)


def read_file(file: Path, max_bytes: int) -> Iterator[Outcome]:
    with file.open("rb") as handle:
        raw = _read_capped(handle, max_bytes)
    if file.suffix in JSON_LINES_SUFFIXES:
        for result in documents.parse_json_lines(raw, max_bytes):
            yield Outcome(str(file), raw if isinstance(result, Rejected) else b"", result)
        return
    meta_file = file.with_name(file.name + META_SUFFIX)
    try:
        meta = documents.parse_meta(meta_file.read_bytes()) if meta_file.exists() else {}
        parse = pages.parse_html_page if file.suffix.lower() in HTML_SUFFIXES else documents.parse_plain_text
        yield Outcome(str(file), raw, parse(raw, meta, max_bytes))
    except Rejected as rejected:
        yield Outcome(str(file), raw, rejected)


def read_stream(stream: BinaryIO, ref: str, max_bytes: int) -> Iterator[Outcome]:
    raw = _read_capped(stream, max_bytes)
    # stdin has no file name to go by: an HTML page announces itself in its first bytes.
    parse = pages.parse_html_page if pages.looks_like_html(raw) else documents.parse_plain_text
    try:
        yield Outcome(ref, raw, parse(raw, {}, max_bytes))
    except Rejected as rejected:
        yield Outcome(ref, raw, rejected)


def _read_capped(stream: BinaryIO, max_bytes: int) -> bytes:
    """At most one byte past the cap: enough to reject a huge file without loading it all."""
    return stream.read(max_bytes + 1)


class Publisher:
    """The ingestor's one producer: articles to `articles.raw` keyed by id, rejects to `ingestor.dlq`.

    Both return kafka-python futures; a caller that needs to know an article is stored (the feed
    poller, before it marks an entry seen) waits on them.
    """

    def __init__(self, settings: IngestorSettings):
        self.settings = settings
        self.producer = make_producer(settings, client_id=f"{settings.namespace}wirewatch-ingestor")

    def article(self, article: Article, ref: str) -> FutureRecordMetadata:
        MESSAGES.labels(SERVICE, "published").inc()
        log.debug("published", ref=ref, article_id=article.id, version=article.version, title=article.title[:80])
        return self.producer.send(self.settings.topic(ARTICLES_RAW), key=article.id.encode(), value=article.to_bytes())

    def reject(self, rejected: Rejected, original: bytes, ref: str) -> FutureRecordMetadata:
        letter = dead_letter(
            SERVICE, rejected.kind, rejected.reason, original, self.settings.dead_letter_max_bytes, source_ref=ref,
        )
        DEAD_LETTERS.labels(SERVICE, rejected.kind).inc()
        log.warning("rejected", ref=ref, kind=rejected.kind, reason=rejected.reason)
        return self.producer.send(self.settings.topic(dead_letter_topic(SERVICE)), value=letter.to_bytes())

    def flush(self) -> None:
        self.producer.flush()

    def close(self) -> None:
        self.producer.close()


def publish(outcomes: Iterable[Outcome], settings: IngestorSettings) -> IngestReport:
    publisher = Publisher(settings)
    report = IngestReport()
    pending = []
    try:
        for outcome in outcomes:
            if isinstance(outcome.result, Rejected):
                pending.append(publisher.reject(outcome.result, outcome.original, outcome.ref))
                report.rejected.append((outcome.ref, outcome.result))
            else:
                pending.append(publisher.article(outcome.result, outcome.ref))
                report.published.append(outcome.result)
        publisher.flush()
        for future in pending:
            future.get(timeout=30)  # raises if the broker did not acknowledge
    finally:
        publisher.close()
    return report


def ingest(paths: list[str], settings: IngestorSettings) -> IngestReport:
    def outcomes() -> Iterator[Outcome]:
        for name in paths:
            if name == "-":
                yield from read_stream(sys.stdin.buffer, "<stdin>", settings.max_article_bytes)
            else:
                yield from read_path(Path(name), settings.max_article_bytes)

    return publish(outcomes(), settings)

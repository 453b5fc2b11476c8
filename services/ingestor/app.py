"""The ingestor's shell: walk the inputs, parse each with `documents`, publish or dead-letter."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from services.common.deadletters import Rejected, dead_letter
from services.common.kafka_io import make_producer
from services.common.logs import get_logger
from services.common.messages import Article
from services.common.metrics import DEAD_LETTERS, MESSAGES
from services.common.settings import ServiceSettings
from services.common.topics import ARTICLES_RAW, dead_letter_topic
from services.ingestor import documents

SERVICE = "ingestor"
META_SUFFIX = ".meta.json"
JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}

log = get_logger(SERVICE)


class IngestorSettings(ServiceSettings):
    # News articles are tens of kilobytes; anything this big is a dump, not an article.
    max_article_bytes: int = 5 * 1024 * 1024


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
        yield Outcome(str(file), raw, documents.parse_plain_text(raw, meta, max_bytes))
    except Rejected as rejected:
        yield Outcome(str(file), raw, rejected)


def read_stream(stream: BinaryIO, ref: str, max_bytes: int) -> Iterator[Outcome]:
    raw = _read_capped(stream, max_bytes)
    try:
        yield Outcome(ref, raw, documents.parse_plain_text(raw, {}, max_bytes))
    except Rejected as rejected:
        yield Outcome(ref, raw, rejected)


def _read_capped(stream: BinaryIO, max_bytes: int) -> bytes:
    """At most one byte past the cap: enough to reject a huge file without loading it all."""
    return stream.read(max_bytes + 1)


def publish(outcomes: Iterable[Outcome], settings: IngestorSettings) -> IngestReport:
    producer = make_producer(settings, client_id=f"{settings.namespace}wirewatch-ingestor")
    report = IngestReport()
    pending = []
    try:
        for outcome in outcomes:
            if isinstance(outcome.result, Rejected):
                rejected = outcome.result
                letter = dead_letter(
                    SERVICE, rejected.kind, rejected.reason, outcome.original,
                    settings.dead_letter_max_bytes, source_ref=outcome.ref,
                )
                pending.append(producer.send(settings.topic(dead_letter_topic(SERVICE)), value=letter.to_bytes()))
                report.rejected.append((outcome.ref, rejected))
                DEAD_LETTERS.labels(SERVICE, rejected.kind).inc()
                log.warning("rejected", ref=outcome.ref, kind=rejected.kind, reason=rejected.reason)
                continue
            article = outcome.result
            pending.append(
                producer.send(settings.topic(ARTICLES_RAW), key=article.id.encode(), value=article.to_bytes())
            )
            report.published.append(article)
            MESSAGES.labels(SERVICE, "published").inc()
            log.debug("published", ref=outcome.ref, article_id=article.id, title=article.title[:80])
        producer.flush()
        for future in pending:
            future.get(timeout=30)  # raises if the broker did not acknowledge
    finally:
        producer.close()
    return report


def ingest(paths: list[str], settings: IngestorSettings) -> IngestReport:
    def outcomes() -> Iterator[Outcome]:
        for name in paths:
            if name == "-":
                yield from read_stream(sys.stdin.buffer, "<stdin>", settings.max_article_bytes)
            else:
                yield from read_path(Path(name), settings.max_article_bytes)

    return publish(outcomes(), settings)

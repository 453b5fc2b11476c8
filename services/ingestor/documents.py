"""Pure parsing of ingested documents into `Article` models. No I/O."""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import datetime, timezone
from typing import Any, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import ValidationError

from services.common.deadletters import Rejected
from services.common.ids import stable_id
from services.common.messages import Article

TAG = re.compile(r"<[^>]{0,500}>")
SPACES = re.compile(r"[ \t\u00a0]+")
# Query parameters that only say who referred the reader; the same story with or without them is
# one article. (Analytics and ad-click ids of the big platforms and newsletter tools.)
TRACKING_PARAMS = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|gclsrc|msclkid|yclid|igshid|twclid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi"
    r"|mkt_tok|ref|ref_src|cmpid|ocid|smid|sr_share|at_medium|at_campaign|at_custom\d*|ito|icid|wt\.mc_id)$",
    re.IGNORECASE,
)
BLOCK_END = re.compile(r"<br\s*/?>|</(p|div|li|h[1-6]|blockquote|tr|section|article)\s*>", re.IGNORECASE)


def decode_utf8(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Rejected(
            "not_utf8",
            f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start} ({exc.reason})",
        ) from None


def check_size(raw: bytes, max_bytes: int) -> None:
    if len(raw) > max_bytes:
        raise Rejected(
            "too_large",
            f"document is {len(raw) / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB cap "
            "(WIREWATCH_MAX_ARTICLE_BYTES)",
        )


def clean_text(text: str) -> str:
    """Scraped text keeps stray markup (`<span>` credits) and entities; drop them, keep lines."""
    text = html.unescape(TAG.sub("", text))
    lines = [SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    cleaned: list[str] = []
    for line in lines:
        if line or (cleaned and cleaned[-1]):
            cleaned.append(line)
    return "\n".join(cleaned).strip()


def content_hash(title: str, body: str) -> str:
    normalised = " ".join(f"{title}\n{body}".split()).lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


def html_to_text(markup: str) -> str:
    """Feed entries carry HTML: block ends become line breaks before the tags are dropped."""
    return clean_text(BLOCK_END.sub("\n", markup))


def canonical_url(url: str) -> str:
    """Scheme and host lower-cased (IDN hosts as punycode, no trailing dot), default port, fragment,
    empty path and tracking parameters dropped, remaining parameters sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower() or "https"
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if host and not host.isascii() else host
    except UnicodeError:
        pass  # not a valid IDN: keep it as written, it still identifies the article
    if parts.port and not ((scheme, parts.port) in {("http", 80), ("https", 443)}):
        host = f"{host}:{parts.port}"
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k))
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def build_article(
    title: str,
    body: str,
    *,
    url: str | None = None,
    published_at: datetime | str | None = None,
    source: str | None = None,
    language: str | None = None,
    feed_id: str | None = None,
    fetched_at: datetime | None = None,
    guid: str | None = None,
    author: str | None = None,
) -> Article:
    """The one way every input becomes an `Article`.

    The id is the canonical URL's hash; without a URL, the feed's GUID for the entry (scoped by the
    feed), and only without both the content hash. So a story whose text changes keeps its id
    whenever its source gives it a stable address.
    """
    title, body = clean_text(title), clean_text(body)
    if not body and not title:
        raise Rejected("empty", "document has no text once markup and whitespace are removed")
    digest = content_hash(title, body)
    canonical = canonical_url(url) if url else None
    try:
        return Article(
            id=_article_id(canonical, guid, feed_id, digest),
            url=url,
            canonical_url=canonical,
            title=title,
            body=body,
            published_at=published_at,
            fetched_at=fetched_at or datetime.now(timezone.utc),
            source=source,
            author=" ".join(author.split())[:500] or None if author else None,
            language=language,
            feed_id=feed_id,
            content_hash=digest,
        )
    except ValidationError as exc:
        raise Rejected("invalid_metadata", f"metadata does not fit an Article: {exc.errors()[0]['msg']}") from None


def _article_id(canonical: str | None, guid: str | None, feed_id: str | None, digest: str) -> str:
    if canonical:
        return stable_id("url", canonical)
    if guid:
        return stable_id("guid", feed_id or "", guid)
    return stable_id("content", digest)


def parse_plain_text(raw: bytes, meta: dict[str, Any], max_bytes: int) -> Article:
    """A scraped article: the first non-blank line is the headline, the rest the body."""
    check_size(raw, max_bytes)
    text = decode_utf8(raw)
    if not text.strip():
        raise Rejected("empty", "document is empty")
    lines = clean_text(text).split("\n", 1)
    title = meta.get("title") or lines[0]
    body = lines[1] if len(lines) > 1 else ""
    if not body.strip():
        raise Rejected("empty", "document has a headline but no body text")
    return build_article(title, body, **_article_meta(meta))


def parse_json_lines(raw: bytes, max_bytes: int) -> Iterator[Article | Rejected]:
    """One article object per line: {title, body, url?, published_at?, source?, language?}.

    A bad line becomes a `Rejected` in place; the lines after it are still read.
    """
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            check_size(line, max_bytes)
            record = json.loads(decode_utf8(line))
            if not isinstance(record, dict) or not isinstance(record.get("body"), str):
                raise Rejected("malformed_json", f"line {number}: expected an object with a string 'body'")
            yield build_article(record.get("title") or "", record["body"], **_article_meta(record))
        except json.JSONDecodeError as exc:
            yield Rejected("malformed_json", f"line {number}: {exc.msg} at column {exc.colno}")
        except Rejected as rejected:
            yield rejected


def parse_meta(raw: bytes) -> dict[str, Any]:
    try:
        meta = json.loads(decode_utf8(raw))
    except json.JSONDecodeError as exc:
        raise Rejected("malformed_meta", f"metadata file is not JSON: {exc.msg}") from None
    if not isinstance(meta, dict):
        raise Rejected("malformed_meta", "metadata file must hold a JSON object")
    return meta


def _article_meta(record: dict[str, Any]) -> dict[str, Any]:
    return {key: record.get(key) for key in ("url", "published_at", "source", "language", "feed_id", "author")}

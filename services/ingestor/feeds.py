"""Pure parsing of feeds (RSS 0.9x/1.0/2.0, Atom, RDF, CDF, JSON Feed) and OPML into articles. No I/O.

A feed is parsed as far as it allows: feedparser's lenient parser recovers the entries of a
feed that is not well-formed XML, and each entry becomes an `Article` (via
`documents.build_article`) or a `Rejected` in place. Only a document with nothing readable in it
is rejected as a whole. Entity declarations that could expand (nested, external or huge) are
refused before any XML parser sees the bytes.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import defusedxml.ElementTree as SafeElementTree
import feedparser
from defusedxml import DefusedXmlException

from services.common.deadletters import Rejected
from services.common.ids import stable_id
from services.common.messages import Article
from services.ingestor.documents import build_article, canonical_url, check_size, html_to_text

# `<!ENTITY name "value">`, `<!ENTITY % name SYSTEM "uri">`: only the declarations matter here.
ENTITY_DECLARATION = re.compile(
    rb"<!ENTITY\s+(%\s*)?[^\s>]+\s+(?:(SYSTEM|PUBLIC)\b|\"([^\"]*)\"|'([^']*)')", re.IGNORECASE
)
COMMENT_OR_DECLARATION = re.compile(rb"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.DOTALL | re.IGNORECASE)
FIRST_ELEMENT = re.compile(rb"<([A-Za-z][\w:.-]*)")
ENTITY_PROBES = tuple("<!ENTITY".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be"))
MAX_ENTITY_VALUE_BYTES = 1024
JSON_FEED_VERSION = "https://jsonfeed.org/version/"
# An entry whose only text is a summary this short is a teaser: the article is on the linked page.
TEASER_CHARS = 600


@dataclass(frozen=True)
class Entry:
    """One feed entry as an article, with what the poller needs to decide on it."""

    article: Article
    needs_page: bool  # only a teaser in the feed: fetch the linked page for the text


@dataclass
class ParsedFeed:
    title: str | None = None
    format: str = ""
    entries: list[Entry] = field(default_factory=list)
    # (entry ref: feed URL#GUID, link or position; why) of entries that are no article
    rejected_entries: list[tuple[str, Rejected]] = field(default_factory=list)
    problem: str | None = None  # why the document is not well-formed, when it was read anyway


def feed_id(url: str) -> str:
    return stable_id("feed", canonical_url(url))


def refuse_entity_expansion(raw: bytes) -> None:
    """Entity-expansion attacks (billion laughs, quadratic blow-up, external entities) are refused.

    A DTD may declare short literal entities (some real feeds do); an entity that refers to other
    entities, to an external resource, or holds a long value is what those attacks are made of.
    """
    if not any(probe in raw for probe in ENTITY_PROBES):
        return
    # UTF-16 documents carry NUL bytes from the start; look at them as text too.
    text = raw.decode("utf-16", errors="replace").encode("utf-8") if b"\x00" in raw[:4] else raw
    for match in ENTITY_DECLARATION.finditer(text):
        parameter, external, value = match.group(1), match.group(2), match.group(3) or match.group(4) or b""
        if parameter or external:
            raise Rejected("xml_entities", "feed declares an external or parameter XML entity; refused (XXE)")
        if b"&" in value or b"%" in value or len(value) > MAX_ENTITY_VALUE_BYTES:
            raise Rejected(
                "xml_entities",
                "feed declares nested or oversized XML entities (an entity-expansion attack); refused",
            )


def parse_feed(
    raw: bytes, url: str, *, feed_ref: str, max_bytes: int, fetched_at: datetime | None = None,
    content_type: str | None = None,
) -> ParsedFeed:
    """Every entry of the document at `url`; raises `Rejected` when nothing in it can be read."""
    check_size(raw, max_bytes)
    if not raw.strip():
        raise Rejected("empty", "feed document is empty")
    if _looks_like_json(raw):
        return _parse_json_feed(raw, url, feed_ref, fetched_at)
    refuse_entity_expansion(raw)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # Sanitising and relative-URI resolution rewrite HTML we strip to text anyway.
    result = feedparser.parse(raw, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    problem = _bozo_reason(result)
    # No entries and no feed format recognised: unreadable, unless it is well-formed and feedparser
    # still found channel metadata (CDF, or a feed format it knows no version of).
    if not result.entries and not result.get("version") and (problem or not result.get("feed") or _is_html(raw)):
        what = problem or ("an HTML page" if _is_html(raw) else "no feed elements found")
        raise Rejected("unreadable_feed", f"not a feed feedparser can read: {what}")
    meta = result.get("feed", {})
    parsed = ParsedFeed(title=meta.get("title") or None, format=result.get("version") or "unknown", problem=problem)
    language = _language(meta.get("language"))
    for number, entry in enumerate(result.entries, start=1):
        ref = f"{url}#{entry.get('id') or entry.get('link') or f'entry-{number}'}"
        try:
            parsed.entries.append(_entry(entry, parsed.title, language, feed_ref, fetched_at))
        except Rejected as rejected:
            parsed.rejected_entries.append((ref, rejected))
    return parsed


def _entry(entry: Any, source: str | None, language: str | None, feed_ref: str, fetched_at) -> Entry:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    summary = entry.get("summary", "") or ""
    body = html_to_text(max(contents, key=len)) if contents else html_to_text(summary)
    link = _link(entry)
    article = build_article(
        entry.get("title", "") or "", body, url=link, published_at=_when(entry),
        source=source, language=_language(entry.get("language")) or language,
        feed_id=feed_ref, fetched_at=fetched_at, guid=entry.get("id") or None, author=entry.get("author") or None,
    )
    return Entry(article, needs_page=bool(link) and not contents and len(body) < TEASER_CHARS)


def _json_feed_author(item: dict) -> str | None:
    """JSON Feed 1.1 `authors` (a list), or 1.0 `author` (an object), by name."""
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    names = [a.get("name") for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
    return ", ".join(names) or None


def _link(entry: Any) -> str | None:
    link = entry.get("link")
    if not link and entry.get("guidislink") and entry.get("id"):
        link = entry["id"]
    return link if link and link.lower().startswith(("http://", "https://")) else None


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = dict.get(entry, key)  # not entry.get: feedparser maps updated to published, with a warning
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _language(code: Any) -> str | None:
    if not isinstance(code, str):
        return None
    code = code.strip().lower()[:2]
    return code if len(code) == 2 and code.isalpha() else None


def _bozo_reason(result: Any) -> str | None:
    """Why the document is not well-formed; None when it is, or feedparser only noted a content
    type or encoding declaration it had to correct (the text is read correctly then)."""
    if not result.get("bozo"):
        return None
    exc = result.get("bozo_exception")
    if isinstance(exc, (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)):
        return None
    return f"{type(exc).__name__}: {exc}" if exc else "not well-formed"


def _is_html(raw: bytes) -> bool:
    """The first element is <html>: a web page (an error page, a moved notice), not a feed."""
    head = COMMENT_OR_DECLARATION.sub(b"", raw[:65536])
    root = FIRST_ELEMENT.search(head)
    return bool(root) and root.group(1).lower() == b"html"


def _looks_like_json(raw: bytes) -> bool:
    return raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _parse_json_feed(raw: bytes, url: str, feed_ref: str, fetched_at) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (feedparser reads only XML)."""
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Rejected("unreadable_feed", f"JSON feed is not valid JSON: {exc}") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(JSON_FEED_VERSION):
        raise Rejected("unreadable_feed", "JSON document is not a JSON Feed (no jsonfeed.org version)")
    items = document.get("items")
    parsed = ParsedFeed(title=document.get("title") or None, format="json" + str(document["version"]).rsplit("/", 1)[-1])
    if not isinstance(items, list):
        parsed.problem = "JSON Feed has no items list"
        return parsed
    language = _language(document.get("language"))
    for number, item in enumerate(items, start=1):
        ref = f"{url}#{isinstance(item, dict) and (item.get('id') or item.get('url')) or f'entry-{number}'}"
        if not isinstance(item, dict):
            parsed.rejected_entries.append((ref, Rejected("malformed_entry", f"item {number} is not an object")))
            continue
        html_body, text_body = item.get("content_html"), item.get("content_text")
        summary = item.get("summary") or ""
        body = html_to_text(html_body) if isinstance(html_body, str) else (text_body if isinstance(text_body, str) else summary)
        link = item.get("url") if isinstance(item.get("url"), str) else None
        try:
            article = build_article(
                str(item.get("title") or ""), str(body or ""), url=link, published_at=item.get("date_published"),
                source=parsed.title, language=_language(item.get("language")) or language,
                feed_id=feed_ref, fetched_at=fetched_at, guid=str(item["id"]) if item.get("id") is not None else None,
                author=_json_feed_author(item),
            )
        except Rejected as rejected:
            parsed.rejected_entries.append((ref, rejected))
            continue
        has_content = isinstance(html_body, str) or isinstance(text_body, str)
        parsed.entries.append(Entry(article, needs_page=bool(link) and not has_content and len(body) < TEASER_CHARS))
    return parsed


@dataclass(frozen=True)
class OutlineFeed:
    url: str
    title: str | None


def parse_opml(raw: bytes) -> list[OutlineFeed]:
    """The feeds an OPML subscription list names (`<outline xmlUrl=...>`, nested folders too)."""
    try:
        root = SafeElementTree.fromstring(raw)
    except DefusedXmlException as exc:
        raise Rejected("xml_entities", f"OPML file uses forbidden XML constructs: {exc}") from None
    except SafeElementTree.ParseError as exc:
        raise Rejected("malformed_opml", f"OPML file is not well-formed XML: {exc}") from None
    feeds, seen = [], set()
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url and url.startswith(("http://", "https://")) and url not in seen:
            seen.add(url)
            feeds.append(OutlineFeed(url, outline.get("title") or outline.get("text")))
    return feeds

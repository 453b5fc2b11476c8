"""Main text and metadata of a news page, for entries whose feed carries only a teaser. No I/O.

trafilatura does the extraction (main text without navigation, comments or related-story
boxes; title, author and date from the page's metadata); the language comes from the page's
`<html lang>` declaration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import trafilatura

from services.common.deadletters import Rejected
from services.common.messages import Article
from services.ingestor.documents import build_article, check_size

HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)
HTML_LANG = re.compile(rb"<html[^>]{0,400}?\blang\s*=\s*[\"']?([a-zA-Z]{2})(?:[-_][a-zA-Z]+)?[\"'\s>]", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    author: str | None
    date: str | None  # YYYY-MM-DD
    language: str | None


def looks_like_html(raw: bytes) -> bool:
    return bool(HTML_START.match(raw[:4096].removeprefix(b"\xef\xbb\xbf")))


def extract_page(html: bytes, url: str | None = None) -> Page | None:
    """The page's main text and metadata; None when trafilatura finds no main text."""
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
    )
    if document is None or not (document.text or "").strip():
        return None
    lang = HTML_LANG.search(html[:20000])
    return Page(
        text=document.text, title=document.title or None, author=document.author or None,
        date=document.date or None, language=lang.group(1).decode().lower() if lang else None,
    )


def with_page(article: Article, page: Page) -> Article:
    """The feed's article with the page's text; the feed's own title, date and source win when set.

    The id does not change (it comes from the URL), so a later poll finds the entry seen.
    """
    try:
        published_at = article.published_at or (datetime.fromisoformat(page.date) if page.date else None)
    except ValueError:
        published_at = None
    try:
        enriched = build_article(
            article.title or page.title or "", page.text, url=article.url, published_at=published_at,
            source=article.source, language=article.language or page.language, feed_id=article.feed_id,
            fetched_at=article.fetched_at, author=article.author or page.author,
        )
    except Rejected:
        return article
    return enriched.model_copy(update={"id": article.id, "version": article.version})


def parse_html_page(raw: bytes, meta: dict, max_bytes: int) -> Article:
    """A saved HTML page (a file, like the plain-text ones): its main text; `.meta.json` values win."""
    check_size(raw, max_bytes)
    page = extract_page(raw, meta.get("url"))
    if page is None:
        raise Rejected("no_main_text", "HTML page has no main text an extractor can find")
    return build_article(
        meta.get("title") or page.title or "", page.text, url=meta.get("url"),
        published_at=meta.get("published_at") or page.date, source=meta.get("source"),
        language=meta.get("language") or page.language, author=meta.get("author") or page.author,
    )

"""The extraction engine: one article in, ACLED-style events out. Pure: no Kafka, no Redis, no I/O
beyond reading its own data files and the gazetteer once per process.

    extract_events(article) -> Extraction(events, language, warnings)

Never raises on any text: the body is cut to MAX_CHARS, every scan is linear, and an internal error
becomes a warning with no events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.common.messages import Article, Event, SubEventType

MAX_CHARS = 50_000


@dataclass(frozen=True)
class Extraction:
    events: list[Event] = field(default_factory=list)
    language: str | None = None
    warnings: list[str] = field(default_factory=list)


def warm_up() -> None:
    """Load the gazetteer (under a second from its cache), its towns by division, and the rule modules (their
    patterns and the patterns' ASCII twins compile on import, about 0.5 s) now, instead of on the first article.
    Then move every object so far out of the cyclic garbage collector's sight (gc.freeze, process-wide): the
    gazetteer's millions of objects live as long as the process, and a full collection walked them all, a 90 ms
    pause in a fresh worker's first pass."""
    import gc

    from . import events, language, places, sentences  # noqa: F401  (imported for their compiled patterns)
    from .gazetteer import gazetteer

    places.places_by_division(gazetteer())
    gc.freeze()


def extract_events(article: Article) -> Extraction:
    warnings: list[str] = []
    try:
        return _extract(article, warnings)
    except Exception as exc:  # the engine must not take a worker down on one odd article
        warnings.append(f"internal error: {type(exc).__name__}: {str(exc)[:200]}")
        return Extraction([], None, warnings)


def classify(text: str) -> SubEventType | None:
    """The ACLED sub-event type a short text reports, or None; no place or date needed (for snippets)."""
    from . import events, sentences

    text = sentences.mask_markup((text or "")[:MAX_CHARS])
    return events.classify(text, sentences.split(text))


def _extract(article: Article, warnings: list[str]) -> Extraction:
    from . import events, language, sentences
    from .gazetteer import gazetteer

    body = article.body or ""
    title = article.title or ""
    if not body.strip():
        if not title.strip():
            warnings.append("empty text")
            return Extraction([], None, warnings)
        # A feed item that is only a headline ("Airstrikes hit Idlib, killing 3 civilians") is still news.
        warnings.append("no body: events read from the title")
        body, title = title, ""
    text = body
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        warnings.append(f"text cut to {MAX_CHARS} chars")
    text = sentences.mask_markup(text)
    lang = language.detect(title + "\n" + text)
    declared = (article.language or "").lower()[:2] or None
    if declared and declared != "en":
        lang = declared
    if lang is not None and lang != "en":
        warnings.append(f"non-English text: detected '{lang}', not extracted")
        return Extraction([], lang, warnings)
    published = article.published_at or article.fetched_at
    if article.published_at is None:
        warnings.append("no publication date: relative dates resolved against fetch time")
    spans = sentences.split(text)
    result = events.assemble(article, text, spans, gazetteer(), published.date(),
                             sentences.mask_markup(title[:1000]))
    if not result:
        warnings.append("no events found")
    return Extraction(result, lang or "en", warnings)

"""Ingestor: reads article files, folders and stdin; produces `articles.raw`.

Consumes: plain-text articles (first line the title; an optional `<name>.meta.json` beside a file
gives url, published_at, source, language), and JSON Lines of article objects.
Produces: one `Article` per document on `articles.raw`, keyed by article id, with acks=all and an
idempotent producer; every input it cannot turn into an article (not UTF-8, empty, over the size
cap, malformed JSON) goes to `ingestor.dlq` with the reason. Nothing it reads is skipped silently.
"""

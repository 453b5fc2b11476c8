"""Ingestor: turns files, stdin, pushed articles and polled feeds into `Article`s on `articles.raw`.

Consumes: plain-text articles (first line the title), saved HTML pages (main text by trafilatura),
each with an optional `<name>.meta.json` beside it (url, published_at, source, language), JSON Lines of article objects, articles pushed to the
API (`POST /articles`), and the feeds on the feed list in Redis (RSS 0.9x/1.0/2.0, Atom, RDF, CDF,
JSON Feed; OPML lists import into it), with the linked page's main text for teaser-only entries.
Produces: one `Article` per document or new/changed feed entry on `articles.raw`, keyed by article
id, with acks=all and an idempotent producer; every input it cannot turn into an article (not
UTF-8, empty, over a size cap, malformed JSON, an unreadable feed or entry, an XML entity attack)
goes to `ingestor.dlq` with the reason. Nothing it reads is skipped silently.
Guarantees (feeds): an entry is marked seen in Redis only after Kafka acknowledged it, so a crash
republishes at worst the same (id, version); same text is never republished, changed text is the
next version of the same id (id = hash of the canonical URL, else of the feed's GUID); a lease per
feed keeps replicas from polling a feed twice in one interval; polling is polite (conditional GET,
max-age, Retry-After, backoff with jitter, per-host cap, 410 disables) and private addresses are
refused unless configured.

Pure core: `documents` (documents and URLs), `feeds` (feeds and OPML), `politeness` (when to poll,
what a response means, which addresses are refused), `pages` (main text of a page). Thin adapters:
`fetch` (httpx), `store` (Redis), `poller` (the async loop), `app` (files, stdin and the producer).
"""

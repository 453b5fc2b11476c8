"""Article dedup: consumes `articles.raw`, produces `articles.unique`.

Exact copies (same content hash, from any URL or outlet) and near copies (syndicated wire copy
under another headline, byline and boilerplate: MinHash over word shingles with LSH, see
`core.py`) are not sent on; each is counted on its story cluster (`carriers:` and `outlets:` sets
in Redis, `wirewatch_messages_total{service="dedup",outcome="duplicate"}`). A known story with new
casualty figures ("14 killed" -> "16 killed"), or a known URL with changed text, passes as an
update in the same cluster; the same article id with new text gets the next version number.
Key = article id. A batch of messages costs two Redis round trips. State (`index.py`) lives in Redis for the window (WIREWATCH_DEDUP_WINDOW_S,
7 days), shared by all workers, so a restart or a rebalance loses nothing. At-least-once: a
redelivered message is recognised by its source offset and gets its first decision back again
(downstream is idempotent); a re-ingested copy does not. Dead letters go to `dedup.dlq`.
"""

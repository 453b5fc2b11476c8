"""Article dedup: consumes `articles.raw`, produces `articles.unique`.

Exact duplicates (same content hash, from any URL or outlet) are dropped and counted on their
story cluster; the same article id with changed text passes as a new version. Key = article id.
State (content claims, versions, cluster members) lives in Redis for the dedup window, shared by
all workers. At-least-once: a redelivered message is recognised by its source offset and passes
again (downstream is idempotent); a re-ingested copy does not. Dead letters go to `dedup.dlq`.
"""

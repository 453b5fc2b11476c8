"""Event merger: consumes `events.extracted`, produces `events.canonical`.

Merges the reports of one real event (ACLED's rule: same actors, same day, same place, each of
which may be met loosely but only one at a time: a day apart, a town's district or quarter, actors
named differently with the same victims; distinct places and generic actors keep events apart;
see `core.py`) into one canonical event with a stable id and a version that rises whenever a
merge changes it. The toll is the most conservative credible figure, raised by later credible
reports of a higher one. Output is an upsert keyed by canonical id. State (canonical events,
which extracted event went where, candidates per region, each member's toll report) lives in
Redis; a batch of extracted events costs two round trips, a snapshot read and a compare-and-set
commit (`store.py`). At-least-once: an extracted event that was merged before changes nothing and
re-sends the current version, which the sink and the alerter already treat as a no-op.
"""

"""Event merger: consumes `events.extracted`, produces `events.canonical`.

Merges the reports of one real event (ACLED's rule: same actors, same day, same place, allowing
a town named as its district, dates a day apart and actor spelling variants; see `core.py`) into
one canonical event with a stable id and a version that rises whenever a merge changes it. The
toll is the most conservative credible figure, raised by later credible reports of a higher one.
Output is an upsert keyed by canonical id. State (canonical events, which extracted event went
where, candidates per region, each member's toll report) lives in Redis. At-least-once: an
extracted event that was merged before changes nothing and re-sends the current version, which
the sink and the alerter already treat as a no-op.
"""

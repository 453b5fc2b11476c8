"""Event merger: consumes `events.extracted`, produces `events.canonical`.

Merges the reports of one real event (ACLED's rule: same type, same place, same day, compatible
actors) into one canonical event with a stable id and a version that rises whenever a merge
changes it. Output is an upsert keyed by canonical id. State (canonical events, which extracted
event went where, candidates per region) lives in Redis. At-least-once: an extracted event that
was merged before changes nothing and re-sends the current version, which the sink and the
alerter already treat as a no-op.
"""

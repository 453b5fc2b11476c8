"""Sink: consumes `events.canonical`, writes events and aggregates to Redis.

Per canonical event it stores the newest version (JSON) and keeps, per day, event counts and
fatalities by country, by admin1 region and by event type, plus a fatalities ranking of regions.
Every write is one Lua script keyed by event id and version (a batch of events is one pipelined
round trip of them): an older or equal version changes nothing, a newer one moves the aggregates by the difference, so redelivery, replays and SIGKILL
restarts leave the aggregates exactly equal to a recount of the stored events.
"""

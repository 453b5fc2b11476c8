"""Alerter: consumes `events.canonical`, produces `alerts` (Kafka, keyed by subscription) and
Redis pub/sub messages on `<prefix>:alerts:<subscription id>`.

For every subscription (kept in Redis, edited by the CLI and the API) it fires one `new` alert
when an event first matches, and one `updated` alert when a later version raises the toll, if
the subscription asks for updates. What was alerted is recorded per (subscription, event) before
publishing, so a replayed or repeated event version never alerts twice; a redelivery of the
very message that fired an alert publishes the same alert (same id) again: at-least-once.
Aggregate rules (fatalities in a region over a window, or a spike against its baseline) read the
alerter's own copy of the hourly aggregates and fire once per window (debounced). A subscription
that asks for its own topic gets `alerts.<id>` too, created here if missing. A batch of events
costs a fixed handful of Redis round trips, not a few per event and subscription.
"""

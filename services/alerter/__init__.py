"""Alerter: consumes `events.canonical`, produces `alerts` (Kafka, keyed by subscription) and
Redis pub/sub messages on `<prefix>:alerts:<subscription id>`.

For every subscription (kept in Redis, edited by the CLI and the API) it fires one `new` alert
when an event first matches, and one `updated` alert when a later version raises the toll, if
the subscription asks for updates. What was alerted is recorded per (subscription, event) before
publishing, so a replayed or repeated event version never alerts twice; a redelivery of the
very message that fired an alert publishes the same alert (same id) again: at-least-once.
"""

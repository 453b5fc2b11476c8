"""API: HTTP access to subscriptions, events and aggregates (FastAPI; OpenAPI at /docs).

Consumes nothing from Kafka; reads the Redis state the sink writes and edits the subscriptions
the alerter reads. Produces no messages. Every request is answered from Redis, so the API can be
scaled and restarted freely.
"""

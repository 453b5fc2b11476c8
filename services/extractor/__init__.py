"""Extractor: consumes `articles.unique`, produces `events.extracted`.

Runs the pure engine (`engine.extract_events`) on each unique article and sends every event it
finds, keyed by merge bucket (country and admin1) so that reports of one real event meet in one
merger partition. Deterministic: the same article version always gives the same event ids, so a
redelivery re-sends identical events. An article with no events is counted, not dead-lettered.
"""

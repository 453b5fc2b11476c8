"""Webhooks: consumes `alerts`, POSTs each alert to its subscription's webhook URL.

Each delivery is signed with HMAC-SHA256 over the timestamp and the body (header
`X-Wirewatch-Signature: t=<unix seconds>,v1=<hex>`), retried with exponential backoff and jitter
on network errors, 429 and 5xx, and logged per subscription in Redis (last 1,000 attempts).
URLs that resolve to private, loopback or link-local addresses are refused unless the network is
allowed in configuration, and the request goes to the address that was checked (no second DNS
lookup). At-least-once: a receiver may see an alert twice and should drop repeats
by `X-Wirewatch-Alert-Id`. A delivery that exhausts its retries goes to `webhooks.dlq`.
"""

"""Prometheus metrics shared by all services, labelled by service so one dashboard fits all."""

from __future__ import annotations

from prometheus_client import Counter, Histogram, start_http_server

from services.common.logs import get_logger

MESSAGES = Counter(
    "wirewatch_messages_total", "Messages handled, by outcome (e.g. published, duplicate, no_events).",
    ["service", "outcome"],
)
DEAD_LETTERS = Counter(
    "wirewatch_dead_letters_total", "Inputs sent to a dead-letter topic, by reason.", ["service", "reason"],
)
BATCH_SIZE = Histogram(
    "wirewatch_batch_messages", "Messages a stage handled together in one batch.", ["service"],
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500),
)
PROCESSING_SECONDS = Histogram(
    "wirewatch_processing_seconds", "Time to handle one input message (a batch's time shared among its messages).", ["service"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)


DEFAULT_PORTS = {"dedup": 9102, "extractor": 9103, "merger": 9104, "sink": 9105, "alerter": 9106, "webhooks": 9107, "stories": 9108}


def serve_metrics(service: str, port: int | None) -> int | None:
    """Expose /metrics; returns the port, or None when off or the port is taken.

    A taken port is logged and tolerated: losing metrics must not stop the stream.
    """
    port = DEFAULT_PORTS.get(service, 0) if port is None else port
    if not port:
        return None
    try:
        start_http_server(port, addr="0.0.0.0")
    except OSError as exc:
        get_logger(service).warning("metrics_port_unavailable", port=port, error=str(exc))
        return None
    return port

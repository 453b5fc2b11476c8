"""Fixtures for the tests that use the real stack: the local Kafka broker and Redis server.

`make test` starts the stack before pytest; the `stack` fixture makes sure of it either way
(`infra/stack.sh up` is idempotent). Every test module that runs services gets a namespace of
its own, so topics, consumer groups and Redis keys never leak between modules or runs.
"""

from __future__ import annotations

import socket
import subprocess
import uuid
from pathlib import Path

import pytest
import redis
from services.common.kafka_io import create_topics
from services.common.settings import WorkerSettings
from services.runner import WORKERS, Pipeline, drop_namespace

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def stack() -> None:
    subprocess.run([str(REPO / "infra" / "stack.sh"), "up"], check=True)


def namespaced_settings() -> WorkerSettings:
    return WorkerSettings(namespace=f"t{uuid.uuid4().hex[:8]}.", metrics_port=0)


@pytest.fixture(scope="module")
def settings(stack) -> WorkerSettings:
    """A fresh namespace with its topics created; removed after the module."""
    settings = namespaced_settings()
    create_topics(settings)
    yield settings
    drop_namespace(settings)


@pytest.fixture
def redis_client(settings) -> redis.Redis:
    return redis.Redis.from_url(settings.redis_url)


@pytest.fixture(scope="module")
def pipeline(settings, tmp_path_factory) -> Pipeline:
    """Every worker running as its own process in the module's namespace."""
    env = {"WIREWATCH_NAMESPACE": settings.namespace}
    ports = {worker: free_port() for worker in WORKERS}
    running = Pipeline(settings, tmp_path_factory.mktemp("worker-logs"), env=env, metrics_ports=ports)
    running.start(*WORKERS)
    try:
        running.wait_ready(timeout_s=90)
        yield running
    finally:
        running.stop()

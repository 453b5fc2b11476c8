"""Starts and stops the pipeline's workers as separate processes, as they run in production.

Used by `wirewatch demo`, the end-to-end tests and the benchmarks. Readiness is read from the
broker: a worker is ready when its consumer group is stable with members holding partitions.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import redis
from kafka import KafkaAdminClient

from services.common.kafka_io import group_is_ready
from services.common.settings import ServiceSettings
from services.common.topics import ALL_TOPICS

WORKERS = ("dedup", "stories", "extractor", "merger", "sink", "alerter", "webhooks")


class Pipeline:
    def __init__(
        self,
        settings: ServiceSettings,
        log_dir: Path,
        env: dict[str, str] | None = None,
        metrics_ports: dict[str, int] | None = None,
    ):
        self.settings = settings
        self.log_dir = log_dir
        self.env = {**os.environ, **(env or {})}
        self.metrics_ports = metrics_ports or {}
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, *workers: str) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for worker in workers or WORKERS:
            log = open(self.log_dir / f"{worker}.log", "ab")
            env = dict(self.env)
            if worker in self.metrics_ports:
                env["WIREWATCH_METRICS_PORT"] = str(self.metrics_ports[worker])
            self.processes[worker] = subprocess.Popen(
                [sys.executable, "-m", "services.cli", "worker", worker],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )

    def wait_ready(self, timeout_s: float = 60.0, workers: tuple[str, ...] = ()) -> float:
        """Seconds until every worker's group is ready; raises with the log tail if one is not."""
        started = time.monotonic()
        pending = set(workers or self.processes)
        admin = KafkaAdminClient(bootstrap_servers=self.settings.kafka_bootstrap, client_id="wirewatch-probe")
        try:
            while pending:
                for worker in list(pending):
                    process = self.processes[worker]
                    if process.poll() is not None:
                        raise RuntimeError(f"worker {worker} exited with {process.returncode}:\n{self.log_tail(worker)}")
                    if group_is_ready(admin, self.settings.group_id(worker)):
                        pending.discard(worker)
                if pending and time.monotonic() - started > timeout_s:
                    tails = "\n".join(f"--- {w}\n{self.log_tail(w)}" for w in sorted(pending))
                    raise TimeoutError(f"workers not ready after {timeout_s:.0f} s: {sorted(pending)}\n{tails}")
                if pending:
                    time.sleep(0.25)
        finally:
            admin.close()
        return time.monotonic() - started

    def kill(self, worker: str) -> None:
        """SIGKILL: no shutdown hook runs, no offset is committed on the way out."""
        process = self.processes.pop(worker)
        process.send_signal(signal.SIGKILL)
        process.wait()

    def stop_worker(self, worker: str) -> None:
        """SIGTERM one worker: it leaves its group cleanly, so the group can be rewound at once."""
        process = self.processes.pop(worker)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)

    def stop(self) -> None:
        for process in self.processes.values():
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()

    def log_tail(self, worker: str, lines: int = 30) -> str:
        path = self.log_dir / f"{worker}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def drop_namespace(settings: ServiceSettings) -> None:
    """Remove a namespace's topics, consumer groups and Redis keys (demos, tests, benchmarks)."""
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    try:
        existing = set(admin.list_topics())
        admin.delete_topics([t for t in map(settings.topic, ALL_TOPICS) if t in existing])
        groups = {group["group_id"] for group in admin.list_groups()}
        ours = [settings.group_id(worker) for worker in WORKERS]
        admin.delete_groups([group for group in ours if group in groups])
    finally:
        admin.close()
    client = redis.Redis.from_url(settings.redis_url)
    for key in client.scan_iter(f"{settings.namespace}ww:*", count=1000):
        client.delete(key)

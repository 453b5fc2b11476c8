"""Webhook delivery on the real stack: signed, retried on 5xx, logged, private addresses refused."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import redis

from services.alerter.subscriptions import SubscriptionStore
from services.common.messages import Alert, AlertLifecycle, DeadLetter, Subscription
from services.common.topics import ALERTS, dead_letter_topic
from services.runner import Pipeline
from services.webhooks.core import verify
from tests.conftest import free_port
from tests.factories import event
from tests.streams import produce_raw, read_topic, wait_for

SECRET = "test-secret-of-enough-length"


class Receiver(BaseHTTPRequestHandler):
    """Answers 503 to the first two requests on /flaky, then 200; records every request."""

    received: list[tuple[str, dict, bytes]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, dict(self.headers), body))
        flaky_failures = sum(1 for path, _, _ in self.received if path == "/flaky")
        self.send_response(503 if self.path == "/flaky" and flaky_failures <= 2 else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def webhooks(settings, tmp_path_factory):
    running = Pipeline(settings, tmp_path_factory.mktemp("webhook-logs"), metrics_ports={"webhooks": free_port()},
                       env={"WIREWATCH_NAMESPACE": settings.namespace,
                            "WIREWATCH_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8"})
    running.start("webhooks")
    running.wait_ready(workers=("webhooks",))
    yield running
    running.stop()


def send_alert(settings, subscription_id: str, alert_id: str) -> Alert:
    alert = Alert(id=alert_id, subscription_id=subscription_id, lifecycle=AlertLifecycle.NEW, reason="test",
                  event=event(f"ev-{alert_id}"))
    produce_raw(settings, ALERTS, alert.to_bytes(), key=subscription_id.encode())
    return alert


def delivery_log(settings, subscription_id: str) -> list[dict]:
    raw = redis.Redis.from_url(settings.redis_url).lrange(settings.redis_key("webhooks", "log", subscription_id), 0, -1)
    return [json.loads(entry) for entry in reversed(raw)]


def test_flaky_receiver_gets_the_signed_alert_after_retries_and_every_attempt_is_logged(settings, webhooks, receiver):
    store = SubscriptionStore(redis.Redis.from_url(settings.redis_url), settings)
    store.put(Subscription(id="hook", name="hook", webhook_url=f"{receiver}/flaky", webhook_secret=SECRET))
    alert = send_alert(settings, "hook", "alert-1")

    log = wait_for(lambda: [e for e in delivery_log(settings, "hook") if e["outcome"] == "delivered"] and
                   delivery_log(settings, "hook"), what="the delivery")
    assert [(e["outcome"], e["status"]) for e in log] == [("failed", 503), ("failed", 503), ("delivered", 200)]
    requests = [r for r in Receiver.received if r[0] == "/flaky"]
    assert len(requests) == 3
    _, headers, body = requests[-1]
    assert headers["X-Wirewatch-Alert-Id"] == "alert-1"
    assert verify(SECRET, headers["X-Wirewatch-Signature"], body)
    assert Alert.from_bytes(body) == alert


def test_webhook_to_a_private_address_is_refused_without_a_request_and_dead_lettered(settings, webhooks):
    store = SubscriptionStore(redis.Redis.from_url(settings.redis_url), settings)
    # Never contacted: the address check refuses before any connection is made.
    store.put(Subscription(id="private", name="private", webhook_url="http://10.255.255.1/hook"))
    send_alert(settings, "private", "alert-2")

    letters = wait_for(lambda: [DeadLetter.from_bytes(v) for v in read_topic(settings, dead_letter_topic("webhooks"))],
                       what="the dead letter")
    assert letters[0].error_kind == "webhook_refused" and "private address" in letters[0].error
    assert delivery_log(settings, "private")[0]["outcome"] == "refused"


def test_a_named_host_is_called_at_the_address_that_was_checked_under_its_own_name(settings, webhooks, receiver):
    port = receiver.rsplit(":", 1)[1]
    store = SubscriptionStore(redis.Redis.from_url(settings.redis_url), settings)
    store.put(Subscription(id="named", name="named", webhook_url=f"http://localhost:{port}/named"))
    send_alert(settings, "named", "alert-3")

    wait_for(lambda: [e for e in delivery_log(settings, "named") if e["outcome"] == "delivered"], what="the delivery")
    [(_, headers, _)] = [r for r in Receiver.received if r[0] == "/named"]
    assert headers["Host"] == f"localhost:{port}"

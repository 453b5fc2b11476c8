"""How the shared faust shell routes a batch: what reaches the handler, what becomes a dead letter.

Runs the shell's routing without a broker: dead letters are recorded instead of sent (sending
them is covered end to end by tests/e2e/test_bad_input.py)."""

import asyncio
from dataclasses import dataclass

from services.common.deadletters import Rejected
from services.common.messages import Subscription
from services.common.settings import WorkerSettings
from services.common.stream import StreamStage
from services.common.topics import ALERTS


@dataclass
class Message:
    value: bytes
    offset: int
    topic: str = "in"
    partition: int = 0


@dataclass
class Received:
    message: Message


class RecordingStage(StreamStage):
    def __init__(self):
        super().__init__("merger", WorkerSettings(namespace="unit.", metrics_port=0), ALERTS, Subscription)
        self.letters: list[tuple[int, str, str]] = []

    async def _dead_letter(self, raw, ref, kind, reason):
        self.letters.append((ref.offset, kind, reason))


def batch_of(*ids: str) -> list[Received]:
    return [Received(Message(b"{not json" if i == "garbage" else Subscription(id=i, name=i).to_bytes(), n))
            for n, i in enumerate(ids)]


def test_a_batch_with_one_bad_message_is_handled_again_singly_and_only_that_message_is_lettered():
    stage, calls = RecordingStage(), []

    async def handle_batch(batch):
        calls.append([s.id for s, _ in batch])
        if any(s.id == "bug" for s, _ in batch):
            raise KeyError("bug")

    asyncio.run(stage._handle(batch_of("a", "garbage", "bug", "b"), lambda s, r: handle_batch([(s, r)]), handle_batch))
    assert calls == [["a", "bug", "b"], ["a"], ["bug"], ["b"]]
    assert [(offset, kind) for offset, kind, _ in stage.letters] == [(1, "schema_invalid"), (2, "processing_error")]
    assert "KeyError" in stage.letters[1][2]


def test_a_message_handler_sees_each_message_and_a_rejection_keeps_its_kind_and_reason():
    stage, seen = RecordingStage(), []

    async def handle(subscription, ref):
        seen.append((subscription.id, ref.token))
        if subscription.id == "refused":
            raise Rejected("webhook_refused", "private address")

    asyncio.run(stage._handle(batch_of("a", "refused", "b"), handle, None))
    assert seen == [("a", "in/0/0"), ("refused", "in/0/1"), ("b", "in/0/2")]
    assert stage.letters == [(1, "webhook_refused", "private address")]

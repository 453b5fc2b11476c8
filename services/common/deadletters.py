"""Dead letters: the one envelope for every input a stage rejects, with a readable reason."""

from __future__ import annotations

from services.common.messages import DeadLetter


class Rejected(Exception):
    """Raised by a pure core for input it can never process; the adapter dead-letters it."""

    def __init__(self, kind: str, reason: str):
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def dead_letter(
    stage: str,
    kind: str,
    reason: str,
    original: bytes,
    max_bytes: int,
    *,
    source_topic: str | None = None,
    source_partition: int | None = None,
    source_offset: int | None = None,
    source_ref: str | None = None,
) -> DeadLetter:
    return DeadLetter(
        stage=stage,
        error_kind=kind,
        error=reason,
        original=original[:max_bytes],
        original_size=len(original),
        source_topic=source_topic,
        source_partition=source_partition,
        source_offset=source_offset,
        source_ref=source_ref,
    )

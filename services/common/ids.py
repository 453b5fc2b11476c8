"""Stable identifiers: the same input always gives the same id, on any worker, after any restart.

Redelivered and replayed messages must land on the same keys, so ids are content hashes, never
counters or random values.
"""

import hashlib


def stable_id(*parts: object, length: int = 16) -> str:
    """Hex digest over the parts, separated so ('ab', 'c') and ('a', 'bc') differ."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8"))
    return digest.hexdigest()[:length]

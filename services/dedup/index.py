"""Redis adapter of the dedup index, shared by every dedup worker, expiring with the window.

Layout (under the namespace's `ww:dedup:` prefix):
- `content:<hash>`: the exact-copy claim, "article id|source token|version" (first message wins).
- `versions:<article id>`: text hash -> version number of that article id.
- `doc:<hash>`: the decision for a text this worker owned, with its fingerprint; a redelivered
  message finds it and gets the same decision back, so nothing is counted twice.
- `lsh:<day>:<band>:<shard>`: LSH buckets, band value -> content hash of the first text with it.
  Keyed by day, so whole days expire after the window and memory stays bounded; sharded by the
  band value's first hex digits, so each hash stays small enough for Redis' compact encoding.
- `figs:<cluster>`: the casualty-figure sets seen for a story (what makes a text an update).
- `carriers:<cluster>`, `outlets:<cluster>`: source tokens and outlets that carried the story.

Several workers share it safely: the near-duplicate decision reads the candidates and writes the
new text inside one WATCH/MULTI transaction on today's buckets, so of two near copies processed at
once on two workers exactly one becomes the story's first text and the other sees it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.exceptions import WatchError

from services.common.messages import Article, UniqueArticle
from services.common.settings import ServiceSettings
from services.dedup import core
from services.dedup.core import ContentClaim, Decision, Fingerprint, IndexedText, Verdict

DAY_S = 24 * 3600
SHARD_HEX_DIGITS = 4

# Claims the content hash for this message unless someone already did, and gives the article id
# a version number for this text (the first text of an id is version 1, each new text the next).
CLAIM_SCRIPT = """
local claim = redis.call('GET', KEYS[1])
if not claim then
  local version = redis.call('HGET', KEYS[2], ARGV[3])
  if not version then
    version = redis.call('HLEN', KEYS[2]) + 1
    redis.call('HSET', KEYS[2], ARGV[3], version)
  end
  redis.call('EXPIRE', KEYS[2], ARGV[4])
  claim = ARGV[1] .. '|' .. ARGV[2] .. '|' .. version
  redis.call('SET', KEYS[1], claim, 'EX', ARGV[4])
end
return claim
"""

# KEYS[1] = this text's doc key, KEYS[2..] = the bucket keys to probe, ARGV[i] = the band value
# (field) for KEYS[i+1], then the doc and figures key prefixes. Returns this text's stored
# decision (a redelivery) or "", then for each distinct candidate its doc record and its
# cluster's figure sets joined by ";". Doc and figures keys are derived from bucket values, so
# this script needs every key on one Redis node (the deployment has one).
LOOKUP_SCRIPT = """
local mine = redis.call('GET', KEYS[1])
if mine then return {mine} end
local out = {''}
local seen = {}
local n = #KEYS
local doc_prefix, figs_prefix = ARGV[n], ARGV[n + 1]
for i = 2, n do
  local hash = redis.call('HGET', KEYS[i], ARGV[i - 1])
  if hash and not seen[hash] then
    seen[hash] = true
    local doc = redis.call('GET', doc_prefix .. hash)
    if doc then
      local cluster = string.match(doc, '^[^|]*|([^|]*)|')
      table.insert(out, doc)
      table.insert(out, table.concat(redis.call('SMEMBERS', figs_prefix .. cluster), ';'))
    end
  end
end
return out
"""


@dataclass(frozen=True)
class ClusterTally:
    carriers: int  # distinct messages (articles from any outlet) that carried the story
    outlets: int


def encode_figures(figures: tuple[int, ...]) -> str:
    return ",".join(map(str, figures))


def decode_figures(text: str) -> tuple[int, ...]:
    return tuple(int(v) for v in text.split(",")) if text else ()


def encode_doc(decision: Decision, article: Article, fingerprint: Fingerprint) -> bytes:
    header = "|".join((decision.verdict.value, decision.cluster_id, article.id, encode_figures(fingerprint.figures)))
    return header.encode() + b"|" + struct.pack(f"<{core.NUM_PERM}H", *fingerprint.signature)


def decode_doc(raw: bytes) -> tuple[Verdict, str, str, tuple[int, ...], tuple[int, ...]]:
    verdict, cluster_id, article_id, figures, signature = raw.split(b"|", 4)
    return (Verdict(verdict.decode()), cluster_id.decode(), article_id.decode(), decode_figures(figures.decode()),
            struct.unpack(f"<{core.NUM_PERM}H", signature))


def outlet_of(article: Article) -> str:
    if article.source:
        return article.source
    url = article.canonical_url or ""
    return url.split("/")[2] if url.count("/") >= 2 else "unknown"


class RedisDedupIndex:
    def __init__(self, client: aioredis.Redis, settings: ServiceSettings, window_s: int):
        self.client = client
        self.key = settings.redis_key
        self.window_s = window_s
        self.window_days = -(-window_s // DAY_S)
        self.claim_script = client.register_script(CLAIM_SCRIPT)
        self.lookup_script = client.register_script(LOOKUP_SCRIPT)

    async def claim(self, article_id: str, content_hash: str, token: str) -> ContentClaim:
        claim = await self.claim_script(
            keys=[self.key("dedup", "content", content_hash), self.key("dedup", "versions", article_id)],
            args=[article_id, token, content_hash, self.window_s],
        )
        claimed_id, claimed_token, version = claim.decode().split("|")
        return ContentClaim(claimed_id, claimed_token, int(version))

    async def cluster_of_text(self, content_hash: str, fallback: str) -> str:
        """The story cluster a known text was put in (the claimant may still be deciding: fallback)."""
        raw = await self.client.get(self.key("dedup", "doc", content_hash))
        return decode_doc(raw)[1] if raw else fallback

    def _bucket(self, day: int, band_no: int, band: str) -> tuple[str, str]:
        return self.key("dedup", "lsh", day, band_no, band[:SHARD_HEX_DIGITS]), band[SHARD_HEX_DIGITS:]

    async def resolve_near(
        self, article: Article, claim: ContentClaim, fingerprint: Fingerprint, day: int,
    ) -> Decision:
        """Decide a text this message owns against the near-duplicate index, and record it."""
        doc_key = self.key("dedup", "doc", article.content_hash)
        probes = [self._bucket(d, n, band) for d in range(day - self.window_days, day + 1)
                  for n, band in enumerate(fingerprint.bands)]
        today = [key for key, _ in probes[-len(fingerprint.bands):]]
        while True:
            async with self.client.pipeline(transaction=True) as pipe:
                try:
                    await pipe.watch(doc_key, *today)
                    found = await self.lookup_script(
                        keys=[doc_key, *(key for key, _ in probes)],
                        args=[*(field for _, field in probes), self.key("dedup", "doc", ""),
                              self.key("dedup", "figs", "")],
                        client=self.client,
                    )
                    if found[0]:
                        return self._replayed(article, claim, found[0])
                    candidates = [self._candidate(found[i], found[i + 1]) for i in range(1, len(found), 2)]
                    decision = core.decide_near(article, claim, fingerprint, candidates)
                    pipe.multi()
                    pipe.set(doc_key, encode_doc(decision, article, fingerprint), ex=self.window_s)
                    if decision.indexes_text:
                        self._index_text(pipe, decision, article, fingerprint, today, probes)
                    await pipe.execute()
                    return decision
                except WatchError:
                    continue

    def _index_text(self, pipe, decision: Decision, article: Article, fingerprint: Fingerprint,
                    today: list[str], probes: list[tuple[str, str]]) -> None:
        bucket_ttl = (self.window_days + 1) * DAY_S
        for key, (_, field) in zip(today, probes[-len(today):]):
            pipe.hsetnx(key, field, article.content_hash)
            pipe.expire(key, bucket_ttl)
        figs = self.key("dedup", "figs", decision.cluster_id)
        pipe.sadd(figs, encode_figures(fingerprint.figures))
        pipe.expire(figs, self.window_s)

    @staticmethod
    def _candidate(doc: bytes, figures: bytes) -> IndexedText:
        _, cluster_id, article_id, figs, signature = decode_doc(doc)
        cluster_figures = frozenset(decode_figures(f) for f in figures.decode().split(";")) if figures else frozenset()
        # Bands are not needed to compare a candidate: the bucket hit already established it.
        return IndexedText(article_id, cluster_id, Fingerprint(signature, figs, ()), cluster_figures)

    @staticmethod
    def _replayed(article: Article, claim: ContentClaim, doc: bytes) -> Decision:
        verdict, cluster_id, *_ = decode_doc(doc)
        if verdict is Verdict.DUPLICATE:
            return Decision(verdict, cluster_id)
        versioned = article.model_copy(update={"version": claim.version})
        return Decision(verdict, cluster_id, UniqueArticle(article=versioned, cluster_id=cluster_id))

    async def count_carrier(self, cluster_id: str, token: str, outlet: str) -> ClusterTally:
        """Record that the message `token` from `outlet` carried the story; idempotent per token."""
        carriers, outlets = self.key("dedup", "carriers", cluster_id), self.key("dedup", "outlets", cluster_id)
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.sadd(carriers, token).expire(carriers, self.window_s).scard(carriers)
            pipe.sadd(outlets, outlet).expire(outlets, self.window_s).scard(outlets)
            result = await pipe.execute()
        return ClusterTally(carriers=result[2], outlets=result[5])

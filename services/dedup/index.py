"""Redis adapter of the dedup index: one atomic claim per article, expiring with the window."""

from __future__ import annotations

import redis.asyncio as aioredis

from services.common.settings import ServiceSettings
from services.dedup.core import ContentClaim

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
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('EXPIRE', KEYS[3], ARGV[4])
return {claim, redis.call('SCARD', KEYS[3])}
"""


class RedisDedupIndex:
    def __init__(self, client: aioredis.Redis, settings: ServiceSettings, window_s: int):
        self.client = client
        self.settings = settings
        self.window_s = window_s
        self.claim_script = client.register_script(CLAIM_SCRIPT)

    async def claim(self, article_id: str, content_hash: str, token: str) -> tuple[ContentClaim, int]:
        """Returns the claim on the hash and how many distinct messages carried it so far."""
        key = self.settings.redis_key
        claim, copies = await self.claim_script(
            keys=[key("dedup", "content", content_hash), key("dedup", "versions", article_id),
                  key("dedup", "copies", content_hash)],
            args=[article_id, token, content_hash, self.window_s],
        )
        claimed_id, claimed_token, version = claim.decode().split("|")
        return ContentClaim(claimed_id, claimed_token, int(version)), int(copies)

"""Redis adapter of the dedup index, shared by every dedup worker, expiring with the window.

Layout (under the namespace's `ww:dedup:` prefix):
- `content:<hash>`: the exact-copy claim, "article id|source token|version" (first message wins).
- `versions:<article id>`: text hash -> version number of that article id.
- `doc:<hash>`: the decision for a text this worker owned, with its fingerprint; a redelivered
  message finds it and gets the same decision back, so nothing is counted twice.
- `lsh:<band>:<band value>`: "<tick>:<content hash>" of the first text with that band value in
  the window. A tick is 1/168 of the window (an hour of the default 7 days); an entry filed a
  window or more from now (by the workers' clocks) is stale: a lookup ignores it and a new text
  with that band value takes its place. Each entry expires a window and a tick after it was
  filed (by Redis' clock), so memory stays bounded by a window of texts. One string key per
  entry, not a field in a hash bucket: the probes of a lookup (one per band) are then one MGET
  instead of an HGET each from the script, the stage's largest Redis cost, for about three
  times the memory.
- `facts:<cluster>`: the facts (tolls, dates) a story's texts stated (a new one makes an update).
- `carriers:<cluster>`, `outlets:<cluster>`: source tokens and outlets that carried the story.

A batch goes in chunks, one round trip each, several under way at once on one connection (Redis
runs them in the order sent). A round trip is two script calls: CHECK_SCRIPT claims, probes and
tallies a chunk's messages, and COMMIT_SCRIPT records the decisions of the chunk checked before it,
each only if the band entries are still what the probe saw (a compare-and-set), so several workers
share the index safely: of two near copies decided at once on two workers exactly one starts the
story and the other, retried, joins it. The same check makes a copy in a chunk checked before its
original's was filed be decided again. One call per chunk, not per message: a script call's own
cost (arguments, reply, the client's packing and reading) was a visible share of a message's.
"""

from __future__ import annotations

import struct
from collections import deque
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.exceptions import NoScriptError

from services.common.messages import Article, UniqueArticle
from services.common.redis_io import ScriptPipe
from services.common.settings import ServiceSettings
from services.dedup import core
from services.dedup.core import ContentClaim, Decision, Fingerprint, IndexedText, Verdict

TICKS_PER_WINDOW = 168
# Messages per round trip. Smaller chunks overlap more of the fingerprinting with Redis' work,
# larger ones pay fewer round trips (`make bench-dedup`). A batch's first chunk is smaller: Redis
# waits while it is fingerprinted.
FIRST_CHUNK_MESSAGES = 10
CHUNK_MESSAGES = 25
# Round trips under way at once (`_decide_in_chunks`).
ROUND_TRIPS_IN_FLIGHT = 3

# Shared by both scripts: where a band value is filed, whether an entry is live, and counting the
# message (token) and its outlet on the story cluster.
TALLY_LUA = """
local BAND_HEX = BAND_HEX_DIGITS
-- The key each band value is filed under.
local function band_keys(prefix, joined)
  local keys = {}
  for i = 1, #joined, BAND_HEX do
    keys[#keys + 1] = prefix .. 'lsh:' .. #keys .. ':' .. string.sub(joined, i, i + BAND_HEX - 1)
  end
  return keys
end
-- A band entry if it is live at tick `now` (filed less than a window before, or after: a clock
-- set a window ahead must not pin its entries), else ''.
local function live(entry, now)
  if not entry then return '' end
  local age = now - tonumber(string.sub(entry, 1, string.find(entry, ':', 1, true) - 1))
  if age >= WINDOW_TICKS or age <= -WINDOW_TICKS then return '' end
  return entry
end
local function tally(prefix, cluster, token, outlet, ttl)
  local carriers, outlets = prefix .. 'carriers:' .. cluster, prefix .. 'outlets:' .. cluster
  redis.call('SADD', carriers, token)
  redis.call('EXPIRE', carriers, ttl)
  redis.call('SADD', outlets, outlet)
  redis.call('EXPIRE', outlets, ttl)
  return {redis.call('SCARD', carriers), redis.call('SCARD', outlets)}
end
""".replace("BAND_HEX_DIGITS", str(core.BAND_HEX_DIGITS)).replace("WINDOW_TICKS", str(TICKS_PER_WINDOW))

# Checks a chunk of messages, in order, in one call. For each message: claims the content hash
# unless someone already did, giving the article id a version number for this text (first text 1,
# each new text the next); then one of three answers:
#   {'duplicate', claim, cluster, carriers, outlets}: another message owns this exact text;
#   {'replay', claim, doc, carriers, outlets}: this message was decided before (a redelivery);
#   {'lookup', claim, seen_1..seen_b, doc, facts, doc, facts, ...}: decide it. seen_i is the live
#     entry of band i ('' if none); then each distinct candidate's doc record and its cluster's
#     facts joined by ','.
# ARGV: window (ttl), key prefix, the current tick, then CHECK_FIELDS per message: article id,
# token, content hash, outlet, the band values concatenated (fewer arguments: packing them is a
# visible part of the client's cost). All keys are built here (sending them from Python costs
# more than the lookup itself), so every key must live on one Redis node (the deployment has one).
CHECK_FIELDS = 5
CHECK_SCRIPT = TALLY_LUA + """
local ttl, prefix, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local function check(article_id, token, chash, outlet, bands)
  local content, versions, doc_key = prefix .. 'content:' .. chash, prefix .. 'versions:' .. article_id, prefix .. 'doc:' .. chash
  local claim = redis.call('GET', content)
  if not claim then
    local version = redis.call('HGET', versions, chash)
    if not version then
      version = redis.call('HLEN', versions) + 1
      redis.call('HSET', versions, chash, version)
    end
    redis.call('EXPIRE', versions, ttl)
    claim = article_id .. '|' .. token .. '|' .. version
    redis.call('SET', content, claim, 'EX', ttl)
  end
  local claimed_token = string.match(claim, '^[^|]*|([^|]*)|')
  local doc = redis.call('GET', doc_key)
  if claimed_token ~= token then
    local cluster = doc and string.match(doc, '^[^|]*|([^|]*)|') or string.match(claim, '^([^|]*)|')
    local counts = tally(prefix, cluster, token, outlet, ttl)
    return {'duplicate', claim, cluster, counts[1], counts[2]}
  end
  if doc then
    local counts = tally(prefix, string.match(doc, '^[^|]*|([^|]*)|'), token, outlet, ttl)
    return {'replay', claim, doc, counts[1], counts[2]}
  end
  local entries = redis.call('MGET', unpack(band_keys(prefix, bands)))
  local out = {'lookup', claim}
  local hits = {}
  for b = 1, #entries do
    local entry = live(entries[b], now)
    out[#out + 1] = entry
    if entry ~= '' then hits[#hits + 1] = string.sub(entry, string.find(entry, ':', 1, true) + 1) end
  end
  local seen = {}
  for _, hash in ipairs(hits) do
    if not seen[hash] then
      seen[hash] = true
      local other = redis.call('GET', prefix .. 'doc:' .. hash)
      if other then
        local cluster = string.match(other, '^[^|]*|([^|]*)|')
        table.insert(out, other)
        table.insert(out, table.concat(redis.call('SMEMBERS', prefix .. 'facts:' .. cluster), ','))
      end
    end
  end
  return out
end
local answers = {}
for i = 4, #ARGV, CHECK_FIELDS do
  answers[#answers + 1] = check(unpack(ARGV, i, i + CHECK_FIELDS - 1))
end
return answers
""".replace("CHECK_FIELDS", str(CHECK_FIELDS))

# Records a chunk's decisions, in order, in one call. Each is recorded only if the band entries are
# still what the lookup saw (else {'conflict'}: decide again), so of two near copies decided at once
# on two workers exactly one starts the story; else {'ok', carriers, outlets}. A duplicate skips
# that check: it files nothing, and the text it copies stays whatever came since.
# ARGV: window (ttl), key prefix, the current tick, then COMMIT_FIELDS per message: doc record,
# cluster, facts, content hash, token, outlet, index flag ('1' files the text under its band
# values, and its facts), the band values concatenated, and the live entries the lookup saw,
# joined by commas.
COMMIT_FIELDS = 9
COMMIT_SCRIPT = TALLY_LUA + """
local ttl, prefix, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local function commit(record, cluster, facts, chash, token, outlet, indexes, bands, seen_joined)
  local doc_key = prefix .. 'doc:' .. chash
  if not redis.call('SET', doc_key, record, 'NX', 'EX', ttl) then return {'conflict'} end
  if indexes == '1' then
    local keys, seen, filed = band_keys(prefix, bands), {}, {doc_key}
    for entry in string.gmatch(seen_joined .. ',', '([^,]*),') do seen[#seen + 1] = entry end
    local entry = now .. ':' .. chash
    -- Filed as it is checked (a text's bands are mostly new: one SET NX each, no read first); on a
    -- conflict, what this call filed, the record first, is taken back (it had been free or stale).
    local function conflict()
      redis.call('DEL', unpack(filed))
      return {'conflict'}
    end
    for b = 1, #keys do
      if seen[b] == '' then
        if not redis.call('SET', keys[b], entry, 'NX', 'EX', ttl) then
          if live(redis.call('GET', keys[b]), now) ~= '' then return conflict() end
          redis.call('SET', keys[b], entry, 'EX', ttl)
        end
        filed[#filed + 1] = keys[b]
      elseif live(redis.call('GET', keys[b]), now) ~= seen[b] then
        return conflict()
      end
    end
    -- One SADD for a text's facts (a few hundred at most at a time: Lua's unpack has a limit).
    local stated = {}
    for fact in string.gmatch(facts .. ',', '([^,]+),') do
      stated[#stated + 1] = fact
      if #stated == 500 then redis.call('SADD', prefix .. 'facts:' .. cluster, unpack(stated)); stated = {} end
    end
    if #stated > 0 then redis.call('SADD', prefix .. 'facts:' .. cluster, unpack(stated)) end
    redis.call('EXPIRE', prefix .. 'facts:' .. cluster, ttl)
  end
  local counts = tally(prefix, cluster, token, outlet, ttl)
  return {'ok', counts[1], counts[2]}
end
local outcomes = {}
for i = 4, #ARGV, COMMIT_FIELDS do
  outcomes[#outcomes + 1] = commit(unpack(ARGV, i, i + COMMIT_FIELDS - 1))
end
return outcomes
""".replace("COMMIT_FIELDS", str(COMMIT_FIELDS))


@dataclass(frozen=True)
class ClusterTally:
    carriers: int  # distinct messages (articles from any outlet) that carried the story
    outlets: int


def encode_facts(facts: tuple[str, ...]) -> str:
    return ",".join(facts)


def decode_facts(text: str) -> tuple[str, ...]:
    return tuple(text.split(",")) if text else ()


def encode_doc(decision: Decision, article: Article, fingerprint: Fingerprint) -> bytes:
    header = "|".join((decision.verdict.value, decision.cluster_id, article.id, encode_facts(fingerprint.facts)))
    return header.encode() + b"|" + struct.pack(f"<{core.NUM_PERM}H", *fingerprint.signature)


def decode_doc(raw: bytes) -> tuple[Verdict, str, str, tuple[str, ...], tuple[int, ...]]:
    verdict, cluster_id, article_id, facts, signature = raw.split(b"|", 4)
    return (Verdict(verdict.decode()), cluster_id.decode(), article_id.decode(), decode_facts(facts.decode()),
            struct.unpack(f"<{core.NUM_PERM}H", signature))


def outlet_of(article: Article) -> str:
    if article.source:
        return article.source
    url = article.canonical_url or ""
    return url.split("/")[2] if url.count("/") >= 2 else "unknown"


class RedisDedupIndex:
    def __init__(self, client: aioredis.Redis, settings: ServiceSettings, window_s: int):
        self.client = client
        self.prefix = settings.redis_key("dedup", "")
        self.tick_s = max(1, window_s // TICKS_PER_WINDOW)
        # A text's claim, decision and band entries outlive its last live tick by one tick at most.
        self.retention_s = (TICKS_PER_WINDOW + 1) * self.tick_s
        self.check_script = client.register_script(CHECK_SCRIPT)
        self.commit_script = client.register_script(COMMIT_SCRIPT)

    async def check(self, article: Article, token: str, now_s: float) -> tuple[Decision, ClusterTally]:
        """The article stage for one message: exact claim, near-duplicate check, tally on its story.

        `now_s` (epoch seconds, the worker's clock) gives the tick a new text is filed at.
        """
        return (await self.check_batch([(article, token)], now_s))[0]

    async def check_batch(
        self, messages: list[tuple[Article, str]], now_s: float,
    ) -> list[tuple[Decision, ClusterTally]]:
        """`check` for messages in source order. A message whose record conflicts (an earlier one
        in the batch, or another worker, filed a text under its band values meanwhile) is decided again
        after the batch."""
        results: dict[int, tuple[Decision, ClusterTally]] = {}
        tick = int(now_s // self.tick_s)
        todo = [(n, article, token) for n, (article, token) in enumerate(messages)]
        while todo:
            try:
                todo = await self._decide_in_chunks(todo, tick, results)
            except NoScriptError:
                # Redis lost the scripts (restart, flush) and has them again: decide the same
                # messages again; what was recorded meanwhile comes back as replays, counted once.
                continue
        return [results[n] for n in range(len(messages))]

    async def _decide_in_chunks(
        self, todo: list[tuple[int, Article, str]], tick: int, results: dict[int, tuple[Decision, ClusterTally]],
    ) -> list[tuple[int, Article, str]]:
        """Decides `todo` into `results`, one round trip per chunk; returns the messages to decide again.

        Each round trip carries the records of the chunk decided last and the checks of a chunk
        fingerprinted meanwhile, and ROUND_TRIPS_IN_FLIGHT are under way at once on one connection
        (so they take effect in order): Redis runs one while this process reads the answers of the
        one before and fingerprints the chunk after. A chunk's checks may so miss the texts the
        chunk just before it files; the record's compare-and-set finds out, and the message is
        decided again.
        """
        chunks = deque(chunked(todo))
        checking = self._fingerprinted(chunks.popleft())
        recording: list[tuple[_Pending, Decision, list[bytes]]] = []
        in_flight: deque[tuple[int, list, list[_Pending]]] = deque()
        conflicted = []
        async with ScriptPipe(self.client, (self.check_script, self.commit_script)) as pipe:
            while checking or recording or in_flight:
                if checking or recording:
                    # One script call records the chunk decided last, one checks the next chunk.
                    commands = []
                    if recording:
                        commands.append((self.commit_script, (), self._shared_args(tick) + [
                            arg for m, decision, seen_now in recording for arg in record_args(m, decision, seen_now)]))
                    if checking:
                        commands.append((self.check_script, (), self._shared_args(tick) + [
                            arg for m in checking for arg in m.check_args()]))
                    in_flight.append((await pipe.send(commands), recording, checking))
                    recording = []
                    checking = self._fingerprinted(chunks.popleft()) if chunks else []
                    if checking and len(in_flight) < ROUND_TRIPS_IN_FLIGHT:
                        continue
                replies, recorded, checked = in_flight.popleft()
                answers = await pipe.read(replies)
                outcomes = answers[0] if recorded else []
                for (message, decision, _), outcome in zip(recorded, outcomes, strict=True):
                    if outcome[0] == b"ok":
                        results[message.n] = decision, ClusterTally(outcome[1], outcome[2])
                    else:
                        conflicted.append((message.n, message.article, message.token))
                for message, answer in zip(checked, answers[-1] if checked else [], strict=True):
                    kind, claim = answer[0].decode(), parse_claim(answer[1])
                    if kind == "duplicate":
                        results[message.n] = Decision(Verdict.DUPLICATE, answer[2].decode()), ClusterTally(answer[3], answer[4])
                    elif kind == "replay":
                        results[message.n] = replayed(message.article, claim, answer[2]), ClusterTally(answer[3], answer[4])
                    else:
                        seen_now, found = answer[2:2 + core.BANDS], answer[2 + core.BANDS:]
                        candidates = [candidate(found[i], found[i + 1]) for i in range(0, len(found), 2)]
                        recording.append((message, core.decide_near(message.article, claim, message.fingerprint,
                                                                    candidates), seen_now))
        return conflicted

    @staticmethod
    def _fingerprinted(chunk: list[tuple[int, Article, str]]) -> list[_Pending]:
        return [_Pending(n, article, token, core.fingerprint(article)) for n, article, token in chunk]

    def _shared_args(self, tick: int) -> list:
        # Claims live as long as the texts' index entries: a text's own claim never outlives
        # its decision record, so only the message that made the claim is ever a replay.
        return [self.retention_s, self.prefix, tick]


def record_args(message: _Pending, decision: Decision, seen_now: list[bytes]) -> tuple:
    """A message's COMMIT_FIELDS."""
    return (encode_doc(decision, message.article, message.fingerprint), decision.cluster_id,
            encode_facts(message.fingerprint.facts), message.article.content_hash, message.token, message.outlet,
            int(decision.indexes_text), "".join(message.fingerprint.bands), b",".join(seen_now))


def chunked(todo: list) -> list[list]:
    """A batch's round trips: FIRST_CHUNK_MESSAGES, then CHUNK_MESSAGES at a time."""
    first = todo[:FIRST_CHUNK_MESSAGES]
    rest = todo[FIRST_CHUNK_MESSAGES:]
    return [first] + [rest[i:i + CHUNK_MESSAGES] for i in range(0, len(rest), CHUNK_MESSAGES)]


@dataclass(frozen=True)
class _Pending:
    """A message of a batch that the index has not decided yet."""

    n: int  # its place in the batch
    article: Article
    token: str
    fingerprint: Fingerprint

    @property
    def outlet(self) -> str:
        return outlet_of(self.article)

    def check_args(self) -> tuple:
        """Its CHECK_FIELDS."""
        return (self.article.id, self.token, self.article.content_hash, self.outlet, "".join(self.fingerprint.bands))


def parse_claim(raw: bytes) -> ContentClaim:
    claimed_id, claimed_token, version = raw.decode().split("|")
    return ContentClaim(claimed_id, claimed_token, int(version))


def candidate(doc: bytes, cluster_facts: bytes) -> IndexedText:
    _, cluster_id, article_id, facts, signature = decode_doc(doc)
    # Bands are not needed to compare a candidate: the band hit already established it.
    return IndexedText(article_id, cluster_id, Fingerprint(signature, facts, ()),
                       frozenset(decode_facts(cluster_facts.decode())))


def replayed(article: Article, claim: ContentClaim, doc: bytes) -> Decision:
    """The decision recorded for a message that is being delivered again."""
    verdict, cluster_id, *_ = decode_doc(doc)
    if verdict is Verdict.DUPLICATE:
        return Decision(verdict, cluster_id)
    versioned = article.model_copy(update={"version": claim.version})
    return Decision(verdict, cluster_id, UniqueArticle(article=versioned, cluster_id=cluster_id))

"""Redis adapter of the merger's state: canonical events, members, and candidates per region.

Layout (under the namespace's `ww:merge:` prefix), each key kept 30 days after its last change:
- `member:<event id>`: the canonical event an extracted event was merged into;
- `bucket:<country>:<admin1>`: the region's canonical events, scored by event day;
- `bver:<country>:<admin1>`: a counter raised by every write to the region's bucket;
- `event:<canonical id>`: the canonical event (JSON), `tolls:<canonical id>`: its members' toll reports.

A batch of extracted events costs two round trips. READ_SCRIPT loads, in one consistent snapshot,
what the batch needs: which events are members already, each region's candidates within the merge
window, their toll reports and the region counters. The batch is then merged in Python, one
event after another over that snapshot (`core.MergeState`), as the events would be one by one.
COMMIT_SCRIPT writes the results only if nothing it read has changed since (region counters,
canonical events by digest, member keys still absent): a worker that took over a partition
mid-way makes the other read again, so no merge is lost or applied twice.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import redis.asyncio as aioredis

from services.common.messages import CanonicalEvent, Event
from services.common.settings import ServiceSettings
from services.merger import core

STATE_TTL_S = 30 * 24 * 3600

# KEYS: n member keys, then for each of the m regions its bucket and counter keys.
# ARGV: key prefix of canonical events and tolls, n, then for each region its lowest and highest day.
# Returns {members, {region candidate ids...} x m, counters, {id, event, tolls joined by newline}...}.
READ_SCRIPT = """
local prefix, n = ARGV[1], tonumber(ARGV[2])
local m = (#KEYS - n) / 2
local members, counters, regions, wanted, order = {}, {}, {}, {}, {}
for i = 1, n do members[i] = redis.call('GET', KEYS[i]) or '' end
local function want(id)
  if id ~= '' and not wanted[id] then wanted[id] = true order[#order + 1] = id end
end
for i = 1, n do want(members[i]) end
for r = 1, m do
  local ids = redis.call('ZRANGEBYSCORE', KEYS[n + 2 * r - 1], ARGV[2 + 2 * r - 1], ARGV[2 + 2 * r])
  regions[r] = ids
  for _, id in ipairs(ids) do want(id) end
  counters[r] = redis.call('GET', KEYS[n + 2 * r]) or '0'
end
local events = {}
for _, id in ipairs(order) do
  local raw = redis.call('GET', prefix .. 'event:' .. id)
  if raw then
    events[#events + 1] = id
    events[#events + 1] = raw
    events[#events + 1] = table.concat(redis.call('LRANGE', prefix .. 'tolls:' .. id, 0, -1), '\\n')
  end
end
return {members, regions, counters, events}
"""

# KEYS: the r region counters read, the e canonical event keys read or created, the k member keys
# written, then for each write its event, tolls, member, bucket and counter keys.
# ARGV: r, e, k, the r counters read, the e event digests read ('' for an event that did not exist),
# ttl, then for each write its canonical event, toll report, canonical id and day.
# Returns 1, or 0 when something read has changed (nothing is written then).
COMMIT_SCRIPT = """
local r, e, k = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for i = 1, r do
  if (redis.call('GET', KEYS[i]) or '0') ~= ARGV[3 + i] then return 0 end
end
for i = 1, e do
  local raw = redis.call('GET', KEYS[r + i])
  if (raw and redis.sha1hex(raw) or '') ~= ARGV[3 + r + i] then return 0 end
end
for i = 1, k do
  if redis.call('EXISTS', KEYS[r + e + i]) == 1 then return 0 end
end
local ttl, first_key, first_arg = ARGV[4 + r + e], r + e + k, 4 + r + e
for w = 0, (#KEYS - first_key) / 5 - 1 do
  local key, arg = first_key + 5 * w, first_arg + 4 * w
  redis.call('SET', KEYS[key + 1], ARGV[arg + 1], 'EX', ttl)
  redis.call('RPUSH', KEYS[key + 2], ARGV[arg + 2])
  redis.call('EXPIRE', KEYS[key + 2], ttl)
  redis.call('SET', KEYS[key + 3], ARGV[arg + 3], 'EX', ttl)
  redis.call('ZADD', KEYS[key + 4], ARGV[arg + 4], ARGV[arg + 3])
  redis.call('EXPIRE', KEYS[key + 4], ttl)
  redis.call('INCR', KEYS[key + 5])
  redis.call('EXPIRE', KEYS[key + 5], ttl)
end
return 1
"""


class RedisMergeStore:
    def __init__(self, client: aioredis.Redis, settings: ServiceSettings):
        self.client = client
        self.key = settings.redis_key
        self.prefix = settings.redis_key("merge", "")
        self.read_script = client.register_script(READ_SCRIPT)
        self.commit_script = client.register_script(COMMIT_SCRIPT)

    async def merge(self, incoming: Event) -> tuple[CanonicalEvent, bool]:
        """Merge `incoming` into the state; returns the canonical event and whether it changed."""
        return (await self.merge_batch([incoming]))[0]

    async def merge_batch(self, batch: list[Event]) -> list[tuple[CanonicalEvent, bool]]:
        """`merge` for each event in order, in two round trips."""
        regions = sorted({core.region_of(e) for e in batch})
        while True:
            state, counters, digests = await self._read(batch, regions)
            results = [state.add(incoming) for incoming in batch]
            if await self._commit(state, regions, counters, digests):
                return results

    async def _read(self, batch: list[Event], regions: list[tuple[str, str]]):
        days: dict[tuple[str, str], list[int]] = {}
        for incoming in batch:
            days.setdefault(core.region_of(incoming), []).append(incoming.event_date.toordinal())
        keys = [self.key("merge", "member", e.id) for e in batch]
        args: list = [self.prefix, len(batch)]
        for region in regions:
            keys += [self.key("merge", "bucket", *region), self.key("merge", "bver", *region)]
            args += [min(days[region]) - core.MAX_DAYS_APART, max(days[region]) + core.MAX_DAYS_APART]
        members, region_ids, counters, loaded = await self.read_script(keys=keys, args=args)
        events, tolls, digests = {}, {}, {}
        for i in range(0, len(loaded), 3):
            cid, raw, reports = loaded[i].decode(), loaded[i + 1], loaded[i + 2].decode()
            events[cid] = CanonicalEvent.from_bytes(raw)
            tolls[cid] = [decode_report(r) for r in reports.split("\n") if r]
            digests[cid] = hashlib.sha1(raw).hexdigest()
        candidates = {region: {cid.decode() for cid in ids} for region, ids in zip(regions, region_ids)}
        state = core.MergeState({e.id: m.decode() for e, m in zip(batch, members) if m}, candidates, events, tolls)
        return state, [c.decode() for c in counters], digests

    async def _commit(self, state: core.MergeState, regions, counters: list[str], digests: dict[str, str]) -> bool:
        if not state.writes:
            return True
        written = list(dict.fromkeys(merged.id for _, merged in state.writes))
        new_members = list(dict.fromkeys(incoming.id for incoming, _ in state.writes))
        keys = [self.key("merge", "bver", *region) for region in regions]
        keys += [self.key("merge", "event", cid) for cid in written]
        keys += [self.key("merge", "member", eid) for eid in new_members]
        args: list = [len(regions), len(written), len(new_members), *counters,
                      *(digests.get(cid, "") for cid in written), STATE_TTL_S]
        for incoming, merged in state.writes:
            region = core.region_of(incoming)
            keys += [self.key("merge", "event", merged.id), self.key("merge", "tolls", merged.id),
                     self.key("merge", "member", incoming.id), self.key("merge", "bucket", *region),
                     self.key("merge", "bver", *region)]
            # Writes apply in order, so an event merged twice in the batch ends in its later state.
            args += [merged.to_bytes(), encode_report(core.TollReport.of(incoming)), merged.id, merged.event.event_date.toordinal()]
        return await self.commit_script(keys=keys, args=args) == 1


def encode_report(report: core.TollReport) -> str:
    published = report.published_at.isoformat() if report.published_at else ""
    return f"{published}|{report.fatalities}|{int(report.credible)}"


def decode_report(raw: str) -> core.TollReport:
    published, fatalities, credible = raw.split("|")
    return core.TollReport(datetime.fromisoformat(published) if published else None, int(fatalities), credible == "1")

-- Idempotent, version-aware upsert of one canonical event and its aggregate contributions.
-- KEYS[1]: the event's hash. ARGV: key prefix, version, json, day, country code, admin1,
-- event type, fatalities. Returns 1 when applied, 0 when the stored version is as new or newer.
local prefix = ARGV[1]

local function contribute(day, cc, admin1, event_type, fatalities, sign)
  local region = cc .. ':' .. admin1
  local keys = {
    prefix .. ':agg:country:' .. cc .. ':' .. day,
    prefix .. ':agg:admin1:' .. region .. ':' .. day,
    prefix .. ':agg:type:' .. cc .. ':' .. event_type .. ':' .. day,
  }
  for _, key in ipairs(keys) do
    redis.call('HINCRBY', key, 'events', sign)
    redis.call('HINCRBY', key, 'fatalities', sign * fatalities)
  end
  redis.call('ZINCRBY', prefix .. ':top:admin1:' .. day, sign * fatalities, region)
  redis.call('SADD', prefix .. ':days', day)
end

local stored = redis.call('HMGET', KEYS[1], 'version', 'day', 'cc', 'admin1', 'event_type', 'fatalities')
if stored[1] and tonumber(stored[1]) >= tonumber(ARGV[2]) then
  return 0
end
if stored[1] then
  contribute(stored[2], stored[3], stored[4], stored[5], tonumber(stored[6]), -1)
end
contribute(ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8]), 1)
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'json', ARGV[3], 'day', ARGV[4], 'cc', ARGV[5],
  'admin1', ARGV[6], 'event_type', ARGV[7], 'fatalities', ARGV[8])
redis.call('SADD', prefix .. ':events', KEYS[1])
return 1

-- Idempotent, version-aware upsert of one canonical event and its aggregate contributions.
-- KEYS[1]: the event's hash. ARGV: key prefix, version, json, day, country code, admin1,
-- event type, fatalities, report hour ('' when unknown), lon, lat ('' when unknown), event id.
-- Returns 1 when applied, 0 when the stored version is as new or newer.
local prefix = ARGV[1]

local function contribute(day, cc, admin1, event_type, fatalities, hour, sign)
  local region = cc .. ':' .. admin1
  local toll = sign * fatalities
  if toll == 0 then
    toll = 0  -- Lua's -1 * 0 is -0, which Redis refuses as an integer
  end
  local keys = {
    prefix .. ':agg:country:' .. cc .. ':' .. day,
    prefix .. ':agg:admin1:' .. region .. ':' .. day,
    prefix .. ':agg:type:' .. cc .. ':' .. event_type .. ':' .. day,
  }
  for _, key in ipairs(keys) do
    redis.call('HINCRBY', key, 'events', sign)
    redis.call('HINCRBY', key, 'fatalities', toll)
  end
  redis.call('ZINCRBY', prefix .. ':top:admin1:' .. day, toll, region)
  redis.call('SADD', prefix .. ':days', day)
  if hour ~= '' then
    -- Report-time buckets per region, one hash field per hour: rolling windows read a range of fields.
    redis.call('HINCRBY', prefix .. ':hourly:events:' .. region, hour, sign)
    redis.call('HINCRBY', prefix .. ':hourly:fatalities:' .. region, hour, toll)
    redis.call('SADD', prefix .. ':regions', region)
  end
end

local stored = redis.call('HMGET', KEYS[1], 'version', 'day', 'cc', 'admin1', 'event_type', 'fatalities', 'hour')
if stored[1] and tonumber(stored[1]) >= tonumber(ARGV[2]) then
  return 0
end
if stored[1] then
  contribute(stored[2], stored[3], stored[4], stored[5], tonumber(stored[6]), stored[7] or '', -1)
end
contribute(ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8]), ARGV[9], 1)
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'json', ARGV[3], 'day', ARGV[4], 'cc', ARGV[5],
  'admin1', ARGV[6], 'event_type', ARGV[7], 'fatalities', ARGV[8], 'hour', ARGV[9])
redis.call('SADD', prefix .. ':events', KEYS[1])
local event_id = ARGV[12]
-- The day index behind "newest first" queries: score YYYYMMDD, so a range of days is a score range.
redis.call('ZADD', prefix .. ':byday', tonumber((string.gsub(ARGV[4], '-', ''))), event_id)
if ARGV[10] ~= '' then
  redis.call('GEOADD', prefix .. ':geo', ARGV[10], ARGV[11], event_id)
else
  redis.call('ZREM', prefix .. ':geo', event_id)
end
return 1

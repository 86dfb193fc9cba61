-- Every script reads Redis's own clock, so processes on machines with skewed clocks agree.
-- Times are whole microseconds since the UNIX epoch: exact in a Lua double (below 2^53).
-- (Redis 7 replicates a script's effects, not the script, so TIME is allowed before writes.)
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])

-- Milliseconds for PEXPIRE/PX that outlast `micros`.
local function ttl_ms(micros)
  return math.ceil(micros / 1000) + 1
end

-- Every script reads Redis's own clock, so processes on machines with skewed clocks agree.
-- Times are whole microseconds since the UNIX epoch: exact in a Lua double (below 2^53).
-- (Redis 7 replicates a script's effects, not the script, so TIME is allowed before writes.)
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])

-- Whole milliseconds for PEXPIRE/PX that outlast `micros` (the least whole number above:
-- the operators cost less than a call of math.floor).
local function ttl_ms(micros)
  local ms = micros / 1000
  return ms - ms % 1 + 1
end

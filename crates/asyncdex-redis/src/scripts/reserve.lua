-- Reserves one send under every limit. KEYS: per limit, its log (a sorted set of send times)
-- and its pause key (the time the pause ends). ARGV: wait (1 or 0), how far ahead a send may
-- be committed (us), the send's member name, then per limit its amount and window (us).
-- Returns {1 committed or 0 not, the wait (us), now (us)}.
local wait = ARGV[1] == '1'
local ahead = tonumber(ARGV[2])
local at = now
-- Per limit, how to trim the sends of its log that no longer matter, if any (on commit).
local trim = {}
for i = 1, #KEYS / 2 do
  local log, pause = KEYS[2 * i - 1], KEYS[2 * i]
  local amount, window = tonumber(ARGV[2 * i + 2]), tonumber(ARGV[2 * i + 3])
  -- Only the `amount` most recent sends can hold a send back; the log keeps no more (trimmed
  -- on commit), so one read gets both bounds.
  local recent = redis.call('ZRANGE', log, -amount, -1, 'WITHSCORES')
  if #recent > 0 then
    -- Never before the last committed send: each log stays in send order.
    at = math.max(at, tonumber(recent[#recent]))
  end
  if #recent == 2 * amount then
    -- One window after the amount-th most recent send, that send has left the window.
    at = math.max(at, tonumber(recent[2]) + window)
    trim[i] = 'beyond the amount'
  elseif #recent > 0 and tonumber(recent[2]) <= now - window then
    trim[i] = 'out of the window'
  end
  local paused = redis.call('GET', pause)
  if paused then
    at = math.max(at, tonumber(paused))
  end
end

local delay = at - now
if delay > ahead or (not wait and delay > 0) then
  -- Busy until the slot, as the machine-local store answers.
  return {0, delay, now}
end
for i = 1, #KEYS / 2 do
  local log, amount, window = KEYS[2 * i - 1], tonumber(ARGV[2 * i + 2]), tonumber(ARGV[2 * i + 3])
  redis.call('ZADD', log, digits(at), ARGV[3])
  if trim[i] == 'beyond the amount' then
    redis.call('ZREMRANGEBYRANK', log, 0, -amount - 1)
  elseif trim[i] == 'out of the window' then
    redis.call('ZREMRANGEBYSCORE', log, '-inf', digits(now - window))
  end
  -- Every send in the log is at or before `at`: the log matters for one window after it.
  redis.call('PEXPIRE', log, ttl_ms(delay + window))
end
return {1, delay, now}

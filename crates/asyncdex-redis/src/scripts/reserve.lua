-- Reserves one send under every limit. KEYS: per limit, its log (a sorted set of send times)
-- and its pause key (the time the pause ends). ARGV: wait (1 or 0), how far ahead a send may
-- be committed (us), the send's member name, then per limit its amount and window (us).
-- Returns {1 committed or 0 not, the wait (us), now (us)}.
local wait = ARGV[1] == '1'
local ahead = tonumber(ARGV[2])
local at = now
for i = 1, #KEYS / 2 do
  local log, pause = KEYS[2 * i - 1], KEYS[2 * i]
  local amount, window = tonumber(ARGV[2 * i + 2]), tonumber(ARGV[2 * i + 3])
  -- A send at or before now - window counts in no window that ends now or later.
  redis.call('ZREMRANGEBYSCORE', log, '-inf', digits(now - window))
  local count = redis.call('ZCARD', log)
  if count > 0 then
    -- Never before the last committed send: each log stays in send order.
    local last = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
    at = math.max(at, tonumber(last[2]))
  end
  if count >= amount then
    -- One window after the amount-th most recent send, that send has left the window.
    local nth = redis.call('ZRANGE', log, count - amount, count - amount, 'WITHSCORES')
    at = math.max(at, tonumber(nth[2]) + window)
  end
  local paused = redis.call('GET', pause)
  if paused then
    at = math.max(at, tonumber(paused))
  end
end

local delay = at - now
if not wait and delay > 0 then
  return {0, delay, now}
end
if delay > ahead then
  -- Asking again this much later finds the slot within reach (unless others took it).
  return {0, delay - ahead, now}
end
for i = 1, #KEYS / 2 do
  local log, window = KEYS[2 * i - 1], tonumber(ARGV[2 * i + 3])
  redis.call('ZADD', log, digits(at), ARGV[3])
  -- Every send in the log is at or before `at`: the log matters for one window after it.
  redis.call('PEXPIRE', log, ttl_ms(delay + window))
end
return {1, delay, now}

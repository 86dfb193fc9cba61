-- Holds every send under the limits back. KEYS: their pause keys. ARGV: the pause (us).
-- A longer pause already in place is kept.
local pause = tonumber(ARGV[1])
local ends = now + pause
for i = 1, #KEYS do
  local current = tonumber(redis.call('GET', KEYS[i]) or '0')
  if current < ends then
    redis.call('SET', KEYS[i], digits(ends), 'PX', ttl_ms(pause))
  end
end
return 1

-- The server counted `used` sends in its window, which ends `window_end` from now: adds the
-- sends this log is missing. KEYS: the limit's log. ARGV: amount, window (us), used,
-- window_end (us), the member names' prefix.
local log = KEYS[1]
local amount, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local used = math.min(tonumber(ARGV[3]), amount)
local ends = now + math.min(tonumber(ARGV[4]), window)
local starts = ends - window
-- The sends that count until the server's window ends (at or after its start), and have
-- gone out: sends committed for later have not reached the server, they come on top of its count.
local counted = redis.call('ZCOUNT', log, digits(starts), digits(now))
for k = 1, used - counted do
  -- At the server's window start, such a send stops counting exactly when that window ends.
  redis.call('ZADD', log, digits(starts), ARGV[5] .. ':' .. k)
end
-- As reserve.lua keeps it: the `amount` most recent sends.
redis.call('ZREMRANGEBYRANK', log, 0, -amount - 1)
if redis.call('PTTL', log) < ttl_ms(ends - now) then
  redis.call('PEXPIRE', log, ttl_ms(ends - now))
end
return used - counted

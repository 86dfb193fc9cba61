-- The server counted `used` sends in its window, which ends `window_end` from now: adds the
-- sends this log is missing. KEYS: the limit's state. ARGV: amount, window (us), used,
-- window_end (us). Returns how many sends it added.
local amount, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local used = math.min(tonumber(ARGV[3]), amount)
local ends = now + math.min(tonumber(ARGV[4]), window)
local starts = ends - window
local state = redis.call('GET', KEYS[1]) or UNUSED
local sends = count(state)
-- The sends that count until the server's window ends (arriving at or after its start), and
-- have surely arrived: one that may still be on its way comes on top of the server's count.
-- Arrivals are sorted, so those before the window are the first `before`.
local before, counted = 0, 0
for k = 1, sends do
  local arrives = arrival(state, k)
  if arrives < starts then
    before = k
  elseif arrives <= now then
    counted = counted + 1
  end
end
local missing = used - counted
if missing <= 0 then
  return 0
end
-- At the server's window start, such a send stops counting exactly when that window ends;
-- it goes in arrival order, after the sends before the window. As reserve.lua keeps it: the
-- `amount` latest arrivals.
local log = sends_between(state, 1, before) .. string.rep(struct.pack(TIME, starts), missing)
  .. sends_between(state, before + 1, sends)
local dropped = math.max(0, sends + missing - amount)
local latest = sends > before and arrival(state, sends) or starts
save(KEYS[1], string.sub(state, 1, HEAD * FIELD) .. string.sub(log, dropped * FIELD + 1),
  math.max(field(state, 0), latest + window))
return missing

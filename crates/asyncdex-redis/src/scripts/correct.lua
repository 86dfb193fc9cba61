-- The server counted `used` sends in its window, which ends `window_end` from now: adds the
-- sends this log is missing. KEYS: the limit's state. ARGV: amount, window (us), used,
-- window_end (us). Returns how many sends it added.
local amount, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local used = math.min(tonumber(ARGV[3]), amount)
local ends = now + math.min(tonumber(ARGV[4]), window)
local starts = ends - window
local state = redis.call('GET', KEYS[1]) or UNUSED
local sends = #state / FIELD - 1
-- The sends that count until the server's window ends (at or after its start), and have
-- gone out: sends committed for later have not reached the server, they come on top of its
-- count. The log is in send order, so those before the window are the first `before`.
local before, counted = 0, 0
for k = 1, sends do
  local sent = field(state, k)
  if sent < starts then
    before = k
  elseif sent <= now then
    counted = counted + 1
  end
end
local missing = used - counted
if missing <= 0 then
  return 0
end
-- At the server's window start, such a send stops counting exactly when that window ends;
-- it goes in send order, after the sends before the window.
local split = (before + 1) * FIELD
local log = string.sub(state, FIELD + 1, split) .. string.rep(struct.pack(TIME, starts), missing)
  .. string.sub(state, split + 1)
-- As reserve.lua keeps it: the `amount` most recent sends.
local dropped = math.max(0, sends + missing - amount)
-- Until the pause ends, or until the last send (one added at `starts` at the earliest) leaves
-- the window.
local last = sends > 0 and math.max(field(state, sends), starts) or starts
save(KEYS[1], string.sub(state, 1, FIELD) .. string.sub(log, dropped * FIELD + 1),
  math.max(field(state, 0), last + window))
return missing

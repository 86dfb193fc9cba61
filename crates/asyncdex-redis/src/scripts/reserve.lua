-- Reserves one send under every limit. KEYS: the limits' states. ARGV: wait (1 or 0), how
-- late the send may reach the server (us), then per limit its amount and window (us). AHEAD,
-- how far ahead of now a send may be committed (us), is declared just before this script
-- (scripts.rs). Returns {1 committed or 0 not, the wait (us), now (us)}.
local wait, late = ARGV[1] == '1', tonumber(ARGV[2])
local states = redis.call('MGET', unpack(KEYS))
local at = now
for i = 1, #KEYS do
  local state = states[i]
  if state then
    local sends, amount = count(state), tonumber(ARGV[2 * i + 1])
    -- Not before the pause ends, nor before the last slot (sends go out in the order they
    -- were placed).
    at = math.max(at, field(state, 0), field(state, 1))
    if sends >= amount then
      -- One window after the amount-th latest arrival, that send has left the window.
      at = math.max(at, arrival(state, sends - amount + 1) + tonumber(ARGV[2 * i + 2]))
    end
  end
end

local delay = at - now
if delay > AHEAD or (not wait and delay > 0) then
  -- Busy until the slot, as the machine-local store answers.
  return {0, delay, now}
end
local arrives = at + late
local slot, counted = struct.pack(TIME, at), struct.pack(TIME, arrives)
for i = 1, #KEYS do
  local state = states[i] or UNUSED
  local sends, amount = count(state), tonumber(ARGV[2 * i + 1])
  local window = tonumber(ARGV[2 * i + 2])
  -- This send goes after every arrival not later than its own: last, unless an earlier send
  -- was declared late. It is later than the amount-th latest arrival (it waited a window for
  -- it), so of the others only the amount - 1 latest can still hold one back, and none that
  -- has left the window.
  local place = sends
  while place > 0 and arrival(state, place) > arrives do
    place = place - 1
  end
  local first = math.max(1, sends - amount + 2)
  while first <= place and arrival(state, first) <= now - window do
    first = first + 1
  end
  local kept = string.sub(state, 1, FIELD) .. slot .. sends_between(state, first, place)
    .. counted .. sends_between(state, place + 1, sends)
  local latest = sends > place and arrival(state, sends) or arrives
  save(KEYS[i], kept, latest + window)
end
return {1, delay, now}

-- Reserves one send under every limit. KEYS: the limits' states. ARGV: wait (1 or 0), then per
-- limit its amount and window (us). AHEAD, how far ahead of now a send may be committed (us),
-- is declared just before this script (scripts.rs).
-- Returns {1 committed or 0 not, the wait (us), now (us)}.
local wait = ARGV[1] == '1'
local states = redis.call('MGET', unpack(KEYS))
local at = now
for i = 1, #KEYS do
  local state = states[i]
  if state then
    local sends, amount = #state / FIELD - 1, tonumber(ARGV[2 * i])
    -- Not before the pause ends, nor before the last committed send (each log stays in send
    -- order); with no sends, field 0 is the pause again.
    at = math.max(at, field(state, 0), field(state, sends))
    if sends >= amount then
      -- One window after the amount-th most recent send, that send has left the window.
      at = math.max(at, field(state, sends - amount + 1) + tonumber(ARGV[2 * i + 1]))
    end
  end
end

local delay = at - now
if delay > AHEAD or (not wait and delay > 0) then
  -- Busy until the slot, as the machine-local store answers.
  return {0, delay, now}
end
local sent = struct.pack(TIME, at)
for i = 1, #KEYS do
  local state = states[i] or UNUSED
  local sends, amount = #state / FIELD - 1, tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  -- Only the sends that can still hold one back stay: at most amount - 1 besides this one,
  -- and none that has left the window.
  local first = math.max(1, sends - amount + 2)
  while first <= sends and field(state, first) <= now - window do
    first = first + 1
  end
  local kept = string.sub(state, 1, FIELD) .. string.sub(state, first * FIELD + 1)
  -- The last send is this one, at or after the pause's end.
  save(KEYS[i], kept .. sent, at + window)
end
return {1, delay, now}

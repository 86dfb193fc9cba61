-- Holds every send under the limits back. KEYS: their states. ARGV: the pause (us), then per
-- limit its window (us). A longer pause already in place is kept.
local ends = now + tonumber(ARGV[1])
local states = redis.call('MGET', unpack(KEYS))
for i = 1, #KEYS do
  local state = states[i] or UNUSED
  if field(state, 0) < ends then
    -- Until the pause ends, or until the latest send, if any, leaves its window.
    local sends, matters = count(state), ends
    if sends > 0 then
      matters = math.max(ends, arrival(state, sends) + tonumber(ARGV[i + 1]))
    end
    save(KEYS[i], struct.pack(TIME, ends) .. string.sub(state, FIELD + 1), matters)
  end
end
return 1

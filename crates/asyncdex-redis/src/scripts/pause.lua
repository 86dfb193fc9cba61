-- Holds every send under the limits back. KEYS: their states. ARGV: the pause (us), then per
-- limit its window (us). A longer pause already in place is kept.
local ends = now + tonumber(ARGV[1])
local states = redis.call('MGET', unpack(KEYS))
for i = 1, #KEYS do
  local state = states[i] or UNUSED
  if field(state, 0) < ends then
    save(KEYS[i], struct.pack(TIME, ends) .. string.sub(state, FIELD + 1), tonumber(ARGV[i + 1]))
  end
end
return 1

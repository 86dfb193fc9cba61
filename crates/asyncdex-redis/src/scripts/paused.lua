-- How long the pauses on the limits still hold (us; 0 when none). Changes nothing.
-- KEYS: the limits' states (state.lua); field 0 of each is when its pause ends.
local states = redis.call('MGET', unpack(KEYS))
local left = 0
for i = 1, #KEYS do
  if states[i] then
    left = math.max(left, field(states[i], 0) - now)
  end
end
return left

-- A limit's whole state is one string of big-endian doubles of 8 bytes (struct.pack('>d'),
-- exact for whole microseconds): field 0 is when its pause ends (0: no pause), field 1 the
-- slot of its last send, then one field per send: when it reaches the server at the latest
-- (its slot plus the lateness its process declared), smallest first. A reservation then reads
-- every limit in one MGET and writes each in one SET: each redis.call costs Redis about a
-- microsecond of its own, and the sorted set and pause key per limit this replaces took five.
-- Binary, not digits: string.format costs ~0.5 µs a time, struct.pack and struct.unpack a
-- tenth of that; fixed width, so a script reads only the fields it needs and copies the
-- others whole.
local TIME, FIELD = '>d', 8
-- The fields before the sends: the pause's end and the last slot.
local HEAD = 2
-- The state of a limit never used, or whose key expired: no pause, no send (all bytes zero).
local UNUSED = string.rep('\0', HEAD * FIELD)

-- The time in field `i` of `state` (0: the pause's end, 1: the last slot).
local function field(state, i)
  return (struct.unpack(TIME, state, i * FIELD + 1))
end

-- How many sends `state` counts.
local function count(state)
  return #state / FIELD - HEAD
end

-- When the `k`-th send of `state` (1: the earliest) reaches the server at the latest.
local function arrival(state, k)
  return field(state, HEAD + k - 1)
end

-- The bytes of `state`'s sends `first` to `last` (empty when `first` > `last`).
local function sends_between(state, first, last)
  return string.sub(state, (HEAD + first - 1) * FIELD + 1, (HEAD + last) * FIELD)
end

-- Writes `state` to `key`, to expire once it no longer matters: `matters`, when its pause
-- has ended and its last send has left the window (each script knows it from what it wrote).
local function save(key, state, matters)
  redis.call('SET', key, state, 'PX', ttl_ms(matters - now))
end

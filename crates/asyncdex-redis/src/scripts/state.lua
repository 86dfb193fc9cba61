-- A limit's whole state is one string: when its pause ends (0: no pause), then its sends,
-- oldest first, each time a big-endian double of 8 bytes (struct.pack('>d'), exact for whole
-- microseconds). A reservation then reads every limit in one MGET and writes each in one SET:
-- each redis.call costs Redis about a microsecond of its own, and the sorted set and pause key
-- per limit this replaces took five. Binary, not digits: string.format costs ~0.5 µs a time,
-- struct.pack and struct.unpack a tenth of that; fixed width, so a script reads only the
-- fields it needs and copies the others whole.
local TIME, FIELD = '>d', 8
-- The state of a limit never used, or whose key expired: no pause (0.0, all bytes zero).
local UNUSED = '\0\0\0\0\0\0\0\0'

-- The time in field `i` of `state`: 0 is the pause's end, 1 to #state / FIELD - 1 the sends.
local function field(state, i)
  return (struct.unpack(TIME, state, i * FIELD + 1))
end

-- Writes `state` to `key`, to expire once it no longer matters: `matters`, when its pause
-- has ended and its last send has left the window (each script knows it from what it wrote).
local function save(key, state, matters)
  redis.call('SET', key, state, 'PX', ttl_ms(matters - now))
end

-- Renews this process's heartbeat and counts the processes seen within the registry's TTL.
-- KEYS: the registry (a sorted set of process ids by last heartbeat). ARGV: this process's
-- id, the TTL (us).
local registry = KEYS[1]
local ttl = tonumber(ARGV[2])
-- The scores as Redis arguments, all digits (Lua's tostring would round them to 14).
redis.call('ZADD', registry, string.format('%.0f', now), ARGV[1])
redis.call('ZREMRANGEBYSCORE', registry, '-inf', string.format('%.0f', now - ttl))
redis.call('PEXPIRE', registry, ttl_ms(ttl))
return redis.call('ZCARD', registry)

-- Renews this process's heartbeat and counts the processes seen within the registry's TTL.
-- KEYS: the registry (a sorted set of process ids by last heartbeat). ARGV: this process's
-- id, the TTL (us).
local registry = KEYS[1]
local ttl = tonumber(ARGV[2])
redis.call('ZADD', registry, digits(now), ARGV[1])
redis.call('ZREMRANGEBYSCORE', registry, '-inf', digits(now - ttl))
redis.call('PEXPIRE', registry, ttl_ms(ttl))
return redis.call('ZCARD', registry)

"""A Shopify shop's cost bucket shared in Redis by every BizQ process that calls the shop
(web processes and workers): each call reserves its requested cost there first, so the
shop's clients queue behind one another instead of being refused as THROTTLED."""

from __future__ import annotations

from typing import Any

BUCKET_SECONDS = 3600  # a shop's shared bucket is forgotten after an hour unused

# A shop's bucket in Redis: currentlyAvailable as of ``at`` (a wall-clock time, shared by
# every process), maximumAvailable and restoreRate as Shopify last said. Both scripts run
# atomically in Redis, so two clients never spend the same points.
_TAKE = """
local b = redis.call('HMGET', KEYS[1], 'currentlyAvailable', 'maximumAvailable',
                     'restoreRate', 'at')
if not b[1] then return '0' end
local now, cost = tonumber(ARGV[1]), tonumber(ARGV[2])
local rate, at = tonumber(b[3]), tonumber(b[4])
local from = math.max(now, at)  -- after the calls already reserved
local available = math.min(tonumber(b[1]) + math.max(now - at, 0) * rate, tonumber(b[2]))
if available < cost then from = from + (cost - available) / rate end
redis.call('HSET', KEYS[1], 'currentlyAvailable', math.max(available - cost, 0), 'at', from)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return tostring(from - now)
"""
_OBSERVE = """
local now, seen = tonumber(ARGV[1]), tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'currentlyAvailable', 'at')
if b[1] then
  local rate = tonumber(ARGV[4])
  local projected = math.min(tonumber(b[1]) + math.max(now - tonumber(b[2]), 0) * rate,
                             tonumber(ARGV[3]))
  seen = math.min(seen, projected)
end
redis.call('HSET', KEYS[1], 'currentlyAvailable', seen, 'maximumAvailable', ARGV[3],
           'restoreRate', ARGV[4], 'at', math.max(now, tonumber(b[2] or now)))
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
"""

_GIVE_BACK = """
local b = redis.call('HMGET', KEYS[1], 'currentlyAvailable', 'maximumAvailable')
if not b[1] then return 0 end
local back = math.max(tonumber(ARGV[1]), 0)
redis.call('HSET', KEYS[1], 'currentlyAvailable', math.min(tonumber(b[1]) + back, tonumber(b[2])))
return 1
"""


class RedisBucket:
    """A shop's cost bucket shared in Redis by the web processes and workers calling it:
    ``take`` reserves a call's cost (saying how long to wait first), ``give_back`` returns
    what a call reserved and Shopify did not charge, ``observe`` records what Shopify
    answered without giving back points others have reserved."""

    def __init__(self, redis: Any, shop: str) -> None:
        self._redis, self._key = redis, f"bizq:shopify-bucket:{shop}"

    def take(self, cost: int, now: float) -> float:
        return float(self._redis.eval(_TAKE, 1, self._key, now, cost, BUCKET_SECONDS))

    def observe(self, bucket: dict[str, float], now: float) -> None:
        self._redis.eval(
            _OBSERVE,
            1,
            self._key,
            now,
            bucket["currentlyAvailable"],
            bucket["maximumAvailable"],
            bucket["restoreRate"],
            BUCKET_SECONDS,
        )

    def give_back(self, points: float) -> None:
        if points > 0:
            self._redis.eval(_GIVE_BACK, 1, self._key, points)

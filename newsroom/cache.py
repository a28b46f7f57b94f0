"""Django's Redis cache, degrading to a miss while Redis cannot be reached.

The cache holds nothing that is not also somewhere else (pages, fragments,
rate-limit counts), so when Redis goes away readers are served from the
database and nothing is lost: every read is a miss, every write is dropped.
The outage is logged once when it starts and once when it ends, not on every
call, and the next call after Redis returns simply works: no restart.

Rate limits count nothing during an outage (they fail open), so logins keep
working; the warning in the log says so.
"""

import logging
import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("newsroom.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client holder, keeping one ``redis.Redis`` per pool.

    Django builds a new ``redis.Redis`` for every cache call, and its
    constructor registers some 170 response callbacks: about a fifth of a
    page-cache hit's CPU. A client is a thin, thread-safe wrapper of its
    connection pool, so one per pool serves every call.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    _outage = threading.Event()  # shared by the process: log each change once

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _safely(self, default, method, *args, **kwargs):
        try:
            result = method(*args, **kwargs)
        except UNREACHABLE as error:
            if not self._outage.is_set():
                self._outage.set()
                logger.warning(
                    "Cache unreachable (%s): serving without it, rate limits "
                    "are not counted until it returns",
                    type(error).__name__,
                )
            return default
        if self._outage.is_set():
            self._outage.clear()
            logger.warning("Cache reachable again")
        return result

    def validate_key(self, key):
        # Django warns about keys memcached would refuse, checking every
        # character of every key: a tenth of a page-cache hit, for a rule
        # Redis does not have.
        pass

    def add(self, *args, **kwargs):
        return self._safely(False, super().add, *args, **kwargs)

    def get(self, key, default=None, version=None):
        return self._safely(default, super().get, key, default, version)

    def set(self, *args, **kwargs):
        return self._safely(None, super().set, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._safely(False, super().touch, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._safely(False, super().delete, *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._safely({}, super().get_many, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._safely(False, super().has_key, *args, **kwargs)

    def incr(self, key, delta=1, version=None):
        # A miss, as for a key that does not exist: callers add() first.
        return self._safely(delta, super().incr, key, delta, version)

    def set_many(self, *args, **kwargs):
        return self._safely([], super().set_many, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._safely(None, super().delete_many, *args, **kwargs)

    def clear(self):
        return self._safely(False, super().clear)

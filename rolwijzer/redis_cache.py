"""
Django's built-in Redis cache backend, keeping one client per connection pool.

Django makes a new `redis.Redis` client for every cache operation; redis-py
builds a table of some 170 response callbacks in each client's constructor,
which costs more than the round trip to a local Redis. A client is
thread-safe (each command takes a connection from the pool), so one per pool
serves every thread of the process.

It adds the two operations the page cache (rolwijzer.cache) needs to learn
of a new content version without asking: a value stored and announced on a
channel in one round trip, and a subscription to that channel.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def set_and_publish(self, key, value, channel):
        """
        Store `value` under `key` for good and announce it on `channel`, in
        one round trip: subscribers learn the new value without asking.
        """
        key = self.make_and_validate_key(key)
        # MULTI/EXEC: the announcements arrive in the order of the writes,
        # so the last one heard is the value stored.
        pipeline = self._cache.get_client(key, write=True).pipeline(transaction=True)
        pipeline.set(key, self._cache._serializer.dumps(value))
        pipeline.publish(self.make_key(channel), value)
        pipeline.execute()

    def pubsub(self, channel):
        """A subscription to `channel` (a name under this cache's prefix)."""
        subscription = self._cache.get_client(write=True).pubsub()
        subscription.subscribe(self.make_key(channel))
        return subscription

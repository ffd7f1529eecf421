"""Django's Redis cache, keeping one Redis client per connection pool.

Django's client builds a new `redis.Redis` for every cache operation, and building one costs about as
much as the round trip itself (it fills a table of ~170 response callbacks). A submission makes four
cache operations (the proof of work's single use, the daily secret, two rate limits), so the intake
keeps its clients instead. A client holds no state of its own: the pool (thread- and fork-safe) does.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

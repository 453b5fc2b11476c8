"""The services' asyncio Redis client (commands packed by hiredis) against the real Redis server."""

import pytest
import redis.exceptions

from tests.streams import with_async_redis


def test_values_of_every_argument_type_round_trip_through_a_pipeline_and_a_script(settings):
    values = ["plain", "Ma‘arrat an Nu‘mān", b"\x00\xff raw bytes", 14, -3, 2.5, "with spaces and\r\nCRLF"]
    key = settings.redis_key("redis-io", "values")

    async def work(client):
        async with client.pipeline(transaction=False) as pipe:
            pipe.delete(key)
            pipe.rpush(key, *values)
            pipe.lrange(key, 0, -1)
            stored = (await pipe.execute())[-1]
        echoed = await client.eval("return ARGV", 0, *values)
        with pytest.raises(redis.exceptions.DataError):
            await client.set(key, None)
        await client.delete(key)
        return client.connection_pool.connection_class.__name__, stored, echoed

    connection_class, stored, echoed = with_async_redis(settings, work)
    assert connection_class == "HiredisConnection"
    expected = [v if isinstance(v, bytes) else str(v).encode() for v in values]
    assert stored == echoed == expected

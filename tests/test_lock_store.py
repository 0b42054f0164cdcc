"""stores/lock_store.py against a real redis-server on a free port: Redis away, then back."""
from __future__ import annotations

import asyncio
import logging
import shutil
import time

import pytest
from rasa.utils.endpoints import EndpointConfig

from ops.stack import services
from servers import free_port
from stores.lock_store import GuardedLockStore

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


def store(port: int) -> GuardedLockStore:
    config = EndpointConfig(url="127.0.0.1", type="stores.lock_store.GuardedLockStore", backend="redis",
                            port=port, db=1, key_prefix="kine", retry_after=0.5)
    return GuardedLockStore(endpoint_config=config)


async def one_message(locks: GuardedLockStore, sender: str) -> None:
    async with locks.lock(sender):
        pass


def test_without_redis_messages_are_locked_in_process_and_redis_is_used_again_once_back(tmp_path, caplog):
    port = free_port()
    locks = store(port)
    caplog.set_level(logging.WARNING, logger="stores.lock_store")
    started = time.monotonic()
    for _ in range(3):
        asyncio.run(one_message(locks, "u1"))
    assert time.monotonic() - started < 3
    assert caplog.text.count("LOCK_STORE_DOWN") == 1
    redis = services.redis(tmp_path, port).start()
    try:
        time.sleep(0.6)
        asyncio.run(one_message(locks, "u1"))
        assert "LOCK_STORE_BACK" in caplog.text
        assert locks._store() is locks.redis
        locks.redis.red.set("kine:probe", "1")  # the store talks to this Redis
        assert locks.redis.red.get("kine:probe") == b"1"
    finally:
        redis.stop()


def test_in_memory_backend_never_touches_redis():
    locks = GuardedLockStore(endpoint_config=EndpointConfig(type="x", backend="in_memory"))
    asyncio.run(one_message(locks, "u2"))
    assert locks.redis is None and locks._store() is locks.memory

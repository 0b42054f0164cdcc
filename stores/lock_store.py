"""Rasa's lock store (one lock per conversation), made to survive Redis going away.

Several Rasa instances share conversations through Redis locks (Rasa's
``RedisLockStore``).  Rasa 3.6's own store, when Redis is lost while serving,
turns every message into an HTTP 500 (``LockError``) — after its 10 s socket
timeout when Redis hangs instead of refusing connections.

This store, named in endpoints.yml, is chosen by ``backend`` (``LOCK_STORE_TYPE``):

* ``in_memory``: Rasa's in-process locks (one Rasa process);
* ``redis``: Rasa's Redis locks with short socket timeouts; when Redis does not
  answer, the conversation is locked in this process instead (users are answered;
  two instances may then, rarely, handle the same conversation's messages at the
  same moment), an ERROR with the marker ``LOCK_STORE_DOWN`` is logged once, Redis
  is tried again after ``retry_after`` seconds and ``LOCK_STORE_BACK`` is logged
  when it answers.  ``kine-health`` raises an « ALERTE » meanwhile.
"""
from __future__ import annotations

import logging
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional, Text

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockStore, RedisLockStore

logger = logging.getLogger(__name__)

REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def redis_cause(error: BaseException) -> Optional[BaseException]:
    """The Redis connection error behind ``error`` (Rasa wraps those of ``issue_ticket`` in a
    LockError), or None when Redis is not the cause."""
    for _ in range(5):
        if error is None or isinstance(error, REDIS_ERRORS):
            return error
        error = error.__cause__ or error.__context__
    return None


class GuardedLockStore(LockStore):
    def __init__(self, endpoint_config: Any = None, **_: Any) -> None:
        kwargs = dict(getattr(endpoint_config, "kwargs", None) or {})
        self.backend = str(kwargs.pop("backend", "in_memory") or "in_memory")
        self.retry_after = float(kwargs.pop("retry_after", 5))
        socket_timeout = float(kwargs.pop("socket_timeout", 1))
        self.memory = InMemoryLockStore()
        self.redis: Optional[RedisLockStore] = None
        if self.backend == "redis":
            self.redis = RedisLockStore(host=getattr(endpoint_config, "url", None) or "localhost",
                                        socket_timeout=socket_timeout, **kwargs)
            self.redis.red.connection_pool.connection_kwargs["socket_connect_timeout"] = socket_timeout
        self._down_since: Optional[float] = None
        super().__init__()

    # -- which store ----------------------------------------------------------------------------

    def _store(self) -> LockStore:
        if self.redis is None:
            return self.memory
        if self._down_since is not None and time.monotonic() - self._down_since < self.retry_after:
            return self.memory
        return self.redis

    def _went_down(self, error: BaseException) -> None:
        if self._down_since is None:
            logger.error("LOCK_STORE_DOWN: Redis unreachable (%s); conversations are locked in this process "
                         "until it answers again.", type(error).__name__)
        self._down_since = time.monotonic()

    def _answered(self, store: LockStore) -> None:
        if store is self.redis and self._down_since is not None:
            logger.warning("LOCK_STORE_BACK: Redis reachable again; conversations are locked in Redis.")
            self._down_since = None

    # -- the lock Rasa takes around each message --------------------------------------------------

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        store = self._store()
        try:
            ticket = store.issue_ticket(conversation_id, lock_lifetime)
            acquired = await store._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
            self._answered(store)
        except Exception as error:
            cause = None if store is self.memory else redis_cause(error)
            if cause is None:
                raise
            self._went_down(cause)
            store = self.memory
            ticket = store.issue_ticket(conversation_id, lock_lifetime)
            acquired = await store._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        try:
            yield acquired
        finally:
            try:
                store.cleanup(conversation_id, ticket)
            except Exception as error:  # the Redis lock then expires after its lifetime
                cause = None if store is self.memory else redis_cause(error)
                if cause is None:
                    raise
                self._went_down(cause)

    # -- LockStore's storage interface (used by Rasa's helpers) -----------------------------------

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return self._store().get_lock(conversation_id)

    def delete_lock(self, conversation_id: Text) -> None:
        self._store().delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self._store().save_lock(lock)

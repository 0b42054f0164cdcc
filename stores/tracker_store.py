"""Rasa's SQL tracker store (SQLite or PostgreSQL), made safe for health conversations.

Rasa 3.6's own ``SQLTrackerStore``, wrapped by its ``FailSafeTrackerStore``:

* waits forever, silently, when the database is unreachable at start-up;
* when the database goes away while running, keeps new events in memory
  only (lost at the next restart) and starts every conversation afresh.

This subclass, named in endpoints.yml, adds:

* **fail fast** — at start-up the database must answer within
  ``TRACKER_STORE_STARTUP_TIMEOUT`` seconds (default 20), otherwise a clear
  error is logged and the process exits with status 3;
* **no silent loss** — events that cannot be written are put aside in
  ``spool_dir`` (one JSON file per failed write, written atomically), an ERROR
  with the marker ``TRACKER_STORE_DOWN`` is logged, and the files are written
  to the database, in order, as soon as it answers again (``TRACKER_STORE_BACK``);
  ``kine-health`` reports any file still waiting;
* **forgetting** — when the action ``action_oublier_conversation`` has run,
  every stored event of the conversation before it is deleted.
"""
from __future__ import annotations

import itertools
import json
import logging
import os
import socket
import time
import uuid
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Text

import sqlalchemy as sa
import sqlalchemy.exc
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from ops import settings

logger = logging.getLogger(__name__)

FORGET_ACTION = "action_oublier_conversation"
EXIT_DATABASE_UNREACHABLE = 3
DATABASE_ERRORS = (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError, sqlalchemy.exc.DBAPIError)


def safe_url(url: Text) -> Text:
    """The URL without its password, for messages."""
    try:
        return repr(sa.engine.make_url(url))
    except Exception:
        return "<url illisible>"


def wait_for_database(url: Text, timeout: float) -> Optional[Exception]:
    """None once the database answers ``SELECT 1``, else the last error after ``timeout`` seconds."""
    connect_args = {"connect_timeout": 5} if url.startswith("postgres") else {}
    engine = sa.create_engine(url, connect_args=connect_args)
    deadline, error = time.monotonic() + timeout, None
    try:
        while True:
            try:
                with engine.connect() as connection:
                    connection.execute(sa.text("SELECT 1"))
                return None
            except DATABASE_ERRORS as exc:
                error = exc
            if time.monotonic() >= deadline:
                return error
            time.sleep(1)
    finally:
        engine.dispose()


def events_after_forgetting(events: List[Event]) -> Optional[List[Event]]:
    """The events after the last run of the forget action, or None if it never ran."""
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], ActionExecuted) and events[index].action_name == FORGET_ACTION:
            return events[index + 1:]
    return None


def private_sqlite_file(url: Text) -> None:
    """A SQLite database holds health data: created readable by this user only (mode 0600)."""
    if not url.startswith("sqlite:///"):
        return
    path = Path(url[len("sqlite:///"):])
    if str(path) in ("", ":memory:"):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    path.chmod(0o600)


def sqlite_write_ahead_log(connection: Any, _: Any) -> None:
    """SQLite in write-ahead-log mode, synced at checkpoints: a turn's commit no longer waits for
    the disk (most of a turn's time with the default journal). A crash of the process loses
    nothing; a power cut may lose the last turns written (SQLite is the local set-up; production
    uses PostgreSQL)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class GuardedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Any = None, host: Optional[Text] = None, spool_dir: Optional[Text] = None,
                 **kwargs: Any) -> None:
        url = host if host and "://" in host else str(self.get_db_url(host=host, **{
            k: kwargs[k] for k in ("dialect", "port", "db", "username", "password") if k in kwargs}))
        timeout = float(settings.get("TRACKER_STORE_STARTUP_TIMEOUT"))
        error = wait_for_database(url, timeout)
        if error is not None:
            message = (f"TRACKER_STORE_UNREACHABLE: the conversation database {safe_url(url)} did not answer "
                       f"within {timeout:.0f} s ({type(error).__name__}: {str(error).splitlines()[0][:200]}). "
                       f"Start it (make services-up) or fix TRACKER_STORE_URL; exiting.")
            logger.critical(message)
            print(message, flush=True)
            # Rasa loads the store inside a Sanic start-up listener that swallows exceptions:
            # leave for real, with a status a supervisor can see.
            os._exit(EXIT_DATABASE_UNREACHABLE)
        private_sqlite_file(url)
        super().__init__(domain=domain, host=host, **kwargs)
        # Pooled connections die with a database restart: test each one before use.
        engine_kwargs = create_engine_kwargs(self.engine.url)
        if url.startswith("postgres"):
            engine_kwargs.setdefault("connect_args", {})["connect_timeout"] = 5
        if self.engine.dialect.name == "sqlite":
            # SQLAlchemy 1.4 opens and closes a SQLite file for every session (NullPool); a pool
            # keeps the connections, and with them the write-ahead log, open (SQLAlchemy 2's default).
            engine_kwargs.update(poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False})
        self.engine.dispose()
        self.engine = sa.create_engine(self.engine.url, pool_pre_ping=True, **engine_kwargs)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", sqlite_write_ahead_log)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._statements()
        self.spool_dir = Path(spool_dir or settings.get("TRACKER_SPOOL_DIR"))
        self.spool_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.spool_dir.chmod(0o700)  # health data: this user only
        # Events of the tracker object in hand already written (database or spool), per conversation.
        self._written: Dict[Text, int] = {}
        self._down = False

    # -- database availability ---------------------------------------------------------------

    def _went_down(self, error: Exception) -> None:
        if not self._down:
            logger.error("TRACKER_STORE_DOWN: conversation database unreachable (%s); new events are put "
                         "aside in %s until it is back.", type(error).__name__, self.spool_dir)
        self._down = True

    def _came_back(self, replayed: int) -> None:
        if self._down or replayed:
            logger.warning("TRACKER_STORE_BACK: conversation database reachable again; %d put-aside "
                           "write(s) stored.", replayed)
        self._down = False

    # -- spool ---------------------------------------------------------------------------------

    def _spool(self, sender_id: Text, events: Iterable[Event], forget: bool = False) -> None:
        payload = {"sender_id": sender_id, "forget": forget, "events": [e.as_dict() for e in events]}
        if not payload["events"] and not forget:
            return
        name = f"{time.time_ns():020d}-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        temporary = self.spool_dir / f".{name}.tmp"
        with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w",
                       encoding="utf-8") as file:
            file.write(json.dumps(payload))
        os.replace(temporary, self.spool_dir / f"{name}.json")

    def _replay_spool(self) -> int:
        """Writes put-aside events to the database, oldest first; each file is claimed atomically."""
        replayed = 0
        for path in sorted(self.spool_dir.glob("*.json")):
            claimed = path.with_name(f".{path.stem}.claimed-{os.getpid()}")
            try:
                os.rename(path, claimed)
            except FileNotFoundError:  # another instance took it
                continue
            payload = json.loads(claimed.read_text(encoding="utf-8"))
            try:
                with self.engine.begin() as connection:
                    if payload.get("forget"):
                        connection.execute(self._delete, {"sender": payload["sender_id"]})
                    self._insert(connection, payload["sender_id"], payload["events"])
            except Exception:
                os.rename(claimed, path)  # still down: leave it for the next attempt
                raise
            claimed.unlink()
            replayed += 1
        return replayed

    # -- reading and writing -----------------------------------------------------------------
    # SQLAlchemy Core statements built once, on Rasa's table (``self.SQLEvent``): the same rows and
    # the same query as Rasa's ORM code, without rebuilding the query and flushing ORM objects at
    # every message (a third of a FAQ turn went there; BENCHMARKS.md).

    def _statements(self) -> None:
        table = self.SQLEvent.__table__
        sender = sa.bindparam("sender")
        self._all_events = sa.select(table.c.data).where(table.c.sender_id == sender).order_by(table.c.id)
        # The latest conversation session: from the last SessionStarted on (all events if none), as Rasa.
        session_start = sa.select(sa.func.max(table.c.timestamp)).where(
            table.c.sender_id == sender, table.c.type_name == SessionStarted.type_name).scalar_subquery()
        self._session_events = sa.select(table.c.data).where(
            table.c.sender_id == sender,
            sa.or_(table.c.timestamp >= session_start, session_start.is_(None))).order_by(table.c.id)
        self._delete = table.delete().where(table.c.sender_id == sender)
        self._insert_row = table.insert()

    @staticmethod
    def _row(sender_id: Text, data: Dict[Text, Any]) -> Dict[Text, Any]:
        return {"sender_id": sender_id, "type_name": data.get("event"), "timestamp": data.get("timestamp"),
                "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                "action_name": data.get("name"), "data": json.dumps(data)}

    def _insert(self, connection: Any, sender_id: Text, events: Iterable[Dict[Text, Any]]) -> None:
        rows = [self._row(sender_id, data) for data in events]
        if rows:
            connection.execute(self._insert_row, rows)

    def _forget(self, tracker: DialogueStateTracker, kept: List[Event]) -> None:
        with self.engine.begin() as connection:
            connection.execute(self._delete, {"sender": tracker.sender_id})
            self._insert(connection, tracker.sender_id, [e.as_dict() for e in kept])
        logger.info("Conversation forgotten at the user's request (%d event(s) kept after it).", len(kept))

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        statement = self._all_events if fetch_events_from_all_sessions else self._session_events
        with self.engine.connect() as connection:
            rows = connection.execute(statement, {"sender": sender_id}).scalars().all()
        if not self.domain or not rows:
            return None
        return DialogueStateTracker.from_dict(sender_id, [json.loads(data) for data in rows], self.domain.slots)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        try:
            self._came_back(self._replay_spool())
            tracker = await super().retrieve(sender_id)
        except DATABASE_ERRORS as error:
            self._went_down(error)
            self._written[sender_id] = 0  # Rasa starts a new tracker: all of it is new
            raise
        self._written[sender_id] = len(tracker.events) if tracker else 0
        return tracker

    def _new_events(self, tracker: DialogueStateTracker) -> List[Event]:
        """The events not stored yet. Rasa counts the conversation's stored events with a query at
        every save (an eighth of a turn); this store knows the count: what it read at ``retrieve``
        (every message starts with it, under the conversation's lock) plus what it wrote since."""
        written = self._written.get(tracker.sender_id)
        if written is None:
            with self.session_scope() as session:
                return list(super()._additional_events(session, tracker))
        return list(itertools.islice(tracker.events, written, len(tracker.events)))

    async def _store(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        new = self._new_events(tracker)
        if not new:  # Rasa saves again when nothing happened: no empty transaction
            return
        with self.engine.begin() as connection:
            self._insert(connection, tracker.sender_id, [event.as_dict() for event in new])

    async def save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        kept = events_after_forgetting(events)
        try:
            self._came_back(self._replay_spool())
            if kept is not None:
                await self.stream_events(tracker)
                self._forget(tracker, kept)
            else:
                await self._store(tracker)
        except DATABASE_ERRORS as error:
            self._went_down(error)
            if kept is not None:
                self._spool(tracker.sender_id, kept, forget=True)
            else:
                self._spool(tracker.sender_id, events[self._written.get(tracker.sender_id, 0):])
        self._written[tracker.sender_id] = len(kept if kept is not None else events)

"""Reads the tracker store's ``events`` table (Rasa's SQLTrackerStore, SQLite or PostgreSQL)
conversation by conversation, streaming: memory holds one sender's events at a time.

Only what the report needs leaves the database: the event type, its time, the action, loop
or slot name (Rasa's ``action_name`` column), and the JSON of user messages and of
``requested_slot`` changes.  Conversations whose last event is older than the retention
window (the purge's, kine-purge) are not read at all.
"""
from __future__ import annotations

import json
from typing import Iterator, List, NamedTuple, Optional, Sequence, Tuple

import sqlalchemy as sa

DEFAULT_RETENTION_DAYS = 30  # the same default as `make purge`
DAY = 86400


class Event(NamedTuple):
    id: int
    type: str
    timestamp: float
    name: Optional[str]  # action, loop or slot name
    data: Optional[str]  # JSON, for user messages and requested_slot changes only

# conversations() yields plain tuples in Event's order (building named tuples costs a third of
# the time); these are their indexes.
ID, TYPE, TIMESTAMP, NAME, DATA = range(5)


_QUERY = """
SELECT e.sender_id, e.id, e.type_name, e.timestamp, e.action_name,
       CASE WHEN e.type_name = 'user' OR (e.type_name = 'slot' AND e.action_name = 'requested_slot')
            THEN e.data END
FROM events e
WHERE e.sender_id IN (SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) >= :retained)
  AND e.timestamp >= :start AND e.timestamp < :end
  AND e.type_name IN ('user', 'action', 'slot', 'active_loop', 'session_started', 'restart')
  AND NOT (e.type_name = 'action' AND e.action_name = 'action_listen')
  AND NOT (e.type_name = 'slot' AND e.action_name <> 'requested_slot')
ORDER BY e.sender_id, e.id
"""
# (Extracting only the needed JSON fields in PostgreSQL, jsonb, sends a fifth of the bytes but
# doubles the query's time: measured on 100 000 conversations, BENCHMARKS.md.)


def conversations(url: str, start: float, end: float, retained_after: float,
                  batch: int = 20000) -> Iterator[List[Event]]:
    """The events of each sender (oldest first) between ``start`` and ``end`` (epoch seconds),
    for senders with an event after ``retained_after``.  The sender id is never returned."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table("events"):
                return
            if connection.dialect.name == "postgresql":
                # Sort in memory rather than on disk (this session only); JIT costs more than it saves here.
                connection.execute(sa.text("SET work_mem = '64MB'"))
                connection.execute(sa.text("SET jit = off"))
            # stream_results: a server-side cursor on PostgreSQL, so rows arrive in batches.
            result = connection.execution_options(stream_results=True, max_row_buffer=batch).execute(
                sa.text(_QUERY), {"retained": retained_after, "start": start, "end": end})
            current, events = None, []
            for rows in result.partitions(batch):
                for row in rows:
                    if row[0] != current:
                        if events:
                            yield events
                        current, events = row[0], []
                    events.append(row[1:])  # an Event's fields, as a plain tuple (faster)
            if events:
                yield events
    finally:
        engine.dispose()


def questions_asked(url: str, slot_event_ids: Sequence[int]) -> dict:
    """{slot event id: text of the bot message that followed it} for a few ``requested_slot``
    events: the calculator's questions as users saw them (never a user's text)."""
    if not slot_event_ids:
        return {}
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            statement = sa.text(
                "SELECT s.id, (SELECT b.data FROM events b WHERE b.sender_id = s.sender_id AND b.id > s.id "
                "AND b.type_name = 'bot' ORDER BY b.id LIMIT 1) FROM events s WHERE s.id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True))
            return {row[0]: (json.loads(row[1]).get("text") or "") if row[1] else ""
                    for row in connection.execute(statement, {"ids": list(slot_event_ids)})}
    finally:
        engine.dispose()


def window(since: float, until: float, now: float, retention_days: float) -> Tuple[float, float, float]:
    """(start, end, retained_after): the events to read, and the time after which a conversation
    must have had an event to be read at all (a conversation is kept or purged whole)."""
    return since, until, now - retention_days * DAY

"""The project's tracker store (stores/tracker_store.py) on SQLite: forgetting a conversation,
putting writes aside while the database is away and writing them back, failing fast at start."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest
import sqlalchemy.exc
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Restarted, SessionStarted, UserUttered

from servers import ROOT
from stores.tracker_store import GuardedSQLTrackerStore


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def store(tmp_path, domain):
    return GuardedSQLTrackerStore(domain, host=f"sqlite:///{tmp_path / 'tracker.db'}", spool_dir=str(tmp_path / "spool"))


def run(coroutine):
    return asyncio.run(coroutine)


def stored(store, sender):
    with store.session_scope() as session:
        rows = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender).order_by(store.SQLEvent.id)
        return [json.loads(r.data) for r in rows]


def texts(events):
    return [e.get("text") for e in events if e["event"] in ("user", "bot")]


def talk(store, sender, *lines):
    tracker = run(store.retrieve(sender)) or store.init_tracker(sender)
    for line in lines:
        tracker.update(UserUttered(line))
        tracker.update(BotUttered(f"réponse à {line}"))
        run(store.save(tracker))
    return tracker


def test_forgetting_deletes_everything_said_before(store):
    tracker = talk(store, "u1", "j'ai une tendinite", "10 séances")
    tracker.update(UserUttered("oublie notre conversation"))
    tracker.update(ActionExecuted("action_oublier_conversation"))
    tracker.update(BotUttered("C'est fait"))
    tracker.update(Restarted())
    tracker.update(SessionStarted())
    run(store.save(tracker))
    run(store.save(tracker))  # Rasa saves several times per message: still forgotten
    assert texts(stored(store, "u1")) == ["C'est fait"]
    talk(store, "u1", "bonjour")
    assert texts(stored(store, "u1")) == ["C'est fait", "bonjour", "réponse à bonjour"]


def test_other_conversations_are_untouched_by_forgetting(store):
    talk(store, "u2", "ma question")
    tracker = talk(store, "u3", "autre")
    tracker.update(ActionExecuted("action_oublier_conversation"))
    run(store.save(tracker))
    assert texts(stored(store, "u2")) == ["ma question", "réponse à ma question"]
    assert stored(store, "u3") == []


def test_writes_are_put_aside_while_the_database_is_away_then_stored_in_order(store, monkeypatch, caplog):
    talk(store, "u4", "avant")
    real_engine = store.engine
    # A database that cannot be opened: the driver's own OperationalError at every connection.
    monkeypatch.setattr(store, "engine", sqlalchemy.create_engine("sqlite:////nonexistent-directory/tracker.db"))
    with pytest.raises(sqlalchemy.exc.OperationalError):
        run(store.retrieve("u4"))  # Rasa's FailSafeTrackerStore then starts a new tracker
    tracker = store.init_tracker("u4")
    for line in ("pendant 1", "pendant 2"):
        tracker.update(UserUttered(line))
        tracker.update(BotUttered(f"réponse à {line}"))
        run(store.save(tracker))
        run(store.save(tracker))  # saved twice: put aside once
    assert "TRACKER_STORE_DOWN" in caplog.text
    assert len(list(store.spool_dir.glob("*.json"))) == 2

    monkeypatch.setattr(store, "engine", real_engine)
    run(store.retrieve("u4"))
    assert list(store.spool_dir.iterdir()) == []
    assert "TRACKER_STORE_BACK" in caplog.text
    assert texts(stored(store, "u4")) == ["avant", "réponse à avant", "pendant 1", "réponse à pendant 1",
                                          "pendant 2", "réponse à pendant 2"]


def test_unreachable_database_at_start_exits_with_a_clear_error():
    code = ("from stores.tracker_store import GuardedSQLTrackerStore;"
            "GuardedSQLTrackerStore(None, host='postgresql://rasa:secret@127.0.0.1:9/rasa')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"TRACKER_STORE_STARTUP_TIMEOUT": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 3
    assert "TRACKER_STORE_UNREACHABLE" in result.stdout and "127.0.0.1:9" in result.stdout
    assert "secret" not in result.stdout + result.stderr


def test_retention_deletes_whole_conversations_idle_for_more_than_n_days(store, tmp_path):
    from ops.jobs.purge import purge

    talk(store, "old", "ancienne question", "suite")
    talk(store, "recent", "question du jour")
    with store.session_scope() as session:
        session.execute(sqlalchemy.text("UPDATE events SET timestamp = timestamp - 31 * 86400 WHERE sender_id = 'old'"))
        session.commit()
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    assert purge(url, 30, dry_run=True) == (1, 4)
    assert len(stored(store, "old")) == 4
    assert purge(url, 30) == (1, 4)
    assert stored(store, "old") == [] and len(stored(store, "recent")) == 2
    assert purge(url, 30) == (0, 0)


def test_each_event_is_stored_once_whichever_instance_saves(store, tmp_path, domain):
    # The store counts what it read and wrote instead of querying the count at every save: two
    # instances (two Rasa processes on one database) taking turns on a conversation, each
    # saving several times per message, store every event once and in order.
    other = GuardedSQLTrackerStore(domain, host=f"sqlite:///{tmp_path / 'tracker.db'}",
                                   spool_dir=str(tmp_path / "spool"))
    talk(store, "u4", "première question")
    talk(other, "u4", "deuxième question", "troisième")
    tracker = talk(store, "u4", "quatrième")
    run(store.save(tracker))  # nothing new: nothing written
    assert texts(stored(store, "u4")) == [
        "première question", "réponse à première question", "deuxième question", "réponse à deuxième question",
        "troisième", "réponse à troisième", "quatrième", "réponse à quatrième"]
    fresh = GuardedSQLTrackerStore(domain, host=f"sqlite:///{tmp_path / 'tracker.db'}",
                                   spool_dir=str(tmp_path / "spool"))
    assert texts(stored(fresh, "u4")) == texts([e.as_dict() for e in run(fresh.retrieve("u4")).events])


def test_rows_are_rasa_s_rows_and_a_message_reads_only_the_latest_session(store):
    tracker = talk(store, "u5", "hier")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(UserUttered("aujourd'hui", intent={"name": "greet", "confidence": 1.0}))
    run(store.save(tracker))
    with store.session_scope() as session:  # the columns Rasa's own store fills, read by Rasa's ORM
        last = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == "u5").order_by(
            store.SQLEvent.id.desc()).first()
        assert (last.type_name, last.intent_name, last.action_name) == ("user", "greet", None)
    assert [e.text for e in run(store.retrieve("u5")).events if e.type_name == "user"] == ["aujourd'hui"]
    assert [e.text for e in run(store.retrieve_full_tracker("u5")).events
            if e.type_name == "user"] == ["hier", "aujourd'hui"]
    assert run(store.retrieve("nobody")) is None

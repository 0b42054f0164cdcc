"""Faults the production topology (conftest's ``served``: two Rasa instances behind nginx,
PostgreSQL, Redis) must survive while serving: Redis lost, a rolling restart of both
instances under load, nginx never sending a message twice."""
from __future__ import annotations

import os
import signal
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from servers import free_port
from test_production import healthcheck, stored, texts

pytestmark = pytest.mark.servers


def say(stack, sender, message, port=None):
    """A REST message through nginx, or to one instance's own port (with the servers' token)."""
    url = f"http://127.0.0.1:{port or stack.serve_port}/webhooks/rest/webhook"
    headers = dict(getattr(stack, "rest_headers", {}))
    response = requests.post(url, json={"sender": sender, "message": message}, headers=headers, timeout=120)
    response.raise_for_status()
    return response.json()


def timed_say(stack, sender, message, port=None):
    started = time.monotonic()
    replies = say(stack, sender, message, port=port)
    return replies, time.monotonic() - started


def test_redis_lost_while_serving_users_are_answered_then_it_recovers(served):
    sender = f"redis-{uuid.uuid4().hex[:8]}"
    say(served, sender, "bonjour")
    assert healthcheck(served).returncode == 0
    served.redis.stop()
    try:
        # Through nginx (either instance) and on each instance: an answer, at once.
        replies, seconds = timed_say(served, sender, "c'est quoi la franchise médicale ?")
        assert "franchise" in texts(replies).lower() and seconds < 5
        for port in served.rasa_ports:
            replies, seconds = timed_say(served, sender, "en savoir plus", port=port)
            assert texts(replies) and seconds < 5
        check = healthcheck(served)
        assert check.returncode == 1 and "ALERTE Redis injoignable" in check.stdout
    finally:
        served.redis.start()
    time.sleep(6)  # the store tries Redis again after 5 s
    assert "17,90 €" in texts(say(served, sender, "combien vaut un AMK 8,1 ?", port=served.rasa_ports[0]))
    log = served.rasa[0].log()
    assert log.count("LOCK_STORE_DOWN") == 1 and "LOCK_STORE_BACK" in log
    assert healthcheck(served).returncode == 0
    messages = [text for kind, text in stored(served, sender) if kind == "user"]
    assert messages == ["bonjour", "c'est quoi la franchise médicale ?", "en savoir plus", "en savoir plus",
                        "combien vaut un AMK 8,1 ?"]


def test_hung_redis_costs_about_a_second_not_a_silence(served):
    sender = f"hung-{uuid.uuid4().hex[:8]}"
    os.killpg(served.redis.process.pid, signal.SIGSTOP)  # Redis accepts connections but never answers
    try:
        replies, seconds = timed_say(served, sender, "c'est quoi la franchise médicale ?",
                                     port=served.rasa_ports[1])
        assert "franchise" in texts(replies).lower() and seconds < 4
    finally:
        os.killpg(served.redis.process.pid, signal.SIGCONT)
    assert [t for k, t in stored(served, sender) if k == "user"] == ["c'est quoi la franchise médicale ?"]


ROLLING = ["bonjour", "c'est quoi la franchise médicale ?", "en savoir plus", "combien vaut un AMK 8,1 ?",
           "peut-on voir un kiné sans ordonnance ?", "merci"]


def test_new_model_deployed_by_a_rolling_restart_under_load_no_turn_fails_or_doubles(served, tmp_path):
    """make deploy-model's restart (Stack.rolling_restart) while 20 users talk through nginx."""
    import shutil

    from servers import MODEL

    new_model = tmp_path / "kine-new.tar.gz"
    shutil.copy(MODEL, new_model)
    senders = [f"roll{i:02d}-{uuid.uuid4().hex[:6]}" for i in range(20)]
    sent = {s: [] for s in senders}
    failures = []
    restarting = threading.Event()
    restarting.set()

    def user(sender):
        turn = 0
        while restarting.is_set() or turn < 3:
            message = ROLLING[turn % len(ROLLING)]
            try:
                replies = say(served, sender, message)
                if not texts(replies):
                    failures.append((sender, message, "silence"))
            except requests.RequestException as error:
                failures.append((sender, message, repr(error)[:200]))
            sent[sender].append(message)
            turn += 1
            time.sleep(0.3)

    with ThreadPoolExecutor(max_workers=len(senders)) as pool:
        futures = [pool.submit(user, s) for s in senders]
        time.sleep(2)
        started = time.monotonic()
        served.rolling_restart(new_model)  # one instance after the other
        restart_seconds = time.monotonic() - started
        time.sleep(2)
        restarting.clear()
        for future in futures:
            future.result()
    unusual = [line for line in (served.nginx_dir / "error.log").read_text().splitlines()
               if "Connection refused" not in line and "temporarily disabled" not in line]
    assert failures == [], (failures[:5], unusual[-10:])
    assert sum(len(m) for m in sent.values()) > 200, restart_seconds
    for sender in senders:  # every message stored once, in order (no loss, no double)
        assert [t for k, t in stored(served, sender) if k == "user"] == sent[sender], sender
    for instance in served.rasa:  # both instances now run the new model, and continue conversations
        assert instance.args[instance.args.index("--model") + 1] == str(new_model) and instance.running
    sender = senders[0]
    say(served, sender, "peut-on voir un kiné sans ordonnance ?", port=served.rasa_ports[1])
    assert "trois cadres" in texts(say(served, sender, "en savoir plus", port=served.rasa_ports[0])).lower()


class _SwallowingUpstream(threading.Thread):
    """An upstream that reads a request, counts it and closes the connection without answering
    (an instance dying in the middle of a message)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.port, self.requests = free_port(), 0
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.listen()

    def run(self):
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            with connection:
                if connection.recv(65536):
                    self.requests += 1


def test_nginx_never_sends_a_message_to_a_second_instance_once_one_received_it(tmp_path):
    from ops.stack.nginx import nginx
    from servers import ROOT

    upstreams = [_SwallowingUpstream(), _SwallowingUpstream()]
    for u in upstreams:
        u.start()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    tmp_path.chmod(0o755)
    prefix.chmod(0o755)
    port = free_port()
    token = uuid.uuid4().hex
    server = nginx(prefix, port, rasa_ports=[u.port for u in upstreams], action_port=free_port(),
                   actions_proxy_port=free_port(), allowed_origins=[], site=ROOT / "web" / "site",
                   widget=tmp_path, rest_token=token)
    server.start()
    try:
        response = requests.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                                 headers={"Authorization": f"Bearer {token}"},
                                 json={"sender": "double", "message": "bonjour"}, timeout=30)
        assert response.status_code == 502  # an error the user can resend, never a second delivery
        assert sum(u.requests for u in upstreams) == 1
    finally:
        server.stop()
        for u in upstreams:
            u.sock.close()


def test_without_nginx_a_dead_action_server_gets_the_same_french_apology(tmp_path):
    from servers import action_server, environment, rasa_server
    from servers import say as say_to

    from bot.service_status import ACTIONS_UNAVAILABLE

    action_port, rasa_port = free_port(), free_port()
    env = environment(action_port, tmp_path / "tracker.db")
    env.pop("REST_TOKEN", None)  # the plain set-up: REST open on localhost
    actions, core = action_server(tmp_path, env, action_port), rasa_server(tmp_path, env, rasa_port)
    try:
        actions.start()
        core.start()
        sender = f"plain-{uuid.uuid4().hex[:8]}"
        assert "17,90 €" in texts(say_to(rasa_port, sender, "combien vaut un AMK 8,1 ?"))
        actions.stop()
        started = time.monotonic()
        assert texts(say_to(rasa_port, sender, "combien vaut un AMK 8,1 ?")) == ACTIONS_UNAVAILABLE
        assert time.monotonic() - started < 10
        assert "ACTION_SERVER_DOWN" in core.log()
        actions.start()
        assert "17,90 €" in texts(say_to(rasa_port, sender, "combien vaut un AMK 8,1 ?"))
    finally:
        core.stop()
        actions.stop()


def test_backup_then_restore_into_an_empty_database_continues_the_conversation(served, tmp_path):
    import subprocess

    from servers import BIN, ROOT, rasa_server

    sender = f"bk-{uuid.uuid4().hex[:8]}"
    say(served, sender, "peut-on voir un kiné sans ordonnance ?")
    dumps = tmp_path / "dumps"
    made = subprocess.run([str(BIN / "kine-backup"), "backup", "--out", str(dumps)], cwd=ROOT,
                          env=served.env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    (dump,) = dumps.glob("conversations-*.dump")
    from ops.stack.services import _pg_bin

    pg = served.postgres  # an empty database of the application's role, made by the administrator
    pg._run([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(pg.port), "-U", pg.ADMIN, "-O", pg.APP, "restored"],
            password=pg._password(pg.ADMIN))
    restored_url = pg.url.rsplit("/", 1)[0] + "/restored"
    env = dict(served.env, TRACKER_STORE_URL=restored_url, LOCK_STORE_TYPE="in_memory")
    done = subprocess.run([str(BIN / "kine-backup"), "restore", str(dump)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    port = free_port()
    core = rasa_server(tmp_path, env, port, name="rasa-restored")
    core.start()
    try:
        assert "trois cadres" in texts(say(served, sender, "en savoir plus", port=port)).lower()
    finally:
        core.stop()

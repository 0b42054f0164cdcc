"""The production topology for real (conftest's ``served``): two Rasa instances behind nginx
sharing PostgreSQL and Redis; interleaved conversations, faults, the origin check, the
closed HTTP API, the retention command and the health check."""
from __future__ import annotations

import json
import os
import re
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from servers import BIN, ROOT, free_port

pytestmark = pytest.mark.servers

CONVERSATION = ["bonjour", "c'est quoi la franchise médicale ?", "en savoir plus",
                "combien vaut un AMK 8,1 ?", "merci"]


def say(stack, sender, message, port=None, origin=None):
    url = (f"http://127.0.0.1:{port}/webhooks/rest/webhook" if port
           else f"http://127.0.0.1:{stack.serve_port}/webhooks/rest/webhook")
    headers = dict(stack.rest_headers, **({"Origin": origin} if origin else {}))  # REST is server-to-server
    response = requests.post(url, json={"sender": sender, "message": message}, headers=headers, timeout=120)
    response.raise_for_status()
    return response.json()


def texts(replies):
    return "\n".join(r.get("text", "") for r in replies)


def stored(stack, sender):
    """(type, text) of the user and bot events of a conversation, in the order PostgreSQL holds them."""
    rows = stack.postgres.psql(f"SELECT data FROM events WHERE sender_id = '{sender}' ORDER BY id")
    events = [json.loads(line) for line in rows.splitlines() if line.strip()]
    return [(e["event"], e.get("text")) for e in events if e["event"] in ("user", "bot")]


def upstreams(stack):
    log = (stack.nginx_dir / "access.log").read_text()
    return set(re.findall(r'"POST /webhooks/rest/webhook" 200 (127\.0\.0\.1:\d+)', log))


def test_fifty_interleaved_conversations_are_all_stored_in_order(served):
    senders = [f"c{i:02d}-{uuid.uuid4().hex[:6]}" for i in range(50)]
    expected = {s: [] for s in senders}

    def conversation(sender):
        for message in CONVERSATION:
            replies = say(served, sender, message)
            expected[sender].append(("user", message))
            expected[sender] += [("bot", r.get("text")) for r in replies]

    with ThreadPoolExecutor(max_workers=10) as pool:  # 10 at a time, so messages of all 50 interleave
        list(pool.map(conversation, senders))
    for sender in senders:
        assert stored(served, sender) == expected[sender], sender
        assert any("17,90 €" in (text or "") for _, text in expected[sender])
    assert upstreams(served) == {f"127.0.0.1:{p}" for p in served.rasa_ports}  # both instances answered


def test_action_server_down_gives_an_apology_then_works_again(served):
    sender = f"a-{uuid.uuid4().hex[:8]}"
    assert "17,90 €" in texts(say(served, sender, "combien vaut un AMK 8,1 ?"))
    served.actions.stop()
    try:
        reply = texts(say(served, sender, "combien vaut un AMK 8,1 ?"))
        assert "momentanément indisponible" in reply
        # FAQ answers run inside Rasa (components/in_process_actions.py): still answered, figures included.
        assert "1 € par acte" in texts(say(served, sender, "c'est quoi la franchise médicale ?"))
    finally:
        served.actions.start()
    assert "17,90 €" in texts(say(served, sender, "combien vaut un AMK 8,1 ?"))


def test_restarted_instance_continues_the_conversation_from_postgresql(served):
    sender = f"r-{uuid.uuid4().hex[:8]}"
    first, second = served.rasa
    say(served, sender, "peut-on voir un kiné sans ordonnance ?", port=served.rasa_ports[0])
    first.stop()
    try:  # nginx skips the stopped instance; the other one knows the conversation
        assert "trois cadres" in texts(say(served, sender, "en savoir plus")).lower()
    finally:
        first.start()
    say(served, sender, "c'est quoi la franchise médicale ?", port=served.rasa_ports[0])
    assert "franchise" in texts(say(served, sender, "en savoir plus", port=served.rasa_ports[0])).lower()


def healthcheck(served):
    env = dict(served.env, RASA_URLS=" ".join(f"http://127.0.0.1:{p}" for p in served.rasa_ports))
    return subprocess.run([str(BIN / "kine-health")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_postgresql_lost_while_running_is_detected_and_nothing_is_lost(served):
    assert healthcheck(served).returncode == 0
    sender = f"p-{uuid.uuid4().hex[:8]}"
    say(served, sender, "bonjour", port=served.rasa_ports[0])
    served.postgres.stop(mode="fast")  # (immediate would also drop commits: the test cluster runs without fsync)
    try:
        during = say(served, sender, "c'est quoi la franchise médicale ?", port=served.rasa_ports[0])
        assert "franchise" in texts(during).lower()  # users still get answers
        check = healthcheck(served)
        assert check.returncode == 1 and "injoignable" in check.stdout and "en attente" in check.stdout
        assert "TRACKER_STORE_DOWN" in served.rasa[0].log()
    finally:
        served.postgres.start()
    after = say(served, sender, "merci", port=served.rasa_ports[0])
    assert "TRACKER_STORE_BACK" in served.rasa[0].log()
    messages = [text for kind, text in stored(served, sender) if kind == "user"]
    assert messages == ["bonjour", "c'est quoi la franchise médicale ?", "merci"]
    assert texts(after) and healthcheck(served).returncode == 0


def test_unreachable_postgresql_at_start_is_a_clear_error_not_a_hang(served, tmp_path):
    env = dict(served.env, TRACKER_STORE_URL="postgresql://rasa@127.0.0.1:9/rasa", TRACKER_STORE_STARTUP_TIMEOUT="3")
    started = time.monotonic()
    result = subprocess.run([str(BIN / "rasa"), "run", "--model", str(ROOT / "models" / "kine.tar.gz"), "--port", str(free_port()),
                             "--credentials", "credentials.yml", "--endpoints", "endpoints.yml"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 3, result.stdout[-2000:] + result.stderr[-2000:]
    assert "TRACKER_STORE_UNREACHABLE" in result.stdout + result.stderr
    assert time.monotonic() - started < 240


@pytest.mark.parametrize("origin, status", [
    (None, 200), ("https://sante.example.fr", 200), ("https://pirate.example.com", 403), ("null", 403)])
def test_nginx_lets_only_configured_origins_reach_socketio_and_rest(served, origin, status):
    headers = {"Origin": origin} if origin else {}
    poll = requests.get(f"http://127.0.0.1:{served.serve_port}/socket.io/?EIO=4&transport=polling",
                        headers=headers, timeout=30)
    assert poll.status_code == status
    rest = requests.post(f"http://127.0.0.1:{served.serve_port}/webhooks/rest/webhook",
                         headers=dict(headers, **served.rest_headers),
                         json={"sender": f"o-{uuid.uuid4().hex[:6]}", "message": "bonjour"}, timeout=60)
    assert rest.status_code == status
    if origin and status == 200:
        assert rest.headers["Access-Control-Allow-Origin"] == origin


def test_cors_preflight_for_an_allowed_origin(served):
    response = requests.options(f"http://127.0.0.1:{served.serve_port}/webhooks/rest/webhook", timeout=10,
                                headers={"Origin": "https://sante.example.fr",
                                         "Access-Control-Request-Method": "POST"})
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "https://sante.example.fr"


def test_rasa_http_api_is_closed(served):
    assert requests.get(f"http://127.0.0.1:{served.serve_port}/model/parse", timeout=10).status_code == 404
    direct = requests.post(f"http://127.0.0.1:{served.rasa_ports[0]}/model/parse", json={"text": "bonjour"},
                           timeout=10)
    assert direct.status_code == 404
    conversations = requests.get(f"http://127.0.0.1:{served.rasa_ports[0]}/conversations/x/tracker", timeout=10)
    assert conversations.status_code == 404


def test_forgetting_a_conversation_removes_it_from_postgresql(served):
    sender = f"f-{uuid.uuid4().hex[:8]}"
    say(served, sender, "j'ai mal au dos, 10 séances prescrites")
    reply = texts(say(served, sender, "oublie notre conversation"))
    assert "effacé" in reply and "compris" not in reply  # the confirmation, then listening
    assert all("dos" not in (text or "") for _, text in stored(served, sender))
    assert "franchise" in texts(say(served, sender, "c'est quoi la franchise médicale ?")).lower()


def test_retention_command_deletes_only_old_conversations(served):
    old, recent = f"old-{uuid.uuid4().hex[:6]}", f"new-{uuid.uuid4().hex[:6]}"
    say(served, old, "bonjour")
    say(served, recent, "bonjour")
    served.postgres.psql(f"UPDATE events SET timestamp = timestamp - 40 * 86400 WHERE sender_id = '{old}'")
    result = subprocess.run([str(BIN / "kine-purge"), "--days", "30"], cwd=ROOT,
                            env=served.env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "1 conversation" in result.stdout
    assert stored(served, old) == [] and stored(served, recent)

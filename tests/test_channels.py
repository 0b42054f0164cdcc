"""The three channels of the Rasa server, for real: REST, socket.io (the widget's) and
Telegram (against a local fake of Telegram's Bot API), with bad input on each, and no
message text in the logs."""
from __future__ import annotations

import json
import re
import subprocess
import threading
import time
import uuid

import pytest
import requests
import socketio

from fake_telegram import FakeTelegram
from servers import BIN, ROOT, action_server, environment, free_port, rasa_server
from ops.stack.serve import ConfigurationError, api_args

pytestmark = pytest.mark.servers

SECRET = "test-secret-token-0123456789"
API_TOKEN = "api-token-for-the-tests-0123456789"
REST_TOKEN = "rest-token-for-the-tests-0123456789"
TOKEN = "123456:TEST-token_for-the-fake-api"
# Texts only the tests send: they must never appear in a log.
PRIVATE = "ma sciatique me fait souffrir depuis le 3 mars"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    logs = tmp_path_factory.mktemp("channels")
    telegram = FakeTelegram()
    action_port, rasa_port = free_port(), free_port()
    env = environment(action_port, logs / "tracker.db")
    env.update({"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_SECRET_TOKEN": SECRET, "TELEGRAM_API_BASE_URL": telegram.url,
                "REST_TOKEN": REST_TOKEN, "RASA_AUTH_TOKEN": API_TOKEN})
    # Rasa's HTTP API opened the way kine-stack opens it when RASA_ENABLE_API=1: with a token.
    api = api_args({"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": API_TOKEN})
    actions, core = action_server(logs, env, action_port), rasa_server(logs, env, rasa_port, extra_args=api)
    try:
        actions.start()
        core.start()
        yield {"port": rasa_port, "telegram": telegram, "logs": [actions, core], "env": env,
               "action_port": action_port}
    finally:
        core.stop()
        actions.stop()
        telegram.stop()


def rest(stack, body, content_type="application/json", token=REST_TOKEN):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    headers = {"Content-Type": content_type}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return requests.post(f"http://127.0.0.1:{stack['port']}/webhooks/rest/webhook", data=data,
                         headers=headers, timeout=60)


def tracker_messages(stack, sender):
    """The user messages stored under a conversation id (Rasa's HTTP API, opened with its token)."""
    response = requests.get(f"http://127.0.0.1:{stack['port']}/conversations/{sender}/tracker",
                            params={"token": API_TOKEN}, timeout=30)
    response.raise_for_status()
    return [e.get("text") for e in response.json().get("events", []) if e.get("event") == "user"]


def texts(replies):
    return "\n".join(r.get("text", "") for r in replies)


# -- REST ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, content_type, status", [
    ('{"sender": "x", "message": "bonjour"}', "text/plain", 415),
    ('{"sender": "x", "message": ', "application/json", 400),
    ("[1, 2]", "application/json", 400),
    ('"bonjour"', "application/json", 400),
    ("", "application/json", 400),
    ('{"message": "bonjour"}', "application/json", 400),
    ('{"sender": "", "message": "bonjour"}', "application/json", 400),
    ('{"sender": "x", "message": 12}', "application/json", 400),
    ('{"sender": "x", "message": null}', "application/json", 400),
    ('{"sender": "x", "message": "bonjour", "metadata": "oui"}', "application/json", 400),
    (b"\xff\xfe\x00", "application/json", 400),
])
def test_rest_rejects_malformed_requests_with_a_french_4xx(stack, body, content_type, status):
    response = rest(stack, body, content_type)
    assert response.status_code == status
    assert response.json()["error"]  # a sentence in French, not a stack trace


@pytest.mark.parametrize("message, expected", [
    ("", "vide"),
    ("   \n\t  ", "vide"),
    ("\u0000\u0007\u001b", "vide"),
    ("😀😀👍", "ni mot ni nombre"),
    ("kiné " * 2500, "trop long"),
])
def test_rest_answers_unusable_messages_with_an_explanation(stack, message, expected):
    response = rest(stack, {"sender": f"t-{uuid.uuid4()}", "message": message})
    assert response.status_code == 200
    assert expected in texts(response.json())


@pytest.mark.parametrize("message", [
    "bonjour\u0000\u0007",
    "<script>alert('x')</script> combien coûte une séance ?",
    "how much is a physiotherapy session?",
    "Wie viel kostet eine Physiotherapie?",
    '/calcul_remboursement{"calc_sessions": "-5"}',
    '/inform{"calc_sessions": 100000, "calc_acte": "<b>x</b>"}',
    "/n_importe_quoi{\"x\": 1}",
    "/restart",
])
def test_rest_odd_messages_get_a_reply_and_the_conversation_goes_on(stack, message):
    sender = f"t-{uuid.uuid4()}"
    response = rest(stack, {"sender": sender, "message": message})
    assert response.status_code == 200 and texts(response.json())
    after = rest(stack, {"sender": sender, "message": "c'est quoi la franchise médicale ?"})
    assert "franchise" in texts(after.json()).lower()


def test_rest_integer_sender_is_accepted(stack):
    assert "Bonjour" in texts(rest(stack, {"sender": 42, "message": "bonjour"}).json())


@pytest.mark.parametrize("token", [None, "", "rest-token-for-the-tests-012345678", REST_TOKEN + "0"])
def test_rest_without_the_token_cannot_read_or_continue_a_conversation(stack, token):
    victim = f"t-{uuid.uuid4()}"
    rest(stack, {"sender": victim, "message": "je suis enceinte de 7 mois, 10 séances"})
    response = rest(stack, {"sender": victim, "message": "en savoir plus"}, token=token)
    assert response.status_code == 401 and "Jeton" in response.json()["error"]
    assert tracker_messages(stack, victim) == ["je suis enceinte de 7 mois, 10 séances"]


@pytest.mark.parametrize("sender", ["telegram-12345", "TELEGRAM-12345", "web-0123456789abcdef0123456789abcdef"])
def test_rest_cannot_name_another_channels_conversation(stack, sender):
    response = rest(stack, {"sender": sender, "message": "bonjour"})
    assert response.status_code == 400 and "réservé" in response.json()["error"]


# -- socket.io -----------------------------------------------------------------------------------

def socket_conversation(port, messages, session_id=None, named_session=None, transport="polling"):
    """Sends each message in turn over socket.io; returns the session id and the bot replies per message.
    ``named_session``: the session id the messages name (default: the one the server confirmed)."""
    client = socketio.Client(reconnection=False)
    confirmed, replies, lock = threading.Event(), [], threading.Lock()
    state = {"session": session_id}

    @client.on("session_confirm")
    def on_confirm(sid):
        state["session"] = sid
        confirmed.set()

    @client.on("bot_uttered")
    def on_bot(data):
        with lock:
            replies[-1].append(data)

    client.connect(f"http://127.0.0.1:{port}", socketio_path="/socket.io", transports=[transport])
    try:
        client.emit("session_request", {"session_id": session_id})
        assert confirmed.wait(10)
        for message in messages:
            with lock:
                replies.append([])
            client.emit("user_uttered", {"message": message, "session_id": named_session or state["session"]})
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not replies[-1]:
                time.sleep(0.05)
            time.sleep(0.5)  # later parts of the same answer
    finally:
        client.disconnect()
    return state["session"], replies


def test_socketio_conversation_with_buttons_and_the_same_session_after_reconnecting(stack):
    session, replies = socket_conversation(stack["port"], ["aide"])
    assert any(r.get("quick_replies") for r in replies[0])  # Rasa sends buttons as quick replies here
    again, replies = socket_conversation(stack["port"], ["en savoir plus"], session_id=session)
    assert again == session and texts(replies[0])


def test_socketio_session_ids_are_issued_and_signed_by_the_server(stack):
    session, _ = socket_conversation(stack["port"], [])
    bare, signature = session.split(".")
    assert bare.startswith("web-") and len(bare) == 4 + 32 and len(signature) == 43
    # A self-chosen id is not taken: the server issues its own.
    chosen, _ = socket_conversation(stack["port"], [], session_id="camille")
    assert chosen.startswith("web-") and chosen != "camille"


class RawSocket:
    """A socket.io client over a raw websocket (aiohttp), for tests that need several at once
    and a quick disconnect (python-socketio's polling client waits for its long poll)."""

    def __init__(self, port):
        self.port, self.frames = port, []

    async def __aenter__(self):
        import aiohttp

        self.http = aiohttp.ClientSession()
        self.ws = await self.http.ws_connect(
            f"ws://127.0.0.1:{self.port}/socket.io/?EIO=4&transport=websocket", max_msg_size=0)
        await self.ws.receive(timeout=10)  # engine.io open packet
        await self.ws.send_str("40")
        await self.ws.receive(timeout=10)  # namespace joined
        return self

    async def __aexit__(self, *_):
        await self.ws.close()
        await self.http.close()

    async def emit(self, event, data):
        await self.ws.send_str("42" + json.dumps([event, data]))

    async def events(self, name, first_within=30.0, quiet=1.0):
        """The data of the ``name`` events received until ``quiet`` s pass without any (after the first)."""
        import asyncio

        found, timeout = [], first_within
        while True:
            try:
                message = await self.ws.receive(timeout=timeout)
            except asyncio.TimeoutError:
                return found
            if not isinstance(message.data, str):
                return found
            if message.data == "2":  # engine.io ping
                await self.ws.send_str("3")
                continue
            if message.data.startswith("42"):
                event, *args = json.loads(message.data[2:])
                if event == name:
                    found.append(args[0] if args else None)
                    timeout = quiet

    async def session(self, session_id=None):
        await self.emit("session_request", {"session_id": session_id})
        return (await self.events("session_confirm", 10, 0.1))[0]

    async def say(self, message, session_id):
        await self.emit("user_uttered", {"message": message, "session_id": session_id})
        return await self.events("bot_uttered")


def test_socketio_another_client_cannot_reach_a_conversation_by_its_id(stack):
    """The attacks of issue 19: knowing the victim's id (bare, re-signed, or the whole token named in
    the messages of another connection) gives a fresh conversation, never the victim's nor its replies."""
    import asyncio

    async def attack():
        async with RawSocket(stack["port"]) as victim_socket:
            victim = await victim_socket.session()
            assert "ordonnance" in texts(await victim_socket.say("peut-on voir un kiné sans ordonnance ?", victim))
            bare, signature = victim.split(".")
            for forged in (bare, f"{bare}.{'A' * 43}", f"{bare}.{signature[:-1]}{'B' if signature[-1] != 'B' else 'C'}",
                           victim.upper()):
                async with RawSocket(stack["port"]) as attacker_socket:
                    attacker = await attacker_socket.session(forged)
                    assert attacker.split(".")[0] != bare
                    assert "devis" not in texts(await attacker_socket.say("en savoir plus", forged))
            # A connection given its own session, naming the victim's whole token in its messages.
            async with RawSocket(stack["port"]) as attacker_socket:
                attacker = await attacker_socket.session()
                assert attacker != victim
                assert "devis" not in texts(await attacker_socket.say("en savoir plus", victim))
            return victim, await victim_socket.events("bot_uttered", first_within=1)  # heard meanwhile

    victim, heard = asyncio.run(attack())
    assert heard == []
    assert tracker_messages(stack, victim) == ["peut-on voir un kiné sans ordonnance ?"]


def websocket_exchange(port, frames, wait=5.0):
    """Speaks engine.io/socket.io over a raw websocket (aiohttp): connects, sends ``frames``
    after the namespace is joined; returns the frames received and whether the server closed."""
    import asyncio

    import aiohttp

    async def run():
        received, closed = [], False
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket",
                                          max_msg_size=0) as ws:
                await ws.receive(timeout=10)          # engine.io open packet
                await ws.send_str("40")               # join the default namespace
                received.append((await ws.receive(timeout=10)).data)
                for frame in frames:
                    await ws.send_str(frame)
                    await asyncio.sleep(0.3)
                deadline = asyncio.get_event_loop().time() + wait
                while asyncio.get_event_loop().time() < deadline:
                    try:
                        message = await ws.receive(timeout=deadline - asyncio.get_event_loop().time())
                    except asyncio.TimeoutError:
                        break
                    if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                        aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.ERROR):
                        closed = True
                        break
                    received.append(message.data)
        return received, closed

    return asyncio.run(run())


def test_socketio_oversized_message_is_refused_before_any_processing(stack):
    """engine.io refuses a message over a few kB before decoding it: no answer, not even « trop long »."""
    big = "kiné " * 20000  # 120 kB
    session = json.dumps(["session_request", {}])
    received, closed = websocket_exchange(stack["port"], ["42" + session, "42" + json.dumps(
        ["user_uttered", {"message": big}])])
    assert closed and not any("bot_uttered" in str(frame) for frame in received)
    # The same size over HTTP long-polling is refused too (413 from engine.io).
    client = socketio.Client(reconnection=False)
    client.connect(f"http://127.0.0.1:{stack['port']}", socketio_path="/socket.io", transports=["polling"])
    url = f"http://127.0.0.1:{stack['port']}/socket.io/?EIO=4&transport=polling&sid={client.eio.sid}"
    try:
        accepted = requests.post(url, data=("42" + json.dumps(["session_request", {}])).encode(), timeout=30)
        try:
            refused = requests.post(url, data=("42" + json.dumps(["user_uttered", {"message": big}])).encode(),
                                    timeout=15).status_code
        except requests.exceptions.RequestException:
            # On a busy machine engine.io has been seen to drop the session without answering this
            # request (CI, 2026-12-01): refused all the same, which the next request checks.
            refused = 400
        after = requests.post(url, data=b"3", timeout=30)
    finally:
        client.disconnect()
    assert accepted.status_code == 200  # the same connection, with a message of a normal size
    assert refused == 400 and after.status_code == 400  # refused, and the connection dropped
    # A message of the allowed size still gets its answer over the websocket (a new conversation's
    # first answer can take several seconds on a busy 2-core machine).
    received, closed = websocket_exchange(stack["port"], ["42" + session, "42" + json.dumps(
        ["user_uttered", {"message": "bonjour"}])], wait=20.0)
    assert any("Bonjour" in str(frame) for frame in received)


def test_socketio_a_flooding_connection_is_told_to_slow_down(stack):
    import asyncio

    async def flood():
        async with RawSocket(stack["port"]) as flooder:
            session = await flooder.session()
            for _ in range(30):
                await flooder.emit("user_uttered", {"message": "bonjour", "session_id": session})
            return [(r or {}).get("text", "") for r in await flooder.events("bot_uttered", quiet=3)]

    received = asyncio.run(flood())
    assert received.count("Trop de messages, réessayez dans un instant.") >= 15
    assert sum("Bonjour" in t for t in received) <= 12  # the burst, and what the rate lets through


@pytest.mark.parametrize("message, expected", [
    ("", "vide"), ("  ", "vide"), ("🙂", "ni mot ni nombre"), ("a" * 10001, "trop long"),
    (12, "aucun texte"), (None, "aucun texte"),
])
def test_socketio_unusable_messages_get_an_explanation(stack, message, expected):
    _, replies = socket_conversation(stack["port"], [message])
    assert expected in texts(replies[0])


# -- Telegram ------------------------------------------------------------------------------------

def telegram_post(stack, update, secret=SECRET):
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return requests.post(f"http://127.0.0.1:{stack['port']}/webhooks/telegram/webhook",
                         data=update if isinstance(update, str) else json.dumps(update), headers=headers, timeout=60)


def text_update(chat_id, text, chat_type="private"):
    return {"update_id": int(time.time() * 1000) % 2**31,
            "message": {"message_id": 1, "date": int(time.time()), "text": text,
                        "chat": {"id": chat_id, "type": chat_type},
                        "from": {"id": chat_id, "is_bot": False, "first_name": "Camille"}}}


def new_chat():
    return int(uuid.uuid4().int % 10**9)


@pytest.mark.parametrize("secret", [None, "", "wrong-secret-token-000000000"])
def test_telegram_update_without_the_secret_token_is_rejected(stack, secret):
    chat = new_chat()
    response = telegram_post(stack, text_update(chat, "bonjour"), secret=secret)
    assert response.status_code == 403
    time.sleep(1)
    assert stack["telegram"].sent(chat) == []


def test_telegram_question_gets_its_answer_through_send_message(stack):
    chat = new_chat()
    assert telegram_post(stack, text_update(chat, "peut-on voir un kiné sans ordonnance ?")).status_code == 200
    sent = stack["telegram"].wait_for(1, chat)
    assert sent and all(len(m["text"]) <= 4096 for m in sent)
    assert "ordonnance" in sent[0]["text"] and "Source" in sent[0]["text"]
    assert all(c["token"] == TOKEN for c in stack["telegram"].calls)


def test_telegram_conversations_are_filed_under_the_channel_and_the_chat(stack):
    chat = new_chat()
    telegram_post(stack, text_update(chat, "je suis en ALD, 10 séances"))
    assert stack["telegram"].wait_for(1, chat)
    time.sleep(1)
    assert tracker_messages(stack, f"telegram-{chat}") == ["je suis en ALD, 10 séances"]
    assert tracker_messages(stack, str(chat)) == []  # the bare chat id is no conversation


@pytest.mark.parametrize("chat_type", ["group", "supergroup", "channel"])
def test_telegram_group_chats_get_a_refusal_and_nothing_is_stored(stack, chat_type):
    chat = -new_chat()
    assert telegram_post(stack, text_update(chat, "ma fille de 13 ans a une scoliose", chat_type)).status_code == 200
    sent = stack["telegram"].wait_for(1, chat)
    time.sleep(1)
    assert [m["text"] for m in stack["telegram"].sent(chat)] == [
        "Je ne réponds qu'en conversation privée, pour que vos questions de santé restent entre nous : "
        "écrivez-moi directement."]
    assert sent and tracker_messages(stack, f"telegram-{chat}") == []


def test_telegram_buttons_are_an_inline_keyboard_and_a_click_is_answered(stack):
    chat = new_chat()
    telegram_post(stack, text_update(chat, "/start"))
    telegram_post(stack, text_update(chat, "aide"))
    sent = stack["telegram"].wait_for(2, chat)
    keyboard = json.loads(sent[-1]["reply_markup"])["inline_keyboard"]
    buttons = [button for row in keyboard for button in row]
    # Two short titles side by side, a long one alone on its row.
    assert [[b["text"] for b in row] for row in keyboard][:2] == [["Remboursement", "Sans ordonnance"],
                                                                   ["Dépassements", "Non conventionné"]]
    assert ["Calcul du reste à charge"] in [[b["text"] for b in row] for row in keyboard]
    payload = next(b["callback_data"] for b in buttons if b["text"] == "Dépassements")
    click = {"update_id": 99, "callback_query": {
        "id": "cb-1", "data": payload, "chat_instance": "1",
        "from": {"id": chat, "is_bot": False, "first_name": "Camille"},
        "message": {"message_id": 2, "date": int(time.time()), "chat": {"id": chat, "type": "private"}}}}
    assert telegram_post(stack, click).status_code == 200
    sent = stack["telegram"].wait_for(3, chat)
    assert "dépassement" in sent[-1]["text"].lower()
    assert {"callback_query_id": "cb-1"}.items() <= stack["telegram"].sent(method="answerCallbackQuery")[0].items()


def test_telegram_edited_message_is_not_answered_as_a_new_question(stack):
    chat = new_chat()
    update = text_update(chat, "peut-on voir un kiné sans ordonnance ?")
    update["edited_message"] = dict(update.pop("message"), edit_date=int(time.time()))
    assert telegram_post(stack, update).status_code == 200
    sent = stack["telegram"].wait_for(1, chat)
    time.sleep(2)  # nothing else arrives: the question is not answered a second time
    assert [m["text"] for m in stack["telegram"].sent(chat)] == [
        "Vous avez modifié un message : je ne relis pas les messages modifiés. "
        "Envoyez plutôt la correction dans un nouveau message."]
    assert sent


def test_telegram_sends_a_calculation_as_one_html_message_with_two_short_buttons_per_row():
    import asyncio

    from bot.calculator import compute
    from bot.result_view import as_custom_payload, as_text, result_view
    from connectors.telegram import TelegramOutput

    telegram = FakeTelegram()
    view = result_view(compute({"date": "2026-12-01", "sessions": 10, "act": "membre",
                                "mutuelle": {"br_percent": 100}}))
    # What Rasa hands the channel for dispatcher.utter_message(**result_message(view, "telegram"), buttons=…).
    message = dict(text=as_text(view), custom=as_custom_payload(view), buttons=[
        {"title": "12 séances", "payload": "12 séances"}, {"title": "À domicile", "payload": "à domicile"},
        {"title": "Je suis en affection de longue durée", "payload": "je suis en ALD"}])

    async def send():
        output = TelegramOutput(TOKEN, telegram.url)
        try:
            await output.send_response("4242", message)
        finally:
            await output.session.close()

    try:
        asyncio.run(send())
        assert telegram.refused() == []
        [sent] = telegram.sent("4242")  # one message, not the plain text and then the card
        assert sent["parse_mode"] == "HTML"
        text = sent["text"]
        assert text.startswith("<b>Reste à votre charge : 10,00 €</b> pour 10 séances (1,00 € par séance)")
        assert "Assurance Maladie (60 % de 17,90 € = 10,74 € par séance × 10) : − 107,40 €" in text
        assert ('Sources : <a href="https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000031796188">Légifrance</a>, '
                '<a href="https://www.snmkr.fr/avenant-7">SNMKR</a>') in text
        assert "d&#x27;un membre" in text and text.count("https://") == text.count('href="https://')
        keyboard = json.loads(sent["reply_markup"])["inline_keyboard"]
        assert [[b["text"] for b in row] for row in keyboard] == [
            ["12 séances", "À domicile"], ["Je suis en affection de longue durée"]]
    finally:
        telegram.stop()


def test_socketio_sends_a_calculation_as_one_message_with_its_card():
    import asyncio

    from bot.calculator import compute
    from bot.result_view import as_custom_payload, as_text, result_view
    from connectors.socketio import SocketIOOutput

    class Sio:
        emitted = []

        async def emit(self, event, data=None, room=None, **kwargs):
            self.emitted.append((event, data, room))

    view = result_view(compute({"date": "2026-12-01", "sessions": 10, "act": "membre"}))
    buttons = [{"title": "Nouveau calcul", "payload": "/calcul_remboursement"}]
    sio = Sio()
    asyncio.run(SocketIOOutput(sio, "bot_uttered").send_response(
        "room-1", {"text": as_text(view), "custom": as_custom_payload(view), "buttons": buttons}))
    [(event, data, room)] = sio.emitted
    assert re.fullmatch("[0-9a-f]{16}", data.pop("id"))  # the widget's tabs show it once by its id
    assert (event, data, room) == ("bot_uttered", {"text": as_text(view), "custom": as_custom_payload(view),
                                                   "buttons": buttons}, "room-1")


@pytest.mark.parametrize("message, expected", [
    ({"sticker": {"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1, "is_animated": False}},
     "messages écrits"),
    ({"text": "   "}, "vide"),
    ({"text": "👍👍"}, "ni mot ni nombre"),
    ({"text": "qsdfqsdf"}, "Je n'ai pas compris votre message. Voici les thèmes que je connais"),
])
def test_telegram_messages_without_a_question_get_an_explanation(stack, message, expected):
    chat = new_chat()
    update = text_update(chat, "")
    update["message"].pop("text")
    update["message"].update(message)
    assert telegram_post(stack, update).status_code == 200
    sent = stack["telegram"].wait_for(1, chat)
    assert sent and expected in sent[0]["text"]
    if "pas compris" in expected:  # with the help menu
        keyboard = json.loads(sent[0]["reply_markup"])["inline_keyboard"]
        assert "Dépassements" in [b["text"] for row in keyboard for b in row]


@pytest.mark.parametrize("body", ["{not json", "[]", '{"update_id": "x", "message": 5}'])
def test_telegram_malformed_update_is_a_400(stack, body):
    assert telegram_post(stack, body).status_code == 400


def test_webhook_script_registers_url_and_secret(stack):
    env = dict(stack["env"], TELEGRAM_BOT_NAME="kine_test_bot",
               TELEGRAM_WEBHOOK_URL="https://kine.example.fr/webhooks/telegram/webhook")
    result = subprocess.run([str(BIN / "kine-telegram-webhook"), "set"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    call = stack["telegram"].sent(method="setWebhook")[-1]
    assert call["url"] == env["TELEGRAM_WEBHOOK_URL"] and call["secret_token"] == SECRET
    wrong = subprocess.run([str(BIN / "kine-telegram-webhook"), "set"], cwd=ROOT,
                           env=dict(env, TELEGRAM_BOT_NAME="autre_bot"), capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 1 and "kine_test_bot" in wrong.stderr


# -- Rasa's HTTP API ----------------------------------------------------------------------------

def test_http_api_is_off_by_default_and_needs_a_long_token_when_on():
    assert api_args({}) == [] and api_args({"RASA_ENABLE_API": "0"}) == []
    assert api_args({"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": API_TOKEN}) == ["--enable-api"]  # token: env only
    for token in ("", "court"):
        with pytest.raises(ConfigurationError, match="RASA_AUTH_TOKEN"):
            api_args({"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": token})


def test_http_api_when_on_refuses_requests_without_the_token(stack):
    base = f"http://127.0.0.1:{stack['port']}"
    assert requests.get(f"{base}/status", timeout=10).status_code == 401
    assert requests.post(f"{base}/model/parse", json={"text": "bonjour"}, timeout=10).status_code == 401
    assert requests.get(f"{base}/status", params={"token": "faux"}, timeout=10).status_code == 401
    parsed = requests.post(f"{base}/model/parse", params={"token": API_TOKEN}, json={"text": "bonjour"}, timeout=30)
    assert parsed.status_code == 200 and parsed.json()["intent"]["name"] == "greet"


# -- the action server ---------------------------------------------------------------------------

def test_action_server_refuses_compressed_bodies_before_decompressing_them(stack):
    import zlib

    bomb = zlib.compress(b'{"next_action": "action_help", "tracker": {"x": "' + b"0" * 50_000_000 + b'"}}', 9)
    assert len(bomb) < 100_000
    response = requests.post(f"http://127.0.0.1:{stack['action_port']}/webhook", data=bomb, timeout=30,
                             headers={"Content-Type": "application/json", "Content-Encoding": "deflate"})
    assert response.status_code == 415
    try:  # over the 8 MB limit: 413, possibly before the whole body is sent (the connection is then reset)
        too_big = requests.post(f"http://127.0.0.1:{stack['action_port']}/webhook", data=b"0" * (9 * 1024 * 1024),
                                headers={"Content-Type": "application/json"}, timeout=30).status_code
    except requests.ConnectionError:
        too_big = "reset"
    assert too_big in (413, "reset")
    assert requests.get(f"http://127.0.0.1:{stack['action_port']}/health", timeout=10).status_code == 200


def test_action_server_listens_on_the_loopback_only(stack):
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this picks the machine's outward address
        address = probe.getsockname()[0]
    if address.startswith("127."):
        pytest.skip("no network interface besides the loopback")
    with socket.socket() as client:
        client.settimeout(3)
        assert client.connect_ex((address, stack["action_port"])) != 0


# -- privacy -------------------------------------------------------------------------------------

def test_message_texts_never_reach_the_logs(stack):
    sender = f"t-{uuid.uuid4()}"
    rest(stack, {"sender": sender, "message": PRIVATE})
    rest(stack, {"sender": sender, "message": f"10 séances, {PRIVATE}"})
    rest(stack, {"sender": sender, "message": PRIVATE + " !" * 1200})  # refused as too long
    socket_conversation(stack["port"], [PRIVATE])
    telegram_post(stack, text_update(new_chat(), PRIVATE))
    time.sleep(2)
    for server in stack["logs"]:
        assert "sciatique" not in server.log(), f"a message text is in {server.log_path}"


def test_a_client_leaving_mid_request_leaves_no_text_in_the_log(stack):
    """Rasa's REST receiver logs the text when the client disconnects before the answer
    (``rest.message.received.timeout``): connectors/log_privacy.py redacts it."""
    import socket

    core = stack["logs"][1]
    before = core.log()
    body = json.dumps({"sender": f"t-{uuid.uuid4()}", "message": f"10 séances, {PRIVATE}"}).encode()
    request = (f"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               f"Authorization: Bearer {REST_TOKEN}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    for delay in (0.0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2):
        with socket.create_connection(("127.0.0.1", stack["port"])) as connection:
            connection.sendall(request)
            time.sleep(delay)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    time.sleep(3)
    logged = core.log()[len(before):]
    assert "rest.message.received.timeout" in logged  # the disconnect did happen mid-request
    assert "sciatique" not in logged and "[redacted]" in logged


def test_log_filter_redacts_texts_from_structured_records():
    import logging

    from connectors.log_privacy import RedactMessageTexts

    record = logging.LogRecord("rasa", logging.ERROR, __file__, 1, json.dumps({
        "event": "rest.message.received.failure", "text": PRIVATE, "exception": [{"frames": [
            {"filename": "rest.py", "locals": {"text": repr(PRIVATE)}}]}]}), (), None)
    assert RedactMessageTexts().filter(record)
    assert "sciatique" not in record.getMessage()
    assert json.loads(record.getMessage())["event"] == "rest.message.received.failure"


def test_socketio_message_without_a_session_is_answered_not_dropped(stack):
    client, received = socketio.Client(reconnection=False), []
    client.on("bot_uttered", lambda data: received.append(data))
    client.connect(f"http://127.0.0.1:{stack['port']}", socketio_path="/socket.io", transports=["polling"])
    try:
        client.emit("user_uttered", {"message": "bonjour"})
        client.emit("user_uttered", "pas un objet")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(received) < 2:
            time.sleep(0.1)
    finally:
        client.disconnect()
    assert len(received) == 2 and all("rechargez la page" in r["text"] for r in received)


def test_telegram_answer_is_sent_again_after_a_429_from_the_bot_api(monkeypatch):
    import asyncio

    from aiogram import Bot
    from aiogram.utils.exceptions import RetryAfter

    from connectors.telegram import TelegramOutput

    calls = []

    async def flaky(self, chat_id, text, *args, **kwargs):
        calls.append((chat_id, text))
        if len(calls) == 1:
            raise RetryAfter(1)
        return None

    monkeypatch.setattr(Bot, "send_message", flaky)

    async def send():
        output = TelegramOutput(TOKEN)
        try:
            await output.send_text_message("telegram-4242", "Bonjour")
        finally:
            await output.session.close()

    asyncio.run(send())
    assert calls == [("4242", "Bonjour"), ("4242", "Bonjour")]  # not lost, and to the bare chat id

"""The three channels of the Rasa server, for real: REST, socket.io (the widget's) and
Telegram (against a local fake of Telegram's Bot API), with bad input on each, and no
message text in the logs."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid

import pytest
import requests
import socketio

from fake_telegram import FakeTelegram
from servers import BIN, ROOT, action_server, environment, free_port, rasa_server

sys.path.insert(0, str(ROOT / "scripts"))
from serve import ConfigurationError, api_args  # noqa: E402

pytestmark = pytest.mark.servers

SECRET = "test-secret-token-0123456789"
API_TOKEN = "api-token-for-the-tests-0123456789"
TOKEN = "123456:TEST-token_for-the-fake-api"
# Texts only the tests send: they must never appear in a log.
PRIVATE = "ma sciatique me fait souffrir depuis le 3 mars"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    logs = tmp_path_factory.mktemp("channels")
    telegram = FakeTelegram()
    action_port, rasa_port = free_port(), free_port()
    env = environment(action_port, logs / "tracker.db")
    env.update({"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_SECRET_TOKEN": SECRET, "TELEGRAM_API_BASE_URL": telegram.url})
    # Rasa's HTTP API opened the way scripts/serve.py opens it when RASA_ENABLE_API=1: with a token.
    api = api_args({"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": API_TOKEN})
    actions, core = action_server(logs, env, action_port), rasa_server(logs, env, rasa_port, extra_args=api)
    try:
        actions.start()
        core.start()
        yield {"port": rasa_port, "telegram": telegram, "logs": [actions, core], "env": env}
    finally:
        core.stop()
        actions.stop()
        telegram.stop()


def rest(stack, body, content_type="application/json"):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return requests.post(f"http://127.0.0.1:{stack['port']}/webhooks/rest/webhook", data=data,
                         headers={"Content-Type": content_type}, timeout=60)


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


# -- socket.io -----------------------------------------------------------------------------------

def socket_conversation(port, messages, session_id=None):
    """Sends each message in turn over socket.io; returns the session id and the bot replies per message."""
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

    client.connect(f"http://127.0.0.1:{port}", socketio_path="/socket.io", transports=["polling"])
    try:
        client.emit("session_request", {"session_id": session_id})
        assert confirmed.wait(10)
        for message in messages:
            with lock:
                replies.append([])
            client.emit("user_uttered", {"message": message, "session_id": state["session"]})
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


def text_update(chat_id, text):
    return {"update_id": int(time.time() * 1000) % 2**31,
            "message": {"message_id": 1, "date": int(time.time()), "text": text,
                        "chat": {"id": chat_id, "type": "private"},
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
        assert "Assurance Maladie (60 % de 179,00 €) : − 107,40 €" in text
        assert 'Sources : <a href="https://www.snmkr.fr/avenant-7">SNMKR</a>' in text
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
    assert sio.emitted == [("bot_uttered", {"text": as_text(view), "custom": as_custom_payload(view),
                                            "buttons": buttons}, "room-1")]


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
    result = subprocess.run([str(BIN / "python"), "scripts/telegram_webhook.py", "set"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    call = stack["telegram"].sent(method="setWebhook")[-1]
    assert call["url"] == env["TELEGRAM_WEBHOOK_URL"] and call["secret_token"] == SECRET
    wrong = subprocess.run([str(BIN / "python"), "scripts/telegram_webhook.py", "set"], cwd=ROOT,
                           env=dict(env, TELEGRAM_BOT_NAME="autre_bot"), capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 1 and "kine_test_bot" in wrong.stderr


# -- Rasa's HTTP API ----------------------------------------------------------------------------

def test_http_api_is_off_by_default_and_needs_a_long_token_when_on():
    assert api_args({}) == [] and api_args({"RASA_ENABLE_API": "0"}) == []
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

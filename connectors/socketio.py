"""Rasa's socket.io channel (the web widget's), with every message through the common
gate: a refused message gets its French explanation back as a bot message instead of
being processed.

It replaces Rasa 3.6's two handlers.  Its ``user_uttered`` handler crashes on a message
that is not an object or whose text is not a string, and silently drops one without a
session id; here both get a French answer.  Its ``session_request`` handler, which calls ``sio.enter_room``
without ``await`` (a coroutine since python-socketio 5.8): the client never joined its
session's room, so with ``session_persistence`` no reply ever reached it
(RasaHQ/rasa#13027).  A session id sent by the client is kept only if it looks like one.

A calculation result (Rasa's ``custom`` payload ``{"type": "kine_result"}``, see
bot/result_view.py) reaches the widget as ONE ``bot_uttered`` event carrying its
plain-text fallback and the card: ``{"text": …, "custom": {…}, "buttons": […]}``
(Rasa's own output would send the text, then crash on the custom payload, whose
keys it passes to ``sio.emit`` as arguments).

A conversation belongs to whoever holds its session token: the server issues it
(``web-<random>.<HMAC signature>``, key ``SESSION_SECRET`` or ``var/session_secret``,
connectors/local_secret.py) on ``session_request``, keeps it only if its signature is
valid (otherwise a fresh conversation), and files every message of a connection under
the session that connection was confirmed, whatever session id the message names: a
bare or forged id, or one the connection was never given, never reaches another's
conversation or replies.  Messages above ``MAX_MESSAGE_BYTES`` are refused by engine.io
before they are decoded (the connection is closed).  A client address asking for too many new
conversations gets ``TOO_MANY`` as a bot message instead of ``session_confirm``
(connectors/limits.py).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from typing import Any, Dict, Optional, Text

from rasa.core.channels import socketio
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint

from bot.result_view import is_forget_payload, is_result_payload
from connectors.guard import Handler, guarded
from bot.service_status import TOO_MANY
from connectors.limits import (NEW_CONVERSATIONS_BURST, NEW_CONVERSATIONS_PER_MINUTE, Bucket, BucketsByKey, client_key,
                               trusted_networks)
from connectors.local_secret import local_secret
from ops import settings

_SESSION_TOKEN = re.compile(r"(web-[0-9a-f]{32})\.([A-Za-z0-9_-]{43})")
# A message of 2 000 characters (bot/user_input.py) in UTF-8, with its JSON envelope, fits;
# engine.io refuses more before decoding anything (polling: 413, websocket: connection closed).
MAX_MESSAGE_BYTES = 12 * 1024
# Messages per connection: a burst of BURST, then one every 1/RATE seconds; more are answered
# with TOO_MANY and not processed (nginx limits requests and connections per address).
BURST, RATE = 10, 1.0
NO_SESSION = "Je ne retrouve pas notre conversation : rechargez la page, puis reposez votre question."


class SocketIOOutput(socketio.SocketIOOutput):
    """Rasa's socket.io output; a calculation result goes out as one message with its card.
    Every message carries a random ``id``: the browser tabs of one conversation all receive
    it (the session's room) and the widget shows and stores it once."""

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        await super()._send_message(socket_id, {**response, "id": secrets.token_hex(8)})

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        custom = message.get("custom")
        if not (is_result_payload(custom) or is_forget_payload(custom)):
            await super().send_response(recipient_id, message)
            return
        data: Dict[Text, Any] = {"text": message.get("text") or "", "custom": message["custom"]}
        if message.get("buttons"):
            data["buttons"] = message["buttons"]
        await self._send_message(recipient_id, data)


def _signature(session_id: str, key: bytes) -> str:
    digest = hmac.new(key, session_id.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def new_session_token(key: bytes) -> str:
    """An unguessable conversation id (128 random bits) with its signature."""
    session_id = f"web-{secrets.token_hex(16)}"
    return f"{session_id}.{_signature(session_id, key)}"


def verified_session(token: Any, key: bytes) -> Optional[str]:
    """The token itself when it is one this server issued (valid signature), else None."""
    match = _SESSION_TOKEN.fullmatch(token) if isinstance(token, str) else None
    if not match or not hmac.compare_digest(match.group(2), _signature(match.group(1), key)):
        return None
    return token


class SocketIOInput(socketio.SocketIOInput):
    """Same name, path and events as Rasa's socket.io channel."""

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        handle = guarded(on_new_message)
        blueprint = super().blueprint(handle)
        sio = self.sio
        sio.eio.max_http_buffer_size = MAX_MESSAGE_BYTES
        # The origin check in the application (not only in a proxy): with ALLOWED_ORIGINS set,
        # engine.io refuses a browser connection from any other origin (requests without Origin pass).
        origins = os.environ.get("ALLOWED_ORIGINS", "").split()
        if origins:
            sio.eio.cors_allowed_origins = [o.rstrip("/") for o in origins]
        key = local_secret("SESSION_SECRET", "session_secret").encode("utf-8")
        confirmed: Dict[str, str] = {}  # connection (sid) -> the session token it was given
        buckets: Dict[str, Bucket] = {}
        # New conversations per client address (connectors/limits.py); one that is over its limit
        # gets TOO_MANY instead of a session token.
        new_conversations = BucketsByKey(NEW_CONVERSATIONS_BURST, NEW_CONVERSATIONS_PER_MINUTE / 60)
        trusted = trusted_networks(settings.get("TRUSTED_PROXIES"))

        def client_of(sid: str) -> Optional[str]:
            request = (sio.get_environ(sid, namespace=self.namespace) or {}).get("sanic.request")
            if request is None:
                return "unknown"
            return client_key(request.ip, request.headers.get("x-forwarded-for"), trusted)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not buckets.setdefault(sid, Bucket(BURST, RATE)).take():
                await sio.emit(self.bot_message_evt, {"text": TOO_MANY}, room=sid)
                return
            data = data if isinstance(data, dict) else {}
            sender_id = sid
            if self.session_persistence:
                # The session this connection was confirmed; the id the message names is not trusted.
                sender_id = confirmed.get(sid)
                if sender_id is None:
                    await sio.emit(self.bot_message_evt, {"text": NO_SESSION}, room=sid)
                    return
            metadata = data.get(self.metadata_key)
            text = data.get("message")
            await handle(UserMessage(text if isinstance(text, str) else None,
                                     SocketIOOutput(sio, self.bot_message_evt), sender_id,
                                     input_channel=self.name(),
                                     metadata=metadata if isinstance(metadata, dict) else {}))

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Optional[Any]) -> None:
            asked = data.get("session_id") if isinstance(data, dict) else None
            session_id = verified_session(asked, key)
            if session_id is None:
                client = client_of(sid)
                if client is not None and not new_conversations.take(client):
                    await sio.emit(self.bot_message_evt, {"text": TOO_MANY}, room=sid)
                    return
                session_id = new_session_token(key)
            previous = confirmed.get(sid)
            if previous and previous != session_id:
                await sio.leave_room(sid, previous)
            confirmed[sid] = session_id
            if self.session_persistence:
                await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str, *_: Any) -> None:
            confirmed.pop(sid, None)
            buckets.pop(sid, None)

        return blueprint

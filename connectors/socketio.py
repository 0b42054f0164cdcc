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
"""
from __future__ import annotations

import re
import uuid
from typing import Any, Dict, Optional, Text

from rasa.core.channels import socketio
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint

from bot.result_view import is_result_payload
from connectors.guard import Handler, guarded

_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
NO_SESSION = "Je ne retrouve pas notre conversation : rechargez la page, puis reposez votre question."


class SocketIOOutput(socketio.SocketIOOutput):
    """Rasa's socket.io output; a calculation result goes out as one message with its card."""

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        if not is_result_payload(message.get("custom")):
            await super().send_response(recipient_id, message)
            return
        data: Dict[Text, Any] = {"text": message.get("text") or "", "custom": message["custom"]}
        if message.get("buttons"):
            data["buttons"] = message["buttons"]
        await self._send_message(recipient_id, data)


class SocketIOInput(socketio.SocketIOInput):
    """Same name, path and events as Rasa's socket.io channel."""

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        handle = guarded(on_new_message)
        blueprint = super().blueprint(handle)
        sio = self.sio

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            sender_id = sid
            if self.session_persistence:
                sender_id = data.get("session_id")
                if not isinstance(sender_id, str) or not _SESSION_ID.fullmatch(sender_id):
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
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if not isinstance(session_id, str) or not _SESSION_ID.fullmatch(session_id):
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        return blueprint

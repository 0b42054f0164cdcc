"""Rasa's socket.io channel (the web widget's), with every message through
the common gate: a refused message gets its French explanation back as a bot
message instead of being processed."""
from __future__ import annotations

from rasa.core.channels import socketio
from sanic import Blueprint

from connectors.guard import Handler, guarded


class SocketIOInput(socketio.SocketIOInput):
    """Same name, path and events as Rasa's socket.io channel."""

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(guarded(on_new_message))

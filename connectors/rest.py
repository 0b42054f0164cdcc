"""Rasa's REST channel (POST /webhooks/rest/webhook), with its input checked.

Rasa's own connector answers 500 to a body that is not a JSON object, and
files every message without a sender under the shared id "default".  Here a
malformed request gets a 4xx with a French explanation, and the message
itself goes through the same gate as every channel (connectors.guard).

REST is for servers and tests, not for the public: whoever names a ``sender`` continues
that conversation.  With ``REST_TOKEN`` set in the server's environment (production,
Kubernetes), every request needs ``Authorization: Bearer <REST_TOKEN>`` (401 otherwise);
nginx asks for the same token in front of it (ops/templates/nginx.conf).  A ``sender`` that
names another channel's conversation (``web-…``, ``telegram-…``) is refused.
"""
from __future__ import annotations

import hmac
import json
import os
from typing import Any, Optional, Text, Tuple

from rasa.core.channels import rest
from sanic import Blueprint, response
from sanic.request import Request

from connectors.guard import Handler, guarded

MAX_SENDER_CHARS = 128
# Conversation ids of the other channels (connectors/socketio.py, connectors/telegram.py).
RESERVED_PREFIXES = ("web-", "telegram-")
UNAUTHORISED = "Jeton d'accès absent ou faux : ce point d'accès est réservé aux serveurs autorisés."


def authorised(request: Request, token: str) -> bool:
    """True without a configured token, else only with ``Authorization: Bearer <token>``."""
    if not token:
        return True
    given = (request.headers.get("authorization") or "").encode("utf-8", "replace")
    return hmac.compare_digest(given, f"Bearer {token}".encode("utf-8"))


def request_problem(request: Request) -> Optional[Tuple[int, Text]]:
    """(status, French message) when the request is not a valid REST message."""
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return 415, "Envoyez du JSON (Content-Type: application/json)."
    try:
        body: Any = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return 400, "Le corps de la requête n'est pas du JSON valide."
    if not isinstance(body, dict):
        return 400, 'Le corps doit être un objet JSON : {"sender": "…", "message": "…"}.'
    sender = body.get("sender")
    if isinstance(sender, bool) or not isinstance(sender, (str, int)) or not str(sender).strip():
        return 400, "Le champ « sender » (identifiant de la conversation) est obligatoire."
    if len(str(sender)) > MAX_SENDER_CHARS:
        return 400, f"Le champ « sender » fait au plus {MAX_SENDER_CHARS} caractères."
    if str(sender).lower().startswith(RESERVED_PREFIXES):
        return 400, "Cet identifiant de conversation est réservé à un autre canal."
    if not isinstance(body.get("message"), str):
        return 400, "Le champ « message » doit être un texte."
    if body.get("metadata") is not None and not isinstance(body["metadata"], dict):
        return 400, "Le champ « metadata » doit être un objet JSON."
    if body.get("input_channel") is not None and not isinstance(body["input_channel"], str):
        return 400, "Le champ « input_channel » doit être un texte."
    return None


class RestInput(rest.RestInput):
    """Same name and URL as Rasa's REST channel: /webhooks/rest/webhook."""

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        return str(req.json.get("sender"))

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        blueprint = super().blueprint(guarded(on_new_message))

        @blueprint.middleware("request")
        async def check_request(request: Request) -> Optional[response.HTTPResponse]:
            if request.method != "POST":
                return None
            if not authorised(request, os.environ.get("REST_TOKEN", "")):
                return response.json({"error": UNAUTHORISED}, status=401)
            problem = request_problem(request)
            if problem:
                status, message = problem
                return response.json({"error": message}, status=status)
            return None

        return blueprint

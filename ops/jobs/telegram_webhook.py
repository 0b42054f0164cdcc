"""Registers (or removes, or shows) the Telegram webhook of the assistant.

    kine-telegram-webhook set       # make telegram-webhook: setWebhook with TELEGRAM_WEBHOOK_URL and the secret
    kine-telegram-webhook info
    kine-telegram-webhook delete

Reads TELEGRAM_TOKEN, TELEGRAM_BOT_NAME, TELEGRAM_WEBHOOK_URL, TELEGRAM_SECRET_TOKEN and
TELEGRAM_API_BASE_URL (empty: https://api.telegram.org).  Checks first, with getMe, that
the token belongs to the bot named TELEGRAM_BOT_NAME.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any, Dict, List, Optional

import requests

from ops import settings

UPDATES = ["message", "edited_message", "callback_query"]


def fail(message: str) -> None:
    print(f"Erreur : {message}", file=sys.stderr)
    sys.exit(1)


def call(method: str, **params: Any) -> Any:
    base = (settings.get("TELEGRAM_API_BASE_URL") or "https://api.telegram.org").rstrip("/")
    try:
        reply = requests.post(f"{base}/bot{settings.get('TELEGRAM_TOKEN')}/{method}", json=params, timeout=15)
        body: Dict[str, Any] = reply.json()
    except (requests.RequestException, ValueError) as error:
        fail(f"l'API Telegram ({base}) ne répond pas : {type(error).__name__}")
    if not body.get("ok"):
        fail(f"{method} refusé par Telegram : {body.get('description', reply.status_code)}")
    return body["result"]


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(prog="kine-telegram-webhook", description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", default="set", choices=["set", "info", "delete"])
    command = parser.parse_args(argv).command
    env = settings.resolve()
    if not env.get("TELEGRAM_TOKEN"):
        fail("TELEGRAM_TOKEN n'est pas défini (jeton donné par @BotFather).")
    me = call("getMe")
    if env.get("TELEGRAM_BOT_NAME") and me.get("username") != env["TELEGRAM_BOT_NAME"].lstrip("@"):
        fail(f"ce jeton est celui du bot @{me.get('username')}, pas de @{env['TELEGRAM_BOT_NAME'].lstrip('@')}.")
    if command == "info":
        print(json.dumps(call("getWebhookInfo"), ensure_ascii=False, indent=2))
    elif command == "delete":
        call("deleteWebhook")
        print(f"Webhook de @{me.get('username')} supprimé.")
    elif command == "set":
        url, secret = env.get("TELEGRAM_WEBHOOK_URL", ""), env.get("TELEGRAM_SECRET_TOKEN", "")
        if not url.startswith("https://"):
            fail("TELEGRAM_WEBHOOK_URL doit être une adresse https:// publique, "
                 "par exemple https://exemple.fr/webhooks/telegram/webhook.")
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
            fail("TELEGRAM_SECRET_TOKEN doit faire 16 à 256 caractères parmi A-Z, a-z, 0-9, _ et - "
                 "(par exemple : openssl rand -hex 32).")
        call("setWebhook", url=url, secret_token=secret, allowed_updates=UPDATES, drop_pending_updates=True)
        print(f"Webhook de @{me.get('username')} : {url}")


if __name__ == "__main__":
    main()

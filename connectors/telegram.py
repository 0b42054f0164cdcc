"""Telegram channel: Rasa's connector, made safe to run in public.

Differences from ``rasa.core.channels.telegram``:

* no setWebhook call at start-up, so the server starts offline and without a
  token; the webhook is registered once with ``make telegram-webhook``;
* every update must carry Telegram's ``X-Telegram-Bot-Api-Secret-Token``
  header with the configured secret, otherwise 403;
* the Bot API base URL is configurable (a local fake server in the tests);
* buttons become an inline keyboard, one button per row; long answers are
  split under Telegram's 4 096-character limit, at line breaks;
* a malformed update is a 400, a sticker or a photo gets a French "written
  questions only" answer, and no error reaches Telegram as a 500 (it would
  resend the update again and again).

Configured in credentials.yml from TELEGRAM_* environment variables; with
TELEGRAM_TOKEN empty the channel answers 503 and the rest of the server runs.
"""
from __future__ import annotations

import hmac
import json
import logging
from typing import Any, Dict, List, Optional, Text, Tuple

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from rasa.core.channels import telegram
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors.guard import Handler, guarded

logger = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096          # characters of one sendMessage text
CALLBACK_DATA_LIMIT = 64      # bytes of an inline button's callback_data
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

WRITTEN_ONLY = "Je ne lis que les messages écrits : posez-moi votre question par écrit."
COMMANDS = {"/start": "/greet", "/help": "/help", "/aide": "/help"}


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> List[str]:
    """Splits a text into parts of at most ``limit`` characters, at line breaks
    where possible, then at spaces, then anywhere."""
    parts: List[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def callback_data(button: Dict[Text, Any]) -> str:
    """The payload, or the title when the payload exceeds Telegram's 64 bytes."""
    for candidate in (str(button.get("payload") or ""), str(button.get("title") or "")):
        if candidate and len(candidate.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
            return candidate
    return str(button.get("title") or "").encode("utf-8")[:CALLBACK_DATA_LIMIT].decode("utf-8", "ignore")


class TelegramOutput(telegram.TelegramOutput):
    """aiogram's Bot pointed at the configured Bot API server."""

    def __init__(self, access_token: Text, api_base_url: Optional[Text] = None) -> None:
        server = TelegramAPIServer.from_base(api_base_url) if api_base_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in split_message(text):
            await self.send_message(recipient_id, part)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        keyboard = InlineKeyboardMarkup()
        for button in buttons:
            keyboard.row(InlineKeyboardButton(str(button.get("title", "")), callback_data=callback_data(button)))
        *first, last = split_message(text) or [""]
        for part in first:
            await self.send_message(recipient_id, part)
        await self.send_message(recipient_id, last or "…", reply_markup=keyboard)


class TelegramInput(InputChannel):
    """POST /webhooks/telegram/webhook, as Rasa's Telegram channel."""

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(
            access_token=credentials.get("access_token") or "",
            secret_token=credentials.get("secret_token") or "",
            api_base_url=credentials.get("api_base_url") or None,
        )

    def __init__(self, access_token: Text, secret_token: Text, api_base_url: Optional[Text] = None) -> None:
        self.access_token = access_token
        self.secret_token = secret_token
        self.api_base_url = api_base_url
        if not access_token:
            logger.info("Telegram channel off: TELEGRAM_TOKEN is not set.")
        elif not secret_token:
            logger.error("Telegram channel refuses every update: TELEGRAM_SECRET_TOKEN is not set.")

    def get_output_channel(self) -> Optional[TelegramOutput]:
        return TelegramOutput(self.access_token, self.api_base_url) if self.access_token else None

    def _authorised(self, request: Request) -> bool:
        received = request.headers.get(SECRET_HEADER) or ""
        return bool(self.secret_token) and hmac.compare_digest(received.encode(), self.secret_token.encode())

    @staticmethod
    def _read(update: Update) -> Tuple[Optional[Message], Optional[Text], Optional[Text]]:
        """(message, text, callback query id) of an update; text None for a photo, a sticker…"""
        if update.callback_query:
            query = update.callback_query
            return query.message, query.data, query.id
        message = update.message or update.edited_message
        if message is None or message.chat is None or message.chat.id is None:
            return None, None, None
        return message, message.text, None

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        webhook = Blueprint("telegram_webhook", __name__)
        out_channel = self.get_output_channel()
        handle = guarded(on_new_message)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if out_channel else "off"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if out_channel is None:
                return response.json({"error": "Le canal Telegram n'est pas configuré."}, status=503)
            if not self._authorised(request):
                return response.json({"error": "Jeton secret Telegram absent ou faux."}, status=403)
            try:
                update = Update(**json.loads(request.body or b""))
                message, text, callback_id = self._read(update)
            except (ValueError, TypeError, AttributeError, UnicodeDecodeError):
                return response.json({"error": "Mise à jour Telegram illisible."}, status=400)
            if message is None:
                return response.text("ignored")  # channel posts, polls… nothing to answer
            if callback_id:
                try:
                    await out_channel.answer_callback_query(callback_id)
                except Exception as error:  # the spinner on the button stays; the answer still goes out
                    logger.warning("answerCallbackQuery failed: %s", type(error).__name__)
            sender_id = str(message.chat.id)
            try:
                if text is None:
                    await out_channel.send_text_message(sender_id, WRITTEN_ONLY)
                else:
                    text = COMMANDS.get(text.strip().split("@")[0], text)
                    await handle(UserMessage(text, out_channel, sender_id, input_channel=self.name(),
                                             metadata=self.get_metadata(request)))
            except Exception as error:
                # Logged without the message; Telegram must not resend the update forever.
                logger.error("Telegram update %s failed: %s", update.update_id, type(error).__name__)
            return response.text("success")

        return webhook

"""Telegram channel: Rasa's connector, made safe to run in public.

Differences from ``rasa.core.channels.telegram``:

* no setWebhook call at start-up, so the server starts offline and without a
  token; the webhook is registered once with ``make telegram-webhook``;
* every update must carry Telegram's ``X-Telegram-Bot-Api-Secret-Token``
  header with the configured secret, otherwise 403;
* the Bot API base URL is configurable (a local fake server in the tests);
* buttons become an inline keyboard, two per row when both titles are short,
  one per row otherwise; long answers are split under Telegram's 4 096-character
  limit, at line breaks;
* a calculation result (the ``custom`` payload ``{"type": "kine_result"}`` of
  bot/result_view.py) is sent as one HTML message (bold amount, compact
  breakdown, sources as links by name, every text escaped) instead of its
  plain-text fallback;
* an edited message (``edited_message``) is not read again as a new question:
  the assistant answers once with a short French note asking to send the
  correction as a new message (answering it would repeat or, in the middle of a
  calculation, change a value behind the user's back);
* conversations are filed under ``telegram-<chat id>`` (never a bare id another channel
  could name), and only private chats are answered: a group's members would share one
  conversation, so a group gets a short French refusal and nothing is stored;
* a 429 from the Bot API (flood control) is waited out and the message sent again (up to
  twice, when Telegram asks for at most ``MAX_RETRY_WAIT`` seconds) instead of being lost;
* a malformed update is a 400, a sticker or a photo gets a French "written
  questions only" answer, and no error reaches Telegram as a 500 (it would
  resend the update again and again).

Configured in credentials.yml from TELEGRAM_* environment variables; with
TELEGRAM_TOKEN empty the channel answers 503 and the rest of the server runs.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any, Dict, List, Optional, Text, Tuple

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.utils.exceptions import RetryAfter
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from rasa.core.channels import telegram
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.result_view import as_text, is_forget_payload, is_result_payload, view_from_payload
from connectors.guard import Handler, guarded

logger = logging.getLogger(__name__)

MESSAGE_LIMIT = 4096          # characters of one sendMessage text
CALLBACK_DATA_LIMIT = 64      # bytes of an inline button's callback_data
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

MAX_RETRY_WAIT = 30          # seconds: a longer flood-control wait is not waited out
SHORT_BUTTON = 16             # characters: two such buttons fit side by side on a phone

WRITTEN_ONLY = "Je ne lis que les messages écrits : posez-moi votre question par écrit."
EDITED = ("Vous avez modifié un message : je ne relis pas les messages modifiés. "
          "Envoyez plutôt la correction dans un nouveau message.")
PRIVATE_ONLY = ("Je ne réponds qu'en conversation privée, pour que vos questions de santé restent entre nous : "
                "écrivez-moi directement.")
COMMANDS = {"/start": "/greet", "/help": "/help", "/aide": "/help"}
SENDER_PREFIX = "telegram-"


def sender_of(chat_id: Any) -> str:
    """The conversation id of a Telegram chat."""
    return f"{SENDER_PREFIX}{chat_id}"


def chat_of(recipient_id: Any) -> str:
    """The Telegram chat id of a conversation id (idempotent)."""
    recipient = str(recipient_id)
    return recipient[len(SENDER_PREFIX):] if recipient.startswith(SENDER_PREFIX) else recipient


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


def keyboard_rows(buttons: List[Dict[Text, Any]], short: int = SHORT_BUTTON) -> List[List[Dict[Text, Any]]]:
    """Buttons in rows: two side by side when both titles are short, otherwise one per row."""
    def fits(button: Dict[Text, Any]) -> bool:
        return len(str(button.get("title") or "")) <= short

    rows: List[List[Dict[Text, Any]]] = []
    for button in buttons:
        if fits(button) and rows and len(rows[-1]) == 1 and fits(rows[-1][0]):
            rows[-1].append(button)
        else:
            rows.append([button])
    return rows


def inline_keyboard(buttons: List[Dict[Text, Any]]) -> InlineKeyboardMarkup:
    keyboard = InlineKeyboardMarkup()
    for row in keyboard_rows(buttons):
        keyboard.row(*(InlineKeyboardButton(str(b.get("title", "")), callback_data=callback_data(b)) for b in row))
    return keyboard


class TelegramOutput(telegram.TelegramOutput):
    """aiogram's Bot pointed at the configured Bot API server."""

    def __init__(self, access_token: Text, api_base_url: Optional[Text] = None) -> None:
        server = TelegramAPIServer.from_base(api_base_url) if api_base_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server)

    async def send_message(self, chat_id: Any, text: Text, *args: Any, **kwargs: Any) -> Any:
        """aiogram's send_message, retried after Telegram's 429 (RetryAfter) instead of losing the answer."""
        for attempt in range(3):
            try:
                return await super().send_message(chat_of(chat_id), text, *args, **kwargs)
            except RetryAfter as error:
                if attempt == 2 or error.timeout > MAX_RETRY_WAIT:
                    raise
                logger.warning("Telegram flood control: retrying in %s s.", error.timeout)
                await asyncio.sleep(error.timeout)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in split_message(text):
            await self.send_message(chat_of(recipient_id), part)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        await self._send_parts(chat_of(recipient_id), text, buttons)

    async def _send_parts(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                          parse_mode: Optional[Text] = None) -> None:
        extra: Dict[Text, Any] = {"parse_mode": parse_mode, "disable_web_page_preview": True} if parse_mode else {}
        *first, last = split_message(text) or [""]
        for part in first:
            await self.send_message(recipient_id, part, **extra)
        await self.send_message(recipient_id, last or "…", reply_markup=inline_keyboard(buttons) if buttons else None,
                                **extra)

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        """A calculation result goes out as one HTML message (with its buttons, if any) instead of
        its plain-text fallback; every other message as Rasa sends it."""
        recipient_id = chat_of(recipient_id)
        if is_forget_payload(message.get("custom")):  # for the web widget only
            message = {k: v for k, v in message.items() if k != "custom"}
        custom = message.get("custom")
        if not is_result_payload(custom):
            await super().send_response(recipient_id, message)
            return
        # Each line of the HTML is complete in itself, so a split at line breaks keeps it valid.
        html_text = as_text(view_from_payload(custom), "telegram")
        await self._send_parts(recipient_id, html_text, list(message.get("buttons") or []), parse_mode="HTML")


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
            sender_id = sender_of(message.chat.id)
            try:
                if message.chat.type != "private":
                    await out_channel.send_text_message(sender_id, PRIVATE_ONLY)
                elif update.edited_message is not None and update.message is None:
                    await out_channel.send_text_message(sender_id, EDITED)
                elif text is None:
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

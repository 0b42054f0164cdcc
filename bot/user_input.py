"""Checks what a user typed before the assistant reads it, whatever the channel.

Pure text rules, no Rasa: the channel connectors (``connectors/``) call
``check_message`` and either pass the cleaned text on or send back the
French refusal it gives.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Optional

# A question about kiné billing fits in a few sentences; Telegram's own limit is 4 096.
MAX_MESSAGE_CHARS = 2000

# Control characters other than line breaks and tabs are dropped; format
# characters (category Cf: zero-width joiners inside emoji, for instance) stay.
_KEPT_CONTROLS = {"\n", "\t"}

NOT_TEXT = ("Je n'ai reçu aucun texte. Écrivez votre question, par exemple "
            "« combien coûte une séance de kiné ? ».")
EMPTY = ("Votre message est vide. Écrivez votre question, par exemple "
         "« combien coûte une séance de kiné ? », ou « aide » pour voir les thèmes.")
NO_WORDS = ("Je ne trouve ni mot ni nombre dans votre message. Posez-moi votre question par écrit, "
            "par exemple « combien coûte une séance de kiné ? ».")
TOO_LONG = ("Votre message fait {length} caractères : c'est trop long pour moi ({limit} au plus). "
            "Pouvez-vous poser votre question en quelques phrases ?")


@dataclass(frozen=True)
class CheckedMessage:
    """The cleaned text to pass on, or the refusal to send back instead."""

    text: str
    refusal: Optional[str] = None

    @property
    def accepted(self) -> bool:
        return self.refusal is None


def clean_text(text: str) -> str:
    """NFC-normalises, unifies line breaks and drops control characters."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(c for c in text if c in _KEPT_CONTROLS or unicodedata.category(c) != "Cc").strip()


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def check_message(raw: Any, limit: int = MAX_MESSAGE_CHARS) -> CheckedMessage:
    if not isinstance(raw, str):
        return CheckedMessage("", NOT_TEXT)
    text = clean_text(raw)
    if not text:
        return CheckedMessage("", EMPTY)
    if len(text) > limit:
        return CheckedMessage("", TOO_LONG.format(length=_thousands(len(text)), limit=_thousands(limit)))
    if not any(c.isalnum() for c in text):
        return CheckedMessage("", NO_WORDS)
    return CheckedMessage(text)

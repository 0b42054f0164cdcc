"""What every channel does with what a user sends, before Rasa reads it (bot/user_input.py),
and how Telegram's limits are met (connectors/telegram.py)."""
import pytest
from hypothesis import given, strategies as st

from bot.user_input import MAX_MESSAGE_CHARS, check_message, clean_text


@pytest.mark.parametrize("raw, text", [
    ("  bonjour  ", "bonjour"),
    ("bon\u0000jour\u0007", "bonjour"),
    ("ligne 1\r\nligne 2", "ligne 1\nligne 2"),
    ("kine\u0301", "kiné"),                       # NFC: e + combining accent -> é
    ("👩\u200d⚕️ combien ?", "👩\u200d⚕️ combien ?"),  # zero-width joiner of an emoji kept
    ("<b>bonjour</b>", "<b>bonjour</b>"),          # kept as typed: channels never render it as HTML
    ("remboursé\u00a0? 1\u202f000\u2009€", "remboursé ? 1 000 €"),  # no-break spaces: no word of their own
])
def test_accepted_messages_are_cleaned_but_kept(raw, text):
    checked = check_message(raw)
    assert checked.accepted and checked.text == text


@pytest.mark.parametrize("raw, words", [
    (None, "aucun texte"), (12, "aucun texte"), (["a"], "aucun texte"),
    ("", "vide"), ("  \n\t ", "vide"), ("\u0000\u001b", "vide"),
    ("😀👍", "ni mot ni nombre"), ("?!…", "ni mot ni nombre"),
    ("a" * (MAX_MESSAGE_CHARS + 1), "2 001 caractères"),
])
def test_unusable_messages_get_a_french_refusal(raw, words):
    checked = check_message(raw)
    assert not checked.accepted and checked.text == "" and words in checked.refusal


@pytest.mark.parametrize("raw", ["qsdfqsdf", "azertyuiop", "AZERTY", "qsdfgh jklm", "jkjkjkjk", "mlkjhg",
                                 "aaaaaaa", "wxcvbn ?"])
def test_gibberish_is_not_understood_and_gets_the_help_menu(raw):
    checked = check_message(raw)
    assert not checked.accepted
    assert checked.refusal.startswith("Je n'ai pas compris votre message. Voici les thèmes que je connais")
    titles = [b["title"] for b in checked.buttons]
    assert "Dépassements" in titles and {"title": "Dépassements", "payload": "/depassement_definition"} in checked.buttons


@pytest.mark.parametrize("raw", [
    "bonjour", "ok", "svp", "hmm", "mdr", "10", "AMK 8", "ALD", "bcp de séances", "kiné", "poids", "opérer",
    "how much is a physiotherapy session?", "Wie viel kostet eine Physiotherapie?", "你好", "привет",
    "qsdfqsdf combien coûte une séance ?",  # one real word is enough: the assistant reads the rest
    "/restart", "/inform{\"calc_sessions\": 3}", "xD", "Bjørn",
])
def test_real_words_in_any_language_go_on_to_the_assistant(raw):
    assert check_message(raw).accepted


def test_a_message_at_the_limit_passes():
    text = ("kiné " * 400)[:-1] + "s"  # words, so that only the length is judged
    assert len(text) == MAX_MESSAGE_CHARS and check_message(text).accepted


@given(st.text())
def test_any_text_gets_either_clean_text_or_a_refusal(raw):
    checked = check_message(raw)
    assert (checked.refusal is None) != (checked.text == "")
    assert checked.text == clean_text(checked.text)
    assert len(checked.text) <= MAX_MESSAGE_CHARS


def test_telegram_long_answers_are_split_at_line_breaks_under_4096():
    from connectors.telegram import split_message
    text = "\n".join(f"Ligne {i} : " + "x" * 90 for i in range(120))  # about 12 200 characters
    parts = split_message(text)
    assert len(parts) == 4 and all(len(p) <= 4096 for p in parts), [len(p) for p in parts]
    assert "\n".join(parts) == text and all(p.startswith("Ligne") for p in parts)


@given(st.text(min_size=1, max_size=20000))
def test_telegram_split_never_exceeds_the_limit_nor_loses_words(text):
    from connectors.telegram import split_message
    parts = split_message(text, limit=500)
    assert all(0 < len(p) <= 500 for p in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())


def test_telegram_callback_data_fits_64_bytes():
    from connectors.telegram import callback_data
    assert callback_data({"title": "Dépassements", "payload": "/depassement_definition"}) == "/depassement_definition"
    long = callback_data({"title": "Genou, dos, entorse…", "payload": "/inform{\"calc_acte\": \"" + "é" * 60 + "\"}"})
    assert long == "Genou, dos, entorse…"

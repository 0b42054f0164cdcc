"""ops/stack/shell.py (`make chat`): a button typed by its title or number is its payload, and what is
typed passes the same input gate as the other channels."""
from ops.stack.shell import gated

BUTTONS = [{"title": "Pas de mutuelle", "payload": "/inform"}, {"title": "200 % BR", "payload": "200 %"}]


def test_a_button_typed_by_its_number_or_title_is_sent_as_its_payload():
    assert gated("1", BUTTONS) == ("/inform", "", [])
    assert gated("  200 % br ", BUTTONS) == ("200 %", "", [])
    assert gated("combien coûte une séance ?", BUTTONS) == ("combien coûte une séance ?", "", [])


def test_what_the_gate_refuses_is_not_sent_and_its_refusal_is_said():
    # « ??? » got the out-of-scope reply in the shell only: the widget, REST and Telegram answer this.
    for typed in ("???", "👍"):
        text, refusal, _ = gated(typed, BUTTONS)
        assert text is None and refusal.startswith("Je ne trouve ni mot ni nombre dans votre message.")
    text, refusal, _ = gated("   ", [])
    assert text is None and refusal.startswith("Votre message est vide.")

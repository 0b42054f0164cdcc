"""The action server's replies are validated as Rasa does, with a validator built once."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import components  # noqa: F401  (installs the validation)
from components.action_response_validation import _validate_action_result


def test_the_project_validation_is_installed():
    assert RemoteAction._validate_action_result is _validate_action_result


def test_a_valid_reply_passes():
    reply = {"events": [{"event": "slot", "name": "calc_sessions", "value": 10}], "responses": [{"text": "Bonjour"}]}
    assert RemoteAction._validate_action_result(None, reply) is True


def test_an_invalid_reply_is_refused_with_rasa_s_message():
    with pytest.raises(ValidationError) as error:
        RemoteAction._validate_action_result(None, {"events": [{"event": "no_such_event"}], "responses": []})
    assert "Failed to validate Action server response" in error.value.message


# The shortcut (each event against the schema of its own type) gives Rasa's verdict on replies
# the action server sends and on broken ones.
REPLIES = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": f"calc_{i}", "value": None, "timestamp": None} for i in range(9)]
     + [{"event": "active_loop", "name": None}, {"event": "session_started"},
        {"event": "action", "name": "action_listen", "policy": None, "confidence": None, "timestamp": None}],
     "responses": [{"text": "Bonjour", "buttons": [{"title": "Oui", "payload": "/affirm"}], "response": "utter_x"}]},
    {"events": [{"event": "slot", "name": "calc_sessions"}], "responses": []},              # no value
    {"events": [{"event": "slot", "name": 3, "value": 1}], "responses": []},                # name not a text
    {"events": [{"name": "calc_sessions", "value": 1}], "responses": []},                   # no event type
    {"events": [{"event": "action", "name": "x", "confidence": "haute"}], "responses": []},  # not a number
    {"events": [{"event": "slot", "name": "x", "value": 1, "timestamp": "hier"}], "responses": []},
    {"events": [{"event": "user", "text": "bonjour", "parse_data": {"intent": {"name": 5}}}], "responses": []},
    {"events": "aucun", "responses": []},
    {"events": [], "responses": [{"text": 12}]},
]


@pytest.mark.parametrize("reply", REPLIES)
def test_the_verdict_is_rasa_s_own(reply):
    from jsonschema import validate

    try:
        validate(reply, RemoteAction.action_response_format_spec())
        rasa_says = True
    except ValidationError:
        rasa_says = False
    try:
        ours = RemoteAction._validate_action_result(None, reply)
    except ValidationError:
        ours = False
    assert ours is rasa_says

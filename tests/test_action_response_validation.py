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

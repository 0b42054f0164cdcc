"""Validates the action server's replies against Rasa's schema, fast.

Rasa 3.6 checks every reply of the action server with ``jsonschema.validate(result,
schema)`` (``RemoteAction._validate_action_result``).  That call checks the schema
itself and builds a new validator each time (about 75 ms of CPU per custom action on
this machine).  Even with a validator built once, each event of the reply is tried
against the 23 event schemas of a ``oneOf`` and the 22 that fail build their errors:
about 0.4 ms per event, 3 to 30 ms per action (a form's reply carries a dozen events).

Every event schema of that ``oneOf`` fixes ``event`` to a different constant, so an event
is valid under the ``oneOf`` exactly when it is valid under the schema of its own
``event``.  This module validates the reply without the ``oneOf``, then each event with
the schema of its type only (a dictionary look-up): the same schema, the same verdicts,
the same ``ValidationError`` with Rasa's message appended.  Were a later schema to break
that premise, the whole schema is used as before.

Installed when the project's components are imported (``components/__init__.py``), that is
in every Rasa process that loads the model; checked by tests/test_action_response_validation.py
against the whole schema.
"""
from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any, Callable, Dict, Text

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


def _whole(schema: Dict[Text, Any]) -> Callable[[Any], None]:
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema).validate


@lru_cache(maxsize=1)
def _validate() -> Callable[[Any], None]:
    schema = RemoteAction.action_response_format_spec()
    items = schema.get("properties", {}).get("events", {}).get("items", {})
    kinds = [sub.get("properties", {}).get("event", {}).get("const") for sub in items.get("oneOf", [])]
    if not kinds or None in kinds or len(set(kinds)) != len(kinds):
        return _whole(schema)  # not one constant per event schema: no shortcut
    cls = validator_for(schema)
    cls.check_schema(schema)
    without_one_of = copy.deepcopy(schema)
    del without_one_of["properties"]["events"]["items"]["oneOf"]
    reply_validator = cls(without_one_of)
    per_kind = {kind: cls(sub) for kind, sub in zip(kinds, items["oneOf"])}

    def validate(result: Any) -> None:
        reply_validator.validate(result)  # the reply's shape, and every event's common fields
        for event in (result or {}).get("events") or []:
            validator = per_kind.get(event["event"])
            if validator is None:
                raise ValidationError(f"{event!r} is not valid under any of the given schemas")
            validator.validate(event)

    return validate


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    try:
        _validate()(result)
        return True
    except ValidationError as e:
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result

"""Custom actions run inside the Rasa process, without the round trip to the action server.

The actions listed in endpoints.yml under ``action_endpoint.in_process`` (the FAQ answer,
``action_answer_topic``: most turns) are executed by rasa_sdk's own ``ActionExecutor`` (the
code that runs them in ``rasa run actions``), with the ``actions`` package loaded in the Rasa
process: the same request (tracker and domain), the same reply, validated the same way (the
reply schema of components/action_response_validation.py), the same refusals. What goes is
the HTTP request, the JSON encoding of the whole tracker and domain on both sides, and the
action server's turn on the CPU: about a fifth of a FAQ turn (BENCHMARKS.md). Rasa Pro 3.10
runs actions in process the same way (its ``actions_module``); Rasa Open Source 3.6 has no
setting for it, hence this wrapper of ``RemoteAction.run``, installed by
``components/__init__.py``.

The other actions (the calculator and its form, the act price, « oublie ») stay on the
action server. An in-process action answers even when the action server is away. It
receives Rasa's own domain dictionary (no copy: it is read at every FAQ turn): an action
listed here must only read it, as ``action_answer_topic`` does.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, List, Text

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core import events as core_events
from rasa.shared.core.events import Event
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)

# endpoints.yml, action_endpoint: the actions to run here and the package that defines them.
IN_PROCESS_KEY = "in_process"
MODULE_KEY = "in_process_module"
DEFAULT_MODULE = "actions"

_remote_run = RemoteAction.run


@lru_cache(maxsize=None)
def executor(module: Text) -> Any:
    """rasa_sdk's executor with the actions of ``module``, loaded once per process.

    rasa_sdk leaves the process (``sys.exit``) when the package does not import; here that
    is an error of this action (the user gets the apology), tried again at the next message."""
    from rasa_sdk.executor import ActionExecutor

    loaded = ActionExecutor()
    try:
        loaded.register_package(module)
    except SystemExit:
        raise RasaException(f"the actions package '{module}' could not be imported in the Rasa process")
    return loaded


def runs_in_process(action: RemoteAction) -> bool:
    endpoint = action.action_endpoint
    return bool(endpoint) and action.name() in (endpoint.kwargs.get(IN_PROCESS_KEY) or ())


async def _run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Event]:
    if not runs_in_process(self):
        return await _remote_run(self, output_channel, nlg, tracker, domain)
    from rasa_sdk.interfaces import ActionExecutionRejection as SdkRejection
    from rasa_sdk.interfaces import ActionNotFoundException

    module = self.action_endpoint.kwargs.get(MODULE_KEY) or DEFAULT_MODULE
    try:
        reply = await executor(module).run(self._action_call_format(tracker, domain))
    except SdkRejection as rejection:  # the action server answers 400: Rasa's own rejection
        raise ActionExecutionRejection(rejection.action_name, rejection.message)
    except ActionNotFoundException as error:
        raise RasaException(f"Failed to execute custom action '{self.name()}': {error}")
    except Exception as error:  # noqa: BLE001 (the action server answers 500: the user gets the apology)
        # Without this Rasa logs the error and says nothing: the user was left in silence.
        logger.exception("custom action '%s' failed in the Rasa process", self.name())
        raise RasaException(f"Failed to execute custom action '{self.name()}': {type(error).__name__}") from error
    reply = reply or {}
    self._validate_action_result(reply)
    bot_messages = await self._utter_responses(reply.get("responses", []), output_channel, nlg, tracker)
    return list(bot_messages) + core_events.deserialise_events(reply.get("events", []))


def install() -> None:
    """Wraps ``RemoteAction.run``; install it before components/action_server_down.py's wrapper,
    which then only sees the actions that really go to the action server."""
    if RemoteAction.run is _remote_run:
        RemoteAction.run = _run

"""Without nginx in front of the action server (``make chat``, a bare ``rasa run``), Rasa 3.6
meets a dead action server with a ``RasaException`` from ``RemoteAction.run``, logs it,
drops the action's events and says nothing: the user is left in silence.

This wrapper says the same French apology nginx sends in the served set-up
(``bot.service_status.ACTIONS_UNAVAILABLE``) and lets the conversation go on listening.
A refusal of the action server (``ActionExecutionRejection``, a form's validation) is
Rasa's normal flow and passes through untouched.  Installed by ``components/__init__.py``.
"""
from __future__ import annotations

import logging
from typing import Any, List

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.exceptions import RasaException

from bot.service_status import ACTIONS_UNAVAILABLE

logger = logging.getLogger(__name__)

_original_run = RemoteAction.run


async def _run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Event]:
    try:
        return await _original_run(self, output_channel, nlg, tracker, domain)
    except ActionExecutionRejection:
        raise
    except RasaException as error:
        logger.error("ACTION_SERVER_DOWN: custom action '%s' failed (%s); the user gets the apology.",
                     self.name(), str(error).splitlines()[0][:200])
        return await self._utter_responses([{"text": ACTIONS_UNAVAILABLE}], output_channel, nlg, tracker)


def install() -> None:
    if RemoteAction.run is not _run:
        RemoteAction.run = _run

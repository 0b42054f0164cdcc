"""One gate for every channel: what a user sends is checked by
``bot.user_input.check_message`` before Rasa reads it."""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage

from bot.user_input import check_message

logger = logging.getLogger(__name__)

Handler = Callable[[UserMessage], Awaitable[Any]]


def guarded(on_new_message: Handler) -> Handler:
    """Cleans the text of each message, or answers the refusal without running the assistant."""

    async def handle(message: UserMessage) -> Any:
        checked = check_message(message.text)
        if not checked.accepted:
            # Never the text itself in the logs: it may be health data.
            logger.info("Message refused on channel %s (%s).", message.input_channel, type(message.text).__name__)
            if checked.buttons:
                await message.output_channel.send_text_with_buttons(message.sender_id, checked.refusal,
                                                                    [dict(b) for b in checked.buttons])
            else:
                await message.output_channel.send_text_message(message.sender_id, checked.refusal)
            return None
        message.text = checked.text
        return await on_new_message(message)

    return handle

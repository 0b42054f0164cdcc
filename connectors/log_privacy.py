"""No message text in any log, at any level.

Rasa 3.6 writes what users typed into its structured logs in places the project cannot
change: its REST receiver logs the text when the client disconnects mid-request
(``rest.message.received.timeout``) and on any exception (``rest.message.received.failure``,
with the frames' local variables in the traceback), and many DEBUG events carry texts,
slots or parse data.  ``install()`` (run when the project's connectors are imported, i.e.
in every Rasa server that opens them) redacts those fields:

* a structlog processor placed first in Rasa's chain replaces every field that can hold
  a user's words or what was derived from them by ``[redacted]``; tracebacks keep their
  frames but lose their local variables;
* a filter on every handler of the root logger does the same to records that arrive
  already rendered as JSON (and drops ``locals`` anywhere in them), as a second line.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict

REDACTED = "[redacted]"
# Fields of Rasa's structured events that can hold what a user wrote (or values taken from it).
SENSITIVE_KEYS = frozenset({
    "text", "message", "user_message", "user_text", "json_message", "response_text", "utterance",
    "parse_data", "parse_data_text", "parse_data_entities", "entities", "slots", "slot_values",
    "prefilled_slots", "events", "prediction_events", "tracker_latest_message", "tracker_states",
    "utter_action", "metadata", "locals", "value", "body",
})


def redact(value: Any) -> Any:
    """A copy of a structured log entry with every sensitive field replaced, at any depth."""
    if isinstance(value, dict):
        return {k: (REDACTED if k in SENSITIVE_KEYS and k != "event" else redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def redact_processor(_: Any, __: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    """structlog processor: ``event`` (the event's name) stays, sensitive fields go."""
    return {k: (REDACTED if k in SENSITIVE_KEYS else v) for k, v in event_dict.items()}


class RedactMessageTexts(logging.Filter):
    """Redacts records rendered as JSON by structlog before any handler writes them."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: let logging report it as usual
            return True
        if message.startswith("{") and message.endswith("}"):
            try:
                entry = json.loads(message)
            except ValueError:
                return True
            if isinstance(entry, dict):
                record.msg, record.args = json.dumps(redact(entry), ensure_ascii=False), ()
        return True


_FILTER = RedactMessageTexts()


def install() -> None:
    """Idempotent: adds the processor to structlog's chain and the filter to the root handlers."""
    try:
        import structlog
        from structlog.processors import ExceptionRenderer
        from structlog.tracebacks import ExceptionDictTransformer

        processors = structlog.get_config()["processors"]  # the list every bound logger shares
        if isinstance(processors, list):
            if redact_processor not in processors:
                processors.insert(0, redact_processor)
            for index, processor in enumerate(processors):
                if processor is structlog.processors.dict_tracebacks:
                    processors[index] = ExceptionRenderer(ExceptionDictTransformer(show_locals=False))
    except ImportError:  # structlog comes with Rasa; nothing to do without it
        pass
    root = logging.getLogger()
    for handler in root.handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
    if _FILTER not in root.filters:
        root.addFilter(_FILTER)

"""The conversation report's figures, computed in one pass over the tracker store.

Robust to how the assistant answers: a topic is the intent of the user's message (one of
``bot.topics.TOPIC_TITLES``), answered when any action other than a fallback follows it; the
calculator is the ``calcul_form`` loop (its activations, its ``requested_slot`` questions)
and the ``action_calcul_resultat`` action; a message is unanswered when it went to the
fallback (``nlu_fallback`` or the fallback actions), was ``out_of_scope``, or was
understood with a confidence under ``low_confidence`` outside the calculator's questions.

Privacy: no sender id is kept; the only texts kept are those of unanswered questions, and
only once scrubbed (ops/scrub.py).
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple
from zoneinfo import ZoneInfo

from bot.topics import TOPIC_TITLES
from ops.nlu_data import key
from ops.scrub import scrub, strip_placeholders
from ops.tracker import DATA, ID, NAME, TIMESTAMP, TYPE

TIMEZONE = ZoneInfo("Europe/Paris")
FORM = "calcul_form"
RESULT_ACTION = "action_calcul_resultat"
FALLBACK_INTENT, OUT_OF_SCOPE, MORE, STOP = "nlu_fallback", "out_of_scope", "en_savoir_plus", "stop"
FALLBACK_ACTIONS = frozenset({"action_default_ask_affirmation", "action_default_fallback", "action_two_stage_fallback",
                              "action_default_ask_rephrase", "utter_default", "utter_ask_rephrase"})
LOW_CONFIDENCE = 0.5
MAX_DISTINCT_QUESTIONS = 200_000  # bounds memory whatever the traffic; the rarest are counted, not kept
_VALUE = re.compile(r'"value":\s*("(?:[^"\\]|\\.)*"|null)')


def _slot_value(data: Optional[str]) -> Optional[str]:
    """The value of a slot event's JSON (found without parsing the whole document)."""
    found = _VALUE.search(data) if data else None
    return json.loads(found.group(1)) if found else None


@functools.lru_cache(maxsize=50_000)  # the same questions come back often
def _scrubbed(text: str) -> Tuple[str, str]:
    """The scrubbed text and the key grouping identical questions."""
    cleaned = scrub(text)
    return cleaned, key(strip_placeholders(cleaned)) or cleaned


@dataclass
class Unanswered:
    text: str  # scrubbed
    count: int = 0
    kinds: Counter = field(default_factory=Counter)  # fallback / out_of_scope / low_confidence
    guesses: Counter = field(default_factory=Counter)  # intent -> summed confidence
    chosen: Counter = field(default_factory=Counter)  # topic the user picked from the buttons next

    def merge(self, other: "Unanswered") -> None:
        self.count += other.count
        self.kinds.update(other.kinds)
        self.guesses.update(other.guesses)
        self.chosen.update(other.chosen)


@dataclass
class Figures:
    conversations: Counter = field(default_factory=Counter)  # (day, channel) -> conversations
    turns: Counter = field(default_factory=Counter)  # user messages in a conversation -> conversations
    asked: Counter = field(default_factory=Counter)  # topic -> questions
    answered: Counter = field(default_factory=Counter)  # topic -> answers given
    more: Counter = field(default_factory=Counter)  # topic -> « en savoir plus » after its answer
    calc_started: int = 0
    calc_result: int = 0
    calc_abandoned: int = 0
    calc_stopped: int = 0  # abandoned by saying so (« laisse tomber »)
    calc_stopped_at: Counter = field(default_factory=Counter)  # slot asked last ("" = none) -> abandons
    messages: Counter = field(default_factory=Counter)  # day -> typed messages
    fallback: Counter = field(default_factory=Counter)  # day -> messages sent to the fallback
    out_of_scope: Counter = field(default_factory=Counter)
    low_confidence: Counter = field(default_factory=Counter)
    unanswered: Dict[str, Unanswered] = field(default_factory=dict)
    unanswered_dropped: int = 0
    slot_question: Dict[str, int] = field(default_factory=dict)  # slot -> id of a requested_slot event asking it
    events: int = 0

    @property
    def total_conversations(self) -> int:
        return sum(self.conversations.values())


@dataclass
class _Turn:
    timestamp: float
    text: str
    intent: Optional[str]
    confidence: float
    ranking: List[Tuple[str, float]]
    in_form: bool
    actions: List[str] = field(default_factory=list)

    @property
    def payload(self) -> bool:  # a button: "/intent{…}"
        return self.text.startswith("/")


class Collector:
    def __init__(self, low_confidence: float = LOW_CONFIDENCE, topics: Iterable[str] = TOPIC_TITLES):
        self.figures = Figures()
        self.low_confidence = low_confidence
        self.topics = frozenset(topics)
        self._days: Dict[int, dt.date] = {}

    def day(self, timestamp: float) -> dt.date:
        hour = int(timestamp // 3600)
        found = self._days.get(hour)
        if found is None:
            found = self._days[hour] = dt.datetime.fromtimestamp(hour * 3600, TIMEZONE).date()
        return found

    def add(self, events: List[tuple]) -> None:
        """One sender's events (ops/tracker.py's tuples), oldest first: split into sessions (a
        session is a conversation)."""
        self.figures.events += len(events)
        start = 0
        for index, event in enumerate(events):
            if event[TYPE] in ("session_started", "restart") and index > start + 1:
                self._conversation(events[start:index])
                start = index
        self._conversation(events[start:])

    # -- one conversation ----------------------------------------------------------------------

    def _conversation(self, events: List[tuple]) -> None:
        f = self.figures
        turns: List[_Turn] = []
        channel = None
        run = None  # the calculation in progress: {"result": bool, "asked": slot, "stopped": bool}
        in_form = False

        def close() -> None:
            if run is None:
                return
            if run["result"]:
                f.calc_result += 1
            else:
                f.calc_abandoned += 1
                f.calc_stopped_at[run["asked"] or ""] += 1
                f.calc_stopped += run["stopped"]

        for event in events:
            kind = event[TYPE]
            if kind == "user":
                data = json.loads(event[DATA])
                parse = data.get("parse_data") or {}
                intent = parse.get("intent") or {}
                ranking = [(r.get("name"), r.get("confidence") or 0.0) for r in parse.get("intent_ranking") or []
                           if r.get("name") and r.get("name") != FALLBACK_INTENT]
                turns.append(_Turn(event[TIMESTAMP], data.get("text") or "", intent.get("name"),
                                   intent.get("confidence") or 0.0, ranking[:5], in_form))
                if channel is None:
                    channel = data.get("input_channel") or "inconnu"
                if run is not None and intent.get("name") == STOP and not run["result"]:
                    run["stopped"] = True
            elif kind == "action":
                name = event[NAME]
                if turns:
                    turns[-1].actions.append(name)
                if name == FORM and (run is None or run["result"]):
                    close()
                    run = {"result": False, "asked": None, "stopped": False}
                    f.calc_started += 1
                elif name == RESULT_ACTION:
                    if run is None:
                        run = {"result": False, "asked": None, "stopped": False}
                        f.calc_started += 1
                    run["result"] = True
            elif kind == "active_loop":
                in_form = event[NAME] == FORM
                if in_form and run is None:
                    run = {"result": False, "asked": None, "stopped": False}
                    f.calc_started += 1
            elif kind == "slot":  # requested_slot only (ops/tracker.py)
                value = _slot_value(event[DATA])
                if value and run is not None:
                    run["asked"] = value
                if value and value not in f.slot_question:
                    f.slot_question[value] = event[ID]
        close()
        if not turns:
            return
        f.conversations[(self.day(turns[0].timestamp), channel)] += 1
        f.turns[len(turns)] += 1
        self._turns(turns)

    def _turns(self, turns: List[_Turn]) -> None:
        f = self.figures
        last_topic = None
        for index, turn in enumerate(turns):
            day = self.day(turn.timestamp)
            fell_back = turn.intent == FALLBACK_INTENT or any(a in FALLBACK_ACTIONS for a in turn.actions)
            if fell_back and turn.in_form and FORM in turn.actions and not FALLBACK_ACTIONS.intersection(turn.actions):
                fell_back = False  # an answer to the calculator's question that the form understood
            outside = turn.intent == OUT_OF_SCOPE
            low = (not (fell_back or outside or turn.payload or turn.in_form)
                   and turn.confidence < self.low_confidence)
            if not turn.payload:
                f.messages[day] += 1
                f.fallback[day] += fell_back
                f.out_of_scope[day] += outside
                f.low_confidence[day] += low
                if fell_back or outside or low:
                    following = turns[index + 1] if index + 1 < len(turns) else None
                    chosen = following.intent if following is not None and following.payload \
                        and following.intent in self.topics else None
                    self._unanswered(turn, "fallback" if fell_back else "out_of_scope" if outside
                                     else "low_confidence", chosen)
            if turn.intent in self.topics:
                f.asked[turn.intent] += 1
                if any(a not in FALLBACK_ACTIONS for a in turn.actions):
                    f.answered[turn.intent] += 1
                    last_topic = turn.intent
            elif turn.intent == MORE and last_topic is not None:
                f.more[last_topic] += 1

    def _unanswered(self, turn: _Turn, kind: str, chosen: Optional[str]) -> None:
        f = self.figures
        text, group_key = _scrubbed(turn.text)
        entry = f.unanswered.get(group_key)
        if entry is None:
            if len(f.unanswered) >= MAX_DISTINCT_QUESTIONS:
                f.unanswered_dropped += 1
                return
            entry = f.unanswered[group_key] = Unanswered(text)
        entry.count += 1
        entry.kinds[kind] += 1
        for name, confidence in turn.ranking[:4]:  # three guesses remain when one is out_of_scope
            entry.guesses[name] += confidence
        if chosen:
            entry.chosen[chosen] += 1

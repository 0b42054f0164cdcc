"""Rasa action server: thin adapters between the conversation and bot/.

Each action reads the tracker, calls bot/, and says the result.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, AllSlotsReset, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import answer_values
from bot.calculator import CalculatorInputError
from bot.replies import tarif_acte_fr
from bot.topics import HELP_MENU, TOPIC_TITLES, title

# Intents that are not FAQ topics: never offered as "did you mean" buttons.
NOT_TOPICS = {"nlu_fallback", "out_of_scope", "affirm", "deny", "inform", "stop", "en_savoir_plus",
              "greet", "goodbye", "thank", "bot_challenge", "help", "forget_conversation"}


def help_buttons() -> List[Dict[str, str]]:
    return [{"title": label, "payload": f"/{topic}"} for label, topic in HELP_MENU]


class ActionSessionStart(Action):
    """Starts a session with today's dated figures in the answer slots."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        values = answer_values()
        # Carry over what the user told us before (calculator values), then refresh the figures.
        events += [SlotSet(key, value) for key, value in tracker.slots.items()
                   if value is not None and key not in values and key != "session_started_metadata"]
        events += [SlotSet(key, value) for key, value in values.items()]
        events.append(ActionExecuted("action_listen"))
        return events


class ActionOublierConversation(Action):
    """« Oublie notre conversation »: says so, then starts afresh.

    The tracker store (stores/tracker_store.py) deletes every stored event
    before this action; what it keeps is what follows: the confirmation and
    fresh slots with today's figures.  No Restarted event: after one, the
    policies would have no context left to predict « listen » and would fall
    back instead.
    """

    def name(self) -> Text:
        return "action_oublier_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_conversation_oubliee")
        return [AllSlotsReset(), *[SlotSet(k, v) for k, v in answer_values().items()]]


class ActionTarifActe(Action):
    """'Combien vaut un AMK 8,1 ?': price of an act from the dated parameters, with its source."""

    def name(self) -> Text:
        return "action_tarif_acte"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        try:
            dispatcher.utter_message(text=tarif_acte_fr(text))
        except CalculatorInputError as error:
            dispatcher.utter_message(text=f"Je ne peux pas calculer ce tarif : {error.message}")
        return []


class ActionEnSavoirPlus(Action):
    """'En savoir plus': the details of the last FAQ answer."""

    def name(self) -> Text:
        return "action_en_savoir_plus"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        for event in reversed(tracker.events):
            if event.get("event") != "bot":
                continue
            utter = (event.get("metadata") or {}).get("utter_action", "")
            topic = utter[len("utter_"):] if utter.startswith("utter_") else ""
            if topic in TOPIC_TITLES and f"utter_{topic}_details" in domain.get("responses", {}):
                dispatcher.utter_message(response=f"utter_{topic}_details")
                return []
        dispatcher.utter_message(text="Sur quel sujet voulez-vous en savoir plus ?", buttons=help_buttons())
        return []


class ActionAskAffirmation(Action):
    """First stage of the fallback: offer the two or three most likely topics as buttons."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        candidates = [item["name"] for item in ranking if item.get("name") not in NOT_TOPICS]
        buttons = [{"title": title(intent), "payload": f"/{intent}"} for intent in candidates[:3]]
        # Rasa's two-stage fallback reads out_of_scope as "none of these": it then asks to rephrase.
        buttons.append({"title": "Autre chose", "payload": "/out_of_scope"})
        dispatcher.utter_message(
            text="Je ne suis pas sûr d'avoir bien compris. Votre question porte-t-elle sur l'un de ces sujets ?",
            buttons=buttons)
        return []

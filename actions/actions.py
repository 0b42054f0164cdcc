"""Rasa action server: thin adapters between the conversation and bot/.

Each action reads the tracker, calls bot/, and says the result.
"""
from __future__ import annotations

import datetime as dt
import functools
import string
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, EventType, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.calculation import LAST_REQUEST_SLOT, question_text, recalculate
from bot.answers import answer_values
from bot.calculator import compute
from bot.explain import explain_fr
from bot.replies import tarif_acte_fr, tarif_acte_topics
from bot.request import CalculatorInputError
from bot.result_view import FORGET_PAYLOAD
from bot.dialogue import (FOR_PATIENT_SLOT, follow_up_situation, greeting_response, names_another_care,
                          prescriber_lines, slots_audience)
from bot.cotations import cotation_lines
from bot.situation import (adult_franchise_lines, definition_lines, follow_up_lines, is_animal_care,
                           no_mutuelle_said, out_of_scope_lines, parcours_lines, practice_travel_lines,
                           situation_lines, stay_lines, topic_turn)
from bot.wording import ANIMAL_LINE
from bot.topics import (BARE_FOLLOW_UP_LEAD, FOR_KINE, answer_response, asks_why, fallback_topics, follow_up_buttons,
                        follow_up_question_buttons, help_buttons, is_answered_topic, is_bare_cost_question,
                        is_short_follow_up, kine_answer_response, out_of_scope_suggestions, title, topic_buttons,
                        refers_to_the_answer, topic_of_response, UNSURE)

# Topics answered by their own action: « en savoir plus » after it gives their details.
RESULT_ACTION = "action_calcul_resultat"
ACTION_SESSION_START = "action_session_start"  # Rasa's: it sets again the slots a new session carries over
TOPIC_OF_ACTION = {RESULT_ACTION: "calcul_remboursement", "action_tarif_acte": "calcul_tarif_acte"}


def message_date(tracker: Tracker) -> dt.date:
    """The date of the user's latest message (figures are those in force that day)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user" and event.get("timestamp"):
            return dt.date.fromtimestamp(event["timestamp"])
    return dt.date.today()


@functools.lru_cache(maxsize=8)
def values_on(when: dt.date) -> Dict[Text, str]:
    """answer_values of a date, computed once per date (the parameters are loaded once too)."""
    return answer_values(when)


def figures(response: Text, domain: Dict[Text, Any], when: dt.date) -> Dict[Text, str]:
    """The dated figures a response quotes, as keyword values for its {placeholders}.

    Only the placeholders the response uses are sent: Rasa copies these values into the
    bot event's metadata, so sending all of them would bloat every stored answer.
    """
    names = {name for variant in domain.get("responses", {}).get(response, [])
             for _, name, _, _ in string.Formatter().parse(variant.get("text") or "") if name}
    values = values_on(when)
    return {name: values[name] for name in names if name in values}


def response_text(domain: Dict[Text, Any], response: Text) -> Text:
    """The text of a response of the domain, "" when it has none."""
    variants = domain.get("responses", {}).get(response) or [{}]
    return variants[0].get("text") or ""


def utter_topic(dispatcher: CollectingDispatcher, response: Text, domain: Dict[Text, Any], when: dt.date,
                buttons: Optional[List[Dict[Text, Text]]] = None) -> None:
    """Says a templated answer; Rasa fills its {placeholders} with these keyword values."""
    extra = {"buttons": buttons} if buttons else {}
    dispatcher.utter_message(response=response, **extra, **figures(response, domain, when))


class ActionAnswerTopic(Action):
    """Answers the FAQ topic of the latest message (components/topic_policy.py predicts it)."""

    def name(self) -> Text:
        return "action_answer_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        topic = (tracker.latest_message.get("intent") or {}).get("name") or ""
        if not is_answered_topic(topic, domain.get("responses", {})):
            dispatcher.utter_message(response="utter_help", buttons=help_buttons())
            return []
        when = message_date(tracker)
        text = question_text(tracker)
        if is_animal_care(tracker.latest_message.get("text") or ""):
            # « kiné pour mon chat, c'est remboursé ? » got the 60 % answer: no person's topic answers it
            return await ActionOutOfScope().run(dispatcher, tracker, domain)
        clicked = text != (tracker.latest_message.get("text") or "")  # a topic chosen is not a what-if
        before = tracker.get_slot("calc_situation") or {}
        turn = topic_turn(text, before, after_result(tracker) and not clicked,
                          no_mutuelle=no_mutuelle_said(tracker.get_slot("calc_mutuelle")), topic=topic)
        if turn.recalculate:
            return recalculate(dispatcher, tracker)
        previous = last_topic(tracker, previous_turn_only=True)
        details = f"{answer_response(previous)}_details" if previous else ""
        if (not clicked and previous != topic and is_answered_topic(previous or "", domain.get("responses", {}))
                and is_bare_cost_question(text)
                and "rembours" in response_text(domain, details)):
            # « c'est remboursé ? » right after the drainage's answer: the drainage's, not the general one
            dispatcher.utter_message(text=BARE_FOLLOW_UP_LEAD.format(title=title(previous)))
            utter_topic(dispatcher, details, domain, when, topic_buttons([topic]))
            return []
        confidence = (tracker.latest_message.get("intent") or {}).get("confidence") or 0.0
        if (not clicked and previous and previous != topic and confidence < UNSURE and not turn.situation
                and is_answered_topic(previous, domain.get("responses", {})) and refers_to_the_answer(text)):
            # « et comment on l'obtient ? » right after the ALD's answer got the NGAP's (cotation_ngap at 0.43): a
            # few words naming nothing of their own are about the answer before, which says what it can
            return await ActionOutOfScope().run(dispatcher, tracker, domain)
        buttons = follow_up_buttons(topic, text, tracker.latest_message.get("intent_ranking") or [])
        # The person first: a line for the situation the question states (a child, ALD,
        # Alsace-Moselle…), then the topic's answer; the situation is remembered for a calculation.
        lines = (stay_lines(text, topic) + practice_travel_lines(text, topic)
                 + definition_lines(text, topic, turn.situation, when)
                 + parcours_lines(text, topic, turn.situation, when) + prescriber_lines(text)
                 + adult_franchise_lines(turn.situation, topic, when)
                 + situation_lines(turn.situation, topic, when) + cotation_lines(text, topic, when))
        if lines and last_topic(tracker, previous_turn_only=True) == topic:
            # « ok et c'est remboursé pour un enfant ? » right after that answer: the line, not the answer again
            dispatcher.utter_message(text="\n".join(lines), buttons=topic_buttons([topic]))
        else:
            if lines:
                dispatcher.utter_message(text="\n".join(lines))
            # « je suis kiné, quand puis-je facturer un dépassement ? »: the answer worded for him, when it has
            # one; a kiné who said so earlier (« je suis kiné… », then « et à domicile ? ») is still one.
            kine = turn.kine_asker or bool(tracker.get_slot(FOR_PATIENT_SLOT))
            answer, details = answer_response(topic), f"{answer_response(topic)}_details"
            if kine and response_text(domain, kine_answer_response(topic)):
                answer = kine_answer_response(topic)
            if kine and response_text(domain, details + FOR_KINE):
                details += FOR_KINE
            if not clicked and not lines and previous == topic and response_text(domain, details):
                # « et les IK ? » right after the home visits' answer: its details, not the same answer again
                dispatcher.utter_message(text=BARE_FOLLOW_UP_LEAD.format(title=title(topic)))
                utter_topic(dispatcher, details, domain, when, buttons)
            else:
                utter_topic(dispatcher, answer, domain, when, buttons)
        events: List[EventType] = [SlotSet("calc_situation", turn.remembered)] if turn.remembered != before else []
        if turn.kine_asker and not tracker.get_slot(FOR_PATIENT_SLOT):
            events.append(SlotSet(FOR_PATIENT_SLOT, True))  # the calculator's questions name the patient too
        return events


class ActionOublierConversation(Action):
    """« Oublie notre conversation »: says so, then starts afresh.

    The tracker store (stores/tracker_store.py) deletes every stored event
    before this action; what it keeps is what follows: the confirmation and
    fresh slots.  No Restarted event: after one, the policies would have no
    context left to predict « listen » and would fall back instead.
    """

    def name(self) -> Text:
        return "action_oublier_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        # The widget recognises the payload and clears its copy in the browser (bot/result_view.py).
        dispatcher.utter_message(response="utter_conversation_oubliee", json_message=dict(FORGET_PAYLOAD))
        return [AllSlotsReset()]


class ActionTarifActe(Action):
    """'Combien vaut un AMK 8,1 ?': price of an act from the dated parameters, with its source."""

    def name(self) -> Text:
        return "action_tarif_acte"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        try:
            dispatcher.utter_message(text=tarif_acte_fr(text), buttons=topic_buttons(tarif_acte_topics(text)))
        except CalculatorInputError as error:
            dispatcher.utter_message(text=f"Je ne peux pas calculer ce tarif : {error.message}")
        return []


def after_result(tracker: Tracker) -> bool:
    """The latest answer was a calculation's result (its request kept for a what-if)."""
    return last_topic(tracker) == "calcul_remboursement" and bool(tracker.get_slot(LAST_REQUEST_SLOT))


def last_answer(tracker: Tracker, previous_turn_only: bool = False) -> Optional[Tuple[Text, Text]]:
    """The topic of the latest answer and what answered it: an FAQ answer's response, or a calculator
    action; with `previous_turn_only`, only if it answered the message before the latest one."""
    users, result_set = 0, False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if previous_turn_only and users >= 2:
                return None
        if event.get("event") == "action" and event.get("name") in TOPIC_OF_ACTION:
            return TOPIC_OF_ACTION[event["name"]], event["name"]
        if event.get("event") == "action":
            if result_set and event.get("name") != ACTION_SESSION_START:
                # a result said by another action: a what-if's (« et le bilan ? », action_suite_situation); not the
                # last request a new session carries over
                return TOPIC_OF_ACTION[RESULT_ACTION], RESULT_ACTION
            result_set = False
        if event.get("event") == "slot" and event.get("name") == LAST_REQUEST_SLOT and event.get("value"):
            result_set = True
        if event.get("event") == "bot":
            response = (event.get("metadata") or {}).get("utter_action") or ""
            topic = topic_of_response(response)
            if topic:
                return topic, response
    return None


def last_topic(tracker: Tracker, previous_turn_only: bool = False) -> Optional[Text]:
    """The topic of the latest answer (see last_answer)."""
    answer = last_answer(tracker, previous_turn_only)
    return answer[0] if answer else None


class ActionEnSavoirPlus(Action):
    """'En savoir plus': the details of the last topic answered, with the figures of today's message."""

    def name(self) -> Text:
        return "action_en_savoir_plus"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        topic, answered_by = last_answer(tracker) or (None, "")
        last_request = tracker.get_slot(LAST_REQUEST_SLOT)
        if topic == "calcul_remboursement" and last_request:
            # After a result: the whole calculation, line by line, with the texts it applies.
            try:
                dispatcher.utter_message(text=explain_fr(compute(last_request), slots_audience(tracker.slots)))
                return []
            except CalculatorInputError:
                pass  # parameters changed since: fall back to the topic's details
        details = f"{answer_response(topic)}_details" if topic else ""
        # After an answer worded for a kiné, its details in his words where the topic has them.
        if answered_by.endswith(FOR_KINE) and details + FOR_KINE in domain.get("responses", {}):
            details += FOR_KINE
        if details in domain.get("responses", {}):
            utter_topic(dispatcher, details, domain, message_date(tracker))
            return []
        dispatcher.utter_message(text="Sur quel sujet voulez-vous en savoir plus ?", buttons=help_buttons())
        return []


class ActionGreet(Action):
    """Bonjour; for a kiné who says so (« je suis kiné »), the welcome worded for him, and the answers after it too."""

    def name(self) -> Text:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        kine_before = bool(tracker.get_slot(FOR_PATIENT_SLOT))
        response = greeting_response(tracker.latest_message.get("text") or "", kine_before)
        dispatcher.utter_message(response=response)
        return [SlotSet(FOR_PATIENT_SLOT, True)] if response.endswith("_kine") and not kine_before else []


class ActionHelp(Action):
    """The help menu: the text of `utter_help`, the buttons of bot/topics.HELP_MENU."""

    def name(self) -> Text:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_help", buttons=help_buttons())
        return []


class ActionDefaultFallback(Action):
    """Replaces Rasa's default fallback (second miss, core fallback): `utter_default` and the help menu."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_default", buttons=help_buttons())
        # Like Rasa's own: the misunderstood message is forgotten by the policies.
        return [UserUtteranceReverted()]


def say_what_is_known(dispatcher: CollectingDispatcher, known: List[str]) -> None:
    """Says what the assistant knows of a question outside its topics (bot.situation.out_of_scope_lines),
    if anything."""
    if known:
        dispatcher.utter_message(text="\n".join(known))


TWO_STAGE_FALLBACK = "action_two_stage_fallback"  # Rasa's loop, active while its first stage's buttons are shown


def asks_why_about_the_answer(tracker: Tracker, topic: Optional[Text], text: Text) -> bool:
    """« pourquoi ? » right after an answer (`topic`: the previous turn's), or after a result, a what-if's too, and
    not during a calculation: its details answer it (the calculation line by line after a result). The classifier
    reads it as out of scope or is unsure of it: « Je n'ai pas de réponse plus précise… » answered it."""
    return (tracker.active_loop_name in (None, TWO_STAGE_FALLBACK) and bool(topic or after_result(tracker))
            and asks_why(text))


def after_details(tracker: Tracker) -> bool:
    """The message before the latest one asked for the details (« en savoir plus », or a « pourquoi ? » they answered)."""
    users = [event for event in reversed(tracker.events) if event.get("event") == "user"][1:2]
    if not users:
        return False
    before = users[0]
    return ((before.get("parse_data") or {}).get("intent") or {}).get("name") == "en_savoir_plus" or asks_why(
        before.get("text") or "")


async def answer_why(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any],
                     topic: Optional[Text], text: Text) -> bool:
    """« pourquoi ? » about the answer: its details (asks_why_about_the_answer); right after the details, that there is
    no finer explanation and who can give one (it got the out-of-scope reply). True when it answered."""
    if tracker.active_loop_name not in (None, TWO_STAGE_FALLBACK) or not asks_why(text):
        return False
    if after_details(tracker) and last_topic(tracker):
        dispatcher.utter_message(response="utter_why_after_details")
        return True
    if asks_why_about_the_answer(tracker, topic, text):
        await ActionEnSavoirPlus().run(dispatcher, tracker, domain)
        return True
    return False


class ActionOutOfScope(Action):
    """« Je ne traite que… », then, outside a calculation, the topics the classifier still found
    likely as buttons: a question on a topic read as out of scope stays one click from its answer."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        text = tracker.latest_message.get("text") or ""
        # « c'est obligatoire ? » right after an answer is about that answer, not out of scope; « et pour mon
        # chien ? », « et l'ostéo ? » are not.
        topic = last_topic(tracker, previous_turn_only=True)
        if await answer_why(dispatcher, tracker, domain, topic, text):
            return []
        known = out_of_scope_lines(text)
        if topic and not tracker.active_loop_name and is_short_follow_up(text) and not known:
            dispatcher.utter_message(response="utter_out_of_scope_follow_up", topic_title=title(topic),
                                     buttons=follow_up_question_buttons(topic, ranking))
            return []
        say_what_is_known(dispatcher, known)  # « l'ostéo est remboursé ? »: then the limits
        dispatcher.utter_message(response="utter_out_of_scope_rest" if known else "utter_out_of_scope")
        # During a calculation the form asks its question next, with its own buttons. An animal's care
        # is answered in full: no person's topic to offer.
        topics = [] if tracker.active_loop_name or ANIMAL_LINE in known else out_of_scope_suggestions(ranking)
        if topics:
            dispatcher.utter_message(response="utter_out_of_scope_suggestions", buttons=topic_buttons(topics))
        return []


class ActionSuiteSituation(ActionOutOfScope):
    """« et pour un enfant ? », « et si j'habitais à Metz ? » (intent situation_follow_up, named by
    components/situation_question.py): the last answer again, for that situation. After a result, the
    calculation with it; after an FAQ answer, the situation's line for that topic (hypothetical: not
    remembered), with a button back to it; with nothing before it, the out-of-scope reply. Another care
    (« et pour le dos ? ») is the calculation for it after a result; otherwise the fallback's topics."""

    def name(self) -> Text:
        return "action_suite_situation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        topic = last_topic(tracker)
        if after_result(tracker):
            return recalculate(dispatcher, tracker)
        text = tracker.latest_message.get("text") or ""
        if names_another_care(text):  # « et pour le dos ? » with no result to change: the topics it may ask
            return await ActionAskAffirmation().run(dispatcher, tracker, domain)
        if topic and is_answered_topic(topic, domain.get("responses", {})):
            lines = follow_up_lines(follow_up_situation(text), topic, message_date(tracker))
            if lines:
                dispatcher.utter_message(text="\n".join(lines), buttons=topic_buttons([topic]))
                return []
        return await super().run(dispatcher, tracker, domain)


class ActionAskAffirmation(Action):
    """First stage of the fallback: offer the two or three most likely topics as buttons."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        # Rasa's two-stage fallback reads out_of_scope as "none of these": it then asks to rephrase.
        other = {"title": "Autre chose", "payload": "/out_of_scope"}
        # « et si elle me répond pas ? » right after an answer is about it, as in action_out_of_scope.
        topic = last_topic(tracker, previous_turn_only=True)
        text = tracker.latest_message.get("text") or ""
        if await answer_why(dispatcher, tracker, domain, topic, text):
            return []
        known = out_of_scope_lines(text)
        if (topic and tracker.active_loop_name in (None, TWO_STAGE_FALLBACK)
                and is_short_follow_up(text) and not known):
            dispatcher.utter_message(response="utter_out_of_scope_follow_up", topic_title=title(topic),
                                     buttons=follow_up_question_buttons(topic, ranking) + [other])
            return []
        buttons = topic_buttons(fallback_topics(ranking)) + [other]
        say_what_is_known(dispatcher, known)
        dispatcher.utter_message(
            text=("Je ne suis pas sûr de pouvoir bien répondre à cette question. Si elle porte sur l'un de ces "
                  "sujets, choisissez-le ; sinon, votre kiné, votre mutuelle, votre médecin ou ameli.fr "
                  "sauront vous répondre."),
            buttons=buttons)
        return []

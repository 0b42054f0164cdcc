"""The calculator conversation: the form's validation, its questions, its answer.

The logic lives in bot/dialogue.py; these actions only move values between the
tracker and bot/.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import dialogue
from bot.calculator import compute
from bot.request import CalculatorInputError
from bot.result_view import result_message, result_view
from bot.situation import interim_figure, opening_figure, situation_lines, stated_situation
from bot.topics import out_of_scope_suggestions, topic_buttons
from bot.wording import Audience

NOTES_SLOT = "calc_notes"
LAST_REQUEST_SLOT = "calc_last_request"
UNCHANGED = "Cela ne change rien au calcul ci-dessus."


def change_hint(who: Audience) -> str:
    """Under a result: how to change a value, with examples a kiné asking for a patient would type too."""
    return (f"Pour changer une valeur, dites-la simplement (« 12 séances », « à domicile », « {who.in_ald} ») ; "
            "« en savoir plus » donne le calcul détaillé.")


def _slots(tracker: Tracker) -> Dict[str, Any]:
    return {name: tracker.get_slot(name) for name in dialogue.SLOTS}


def _current(tracker: Tracker) -> Dict[str, Any]:
    """The calculator's slots, and whom its notes address (a kiné asking for a patient, said in an earlier message)."""
    return {**_slots(tracker), dialogue.FOR_PATIENT_SLOT: tracker.get_slot(dialogue.FOR_PATIENT_SLOT)}


def _question_for(tracker: Tracker, response: Text) -> Text:
    """The form's question, or its `_patient` wording for a kiné asking for a patient (« Et la mutuelle du patient ? »,
    buttons that name the patient)."""
    return f"{response}_patient" if tracker.get_slot(dialogue.FOR_PATIENT_SLOT) else response


def _earlier_user_texts(tracker: Tracker) -> List[str]:
    """What the user typed in this conversation before the latest message (not since « oublie »)."""
    texts: List[str] = []
    for event in tracker.events:
        if event.get("event") == "session_started" or (
                event.get("event") == "action" and event.get("name") == "action_oublier_conversation"):
            texts = []
        elif event.get("event") == "user":
            texts.append(event.get("text") or "")
    return [text for text in texts[:-1] if not text.startswith("/")]


def question_text(tracker: Tracker) -> Text:
    """The words a topic answers: the latest message, or, when it is a button's payload (« /ald_100 »)
    chosen after the fallback's or the out-of-scope reply's buttons, the question typed before it:
    « enceinte de 4 mois, c'est remboursé ? » keeps its situation through the click."""
    latest = tracker.latest_message.get("text") or ""
    if not latest.startswith("/"):
        return latest
    for event in reversed(tracker.events):
        text = event.get("text") or ""
        # the click itself (Rasa's fallback replays it after reverting it)
        if event.get("event") != "user" or text == latest:
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        asked = not text.startswith("/") and intent in ("nlu_fallback", "out_of_scope")
        return text if asked else latest
    return latest


# Actions that may run between the user's message and the form without making it "old".
_FORM_PATH = {"action_listen", "calcul_form", "action_calcul_reinitialiser", "action_calcul_resultat"}


def _message_is_new(tracker: Tracker) -> bool:
    """True unless the form is resuming after an interruption (an FAQ answer, a rejection).

    Rasa calls the validation action on a copy of the tracker that ends with the
    form's own ActionExecuted, so the latest action name does not tell; the events
    since the user's message do.
    """
    since_user = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        since_user.append(event)
    for event in since_user:
        if event.get("event") == "action_execution_rejected":
            return False
        if event.get("event") == "action" and event.get("name") not in _FORM_PATH:
            return False
    return True


class ValidateCalculForm(FormValidationAction):
    """Fills the calculator's slots from each message and validates them like the calculator does."""

    def name(self) -> Text:
        return "validate_calcul_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        return dialogue.required_slots(tracker.slots)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        events: List[EventType] = []
        message = tracker.latest_message or {}
        intent = message.get("intent") or {}
        # « c quoi les 20,94 € ? » is a question about an amount, not a price to take; a question on
        # an FAQ topic is answered (the form lets it through and asks again afterwards).
        if (_message_is_new(tracker) and intent.get("name") != "question_montant"
                and not dialogue.is_faq_question(intent.get("name") or "", message.get("text") or "")):
            starting = all(value is None for value in _slots(tracker).values())
            # « Calculer mon reste à charge » clicked under the fallback: the values typed before the click
            # (« slt jai 15 seances de kine a faire pour mon epaule »), not asked again.
            text = question_text(tracker) if starting else message.get("text") or ""
            update = dialogue.interpret(
                text, tracker.get_slot("requested_slot"), message.get("entities") or [],
                (message.get("intent") or {}).get("name", ""), _current(tracker))
            earlier = _earlier_user_texts(tracker)
            opening: List[str] = []
            if starting:
                # The form starts: the situation stated earlier (an FAQ question…) is not asked again.
                opening = dialogue.opening_lines(update)  # before the situation said earlier joins it
                dialogue.remember_conversation(update, earlier, text, last_request=tracker.get_slot(LAST_REQUEST_SLOT))
                figure = opening_figure(update.slots, asked=dialogue.asks_an_amount(text),
                                        who=dialogue.slots_audience({**tracker.slots, **update.slots}))
                for line in figure + opening:  # « 35 € la séance, remboursé combien ? »: what was asked, first
                    dispatcher.utter_message(text=line)
                unplaced = dialogue.unplaced_number(text, tracker.get_slot("requested_slot"))
                if unplaced:  # « 30 » alone: a count or a price?
                    dispatcher.utter_message(text=unplaced)
            else:  # « non, c'est pour moi » after « 10 séances pour mon bébé »
                dialogue.change_patient(update, _slots(tracker), message.get("text") or "", earlier)
                if not (update.slots or update.errors or update.replies):
                    # « combien je vais être remboursé ? »: the figure so far. « et pour 15 ? » to « Une situation
                    # particulière ? »: a count or a price? (it got « il me faut une réponse… », the 15 lost)
                    asked_amount = intent.get("name") == "calcul_remboursement"
                    unplaced = None if asked_amount else dialogue.unplaced_number(text, None)
                    if unplaced and dialogue.missing_slot(tracker.slots) is None:
                        unplaced = None  # after a result: action_calcul_resultat says it (« 30 » got it twice)
                    lines = (interim_figure(_slots(tracker), who=dialogue.slots_audience(tracker.slots)) if asked_amount
                             else [unplaced] if unplaced else [])
                    for line in lines:
                        dispatcher.utter_message(text=line)
                    if asked_amount or unplaced:
                        # A validation that sets no slot is a rejection, whose lines Rasa drops (and a new
                        # calculation would start): the notes, set unchanged, keep the form going.
                        events.append(SlotSet(NOTES_SLOT, tracker.get_slot(NOTES_SLOT)))
            events += _update_events(dispatcher, tracker, update)
            acknowledgement = dialogue.noted(update, tracker.get_slot("requested_slot"), _slots(tracker))
            if acknowledgement and not opening:  # values for other questions than the one asked: kept, said so once
                dispatcher.utter_message(text=acknowledgement)
            tracker.add_slots(events)
        events.append(SlotSet("requested_slot", dialogue.missing_slot(tracker.slots)))
        return events


def _update_events(dispatcher: CollectingDispatcher, tracker: Tracker, update: dialogue.Update) -> List[EventType]:
    """Says what a message got wrong (each value asked again) and what it calls for at once; returns
    the slots it sets, its notes added to those kept for the result."""
    for error in update.errors:
        dispatcher.utter_message(text=f"{error} Pouvez-vous corriger ?")
    for reply in update.replies:
        dispatcher.utter_message(text=reply)
    events: List[EventType] = [SlotSet(name, value) for name, value in update.slots.items()]
    if update.notes:  # a note said twice is kept once
        kept = list(tracker.get_slot(NOTES_SLOT) or [])
        events.append(SlotSet(NOTES_SLOT, kept + [note for note in dict.fromkeys(update.notes) if note not in kept]))
    return events


class ActionAskCalcMutuelle(Action):
    """Asks for the mutuelle; after a calculation for someone else, « La même (200 % BR) » is the first button."""

    def name(self) -> Text:
        return "action_ask_calc_mutuelle"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        same = dialogue.same_mutuelle_button(tracker.get_slot(LAST_REQUEST_SLOT))
        response = _question_for(tracker, "utter_ask_calc_mutuelle")
        if same is None:
            dispatcher.utter_message(response=response)
        else:
            question = domain["responses"][response][0]
            dispatcher.utter_message(text=question["text"], buttons=[same, *question["buttons"]])
        return []


class ActionAskCalcSituation(Action):
    """Asks for a particular situation; a kiné asking for a patient gets buttons that name the patient."""

    def name(self) -> Text:
        return "action_ask_calc_situation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(response=_question_for(tracker, "utter_ask_calc_situation"))
        return []


class ActionAskCalcSessions(Action):
    """Asks for the count; after half of a rhythm (« 3 séances par semaine »), for the other half."""

    def name(self) -> Text:
        return "action_ask_calc_sessions"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        question = dialogue.sessions_question(tracker.slots)
        if question is None:
            dispatcher.utter_message(response="utter_ask_calc_sessions")
        else:
            dispatcher.utter_message(text=question[0], buttons=question[1])
        return []


class ActionAskCalcPrixEleve(Action):
    """Asks about a price well above the tariff, quoting the tariff of the date."""

    def name(self) -> Text:
        return "action_ask_calc_prix_eleve"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(
            text=dialogue.prix_eleve_question(tracker.slots),
            buttons=[{"title": "Non conventionné", "payload": "il est non conventionné"},
                     {"title": "Dépassement", "payload": "conventionné avec un dépassement"},
                     {"title": "Hors nomenclature", "payload": "acte hors nomenclature"}])
        return []


class ActionAskCalcSoin(Action):
    """Asks which care a conventionné price is for, when it matches no tariff (the rest is a dépassement)."""

    def name(self) -> Text:
        return "action_ask_calc_soin"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        text, buttons = dialogue.soin_question(tracker.slots)
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionCalculResultat(Action):
    """Says the calculation the form's slots describe."""

    def name(self) -> Text:
        return "action_calcul_resultat"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        notes = tracker.get_slot(NOTES_SLOT) or []
        message = tracker.latest_message or {}
        if ((message.get("intent") or {}).get("name") == dialogue.INFORM and not notes and dialogue.same_request(
                dialogue.request_from_slots(tracker.slots), tracker.get_slot(LAST_REQUEST_SLOT))):
            # A reply after a result that changes nothing (« aucune », « 30 »): said in one line, not
            # the same result again.
            text = message.get("text") or ""
            hint = change_hint(dialogue.slots_audience(tracker.slots))
            dispatcher.utter_message(text=dialogue.unplaced_number(text, None) or f"{UNCHANGED} {hint}")
            return []
        return say_result(dispatcher, tracker.slots, notes, tracker.get_latest_input_channel())


def say_result(dispatcher: CollectingDispatcher, slots: Dict[Text, Any], notes: List[str],
               channel: Optional[Text]) -> List[EventType]:
    """Says the calculation the slots describe, with the notes gathered since the last result."""
    request = dialogue.request_from_slots(slots)
    try:
        calc = compute(request)
    except CalculatorInputError as error:
        dispatcher.utter_message(text=f"Je ne peux pas faire ce calcul : {error.message} "
                                      "Reprenons : combien de séances ?")
        return [SlotSet(name, None) for name in dialogue.SLOTS]
    who = dialogue.slots_audience(slots)
    stated = slots.get(dialogue.LEFT_TO_PAY_SLOT)  # « il me reste 81,60 € … » said earlier: compared, once
    if stated:
        notes = [*notes, dialogue.left_to_pay_line(stated, calc.total["patient"], calc.sessions[0].patient)]
    view = result_view(calc, notes=notes, hint=change_hint(who), who=who)
    dispatcher.utter_message(**result_message(view, channel))
    return [SlotSet(NOTES_SLOT, None), SlotSet(dialogue.LEFT_TO_PAY_SLOT, None),
            SlotSet(LAST_REQUEST_SLOT, {**request, "date": calc.request.date.isoformat()})]


def recalculate(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """After a result, the same calculation with what the latest message changes (« et si j'habitais à
    Metz ? »); its errors said like the form's."""
    text = tracker.latest_message.get("text") or ""
    update = dialogue.interpret(text, None, current=_current(tracker))
    dialogue.change_patient(update, _slots(tracker), text, _earlier_user_texts(tracker))  # « et pour moi ? »
    events = _update_events(dispatcher, tracker, update)
    if update.errors:
        return []
    slots = {**tracker.slots, **{event["name"]: event["value"] for event in events}}
    if dialogue.missing_slot(slots):
        # « et si j'étais enceinte ? »: the month decides the rate, the form asks it, then the result.
        return events + [FollowupAction("calcul_form")]
    return events + say_result(dispatcher, slots, slots.get(NOTES_SLOT) or [], tracker.get_latest_input_channel())


class ActionExpliquerMontant(Action):
    """« c quoi les 20,94 € ? » after a result: which line of the last calculation that amount is.
    Before any calculation, the topics the classifier still finds likely are offered as buttons
    (« est-ce que je peux faire payer un bilan à 50 € ? » is read as a question on an amount)."""

    def name(self) -> Text:
        return "action_expliquer_montant"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        message = tracker.latest_message or {}
        request = tracker.get_slot(LAST_REQUEST_SLOT)
        topics = [] if request else out_of_scope_suggestions(message.get("intent_ranking") or [])
        extra = {"buttons": topic_buttons(topics)} if topics else {}
        text = message.get("text") or ""
        answer = dialogue.explain_amount(request, text, who=dialogue.slots_audience(tracker.slots))
        # « je paie 20 € la séance et la sécu me rembourse 9,74 €, c'est normal ? »: the price said is explained too
        # (only the 9,74 € was)
        said = {} if request or answer == dialogue.NO_CALCULATION_YET else stated_situation(text)
        price_lines = situation_lines({name: said[name] for name in ("price", "act") if name in said},
                                      "tarif_seance") if "price" in said else []
        dispatcher.utter_message(text="\n".join([answer] + price_lines[:1]), **extra)
        return []


class ActionCalculReinitialiser(Action):
    """Forgets the previous calculation before a new one (or when the user stops)."""

    def name(self) -> Text:
        return "action_calcul_reinitialiser"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        # Only the values that are set: nine empty SlotSets on every first calculation would be
        # stored, and replayed at every later turn, for nothing.
        return [SlotSet(name, None) for name in (*dialogue.SLOTS, NOTES_SLOT, "requested_slot")
                if tracker.get_slot(name) is not None]

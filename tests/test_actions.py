"""The rasa-sdk actions, run against a real Tracker and CollectingDispatcher."""
import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (ActionAskAffirmation, ActionEnSavoirPlus, ActionOublierConversation, ActionSessionStart,
                             ActionTarifActe)
from bot.answers import answer_values


def tracker(text="", intent="", ranking=None, events=None, slots=None):
    return Tracker(
        sender_id="test", slots=slots or {},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.9},
                        "intent_ranking": ranking or [], "entities": []},
        events=events or [], paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")


def run(action, tracker_, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, domain))
    return dispatcher.messages, events


def test_session_start_sets_todays_figures_and_keeps_earlier_slots(domain):
    messages, events = run(ActionSessionStart(), tracker(slots={"tarif_seance": "ancien", "nb": "10"}), domain)
    assert events[0]["event"] == "session_started"
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["tarif_seance"] == answer_values()["tarif_seance"]
    assert slots["nb"] == "10"
    assert events[-1]["event"] == "action" and events[-1]["name"] == "action_listen"
    assert messages == []


def test_tarif_acte_states_the_dated_price_and_its_source(domain):
    messages, _ = run(ActionTarifActe(), tracker("combien vaut un AMK 8,1 ?", "calcul_tarif_acte"), domain)
    text = messages[0]["text"]
    assert "17,90 €" in text and "8,1 × lettre clé 2,21 €" in text
    assert "Source : http" in text


def test_tarif_acte_of_a_bilan_at_home(domain):
    messages, _ = run(ActionTarifActe(), tracker("prix d'un bilan kiné à domicile", "calcul_tarif_acte"), domain)
    assert "23,65 €" in messages[0]["text"] and "IFD" in messages[0]["text"]


def test_tarif_acte_with_an_absurd_coefficient_says_why(domain):
    messages, _ = run(ActionTarifActe(), tracker("combien vaut un AMK 5000 ?", "calcul_tarif_acte"), domain)
    assert messages[0]["text"].startswith("Je ne peux pas calculer ce tarif")


def test_en_savoir_plus_gives_the_details_of_the_last_topic(domain):
    events = [{"event": "bot", "text": "...", "metadata": {"utter_action": "utter_franchise_medicale"}},
              {"event": "user", "text": "merci"},
              {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_de_rien"}}]
    messages, _ = run(ActionEnSavoirPlus(), tracker("en savoir plus", "en_savoir_plus", events=events), domain)
    assert messages[0]["response"] == "utter_franchise_medicale_details"


def test_en_savoir_plus_without_a_topic_offers_the_menu(domain):
    messages, _ = run(ActionEnSavoirPlus(), tracker("en savoir plus", "en_savoir_plus"), domain)
    assert messages[0]["buttons"] and "Sur quel sujet" in messages[0]["text"]


def test_fallback_offers_the_three_most_likely_topics(domain):
    ranking = [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "franchise_medicale", "confidence": 0.28},
               {"name": "greet", "confidence": 0.2}, {"name": "tiers_payant", "confidence": 0.2},
               {"name": "ald_100", "confidence": 0.1}, {"name": "telesoin", "confidence": 0.05}]
    messages, _ = run(ActionAskAffirmation(), tracker("euh la franchise ou un truc", "nlu_fallback", ranking), domain)
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/franchise_medicale", "/tiers_payant", "/ald_100", "/out_of_scope"]
    assert messages[0]["buttons"][0]["title"] == "La franchise médicale"


def test_forgetting_confirms_and_starts_afresh_with_todays_figures(domain):
    messages, events = run(ActionOublierConversation(),
                           tracker("oublie notre conversation", "forget_conversation",
                                   slots={"calc_sessions": 10, "tarif_seance": "ancien"}), domain)
    assert messages[0]["response"] == "utter_conversation_oubliee"
    assert events[0]["event"] == "reset_slots"
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["tarif_seance"] == answer_values()["tarif_seance"] and "calc_sessions" not in slots
    # No restart: the rule « forget → action_oublier_conversation » must still lead to listening.
    assert all(e["event"] != "restart" for e in events)

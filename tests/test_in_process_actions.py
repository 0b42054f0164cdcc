"""The FAQ answer runs inside the Rasa process (components/in_process_actions.py): the same
reply as from the action server, without it; the other actions still go to the action server."""
import asyncio

import pytest
import yaml
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import components  # noqa: F401  (installs the wrappers)
from bot.service_status import ACTIONS_UNAVAILABLE
from components import in_process_actions
from conftest import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
# Nothing listens there: an action that went to the action server would fail.
NOWHERE = "http://127.0.0.1:9/webhook"


def endpoint(**kwargs):
    return EndpointConfig(url=NOWHERE, in_process=["action_answer_topic"], **kwargs)


def asked(text, intent):
    tracker = DialogueStateTracker.from_events("t", [
        SessionStarted(), ActionExecuted("action_listen"),
        UserUttered(text, intent={"name": intent, "confidence": 0.9},
                    parse_data={"intent": {"name": intent, "confidence": 0.9}, "entities": [],
                                "intent_ranking": [{"name": intent, "confidence": 0.9}]})],
        DOMAIN.slots)
    return tracker


def run(action_name, tracker, config):
    action = RemoteAction(action_name, config)
    return asyncio.run(action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(DOMAIN.responses),
                                  tracker, DOMAIN))


def test_endpoints_yml_names_the_faq_answer_as_in_process():
    config = EndpointConfig.from_dict(yaml.safe_load((ROOT / "endpoints.yml").read_text())["action_endpoint"])
    assert config.kwargs["in_process"] == ["action_answer_topic"]
    assert config.kwargs["in_process_module"] == "actions"


def test_a_faq_question_is_answered_without_the_action_server():
    events = run("action_answer_topic", asked("c'est quoi la franchise médicale ?", "franchise_medicale"), endpoint())
    texts = [e.text for e in events if isinstance(e, BotUttered)]
    assert texts and "franchise médicale est une somme retenue" in texts[0]
    assert "1 € par acte" in texts[0]  # the figure of the day, rendered in process


def test_a_broad_question_gets_its_overview_buttons_as_from_the_action_server():
    events = run("action_answer_topic", asked("les séances de kiné sont-elles remboursées ?", "remboursement_taux"),
                 endpoint())
    titles = [b["title"] for e in events if isinstance(e, BotUttered) for b in e.data.get("buttons") or []]
    assert "La franchise médicale" in titles


def test_the_situation_stated_is_remembered_as_from_the_action_server():
    events = run("action_answer_topic", asked("ma fille de 13 ans a une scoliose, la franchise s'applique ?",
                                              "franchise_medicale"), endpoint())
    assert any(isinstance(e, SlotSet) and e.key == "calc_situation" for e in events)


def test_other_actions_still_go_to_the_action_server():
    # Nothing listens at NOWHERE: the user gets the apology of components/action_server_down.py.
    events = run("action_tarif_acte", asked("combien vaut un AMK 8,1 ?", "calcul_tarif_acte"), endpoint())
    assert [e.text for e in events if isinstance(e, BotUttered)] == [ACTIONS_UNAVAILABLE]


def test_a_refusal_is_rasa_s_own_refusal(monkeypatch):
    from rasa_sdk.interfaces import ActionExecutionRejection as SdkRejection

    async def refuse(call):
        raise SdkRejection("action_answer_topic", "non")

    monkeypatch.setattr(in_process_actions.executor("actions"), "run", refuse)
    with pytest.raises(ActionExecutionRejection):
        run("action_answer_topic", asked("franchise ?", "franchise_medicale"), endpoint())


def test_an_invalid_reply_is_refused_like_the_action_server_s(monkeypatch):
    from jsonschema import ValidationError

    async def broken(call):
        return {"events": [{"event": "no_such_event"}], "responses": []}

    monkeypatch.setattr(in_process_actions.executor("actions"), "run", broken)
    with pytest.raises(ValidationError):
        run("action_answer_topic", asked("franchise ?", "franchise_medicale"), endpoint())


def test_an_error_in_the_action_gives_the_apology_as_from_the_action_server(monkeypatch):
    # An exception in action_answer_topic (its module reloaded half-way) left the user in silence; the action
    # server answers 500 there, and Rasa then says the apology.
    async def failing(call):
        raise AttributeError("'ParsedRequest' object has no attribute 'distance_said'")

    monkeypatch.setattr(in_process_actions.executor("actions"), "run", failing)
    events = run("action_answer_topic", asked("franchise ?", "franchise_medicale"), endpoint())
    assert [e.text for e in events if isinstance(e, BotUttered)] == [ACTIONS_UNAVAILABLE]


def test_an_actions_package_that_does_not_import_gives_the_apology_not_a_dead_request():
    in_process_actions.executor.cache_clear()
    try:
        events = run("action_answer_topic", asked("franchise ?", "franchise_medicale"),
                     endpoint(in_process_module="no_such_actions_package"))
    finally:
        in_process_actions.executor.cache_clear()
    assert [e.text for e in events if isinstance(e, BotUttered)] == [ACTIONS_UNAVAILABLE]

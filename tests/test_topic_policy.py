"""One place per topic: the policy that answers every FAQ topic (components/topic_policy.py),
against Rasa's real Domain and trackers, and the data that no longer repeats the topics."""
import datetime as dt

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.answers import answer_values
from bot.topics import HELP_MENU, TOPIC_TITLES, is_answered_topic
from components.topic_policy import TopicPolicy
from conftest import ROOT


@pytest.fixture(scope="module")
def rasa_domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def policy(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("topic_policy")
    policy = TopicPolicy.create(TopicPolicy.get_default_config(), storage, resource,
                                ExecutionContext(GraphSchema({}), "test"))
    policy.train([], None)
    return TopicPolicy.load(TopicPolicy.get_default_config(), storage, resource,
                            ExecutionContext(GraphSchema({}), "test"))


def tracker(domain, *events):
    return DialogueStateTracker.from_events("test", [ActionExecuted("action_listen"), *events], domain.slots)


def said(intent, text="..."):
    return [UserUttered(text, {"name": intent, "confidence": 0.9})]


def predicted(policy, domain, tracker_):
    prediction = policy.predict_action_probabilities(tracker_, domain)
    if prediction.max_confidence == 0:
        return None
    return domain.action_names_or_texts[prediction.max_confidence_index]


def test_a_topic_question_is_answered_by_the_one_action(policy, rasa_domain):
    assert predicted(policy, rasa_domain, tracker(rasa_domain, *said("franchise_medicale"))) == "action_answer_topic"
    assert predicted(policy, rasa_domain, tracker(rasa_domain, *said("depassement_paris"))) == "action_answer_topic"


def test_then_it_listens(policy, rasa_domain):
    t = tracker(rasa_domain, *said("franchise_medicale"), ActionExecuted("action_answer_topic"))
    assert predicted(policy, rasa_domain, t) == "action_listen"


def test_during_the_calculation_the_form_resumes_after_the_answer(policy, rasa_domain):
    t = tracker(rasa_domain, ActionExecuted("calcul_form"), ActiveLoop("calcul_form"),
                SlotSet("requested_slot", "calc_acte"), ActionExecuted("action_listen"),
                *said("franchise_medicale"), ActionExecuted("action_answer_topic"))
    assert predicted(policy, rasa_domain, t) == "calcul_form"


def test_conversation_intents_and_calculator_topics_are_left_to_the_rules(policy, rasa_domain):
    # greet has a response utter_greet but no topic title; calcul_* have titles but their own actions.
    for intent in ["greet", "help", "out_of_scope", "en_savoir_plus", "calcul_remboursement", "calcul_tarif_acte",
                   "nlu_fallback"]:
        assert predicted(policy, rasa_domain, tracker(rasa_domain, *said(intent))) is None, intent
    # Nor after any other action.
    t = tracker(rasa_domain, *said("franchise_medicale"), ActionExecuted("utter_greet"))
    assert predicted(policy, rasa_domain, t) is None


def test_every_contract_topic_is_answered_by_the_policy(rasa_domain, faq_topics):
    computed = {"calcul_remboursement", "calcul_tarif_acte"}
    for topic in faq_topics:
        if topic["id"] in TOPIC_TITLES:
            assert is_answered_topic(topic["id"], rasa_domain.responses) == (topic["id"] not in computed), topic["id"]


def test_no_rule_or_story_names_a_topic_answer():
    # Adding a topic adds no rule: no per-topic answer, « en savoir plus » or form-interruption rule.
    for path in ["data/rules.yml", "data/stories.yml", "tests/test_stories.yml"]:
        text = (ROOT / path).read_text(encoding="utf-8")
        for topic in TOPIC_TITLES:
            assert f"action: utter_{topic}\n" not in text and f"action: utter_{topic}_details" not in text, (path, topic)
    rules = yaml.safe_load((ROOT / "data/rules.yml").read_text(encoding="utf-8"))["rules"]
    assert len(rules) < 40


def test_the_help_menu_is_written_once(domain):
    # utter_help and utter_default hold the text; the buttons come from bot/topics.HELP_MENU.
    for name in ["utter_help", "utter_default"]:
        assert all("buttons" not in variant for variant in domain["responses"][name]), name
    assert all(topic in TOPIC_TITLES for _, topic in HELP_MENU)


def test_no_figure_is_a_slot(domain):
    # Figures are rendered when the answer is given, at the message's date.
    assert not set(answer_values(dt.date(2026, 12, 1))) & set(domain["slots"])

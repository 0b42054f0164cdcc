"""components/fallback.py: a topic answer with « out of scope » close behind (at least the ratio
times its probability) goes to the two-stage fallback; other intents, and topics the classifier is
clear about, are untouched."""
import pytest

from components.fallback import TopicFallbackClassifier
from rasa.shared.nlu.training_data.message import Message


def classified(ranking, **config):
    message = Message(data={"text": "…"})
    message.set("intent", ranking[0], add_to_output=True)
    message.set("intent_ranking", ranking, add_to_output=True)
    TopicFallbackClassifier({"threshold": 0.2, "ambiguity_threshold": 0.0, **config}).process([message])
    return message.get("intent")["name"]


def intents(*pairs):
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


@pytest.mark.parametrize("ranking, expected", [
    # « Pourquoi faire un drainage lymphatique ? »: a topic, with out_of_scope close behind.
    (intents(("drainage_lymphatique", 0.50), ("out_of_scope", 0.45)), "nlu_fallback"),
    (intents(("drainage_lymphatique", 0.36), ("out_of_scope", 0.18), ("tarif_seance", 0.1)), "nlu_fallback"),
    # The same share of out_of_scope behind a clear topic: the topic is answered.
    (intents(("drainage_lymphatique", 0.74), ("out_of_scope", 0.24)), "drainage_lymphatique"),
    (intents(("drainage_lymphatique", 0.80), ("out_of_scope", 0.10)), "drainage_lymphatique"),
    # Not a topic answer: a value for the calculator, a greeting, out_of_scope itself.
    (intents(("inform", 0.60), ("out_of_scope", 0.35)), "inform"),
    (intents(("thank", 0.55), ("out_of_scope", 0.40)), "thank"),
    (intents(("out_of_scope", 0.70), ("drainage_lymphatique", 0.30)), "out_of_scope"),
    # Rasa's own rule still applies: below the confidence threshold.
    (intents(("franchise_medicale", 0.15), ("ald_100", 0.10)), "nlu_fallback"),
])
def test_out_of_scope_ratio(ranking, expected):
    assert classified(ranking, out_of_scope_ratio=0.4) == expected


def test_off_by_default():
    assert classified(intents(("drainage_lymphatique", 0.5), ("out_of_scope", 0.45))) == "drainage_lymphatique"

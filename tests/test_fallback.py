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


@pytest.mark.parametrize("ranking, expected", [
    # « kiné pour mon dos 3 fois par semaine pendant 2 mois, mutuelle 100 % »: values or the question, both
    # start the calculator, so their near tie is no doubt (until 2026-12-04 it went to the fallback).
    (intents(("inform", 0.51), ("calcul_remboursement", 0.48), ("mutuelle_prise_en_charge", 0.01)), "inform"),
    (intents(("calcul_remboursement", 0.50), ("inform", 0.47)), "calcul_remboursement"),
    # Two topics with different answers that close are still a doubt, and so is the calculator against
    # a topic behind the intent with the same answer.
    (intents(("ald_100", 0.33), ("remboursement_taux", 0.30), ("franchise_medicale", 0.1)), "nlu_fallback"),
    (intents(("inform", 0.40), ("calcul_remboursement", 0.30), ("mutuelle_prise_en_charge", 0.38)), "nlu_fallback"),
])
def test_ambiguity_is_between_intents_with_different_answers(ranking, expected):
    assert classified(ranking, ambiguity_threshold=0.05) == expected


def test_the_cross_validation_decides_like_the_component():
    import numpy as np

    from ops.evaluation.threshold_cv import decide

    classes = np.array(["ald_100", "calcul_remboursement", "inform", "out_of_scope", "remboursement_taux"])
    probabilities = np.array([[0.01, 0.48, 0.51, 0.0, 0.0],    # the calculator either way
                              [0.33, 0.0, 0.0, 0.07, 0.30],    # two topics: a doubt
                              [0.0, 0.20, 0.40, 0.0, 0.38]])   # the calculator, a topic close behind
    assert decide(probabilities, classes, 0.2, 0.05) == ["inform", "nlu_fallback", "nlu_fallback"]

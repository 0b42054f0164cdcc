"""Rasa's FallbackClassifier, plus one honest doubt: a topic answer for which the classifier keeps
« out of scope » close behind goes to the fallback.

The classifier (components/tfidf_intent_classifier.py) is often sure of a topic for a question
it does not cover (« Pourquoi faire un drainage lymphatique ? » → drainage_lymphatique): the
wrong-topic answer users cannot see. When ``out_of_scope``'s probability is at least
``out_of_scope_ratio`` times the topic's, the two-stage fallback (« je ne suis pas sûr de pouvoir
bien répondre », the likely topics as buttons, « Autre chose ») replaces the topic answer. Only
topic answers are concerned (an intent with a title in bot/topics.py), never the calculator's
values nor « oui », « merci »… The ratio is chosen with the thresholds by
ops/evaluation/threshold_cv.py (1.0 turns it off). A ratio rather than a fixed share: at a ratio
of 0.4, a topic at 0.74 with out of scope at 0.24 is a clear answer, one at 0.36 with out of scope
at 0.18 is not. config.yml holds the value the last rerun chose (BENCHMARKS.md keeps the history:
0.4, off, 0.4 again, then off since the seventh session of 2026-12-03).

Rasa's ambiguity rule (the first two intents within ``ambiguity_threshold``) compares the first
intent with the best one that gets another answer (`runner_up`): « inform » and
« calcul_remboursement » both start the calculator, and « kiné pour mon dos 3 fois par semaine
pendant 2 mois, mutuelle 100 % », read as one at 0.51 and the other at 0.48, went to the fallback
until 2026-12-04.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import AMBIGUITY_THRESHOLD_KEY, FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.topics import TOPIC_TITLES, answer_of

OUT_OF_SCOPE_RATIO_KEY = "out_of_scope_ratio"


def runner_up(ranking: List[Dict[Text, Any]]) -> Optional[Dict[Text, Any]]:
    """The best intent after the first one whose answer differs from the first one's: « inform » and
    « calcul_remboursement » both start the calculator, so a near tie between them is no ambiguity.

    >>> runner_up([{"name": "inform", "confidence": 0.51}, {"name": "calcul_remboursement", "confidence": 0.48},
    ...            {"name": "mutuelle_prise_en_charge", "confidence": 0.01}])["name"]
    'mutuelle_prise_en_charge'
    """
    first = answer_of(ranking[0].get(INTENT_NAME_KEY) or "") if ranking else ""
    return next((entry for entry in ranking[1:] if answer_of(entry.get(INTENT_NAME_KEY) or "") != first), None)


def out_of_scope_doubt(intent: str, confidence: float, out_of_scope: float, ratio: float) -> bool:
    """The rule itself (also applied by ops/evaluation/threshold_cv.py): a topic answer of
    `confidence` while out_of_scope keeps at least `ratio` times as much (`ratio` 1.0: never,
    the topic being first).

    >>> out_of_scope_doubt("drainage_lymphatique", 0.36, 0.18, 0.4), out_of_scope_doubt("drainage_lymphatique", 0.74, 0.24, 0.4)
    (True, False)
    """
    return intent in TOPIC_TITLES and ratio < 1.0 and out_of_scope >= ratio * confidence


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TopicFallbackClassifier(FallbackClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**FallbackClassifier.get_default_config(), OUT_OF_SCOPE_RATIO_KEY: 1.0}

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__({**self.get_default_config(), **config})

    def _should_fallback(self, message: Message) -> bool:
        return super()._should_fallback(message) or self._out_of_scope_doubt(message)

    def _nlu_prediction_ambiguous(self, message: Message) -> Tuple[bool, Optional[float]]:
        """Rasa's ambiguity, between the first intent and the runner-up with another answer."""
        ranking = message.get(INTENT_RANKING_KEY) or []
        second = runner_up(ranking)
        if second is None:
            return False, None
        difference = ranking[0].get(PREDICTED_CONFIDENCE_KEY, 1.0) - second.get(PREDICTED_CONFIDENCE_KEY, 1.0)
        return difference < self.component_config[AMBIGUITY_THRESHOLD_KEY], difference

    def _out_of_scope_doubt(self, message: Message) -> bool:
        out_of_scope = next((entry.get(PREDICTED_CONFIDENCE_KEY, 0.0) for entry in message.get(INTENT_RANKING_KEY) or []
                             if entry.get(INTENT_NAME_KEY) == "out_of_scope"), 0.0)
        intent = message.get(INTENT) or {}
        return out_of_scope_doubt(intent.get(INTENT_NAME_KEY) or "", intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0,
                                  out_of_scope, self.component_config[OUT_OF_SCOPE_RATIO_KEY])

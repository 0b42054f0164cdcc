"""Rasa's FallbackClassifier, plus one honest doubt: a topic answer the classifier also gives a
fair share to « out of scope » goes to the fallback.

The classifier (components/tfidf_intent_classifier.py) is often sure of a topic for a question
it does not cover (« Pourquoi faire un drainage lymphatique ? » → drainage_lymphatique): the
wrong-topic answer users cannot see. When such a question still leaves ``out_of_scope`` a share
of at least ``out_of_scope_threshold``, the two-stage fallback (« je ne suis pas sûr de pouvoir
bien répondre », the likely topics as buttons, « Autre chose ») replaces the topic answer. Only
topic answers are concerned (an intent with a title in bot/topics.py), never the calculator's
values nor « oui », « merci »… The threshold is chosen with the others by
ops/evaluation/threshold_cv.py (1.0 turns it off).
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.topics import TOPIC_TITLES

OUT_OF_SCOPE_THRESHOLD_KEY = "out_of_scope_threshold"


def out_of_scope_doubt(intent: str, out_of_scope_share: float, threshold: float) -> bool:
    """The rule itself (also applied by ops/evaluation/threshold_cv.py): a topic answer while
    out_of_scope keeps at least `threshold` of the probability."""
    return intent in TOPIC_TITLES and out_of_scope_share >= threshold


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TopicFallbackClassifier(FallbackClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**FallbackClassifier.get_default_config(), OUT_OF_SCOPE_THRESHOLD_KEY: 1.0}

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__({**self.get_default_config(), **config})

    def _should_fallback(self, message: Message) -> bool:
        return super()._should_fallback(message) or self._out_of_scope_doubt(message)

    def _out_of_scope_doubt(self, message: Message) -> bool:
        share = next((entry.get(PREDICTED_CONFIDENCE_KEY, 0.0) for entry in message.get(INTENT_RANKING_KEY) or []
                      if entry.get(INTENT_NAME_KEY) == "out_of_scope"), 0.0)
        return out_of_scope_doubt((message.get(INTENT) or {}).get(INTENT_NAME_KEY) or "", share,
                                  self.component_config[OUT_OF_SCOPE_THRESHOLD_KEY])

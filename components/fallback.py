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
at 0.18 is not. config.yml has 0.4: a rerun of 2026-12-03 turned it off (1.0) when it no longer
paid for the right answers it held back; the next rerun, after more real out-of-scope questions
joined the training data, chose 0.4 again (BENCHMARKS.md).
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.topics import TOPIC_TITLES

OUT_OF_SCOPE_RATIO_KEY = "out_of_scope_ratio"


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

    def _out_of_scope_doubt(self, message: Message) -> bool:
        out_of_scope = next((entry.get(PREDICTED_CONFIDENCE_KEY, 0.0) for entry in message.get(INTENT_RANKING_KEY) or []
                             if entry.get(INTENT_NAME_KEY) == "out_of_scope"), 0.0)
        intent = message.get(INTENT) or {}
        return out_of_scope_doubt(intent.get(INTENT_NAME_KEY) or "", intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0,
                                  out_of_scope, self.component_config[OUT_OF_SCOPE_RATIO_KEY])

"""Dialogue policy: every FAQ topic is answered by one action, without a rule per topic.

After a user message whose intent is a topic (an intent with a title in bot/topics.py and
an answer ``utter_<intent>`` in the domain), it predicts the answering action
(``action_answer_topic``); right after that action, the active form if there is one (so a
calculation interrupted by a question resumes), else ``action_listen``.

Why a policy rather than rules:

- the set of topics comes from one place (the titles and the answers), so adding a topic
  adds no rule; the 125 per-topic rules (answer, « en savoir plus », question during the
  calculation) are gone;
- Rasa's retrieval intents (``faq/<id>``) would rename the contract's intents, and one
  generated rule with an ``or:`` of every topic would still list the topics a second time;
- it never fights the other policies: its priority is the lowest (1), so a rule or a story
  that predicts something else with the same confidence wins (e.g. « et si je suis en ALD ? »
  after a calculation recalculates); a form always runs first on a new message (RulePolicy's
  loop prediction overrules every other), and this policy answers only when the form has
  rejected the message, exactly like the old « question pendant le calcul » rules did;
  elsewhere it beats only RulePolicy's core fallback (confidence 0.3).
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.topics import is_answered_topic


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class TopicPolicy(Policy):
    """Predicts the answering action after a topic intent (see the module's docstring)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 1, "action": "action_answer_topic"}

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, featurizer: Optional[Any] = None) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)
        self.action: Text = config["action"]

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        # Nothing is learnt: the topics are read from the domain at prediction time.
        with self._model_storage.write_to(self._resource) as path:
            (path / "topic_policy.json").write_text(json.dumps({"action": self.action}), encoding="utf-8")
        return self._resource

    def next_action(self, tracker: DialogueStateTracker, domain: Domain) -> Optional[Text]:
        """The action this policy predicts, or None when it has no opinion."""
        latest = tracker.latest_action_name
        if latest == ACTION_LISTEN_NAME:
            intent = (tracker.latest_message.intent or {}).get("name") if tracker.latest_message else None
            if intent and is_answered_topic(intent, domain.responses):
                return self.action
            return None
        if latest == self.action:
            return tracker.active_loop_name or ACTION_LISTEN_NAME
        return None

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self.next_action(tracker, domain)
        if action is not None and action in domain.action_names_or_texts:
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)

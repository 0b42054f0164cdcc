"""Measures a change of training data on the development half of the real questions, with folds that adding
examples does not redraw, and the rules of text applied as the assistant applies them.

    make eval-dev        (python -m ops.evaluation.dev_half [--errors] [--probabilities FILE])

With --probabilities, the classifier's out-of-fold probabilities are kept in FILE with a digest of what they
depend on (the training and development data, the classifier's settings and code): a change to the rules of text alone
(components/situation_question.py, bot/) is then measured in seconds; any change of data or settings computes
them again.

The held-out half of tests/real_questions.yml is never read here.

ops/evaluation/threshold_cv.py draws its folds over every example: adding four examples redraws them all, and
moved the development half's figures by up to 2.5 points (the thirty-fourth session). Here each development
question keeps its fold whatever the training data, a hash of its text (:func:`dev_fold`); each fold is
predicted by a classifier fitted on every training example (development questions left out) and the other
folds. The fallback's settings are config.yml's, then components/situation_question.py's rules of text read
each question's ranking. It prints right answers, wrong-topic answers and coverage, as `make eval-nlu` does;
the same data give the same figures, and two data sets differ only by the examples that changed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import zlib
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np
import yaml

from ops.evaluation import threshold_cv as cv
from ops.nlu_data import key
from ops.settings import ROOT

FOLDS = 5
RANKING_LENGTH = 10  # the intents the rules of text read, as the classifier gives them
# The code the classifier's features and fit depend on (the chat spelling written out, the spaCy words left out)
FEATURES_CODE = ("components/tfidf_intent_classifier.py", "components/spacy_nlp.py", "bot/chat_spelling.py",
                 "ops/evaluation/threshold_cv.py")


def dev_fold(text: str, folds: int = FOLDS) -> int:
    """A development question's fold: a hash of its text, so that no training example moves it.

    >>> dev_fold("Comment remplir votre feuille de soins ?") == dev_fold("comment remplir votre feuille de soins")
    True
    >>> sorted({dev_fold(str(n)) for n in range(50)})
    [0, 1, 2, 3, 4]
    """
    return zlib.crc32(key(text).encode()) % folds


def dev_probabilities(train: Sequence[tuple], dev: Sequence[tuple]) -> tuple:
    """Probabilities of each development question, out of its fold, and the classes of their columns."""
    from joblib import Parallel, delayed

    from components.tfidf_intent_classifier import TfidfIntentClassifier

    texts = [text for text, _ in train] + [text for text, _ in dev]
    labels = np.array([label for _, label in train] + [label for _, label in dev])
    component = TfidfIntentClassifier(cv.config(), None, None)
    dense = cv.spacy_vectors(texts, float(component.config["spacy_weight"]), float(component.config["content_weight"]))
    classes = np.array(sorted(set(labels)))
    n, folds = len(train), [dev_fold(text) for text, _ in dev]

    def fit(fold: int):
        fitted = list(range(n)) + [n + j for j, f in enumerate(folds) if f != fold]
        tested = [n + j for j, f in enumerate(folds) if f == fold]
        return (tested,) + cv.fit_and_predict(component, texts, dense, labels, classes, fitted, tested)

    probabilities = np.zeros((len(dev), len(classes)))
    for tested, columns, fold_probabilities in Parallel(n_jobs=2)(delayed(fit)(f) for f in range(FOLDS)):
        probabilities[np.ix_([i - n for i in tested], columns)] = fold_probabilities
    return probabilities, classes


def with_rules(texts: Sequence[str], probabilities: np.ndarray, classes: np.ndarray, decided: List[str]) -> List[str]:
    """The decisions after components/situation_question.py's rules of text, which set a topic at confidence 1."""
    from rasa.shared.nlu.training_data.message import Message

    from components.situation_question import SituationQuestion

    component, after = SituationQuestion(), list(decided)
    for j, text in enumerate(texts):
        order = np.argsort(-probabilities[j])[:RANKING_LENGTH]
        ranking = [{"name": str(classes[i]), "confidence": float(probabilities[j, i])} for i in order]
        message = Message(data={"text": text})
        message.set("intent", ranking[0], add_to_output=True)
        message.set("intent_ranking", ranking, add_to_output=True)
        component.process([message])
        intent = message.get("intent")
        if intent["confidence"] == 1.0 and intent["name"] != decided[j]:
            after[j] = intent["name"]
    return after


def digest(train: Sequence[tuple], dev: Sequence[tuple], settings: Dict) -> str:
    """What the out-of-fold probabilities depend on: the examples, the questions and the classifier's settings
    (its code's digest among them).

    >>> digest([("a", "x")], [("b", "y")], {"C": 100}) == digest([("a", "x")], [("b", "y")], {"C": 100})
    True
    >>> digest([("a", "x")], [("b", "y")], {"C": 100}) == digest([("a", "z")], [("b", "y")], {"C": 100})
    False
    """
    data = json.dumps([list(train), list(dev), settings, FOLDS], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def kept_probabilities(path: Path, train: Sequence[tuple], dev: Sequence[tuple]) -> tuple:
    """The probabilities kept in `path` when they were computed from the same data and settings, else computed
    and kept there."""
    code = b"".join((ROOT / path).read_bytes() for path in FEATURES_CODE)
    key = digest(train, dev, {**cv.config(), "classifier_code": hashlib.sha256(code).hexdigest()})
    if path.exists():
        kept = np.load(path, allow_pickle=False)
        if str(kept["digest"]) == key:
            return kept["probabilities"], kept["classes"]
    probabilities, classes = dev_probabilities(train, dev)
    np.savez(path, probabilities=probabilities, classes=classes, digest=np.array(key))
    return probabilities, classes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the development questions answered wrongly")
    parser.add_argument("--probabilities", type=Path, help="keep the classifier's probabilities in this .npz file "
                        "and reuse them while the data and settings are the same")
    args = parser.parse_args()
    dev = cv.dev_questions()
    asked = {" ".join(text.lower().split()) for text, _ in dev}  # a development question is no training example
    train = [(text, label) for text, label in cv.training_examples() if " ".join(text.lower().split()) not in asked]
    probabilities, classes = (kept_probabilities(args.probabilities, train, dev) if args.probabilities
                              else dev_probabilities(train, dev))
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    fallback = next(c for c in pipeline if c["name"].endswith("TopicFallbackClassifier"))
    decided = list(cv.decide(probabilities, classes, fallback["threshold"], fallback["ambiguity_threshold"],
                             fallback["out_of_scope_ratio"]))
    after = with_rules([text for text, _ in dev], probabilities, classes, decided)
    gold = [label for _, label in dev]
    for name, decisions in (("classifier", decided), ("with the rules of text", after)):
        measured: Dict[str, float] = cv.measure(gold, decisions)
        print(f"development half ({len(dev)}), stable folds, {name}: right {measured['right']:.1%}  "
              f"wrong-topic {measured['wrong_topic']:.1%}  coverage {measured['coverage']:.1%}")
    if args.errors:
        for (text, label), answer in zip(dev, after):
            if answer != label and not (label == "out_of_scope" and answer in ("nlu_fallback", "out_of_scope")):
                print(f"{label:<28} -> {answer:<28} | {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

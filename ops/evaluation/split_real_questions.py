"""Assign the dev / held-out split of tests/real_questions.yml, once.

One random 50/50 split with a fixed seed, stratified by label (and, for out_of_scope,
by cluster): in each stratum the questions without a split are shuffled and dealt
alternately to "dev" and "heldout", starting with the split that is smaller so far. Questions that already have a split
are never moved, so adding questions later and re-running keeps the earlier split.

A question that is already in data/nlu.yml (or a near copy of one) cannot be held
out: it goes to "dev". The comparison is the one tests/test_real_questions.py uses.

Usage: python -m ops.evaluation.split_real_questions [path]   (default tests/real_questions.yml)
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import List, Optional

from ruamel.yaml import YAML

# The reading and comparison shared with tests/test_nlu_data.py and ops/review.py.
from ops.nlu_data import examples, key, similar
from ops.settings import ROOT

SEED = 20261201
SPLITS = ("dev", "heldout")


def near_copy(a: str, b: str) -> bool:
    """Two texts, already normalised with key(): the same question, or nearly (similarity of at
    least 0.9, or one contained in the other when both have at least 6 words)?"""
    if similar(a, b):
        return True
    if len(a.split()) >= 6 and len(b.split()) >= 6:
        return f" {a} " in f" {b} " or f" {b} " in f" {a} "
    return False


def training_keys(root: Path = ROOT) -> list[str]:
    """key() of every example of data/nlu.yml."""
    return [key(text) for _, text in examples(root / "data" / "nlu.yml")]


def in_training(text: str, training_keys: list[str]) -> bool:
    k = key(text)
    return any(near_copy(k, t) for t in training_keys)


def stratum(q) -> str:
    """The stratification key: the label, or for out_of_scope its cluster too."""
    if q["label"] == "out_of_scope":
        return f"out_of_scope/{q.get('cluster', '')}"
    return q["label"]


def assign(questions: list, training_keys: list[str], seed: int = SEED) -> int:
    """Set `split` on every question that has none; return how many were assigned."""
    rng = random.Random(seed)
    totals = Counter(q["split"] for q in questions if q.get("split"))
    per_label: dict = defaultdict(Counter)
    for q in questions:
        if q.get("split"):
            per_label[stratum(q)][q["split"]] += 1
    todo = defaultdict(list)
    assigned = 0
    for q in sorted(questions, key=lambda q: q["id"]):
        if q.get("split"):
            continue
        if in_training(q["text"], training_keys):
            q["split"] = "dev"
            totals["dev"] += 1
            per_label[stratum(q)]["dev"] += 1
            assigned += 1
        else:
            todo[stratum(q)].append(q)
    for label in sorted(todo):
        group = todo[label]
        rng.shuffle(group)
        for q in group:
            counts = per_label[label]
            if counts["dev"] != counts["heldout"]:
                split = min(SPLITS, key=lambda s: counts[s])
            else:
                split = min(SPLITS, key=lambda s: (totals[s], s))
            q["split"] = split
            counts[split] += 1
            totals[split] += 1
            assigned += 1
    return assigned


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=ROOT / "tests" / "real_questions.yml")
    path = parser.parse_args(argv).path
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=2, offset=0)
    data = yaml.load(path.read_text(encoding="utf-8"))
    questions = data["questions"]
    assigned = assign(questions, training_keys())
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    counts = Counter(q["split"] for q in questions)
    print(f"{assigned} question(s) assigned; dev {counts['dev']}, heldout {counts['heldout']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Training examples and held-out questions: reading them, comparing them.

One place for the comparison the held-out tests (tests/test_nlu_data.py) and the review
(ops/review.py) share: two questions are the same when their :func:`key` is equal (case,
accents, punctuation and spacing ignored), and nearly the same when their keys are
:func:`similar`.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator, List, Set, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
HOLDOUT_FILES = ("tests/nlu_holdout.yml", "tests/real_questions.yml")
NEAR = 0.9  # similarity of keys above which a question counts as a copy of a held-out one


def key(text: str) -> str:
    """The text lower-cased, without accents, punctuation or repeated spaces."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _blocks(data) -> Iterator[Tuple[str, str]]:
    for block in (data or {}).get("nlu", []) if isinstance(data, dict) else []:
        if isinstance(block, dict) and "intent" in block and isinstance(block.get("examples"), str):
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    yield block["intent"], line.strip()[2:]


def examples(path: Path) -> Iterator[Tuple[str, str]]:
    """(intent, text) of every example of a Rasa NLU file."""
    yield from _blocks(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


def _heldout_half(data) -> Iterator[Tuple[str, str]]:
    """The held-out half of tests/real_questions.yml: its questions whose `split` is `heldout`."""
    for item in (data or {}).get("questions") or []:
        if isinstance(item, dict) and item.get("split") == "heldout" and isinstance(item.get("text"), str):
            yield item.get("label", ""), item["text"]


def heldout(root: Path = ROOT) -> List[Tuple[str, str]]:
    """(intent, text) of every held-out question: tests/nlu_holdout.yml and, when present, the
    ``heldout`` half of tests/real_questions.yml."""
    found: List[Tuple[str, str]] = []
    holdout = Path(root) / HOLDOUT_FILES[0]
    if holdout.exists():
        found += list(examples(holdout))
    real = Path(root) / HOLDOUT_FILES[1]
    if real.exists():
        found += list(_heldout_half(yaml.safe_load(real.read_text(encoding="utf-8"))))
    return found


def similar(a: str, b: str, threshold: float = NEAR) -> bool:
    """Whether two keys are the same question up to a few characters."""
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold \
        and matcher.ratio() >= threshold


def leaked(text: str, heldout_keys: Iterable[str]) -> bool:
    """Whether ``text`` is, or nearly is, one of the held-out questions."""
    mine = key(text)
    return any(similar(mine, other) for other in heldout_keys)


def training_keys(paths: Iterable[Path]) -> Set[str]:
    return {key(text) for path in paths for _, text in examples(path)}

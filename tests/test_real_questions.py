"""The corpus of real questions (tests/real_questions.yml): its shape, its split, and no leak of
its held-out half into the training data. No model needed."""
from collections import Counter

import pytest
import yaml

from conftest import ROOT, SHARED
from ops.evaluation.split_real_questions import in_training, training_keys  # the split's own comparison
from ops.nlu_data import examples, key, similar

PATH = ROOT / "tests" / "real_questions.yml"
QUESTIONS = yaml.safe_load(PATH.read_text(encoding="utf-8"))["questions"]
SPLITS = {"dev", "heldout"}


def test_at_least_300_questions():
    assert len(QUESTIONS) >= 300


def test_ids_are_unique_and_sorted():
    ids = [q["id"] for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)


def test_no_question_twice():
    keys = Counter(key(q["text"]) for q in QUESTIONS)
    assert [k for k, n in keys.items() if n > 1] == []


def test_every_label_is_a_topic_or_out_of_scope():
    path = SHARED / "faq_topics.yml"
    if not path.exists():
        pytest.skip("../shared/faq_topics.yml is not beside the project")
    # Every id of the contract, the calculators (no must_say) included, and the project's own topics
    # added from the corpus's clusters (bot/topics.py).
    from bot.topics import TOPIC_TITLES

    ids = {t["id"] for t in yaml.safe_load(path.read_text(encoding="utf-8"))["topics"]} | set(TOPIC_TITLES)
    assert [q["id"] for q in QUESTIONS if q["label"] not in ids | {"out_of_scope"}] == []


def test_out_of_scope_questions_have_a_cluster_and_in_domain():
    for q in QUESTIONS:
        if q["label"] == "out_of_scope":
            assert isinstance(q.get("cluster"), str) and q["cluster"], q["id"]
            assert isinstance(q.get("in_domain"), bool), q["id"]
        elif "cluster" in q:
            # A cluster that became a topic keeps its name: the topic was added for it.
            assert q.get("in_domain") is True, q["id"]
        else:
            assert "in_domain" not in q, q["id"]


def test_every_question_has_text_and_an_http_source():
    for q in QUESTIONS:
        assert isinstance(q["text"], str) and 0 < len(q["text"].strip()) <= 400, q["id"]
        assert q["source"].startswith(("http://", "https://")), q["id"]


def test_both_splits_are_present_and_balanced():
    counts = Counter(q.get("split") for q in QUESTIONS)
    assert set(counts) == SPLITS
    assert abs(counts["dev"] - counts["heldout"]) <= 0.1 * len(QUESTIONS)


def test_no_held_out_question_nor_a_near_copy_is_in_the_training_data():
    train = training_keys()
    leaked = [q["text"] for q in QUESTIONS if q["split"] == "heldout" and in_training(q["text"], train)]
    assert leaked == []


def test_the_review_tool_refuses_the_real_held_out_half_too():
    from ops.nlu_data import heldout

    held = {text for _, text in heldout()}
    data = yaml.safe_load((ROOT / "tests" / "real_questions.yml").read_text(encoding="utf-8"))
    real_heldout = [q["text"] for q in data["questions"] if q["split"] == "heldout"]
    assert real_heldout and all(text in held for text in real_heldout)


# --- Real questions harvested as training examples (tests/real_questions_harvested.yml) -------------

HARVESTED = yaml.safe_load((ROOT / "tests" / "real_questions_harvested.yml").read_text(encoding="utf-8"))["questions"]


def test_every_harvested_question_is_a_training_example_of_its_label():
    train = {}
    for intent, text in examples(ROOT / "data" / "nlu.yml"):
        train.setdefault(key(text), intent)
    assert len(HARVESTED) >= 100
    assert [q["text"] for q in HARVESTED if train.get(key(q["text"])) != q["label"]] == []


def test_no_harvested_question_comes_from_a_held_out_page_or_nearly_copies_a_held_out_question():
    held_pages = {q["source"].rstrip("/") for q in QUESTIONS if q["split"] == "heldout"}
    held = [key(q["text"]) for q in QUESTIONS if q["split"] == "heldout"]
    assert [q["source"] for q in HARVESTED if q["source"].rstrip("/") in held_pages] == []
    assert [q["text"] for q in HARVESTED if any(similar(key(q["text"]), h, 0.7) for h in held)] == []

"""Training data and held-out set: coverage per topic, and no leak between them."""
from collections import Counter

from conftest import ROOT
# The same reading and comparison as the review of unanswered questions (make review).
from ops.nlu_data import examples, key


TRAIN = list(examples(ROOT / "data" / "nlu.yml"))
HOLDOUT = list(examples(ROOT / "tests" / "nlu_holdout.yml"))


def test_every_topic_has_at_least_25_training_examples(faq_topics):
    counts = Counter(intent for intent, _ in TRAIN)
    for topic in faq_topics:
        assert counts[topic["id"]] >= 25, topic["id"]
    assert counts["out_of_scope"] >= 60


def test_every_topic_has_at_least_5_held_out_questions(faq_topics):
    counts = Counter(intent for intent, _ in HOLDOUT)
    for topic in faq_topics:
        assert counts[topic["id"]] >= 5, topic["id"]


def test_no_held_out_question_is_in_the_training_data():
    train = {key(text) for _, text in TRAIN}
    leaked = [text for _, text in HOLDOUT if key(text) in train]
    assert leaked == []


def test_no_training_example_has_two_intents():
    seen = {}
    for intent, text in TRAIN:
        assert seen.setdefault(key(text), intent) == intent, text


def test_every_stop_example_says_stop():
    # components/situation_question.py drops a stop reading without a word of stopping (« je veux faire un calcul »).
    from bot.dialogue import says_stop
    stops = [text for intent, text in examples(ROOT / "data" / "nlu.yml") if intent == "stop"]
    assert len(stops) > 20 and [text for text in stops if not says_stop(text)] == []

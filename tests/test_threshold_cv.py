"""The rule that picks the fallback thresholds (ops/evaluation/threshold_cv.py), on made-up
cross-validation rows: (threshold, ambiguity, real dev measures, training measures)."""
from ops.evaluation.threshold_cv import choose


def row(threshold, right, wrong_topic, training_right, ambiguity=0.0):
    return (threshold, ambiguity, {"right": right, "wrong_topic": wrong_topic}, {"right": training_right})


def test_the_most_right_answers_among_those_under_5_percent_wrong_topic():
    rows = [row(0.0, 0.80, 0.12, 0.76), row(0.2, 0.79, 0.05, 0.755), row(0.3, 0.78, 0.04, 0.75)]
    assert choose(rows)[0] == 0.2


def test_a_threshold_that_sends_the_covered_questions_to_the_fallback_is_not_taken():
    # 0.6 reaches 4 % wrong-topic answers, but gives up 15 points of the training examples.
    rows = [row(0.0, 0.755, 0.138, 0.764), row(0.25, 0.767, 0.113, 0.749), row(0.6, 0.742, 0.044, 0.608)]
    assert choose(rows)[0] == 0.25


def test_ties_go_to_the_training_examples_then_the_lower_threshold():
    rows = [row(0.0, 0.70, 0.10, 0.76), row(0.25, 0.77, 0.10, 0.75), row(0.3, 0.77, 0.09, 0.75),
            row(0.35, 0.77, 0.09, 0.749)]
    assert choose(rows)[0] == 0.25

"""The rule that picks the fallback thresholds (ops/evaluation/threshold_cv.py), on made-up
cross-validation rows: (threshold, ambiguity, real dev measures, training measures, out-of-scope ratio)."""
from ops.evaluation.threshold_cv import choose


def row(threshold, right, wrong_topic, training_right, ambiguity=0.0, ratio=1.0):
    return (threshold, ambiguity, {"right": right, "wrong_topic": wrong_topic}, {"right": training_right}, ratio)


def test_the_most_right_answers_among_those_under_5_percent_wrong_topic():
    rows = [row(0.0, 0.80, 0.12, 0.76), row(0.2, 0.79, 0.05, 0.755), row(0.3, 0.78, 0.04, 0.75)]
    assert choose(rows)[0] == 0.2


def test_a_threshold_that_sends_the_covered_questions_to_the_fallback_is_not_taken():
    # 0.6 reaches 4 % wrong-topic answers, but gives up 15 points of the training examples.
    rows = [row(0.0, 0.755, 0.138, 0.764), row(0.25, 0.767, 0.113, 0.749), row(0.6, 0.742, 0.044, 0.608)]
    assert choose(rows)[0] == 0.25


def test_ties_go_to_the_training_examples_then_the_lower_threshold():
    rows = [row(0.0, 0.70, 0.10, 0.76), row(0.25, 0.77, 0.10, 0.75), row(0.3, 0.77, 0.10, 0.75),
            row(0.35, 0.77, 0.10, 0.749)]
    assert choose(rows)[0] == 0.25


def test_above_5_percent_a_wrong_topic_costs_twice_what_a_right_answer_gains():
    # Three right answers more are not worth two wrong topics more (80 - 2 x 10 < 77 - 2 x 8).
    rows = [row(0.15, 0.80, 0.10, 0.76, ratio=0.5), row(0.15, 0.77, 0.08, 0.755, ratio=0.35)]
    assert choose(rows)[4] == 0.35


def test_the_out_of_scope_ratio_that_silences_wrong_topics_is_taken():
    # The out-of-scope ratio of 0.4 gives up half a point of right answers for 2.6 points fewer
    # wrong topics; 0.2 gives up too many training examples.
    rows = [row(0.2, 0.812, 0.104, 0.763), row(0.2, 0.807, 0.078, 0.756, ratio=0.4),
            row(0.2, 0.755, 0.052, 0.733, ratio=0.2)]
    assert choose(rows)[4] == 0.4

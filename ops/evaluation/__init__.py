"""Evaluations of the trained assistant, each `python -m ops.evaluation.<name>`: nlu (make eval-nlu),
entities (make eval-entities), threshold_cv (the fallback threshold), split_real_questions."""

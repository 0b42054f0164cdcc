"""The calculator's value extraction on held-out annotated messages (tests/entities_holdout.yml).

The parser is deterministic: these floors catch regressions; the per-field
report is written by `python -m ops.evaluation.entities` (reports/entities.md).
"""

import yaml

from conftest import ROOT
from ops.evaluation.entities import evaluate

EXAMPLES = yaml.safe_load((ROOT / "tests" / "entities_holdout.yml").read_text(encoding="utf-8"))["examples"]


def test_there_are_at_least_40_annotated_messages_covering_every_field():
    assert len(EXAMPLES) >= 40
    fields = {name for example in EXAMPLES for name in (example.get("expected") or {})}
    assert {"sessions", "act", "price", "mutuelle", "domicile", "prise_en_charge_100", "regime",
            "conventionne", "hors_nomenclature", "depassement", "age"} <= fields


def test_extraction_precision_and_recall():
    scores, errors = evaluate(EXAMPLES)
    overall = scores["(all fields)"]
    assert overall["precision"] >= 0.95, errors
    assert overall["recall"] >= 0.95, errors
    for name in ("sessions", "price", "mutuelle", "prise_en_charge_100", "domicile"):
        assert scores[name]["recall"] >= 0.9, (name, errors)

"""The parameter file: every value dated and sourced; a new tariff step is a data-only change."""
import datetime as dt

import pytest
import yaml

from bot.calculator import calculate
from bot.parameters import DEFAULT_FILE, ParameterError, Parameters, default_parameters


def all_steps(node, path=""):
    if isinstance(node, list) and node and isinstance(node[0], dict) and "from" in node[0]:
        for step in node:
            yield path, step
    elif isinstance(node, dict):
        for key, child in node.items():
            yield from all_steps(child, f"{path}.{key}" if path else key)


def test_every_step_has_a_date_a_status_and_a_source_url():
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    steps = list(all_steps(data))
    assert len(steps) > 40
    for path, step in steps:
        assert isinstance(step["from"], dt.date), path
        assert step.get("status", "in_force") in ("in_force", "scheduled", "uncertain"), path
        assert step["source"].startswith("http"), path


def test_lookup_by_date_returns_the_step_with_its_period():
    step = default_parameters().at("lettre_cle.metropole", dt.date(2020, 5, 1))
    assert str(step.value) == "2.15"
    assert step.start == dt.date(2012, 7, 15) and step.end == dt.date(2024, 2, 21)


def test_unknown_parameter_and_too_early_date_are_errors():
    params = default_parameters()
    with pytest.raises(ParameterError):
        params.at("lettre_cle.lune", dt.date(2020, 1, 1))
    with pytest.raises(ParameterError):
        params.at("lettre_cle.metropole", dt.date(2000, 1, 1))


def test_a_new_tariff_step_is_a_data_only_change(tmp_path):
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    data["lettre_cle"]["metropole"]["steps"].append(
        {"from": dt.date(2030, 1, 1), "value": "2.50", "status": "scheduled",
         "source": "https://www.example.org/avenant-futur"})
    path = tmp_path / "tarifs.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    params = Parameters.load(path)
    before = calculate({"act": "membre", "date": "2029-12-31"}, params)
    after = calculate({"act": "membre", "date": "2030-01-01"}, params)
    assert before["per_session"][0]["price"] == 18.56  # 8,4 × 2,21
    assert after["per_session"][0]["price"] == 21.00   # 8,4 × 2,50
    assert any("2.50" == p["value"] and p["status"] == "scheduled" for p in after["parameters"])
    assert any("non confirmée" in w and "2,5" in w for w in after["warnings"])


def test_malformed_parameter_file_is_refused(tmp_path):
    data = yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))
    del data["franchise"]["par_acte"]["steps"][0]["source"]
    path = tmp_path / "tarifs.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ParameterError):
        Parameters.load(path)

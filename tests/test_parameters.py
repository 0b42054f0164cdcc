"""The parameter files: every value dated, with its unit, its legal reference, its source and the
date it was verified; a new tariff step is a data-only change; malformed files are refused."""
import datetime as dt
import shutil

import pytest
import yaml

from bot.calculator import calculate
from bot.parameters import (DEFAULT_DIR, DEFAULT_FILE, STATUSES, UNITS, ParameterError, Parameters,
                            default_parameters, iter_step_lists)


def load_tarifs():
    return yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))


def test_every_step_has_a_unit_a_date_a_status_a_reference_a_source_and_a_verification_date():
    lists = list(iter_step_lists(load_tarifs()))
    assert sum(len(steps) for *_, steps in lists) > 60
    for name, unit, observation, steps in lists:
        assert unit in UNITS, name
        for step in steps:
            assert isinstance(step["from"], dt.date), name
            assert step["status"] in STATUSES, name
            assert step["source"].startswith("http"), name
            assert isinstance(step["verified"], dt.date), name
            assert observation or step["reference"].strip(), name


def test_no_user_readable_text_says_a_url_was_lost():
    text = DEFAULT_FILE.read_text(encoding="utf-8").lower()
    assert "non conservée" not in text and "not kept" not in text


def test_the_ik_deduction_is_the_ngap_article_13_text_and_in_force():
    params = default_parameters()
    step = params.at("domicile.ik.plaine.abattement_km", dt.date(2026, 12, 1))
    assert step.status == "in_force" and "art. 13" in step.reference and step.unit == "km"
    assert params.at("domicile.cumul_ik_ifd", dt.date(2026, 12, 1)).value is True


def test_lookup_by_date_returns_the_step_with_its_period_and_unit():
    step = default_parameters().at("lettre_cle.metropole", dt.date(2020, 5, 1))
    assert str(step.value) == "2.15" and step.unit == "EUR"
    assert step.start == dt.date(2012, 7, 15) and step.end == dt.date(2024, 2, 21)
    assert "Avenant n° 3" in step.reference and step.verified == dt.date(2026, 12, 5)


def test_unknown_parameter_and_too_early_date_are_errors():
    params = default_parameters()
    with pytest.raises(ParameterError):
        params.at("lettre_cle.lune", dt.date(2020, 1, 1))
    with pytest.raises(ParameterError):
        params.at("lettre_cle.metropole", dt.date(2000, 1, 1))


def test_a_new_tariff_step_is_a_data_only_change(tmp_path):
    data = load_tarifs()
    data["lettre_cle"]["metropole"]["steps"].append(
        {"from": dt.date(2030, 1, 1), "value": "2.50", "status": "scheduled", "verified": dt.date(2029, 6, 1),
         "reference": "Avenant futur", "source": "https://www.example.org/avenant-futur"})
    path = tmp_path / "tarifs.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    params = Parameters.load(path)
    before = calculate({"act": "membre", "date": "2029-12-31"}, params)
    after = calculate({"act": "membre", "date": "2030-01-01"}, params)
    assert before["per_session"][0]["price"] == 18.56  # 8,4 × 2,21
    assert after["per_session"][0]["price"] == 21.00   # 8,4 × 2,50
    assert any("2.50" == p["value"] and p["status"] == "scheduled" for p in after["parameters"])
    assert any("non confirmée" in w and "2,5" in w for w in after["warnings"])


def test_the_loader_reads_every_yml_file_of_the_directory(tmp_path):
    shutil.copy(DEFAULT_FILE, tmp_path / "tarifs.yml")
    (tmp_path / "autres.yml").write_text(
        "exemple:\n  seuil:\n    label: un seuil\n    unit: EUR\n    steps:\n"
        "      - {from: 2020-01-01, value: '5', status: in_force, verified: 2026-12-01,\n"
        "         reference: 'Code, art. 1', source: 'https://example.org/'}\n", encoding="utf-8")
    params = Parameters.load(tmp_path)
    assert str(params.at("exemple.seuil", dt.date(2026, 1, 1)).value) == "5"
    assert params.at("lettre_cle.metropole", dt.date(2026, 1, 1)).value


def test_the_project_loads_the_directory():
    assert DEFAULT_DIR.is_dir() and default_parameters().acts()[0] == "membre"


def _write(tmp_path, text, name="tarifs.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _malformed(tmp_path, change):
    data = load_tarifs()
    change(data)
    return _write(tmp_path, yaml.safe_dump(data, allow_unicode=True))


@pytest.mark.parametrize("change, message", [
    (lambda d: d["franchise"]["par_acte"]["steps"][0].pop("source"), "source"),
    (lambda d: d["franchise"]["par_acte"]["steps"][0].pop("reference"), "reference"),
    (lambda d: d["franchise"]["par_acte"]["steps"][0].pop("verified"), "verified"),
    (lambda d: d["franchise"]["par_acte"]["steps"][0].update(status="probable"), "statut"),
    (lambda d: d["franchise"]["par_acte"]["steps"][0].update(value="un euro"), "nombre"),
    (lambda d: d["franchise"]["par_acte"]["steps"][0].update(verified="hier"), "verified"),
    (lambda d: d["franchise"]["par_acte"]["steps"][0].update(source="pas une url"), "http"),
    (lambda d: d["franchise"]["par_acte"]["steps"][0].update(commentaire="?"), "clé inconnue"),
    (lambda d: d["franchise"].update(unit="euros"), "unité"),
    (lambda d: d["actes"]["membre"]["ifs"]["steps"][0].update(value="oui"), "true ou false"),
])
def test_malformed_parameter_file_is_refused(tmp_path, change, message):
    with pytest.raises(ParameterError) as error:
        Parameters.load(_malformed(tmp_path, change))
    assert message in str(error.value)


def test_a_key_defined_twice_in_one_file_is_refused(tmp_path):
    text = DEFAULT_FILE.read_text(encoding="utf-8") + "\ndevis:\n  seuil: {}\n"
    with pytest.raises(ParameterError) as error:
        Parameters.load(_write(tmp_path, text))
    assert "devis" in str(error.value)


def test_a_top_level_key_defined_in_two_files_is_refused(tmp_path):
    shutil.copy(DEFAULT_FILE, tmp_path / "tarifs.yml")
    _write(tmp_path, "devis:\n  seuil:\n    label: doublon\n", name="reponses.yml")
    with pytest.raises(ParameterError) as error:
        Parameters.load(tmp_path)
    assert "devis" in str(error.value) and "déjà défini" in str(error.value)


def test_a_market_observation_needs_no_reference_but_a_source(tmp_path):
    ok = ("obs:\n  observation: true\n  unit: EUR\n  prix:\n    label: prix observé\n    steps:\n"
          "      - {from: 2024-01-01, value: '50', status: in_force, verified: 2026-02-15, source: 'https://example.org/'}\n")
    assert Parameters.load(_write(tmp_path, ok, "obs.yml"))
    with pytest.raises(ParameterError):
        Parameters.load(_write(tmp_path, ok.replace(", source: 'https://example.org/'", ""), "obs.yml"))
    with pytest.raises(ParameterError):
        Parameters.load(_write(tmp_path, ok.replace("  observation: true\n", ""), "obs.yml"))

"""`make check-facts`: malformed parameters and literal figures in answers fail; stale figures warn."""
import datetime as dt
import subprocess
import sys

import pytest

from bot.check_facts import literal_figures, main, months_before, run
from bot.parameters import DEFAULT_FILE

TODAY = dt.date(2026, 12, 1)
PARAM = """\
exemple:
  seuil:
    label: un seuil
    unit: EUR
    steps:
      - {{from: {start}, value: "70", status: {status}, verified: {verified},
         reference: "Arrêté, art. 1", source: "https://example.org/"}}
"""
DOMAIN = """\
version: "3.1"
responses:
  utter_prix:
  - text: "{text}"
  utter_ask_calc_mutuelle:
  - text: "Par exemple « 200 % » ou « 25 € par séance »."
"""


def project(tmp_path, *, param=None, answer="La séance vaut {{tarif_seance}}.", start="2020-01-01",
            status="in_force", verified="2026-11-01"):
    params = tmp_path / "parameters"
    params.mkdir()
    (params / "exemple.yml").write_text(
        param if param is not None else PARAM.format(start=start, status=status, verified=verified),
        encoding="utf-8")
    domain = tmp_path / "domain.yml"
    domain.write_text(DOMAIN.format(text=answer), encoding="utf-8")
    return dict(parameters=params, domain=domain, data=tmp_path / "data")


def test_a_clean_project_passes_without_warning(tmp_path):
    report = run(TODAY, **project(tmp_path))
    assert report.ok and report.warnings == []


def test_a_malformed_parameter_file_fails(tmp_path):
    report = run(TODAY, **project(tmp_path, param="exemple:\n  seuil:\n    label: x\n    steps:\n"
                                                   "      - {from: 2020-01-01, value: '70'}\n"))
    assert not report.ok and "paramètres mal formés" in report.errors[0]


@pytest.mark.parametrize("text", [
    "La séance vaut 17,90 €.",
    "La séance vaut 17,90\u00a0€.",          # no-break space
    "La séance vaut 17,90\u202f€.",          # narrow no-break space
    "La séance vaut 17,90\u200b€.",          # zero-width space
    "La séance vaut 17,90 euros.",
    "La séance vaut 17.90 EUR.",
    "La séance vaut € 17,90.",
    "Remboursé à 60\u00a0%.",
    "Remboursé à 60 pour cent.",
    "Remboursé à ６０％.",                    # full-width digits and sign
])
def test_an_answer_quoting_a_literal_figure_fails(tmp_path, text):
    report = run(TODAY, **project(tmp_path, answer=text))
    assert not report.ok
    assert "utter_prix" in report.errors[0]


@pytest.mark.parametrize("text", [
    "La séance vaut {tarif_seance}, remboursée à {taux_amo}.",
    "Article L.4321-1 du code de la santé publique, avenant 7, loi n° 2025-1044.",
    "Au-delà de 2 km en plaine, 10 séances, le 6e mois.",
])
def test_numbers_that_are_not_figures_pass(tmp_path, text):
    assert run(TODAY, **project(tmp_path, answer=text)).ok


def test_the_forms_questions_may_show_example_amounts(tmp_path):
    assert literal_figures("Par exemple « 200 % » ou « 25 € par séance ».") == ["200 %", "25 €"]
    assert run(TODAY, **project(tmp_path)).ok  # utter_ask_calc_mutuelle holds them


def test_responses_files_under_data_are_checked_too(tmp_path):
    paths = project(tmp_path)
    paths["data"].mkdir()
    (paths["data"] / "responses_faq.yml").write_text('responses:\n  utter_x:\n  - text: "60 %"\n', encoding="utf-8")
    report = run(TODAY, **paths)
    assert not report.ok and "responses_faq.yml" in report.errors[0]


def test_a_step_verified_more_than_six_months_ago_warns(tmp_path):
    report = run(TODAY, **project(tmp_path, verified="2026-05-31"))
    assert report.ok
    assert len(report.warnings) == 1 and "exemple.seuil" in report.warnings[0] and "6 mois" in report.warnings[0]
    (tmp_path / "fresh").mkdir()
    assert run(TODAY, **project(tmp_path / "fresh", verified="2026-06-01")).warnings == []


def test_a_scheduled_step_whose_date_passed_warns(tmp_path):
    report = run(TODAY, **project(tmp_path, start="2026-05-28", status="scheduled"))
    assert report.ok and any("prévue du 2026-05-28" in w for w in report.warnings)


def test_a_scheduled_step_still_ahead_does_not_warn(tmp_path):
    report = run(TODAY, **project(tmp_path, start="2027-07-01", status="scheduled"))
    assert report.warnings == []


def test_six_months_before():
    assert months_before(TODAY, 6) == dt.date(2026, 6, 1)
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)


def test_the_project_parameters_pass_and_the_ter_step_is_confirmed():
    report = run(TODAY, parameters=DEFAULT_FILE.parent, domain=DEFAULT_FILE.parent / "absent.yml",
                 data=DEFAULT_FILE.parent / "absent")
    assert report.ok, report.errors
    # The TER 9,8 of 28/05/2026 was flagged as passed without confirmation until the NGAP in force on 21/06/2026
    # (TER 9,79 / 9,81) was read.
    assert not any("sans confirmation" in w for w in report.warnings)


def test_command_line_exit_status(tmp_path):
    paths = project(tmp_path, answer="17,90 €")
    args = ["--today", "2026-12-01", "--parameters", str(paths["parameters"]), "--domain", str(paths["domain"]),
            "--data", str(paths["data"])]
    assert main(args) == 1
    result = subprocess.run([sys.executable, "-m", "bot.check_facts", *args], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1 and "ERROR" in result.stderr and "17,90 €" in result.stderr

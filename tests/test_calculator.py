"""Golden cases of the reimbursement calculator, with the euros written out.

Dates pin the tariffs: 2,15 € key letter until 21/02/2024, 2,21 € from
22/02/2024; franchise 0,50 € until 30/03/2024, 1 € from 31/03/2024; basic act
7,5 until 31/12/2025, 8,1 from 01/01/2026 (../shared/facts.md).
"""
import datetime as dt
from decimal import Decimal

import pytest

from bot.calculator import CalculatorInputError, calculate, compute, explain_fr

D = Decimal


def totals(request):
    return {k: D(str(v)).quantize(D("0.01")) for k, v in calculate(request)["total"].items()}


def session(request, index=0):
    return {k: D(str(v)).quantize(D("0.01")) for k, v in calculate(request)["per_session"][index].items()
            if k in ("price", "base", "amo", "franchise", "mutuelle", "patient")}


def euros(**values):
    return {k: D(v) for k, v in values.items()}


# -- Examples of the reference articles ----------------------------------------
def test_basic_session_at_2_15_is_16_13():
    assert session({"act": "membre", "date": "2023-06-01"}) == euros(
        price="16.13", base="16.13", amo="9.68", franchise="0.50", mutuelle="0.00", patient="6.95")


def test_25_40_session_is_reimbursed_15_24_before_franchise():
    assert session({"price": 25.40, "date": "2025-06-01"}) == euros(
        price="25.40", base="25.40", amo="15.24", franchise="1.00", mutuelle="0.00", patient="11.16")


def test_ten_sessions_at_80_at_a_non_conventionne_cost_800():
    result = calculate({"sessions": 10, "price": 80, "conventionne": False, "date": "2026-03-01"})
    assert totals({"sessions": 10, "price": 80, "conventionne": False, "date": "2026-03-01"}) == euros(
        price="800.00", base="0.00", amo="0.00", franchise="0.00", mutuelle="0.00", patient="800.00")
    assert any("tarif d'autorité" in w for w in result["warnings"])
    assert any("Devis écrit obligatoire" in w for w in result["warnings"])


def test_twelve_sessions_at_80_with_a_300_forfait_leave_660():
    request = {"sessions": 12, "price": 80, "conventionne": False, "mutuelle": {"annual": 300}, "date": "2026-03-01"}
    assert totals(request) == euros(price="960.00", base="0.00", amo="0.00", franchise="0.00",
                                    mutuelle="300.00", patient="660.00")
    per_session = calculate(request)["per_session"]
    assert [s["mutuelle"] for s in per_session[:5]] == [80, 80, 80, 60, 0]


def test_ten_sessions_at_90_with_a_250_forfait_leave_650():
    request = {"sessions": 10, "price": 90, "conventionne": False, "mutuelle": {"annual": 250}, "date": "2026-03-01"}
    assert totals(request)["patient"] == D("650.00")
    assert totals(request)["mutuelle"] == D("250.00")


def test_ten_sessions_at_17_90_with_a_mutuelle_at_100_percent_cost_the_franchise_only():
    request = {"sessions": 10, "price": 17.90, "mutuelle": {"br_percent": 100}, "date": "2026-03-01"}
    assert totals(request) == euros(price="179.00", base="179.00", amo="107.40", franchise="10.00",
                                    mutuelle="71.60", patient="10.00")


# -- Date boundaries -------------------------------------------------------------
@pytest.mark.parametrize("date, price", [
    ("2024-02-21", "16.13"),  # 7,5 × 2,15
    ("2024-02-22", "16.58"),  # 7,5 × 2,21 = 16,575, rounded half-up
    ("2025-12-31", "16.58"),
    ("2026-01-01", "17.90"),  # 8,1 × 2,21 = 17,901
])
def test_price_of_the_basic_act_changes_on_its_dates(date, price):
    assert session({"act": "membre", "date": date})["price"] == D(price)


@pytest.mark.parametrize("date, franchise", [("2024-03-30", "0.50"), ("2024-03-31", "1.00")])
def test_franchise_doubles_on_31_march_2024(date, franchise):
    assert session({"act": "membre", "date": date})["franchise"] == D(franchise)


def test_rounding_of_16_575_is_flagged():
    result = calculate({"act": "membre", "date": "2025-01-10"})
    assert any("16,575" in w for w in result["warnings"])


# -- Régimes and prises en charge -------------------------------------------------
def test_alsace_moselle_reimburses_90_percent():
    assert session({"act": "membre", "regime": "alsace_moselle", "date": "2026-03-01"}) == euros(
        price="17.90", base="17.90", amo="16.11", franchise="1.00", mutuelle="0.00", patient="2.79")


def test_ald_with_a_depassement_leaves_the_depassement_and_the_franchise():
    request = {"act": "membre", "prise_en_charge_100": "ald", "depassement": 10, "date": "2026-03-01"}
    assert session(request) == euros(
        price="27.90", base="17.90", amo="17.90", franchise="1.00", mutuelle="0.00", patient="11.00")


def test_css_is_exempt_of_franchise_and_forbids_depassements():
    result = calculate({"act": "membre", "prise_en_charge_100": "css", "depassement": 5, "date": "2026-03-01"})
    assert result["per_session"][0]["franchise"] == 0
    assert result["per_session"][0]["amo"] == 17.90
    assert any("Dépassement interdit" in w for w in result["warnings"])


def test_maternite_and_ame_are_exempt_of_franchise():
    for case in ("maternite", "ame"):
        assert session({"act": "membre", "prise_en_charge_100": case, "date": "2026-03-01"})["patient"] == D("0.00")


def test_a_minor_pays_no_franchise():
    assert session({"act": "membre", "age": 12, "date": "2026-03-01"}) == euros(
        price="17.90", base="17.90", amo="10.74", franchise="0.00", mutuelle="0.00", patient="7.16")


def test_an_adult_of_18_pays_the_franchise():
    assert session({"act": "membre", "age": 18, "date": "2026-03-01"})["franchise"] == D("1.00")


def test_annual_franchise_cap_stops_the_franchise():
    request = {"sessions": 5, "act": "membre", "franchise_already_paid": 47, "date": "2026-03-01"}
    result = calculate(request)
    assert [s["franchise"] for s in result["per_session"]] == [1, 1, 1, 0, 0]
    assert any("Plafond annuel" in w for w in result["warnings"])


def test_drom_key_letter():
    assert session({"act": "membre", "drom": True, "date": "2026-03-01"}) == euros(
        price="19.68", base="19.68", amo="11.81", franchise="1.00", mutuelle="0.00", patient="8.87")


# -- Mutuelle ---------------------------------------------------------------------
@pytest.mark.parametrize("percent, patient_without_de, patient_with_de", [
    (100, "1.00", "11.00"),
    (150, "1.00", "2.05"),   # 150 % of 17,90 = 26,85; minus 10,74 = 16,11 for the mutuelle
    (200, "1.00", "1.00"),   # up to 35,80 in all: covers the 10 € dépassement
    (300, "1.00", "1.00"),
])
def test_mutuelle_percent_of_the_base(percent, patient_without_de, patient_with_de):
    base = {"act": "membre", "mutuelle": {"br_percent": percent}, "date": "2026-03-01"}
    assert session(base)["patient"] == D(patient_without_de)
    assert session({**base, "depassement": 10})["patient"] == D(patient_with_de)


def test_mutuelle_at_200_percent_pays_25_06_at_most():
    assert session({"act": "membre", "depassement": 40, "mutuelle": {"br_percent": 200},
                    "date": "2026-03-01"})["mutuelle"] == D("25.06")


def test_mutuelle_per_session_never_pays_more_than_what_is_left():
    assert session({"price": 80, "conventionne": False, "mutuelle": {"per_session": 30},
                    "date": "2026-03-01"})["mutuelle"] == D("30.00")
    assert session({"act": "membre", "mutuelle": {"per_session": 30}, "date": "2026-03-01"})["mutuelle"] == D("7.16")


def test_percent_contract_pays_nothing_on_hors_nomenclature():
    result = calculate({"price": 40, "hors_nomenclature": True, "mutuelle": {"br_percent": 300}, "date": "2026-03-01"})
    assert result["total"]["patient"] == 40
    assert any("base est nulle" in w for w in result["warnings"])
    assert any("hors nomenclature" in w for w in result["warnings"])


# -- Home visits ------------------------------------------------------------------
def test_home_visit_adds_the_ifd():
    assert session({"act": "membre", "domicile": True, "date": "2026-03-01"}) == euros(
        price="20.40", base="20.40", amo="12.24", franchise="1.00", mutuelle="0.00", patient="9.16")


def test_home_visit_beyond_2_km_in_plaine_pays_kilometric_allowances_instead():
    # (2 × 5 − 4) km × 0,38 € = 2,28 €
    assert session({"act": "membre", "distance_km": 5, "date": "2026-03-01"})["price"] == D("20.18")


def test_home_visit_in_mountain_beyond_1_km():
    # (2 × 3 − 2) km × 0,61 € = 2,44 €
    assert session({"act": "membre", "distance_km": 3, "zone": "montagne", "date": "2026-03-01"})["price"] == D("20.34")


def test_respiratory_home_visit_gets_the_ifs():
    assert session({"act": "respiratoire", "domicile": True, "date": "2026-03-01"})["price"] == D("21.68")


def test_elderly_walking_gets_the_ifs_only_from_2026():
    assert session({"act": "personne_agee_marche", "domicile": True, "date": "2025-06-01"})["price"] == D("15.76")
    assert session({"act": "personne_agee_marche", "domicile": True, "date": "2026-03-01"})["price"] == D("22.79")


# -- Warnings -----------------------------------------------------------------------
def test_scheduled_value_is_used_and_flagged():
    result = calculate({"act": "plusieurs_territoires", "date": "2026-06-01"})
    assert result["per_session"][0]["price"] == 21.66
    assert any("non confirmée" in w for w in result["warnings"])
    assert any(p["status"] == "scheduled" for p in result["parameters"])


def test_confirmed_values_raise_no_scheduled_warning():
    result = calculate({"act": "membre", "date": "2026-03-01"})
    assert not any("non confirmée" in w for w in result["warnings"])


@pytest.mark.parametrize("sessions, warned", [(6, False), (7, True)])
def test_devis_required_from_70_euros_of_depassements(sessions, warned):
    result = calculate({"sessions": sessions, "act": "membre", "depassement": 10, "date": "2026-03-01"})
    assert any("Devis" in w for w in result["warnings"]) is warned


def test_result_lists_parameters_with_dates_and_sources():
    result = calculate({"act": "membre", "date": "2026-03-01"})
    letter = next(p for p in result["parameters"] if p["name"] == "lettre_cle.metropole")
    assert letter["value"] == "2.21" and letter["from"] == "2024-02-22" and letter["source"].startswith("http")


def test_default_date_is_today():
    assert calculate({})["date"] == dt.date.today().isoformat()


def test_french_explanation_has_the_breakdown_and_the_reminder():
    text = explain_fr(compute({"sessions": 10, "price": 17.90, "mutuelle": {"br_percent": 100}, "date": "2026-03-01"}))
    assert "Prix total : 179,00 €" in text
    assert "Reste à votre charge : 10,00 €" in text
    assert "séances 1 à 10" in text
    assert "mutuelle dépend de votre contrat" in text
    assert "Sources :" in text


# -- Bad input ---------------------------------------------------------------------
@pytest.mark.parametrize("request_, field", [
    ({"sessions": 0}, "sessions"),
    ({"sessions": -3}, "sessions"),
    ({"sessions": 2.5}, "sessions"),
    ({"sessions": "dix"}, "sessions"),
    ({"sessions": 10000}, "sessions"),
    ({"price": 0}, "price"),
    ({"price": -20}, "price"),
    ({"price": 100000}, "price"),
    ({"act": "massage"}, "act"),
    ({"act": "membre", "price": 20}, "price"),
    ({"coefficient": 8.1, "act": "membre"}, "coefficient"),
    ({"regime": "msa"}, "regime"),
    ({"zone": "colline"}, "zone"),
    ({"date": "23/11/2026"}, "date"),
    ({"date": "2026-02-30"}, "date"),
    ({"date": "2001-01-01"}, "date"),
    ({"prise_en_charge_100": "cmu"}, "prise_en_charge_100"),
    ({"mutuelle": {"br_percent": -10}}, "mutuelle"),
    ({"mutuelle": {"percent": 100}}, "mutuelle"),
    ({"mutuelle": 100}, "mutuelle"),
    ({"conventionne": "oui"}, "conventionne"),
    ({"age": 200}, "age"),
    ({"hors_nomenclature": True}, "price"),
    ({"hors_nomenclature": True, "act": "membre"}, "act"),
    ({"franchise_already_paid": 80}, "franchise_already_paid"),
    ({"distance_km": 5, "domicile": False}, "distance_km"),
    ({"sesions": 10}, "sesions"),
])
def test_bad_input_names_the_field_in_french(request_, field):
    with pytest.raises(CalculatorInputError) as error:
        calculate(request_)
    assert error.value.field == field
    assert f"« {field} »" in error.value.message

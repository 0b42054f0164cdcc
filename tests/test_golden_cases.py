"""The calculator's golden cases, kept as data in tests/golden_cases.yml (euros written out)."""
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from bot.calculator import SHARES, calculate

CASES_FILE = Path(__file__).with_name("golden_cases.yml")
CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
CENT = Decimal("0.01")


def amounts(values):
    return {key: Decimal(str(value)).quantize(CENT) for key, value in values.items() if key in SHARES}


def test_every_case_is_well_formed():
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "two golden cases have the same name"
    assert len(CASES) >= 40
    for case in CASES:
        assert set(case) <= {"name", "legal_basis", "request", "expected", "warnings_contain",
                             "warnings_exclude", "assumptions_contain"}, case["name"]
        assert case["legal_basis"].strip(), case["name"]
        assert dt.date.fromisoformat(case["request"]["date"]), case["name"]
        assert case["expected"] and set(case["expected"]) <= {"per_session", "total"}, case["name"]
        for part in case["expected"].values():
            assert part and set(part) <= set(SHARES), case["name"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_golden_case(case):
    result = calculate(case["request"])
    expected = case["expected"]
    if "per_session" in expected:
        got = amounts(result["per_session"][0])
        assert {k: got[k] for k in expected["per_session"]} == amounts(expected["per_session"])
    if "total" in expected:
        got = amounts(result["total"])
        assert {k: got[k] for k in expected["total"]} == amounts(expected["total"])
    warnings = " | ".join(result["warnings"])
    for fragment in case.get("warnings_contain", []):
        assert fragment in warnings, f"{fragment!r} not in warnings: {warnings}"
    for fragment in case.get("warnings_exclude", []):
        assert fragment not in warnings, f"{fragment!r} unexpectedly in warnings: {warnings}"
    assumptions = " | ".join(result["assumptions"])
    for fragment in case.get("assumptions_contain", []):
        assert fragment in assumptions, f"{fragment!r} not in assumptions: {assumptions}"


def test_an_ald_or_an_accident_du_travail_result_says_it_covers_only_the_related_sessions():
    # « 15 séances pour une tendinite, je suis en ALD pour mon diabète »: the result took 100 % without a
    # word that sessions unrelated to the ALD are reimbursed at the usual rate.
    from bot.calculator import compute
    from bot.explain import explain_fr

    ald = explain_fr(compute({"sessions": 15, "act": "membre", "prise_en_charge_100": "ald", "date": "2026-12-01"}))
    assert "séances liées à l'ALD (prise en charge totale) ; sans lien avec elle, taux habituel (60 %)" in ald
    at = explain_fr(compute({"sessions": 15, "act": "membre", "prise_en_charge_100": "at_mp", "regime": "alsace_moselle",
                             "date": "2026-12-01"}))
    assert "séances liées à l'accident du travail ou à la maladie professionnelle (prise en charge totale) ; " \
           "sans lien avec elle, taux habituel (90 %)" in at
    css = explain_fr(compute({"sessions": 15, "act": "membre", "prise_en_charge_100": "css", "date": "2026-12-01"}))
    assert "sans lien" not in css

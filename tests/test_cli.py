"""The command line: JSON with two-decimal amounts, French text, exit 2 without traceback on bad input."""
import json
import subprocess
import sys

import pytest


def run(*args):
    return subprocess.run([sys.executable, "-m", "bot.calculator", *args], capture_output=True, text=True, timeout=60)


def test_json_output_has_totals_per_session_parameters_and_warnings():
    result = run('{"sessions": 2, "act": "membre", "date": "2026-03-01", "mutuelle": {"br_percent": 100}}')
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"] == {"price": 35.8, "base": 35.8, "amo": 21.48, "franchise": 2.0, "mutuelle": 14.32,
                             "patient": 2.0}
    assert len(data["per_session"]) == 2
    assert '"price": 17.90' in result.stdout  # amounts written with two decimals
    assert data["parameters"] and isinstance(data["warnings"], list)


def test_french_output():
    result = run("--fr", '{"sessions": 12, "price": 80, "conventionne": false, "mutuelle": {"annual": 300}}')
    assert result.returncode == 0
    assert "Reste à votre charge : 660,00 €" in result.stdout
    assert "tarif d'autorité" in result.stdout


@pytest.mark.parametrize("args, expected", [
    (['{"sessions": 0}'], "sessions"),
    (['{"price": "abc"}'], "price"),
    (['{"act": "yoga"}'], "act"),
    (['{"act": "membre", "price": 20}'], "price"),
    (['{"regime": "martien"}'], "regime"),
    (['{"date": "hier"}'], "date"),
    (["pas du json"], "JSON"),
    (["[1, 2]"], "objet JSON"),
    ([], "requête JSON"),
    (["--fr", '{"sessions": -1}'], "sessions"),
])
def test_bad_input_exits_2_with_a_french_message_and_no_traceback(args, expected):
    result = run(*args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""

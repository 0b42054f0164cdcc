"""The command line: JSON with two-decimal amounts, French text, exit 2 without traceback on bad input."""
import json
import subprocess
import sys

import pytest


def run(*args):
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, timeout=60)


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
    assert "Reste à votre charge : 960,00 € − 0,00 € (Assurance Maladie) − 300,00 € (mutuelle) = 660,00 €" in result.stdout
    assert "tarif d'autorité" in result.stdout


@pytest.mark.parametrize("args, expected", [
    (['{"sessions": 0}'], "Le nombre de séances"),
    (['{"price": "abc"}'], "Le prix d'une séance"),
    (['{"act": "yoga"}'], "Soin inconnu"),
    (['{"act": "membre", "price": 10, "date": "2026-12-01"}'], "inférieur au tarif conventionné"),
    (['{"regime": "martien"}'], "Le régime d'assurance maladie"),
    (['{"date": "hier"}'], "La date des séances"),
    (["pas du json"], "JSON"),
    (["[1, 2]"], "objet JSON"),
    ([], "requête JSON"),
    (["--fr", '{"sessions": -1}'], "Le nombre de séances ne peut pas être négatif"),
])
def test_bad_input_exits_2_with_a_french_message_and_no_traceback(args, expected):
    result = run(*args)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_the_issue_example_from_the_command_line():
    result = run("--fr", '{"sessions": 10, "price": 25, "date": "2026-12-01", "mutuelle": {"br_percent": 100}}')
    assert result.returncode == 0, result.stderr
    assert "Reste à votre charge : 250,00 € − 97,40 € (Assurance Maladie) − 71,60 € (mutuelle) = 81,00 €" in result.stdout


def test_chat_with_a_port_already_taken_says_so_in_french_without_a_traceback():
    # `make chat` while `make serve` runs: Rasa's « address already in use » traceback, after a minute.
    import os
    import socket
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    with socket.create_server(("", 0)) as taken:
        port = str(taken.getsockname()[1])
        env = {**os.environ, "ACTION_PORT": port, "RASA_PORT": port}
        result = subprocess.run(["bash", str(root / "scripts" / "chat.sh")], cwd=root, env=env,
                                capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert f"Le port {port} est déjà utilisé" in result.stderr and "RASA_PORT=" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout

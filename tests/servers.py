"""The real Rasa server and action server for tests: the package's own (ops/stack/services.py)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List

import requests

from ops.settings import ROOT  # noqa: F401  (re-exported for the tests)
from ops import settings
from ops.stack.services import action_server, free_port, rasa_server  # noqa: F401
from ops.stack.services import isolated_environment as environment  # noqa: F401

# RASA_MODEL lets a test run use another trained model than the project's.
MODEL = Path(settings.get("RASA_MODEL"))
BIN = Path(sys.executable).parent


def say(port: int, sender: str, message: str) -> List[Dict]:
    response = requests.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return response.json()

"""Starts and stops the real Rasa server and action server for tests and benchmarks."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Dict, List

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import services  # noqa: E402  (scripts/services.py)
from services import free_port  # noqa: E402,F401  (re-exported for the tests)

# RASA_MODEL lets a test run use another trained model than the project's.
MODEL = Path(os.environ.get("RASA_MODEL") or ROOT / "models" / "kine.tar.gz")
BIN = Path(sys.executable).parent


class Server(services.Server):
    """A subprocess ready when ``ready_url`` answers below 500 (scripts/services.py)."""

    def __init__(self, name: str, args: List[str], env: Dict[str, str], log_dir: Path, ready_url: str,
                 timeout: float = 180):
        super().__init__(name, args, env, log_dir, services.http_ready(ready_url), timeout)
        self.ready_url = ready_url


def environment(action_port: int, tracker_db: Path) -> Dict[str, str]:
    # scripts/env.sh's defaults, then what isolates a test: its own ports and database,
    # one process (in-memory locks) whatever the developer's shell says.
    return services.project_environment(
        ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
        TRACKER_STORE_URL=f"sqlite:///{tracker_db}", TRACKER_SPOOL_DIR=str(tracker_db.parent / "spool"),
        LOCK_STORE_TYPE="in_memory", REDIS_HOST="localhost", REDIS_PORT="6379", REDIS_DB="1")


def action_server(log_dir: Path, env: Dict[str, str], port: int) -> Server:
    return Server("action-server", [str(BIN / "rasa"), "run", "actions", "--port", str(port), "--actions", "actions"],
                  env, log_dir, f"http://127.0.0.1:{port}/health")


def rasa_server(log_dir: Path, env: Dict[str, str], port: int, extra_args: List[str] = (),
                name: str = "rasa-server") -> Server:
    # scripts/rasa_with_token.py: RASA_AUTH_TOKEN from the environment, never on the command line.
    return Server(name, [str(BIN / "python"), str(ROOT / "scripts" / "rasa_with_token.py"), "run", "--model",
                         str(MODEL), "--port", str(port),
                         "--credentials", "credentials.yml", "--endpoints", "endpoints.yml", *extra_args],
                  env, log_dir, f"http://127.0.0.1:{port}/webhooks/rest/")


def say(port: int, sender: str, message: str) -> List[Dict]:
    response = requests.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return response.json()

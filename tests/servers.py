"""Starts and stops the real Rasa server and action server for tests and benchmarks."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

import requests

ROOT = Path(__file__).resolve().parents[1]
# RASA_MODEL lets a test run use another trained model than the project's.
MODEL = Path(os.environ.get("RASA_MODEL") or ROOT / "models" / "kine.tar.gz")
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A subprocess with its log file, stopped with SIGTERM (then SIGKILL)."""

    def __init__(self, name: str, args: List[str], env: Dict[str, str], log_dir: Path, ready_url: str,
                 timeout: float = 180):
        self.name, self.args, self.env, self.ready_url, self.timeout = name, args, env, ready_url, timeout
        self.log_path = log_dir / f"{name}.log"
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> "Server":
        log = open(self.log_path, "a", encoding="utf-8")
        self.process = subprocess.Popen(self.args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            try:
                if requests.get(self.ready_url, timeout=2).status_code < 500:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} not ready after {self.timeout}s:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""


def environment(action_port: int, tracker_db: Path) -> Dict[str, str]:
    env = dict(os.environ)
    env.update({
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
        "TRACKER_STORE_URL": f"sqlite:///{tracker_db}",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "RASA_TELEMETRY_ENABLED": "false",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
    })
    for name in ("TELEGRAM_TOKEN", "TELEGRAM_SECRET_TOKEN", "TELEGRAM_API_BASE_URL"):
        env.setdefault(name, "")
    return env


def action_server(log_dir: Path, env: Dict[str, str], port: int) -> Server:
    return Server("action-server", [str(BIN / "rasa"), "run", "actions", "--port", str(port), "--actions", "actions"],
                  env, log_dir, f"http://127.0.0.1:{port}/health")


def rasa_server(log_dir: Path, env: Dict[str, str], port: int, extra_args: List[str] = (),
                name: str = "rasa-server") -> Server:
    return Server(name, [str(BIN / "rasa"), "run", "--model", str(MODEL), "--port", str(port),
                         "--credentials", "credentials.yml", "--endpoints", "endpoints.yml", *extra_args],
                  env, log_dir, f"http://127.0.0.1:{port}/webhooks/rest/")


def say(port: int, sender: str, message: str) -> List[Dict]:
    response = requests.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return response.json()

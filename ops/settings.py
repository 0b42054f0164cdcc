"""The project's settings: the one place where their defaults are written.

Every setting is an environment variable; one that is unset or empty takes the default below.

    python -m ops.settings            NAME=value of every setting, as this environment resolves it
    python -m ops.settings --shell    the same as `export` lines (scripts/env.sh evaluates them)

Only the standard library here: scripts/env.sh runs this module before the virtual
environment exists, and stores/ reads its defaults in the Rasa server.
"""
from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from typing import Callable, Dict, Mapping, Optional, Union


def _project_root() -> Path:
    """PROJECT_ROOT, else the checkout this package sits in, else the working directory (an image
    installs the package into site-packages and runs from the project's folder)."""
    if os.environ.get("PROJECT_ROOT"):
        return Path(os.environ["PROJECT_ROOT"]).resolve()
    here = Path(__file__).resolve().parents[1]
    return here if (here / "domain.yml").exists() else Path.cwd()


ROOT = _project_root()
VAR = ROOT / "var"

Default = Union[str, Callable[[Dict[str, str]], str]]

# In order: a default may use the settings above it.
DEFAULTS: Dict[str, Default] = {
    "ACTION_PORT": "5055",
    "RASA_PORT": "5005",
    # The action server listens on this address only (rasa_sdk reads SANIC_HOST): Rasa on this machine
    # reaches it, nothing else. A container sets 0.0.0.0 (a NetworkPolicy restricts it).
    "SANIC_HOST": "127.0.0.1",
    "ACTION_ENDPOINT_URL": lambda s: f"http://localhost:{s['ACTION_PORT']}/webhook",
    # Rasa instances `make health` checks (space-separated).
    "RASA_URLS": lambda s: f"http://localhost:{s['RASA_PORT']}",
    "RASA_MODEL": str(ROOT / "models" / "kine.tar.gz"),
    "TRACKER_STORE_URL": f"sqlite:///{VAR / 'tracker.db'}",
    # Events that could not be written while the database was away (stores/tracker_store.py).
    "TRACKER_SPOOL_DIR": str(VAR / "spool"),
    "TRACKER_STORE_STARTUP_TIMEOUT": "20",
    # Lock store: in_memory (one Rasa process) or redis (several instances).
    "LOCK_STORE_TYPE": "in_memory",
    "REDIS_HOST": "localhost",
    # The project's own Redis (kine-stack up, serve --production); not the machine's, on 6379.
    "REDIS_PORT": "6380",
    "REDIS_DB": "1",
    # The project's own PostgreSQL (kine-stack up, serve --production).
    "POSTGRES_PORT": "5433",
    # kine-stack serve: nginx with the demo page, and nginx in front of the action server.
    "SERVE_PORT": "8080",
    "ACTIONS_PROXY_PORT": lambda s: str(int(s["ACTION_PORT"]) + 1),
    # Space-separated origins of the sites that embed the widget (besides the demo page's).
    "ALLOWED_ORIGINS": "",
    # Space-separated addresses or networks of the proxies in front of Rasa, whose X-Forwarded-For
    # names the client (connectors/limits.py: limits per client address). Kubernetes: the ingress
    # controller's pod network.
    "TRUSTED_PROXIES": "127.0.0.1 ::1",
    # Telegram (README, "Telegram"): empty token = channel off, the server still starts.
    "TELEGRAM_TOKEN": "",
    "TELEGRAM_SECRET_TOKEN": "",
    "TELEGRAM_BOT_NAME": "",
    "TELEGRAM_WEBHOOK_URL": "",
    # Bot API server; empty = https://api.telegram.org.  The tests point it at a local fake.
    "TELEGRAM_API_BASE_URL": "",
    # Rasa and TensorFlow are chatty; keep what matters.
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "RASA_TELEMETRY_ENABLED": "false",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
}


def resolve(env: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """Every setting: its value in ``env`` (default: this process's environment) unless unset or
    empty, else its default."""
    env = os.environ if env is None else env
    values: Dict[str, str] = {}
    for name, default in DEFAULTS.items():
        values[name] = env.get(name) or (default(values) if callable(default) else default)
    return values


def get(name: str, env: Optional[Mapping[str, str]] = None) -> str:
    """One setting (see ``resolve``)."""
    env = os.environ if env is None else env
    if env.get(name):
        return env[name]
    return resolve(env)[name]


def environment(base: Optional[Mapping[str, str]] = None, **overrides: str) -> Dict[str, str]:
    """The environment the project's processes run with: ``base`` (default: this process's)
    completed with the defaults, the running interpreter's folder first on the PATH (the virtual
    environment's ``rasa``), then ``overrides``."""
    env = dict(os.environ if base is None else base)
    env.update(resolve(env))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(overrides)
    return env


def private_files() -> None:
    """Files created from now on by this process and its children are its user's only (issue #19:
    conversations, logs, dumps and secrets are health data or keys)."""
    os.umask(0o077)


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description="Les réglages du projet et leurs valeurs par défaut.")
    parser.add_argument("--shell", action="store_true", help="lignes `export NOM=valeur` pour bash")
    args = parser.parse_args(argv)
    for name, value in resolve().items():
        print(f"export {name}={shlex.quote(value)}" if args.shell else f"{name}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

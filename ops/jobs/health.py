"""Health of a running assistant, for a supervisor or an alert: exit 0 when all is well, 1 otherwise.

    kine-health            (make health)

Checks, from the same settings as the servers (ops/settings.py):
the conversation database answers (TRACKER_STORE_URL); no conversation events are
waiting in TRACKER_SPOOL_DIR (written there while the database was away, see
stores/tracker_store.py); Redis answers when LOCK_STORE_TYPE=redis; the action server
(ACTION_ENDPOINT_URL) and each Rasa server of RASA_URLS (space-separated) answer.
"""
from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path
from typing import List, Optional, Tuple
from urllib.parse import urlsplit

import requests
import sqlalchemy as sa

from ops import settings


def check_database(url: str) -> Tuple[bool, str]:
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3} if url.startswith("postgres") else {})
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        return True, "base des conversations : répond"
    except Exception as error:
        return False, f"base des conversations injoignable ({type(error).__name__})"
    finally:
        engine.dispose()


def check_spool(directory: Path) -> Tuple[bool, str]:
    waiting = sorted(directory.glob("*.json")) if directory.exists() else []
    if waiting:
        return False, f"{len(waiting)} écriture(s) de conversation en attente dans {directory} (base indisponible)"
    return True, "aucune écriture en attente"


def check_redis(host: str, port: int) -> Tuple[bool, str]:
    try:
        with socket.create_connection((host, port), timeout=3) as s:
            s.sendall(b"PING\r\n")
            ok = s.recv(16).startswith(b"+PONG")
        return ok, "Redis : répond" if ok else "Redis : réponse inattendue"
    except OSError as error:
        return False, f"Redis injoignable ({type(error).__name__})"


def check_http(name: str, url: str) -> Tuple[bool, str]:
    try:
        status = requests.get(url, timeout=5).status_code
        return status < 500, f"{name} : HTTP {status}"
    except requests.RequestException as error:
        return False, f"{name} injoignable ({type(error).__name__})"


def main(argv: Optional[List[str]] = None) -> int:
    argparse.ArgumentParser(prog="kine-health", description=__doc__.splitlines()[0]).parse_args(argv)
    env = settings.resolve()
    checks: List[Tuple[bool, str]] = [
        check_database(env["TRACKER_STORE_URL"]),
        check_spool(Path(env["TRACKER_SPOOL_DIR"])),
    ]
    if env["LOCK_STORE_TYPE"] == "redis":
        checks.append(check_redis(env["REDIS_HOST"], int(env["REDIS_PORT"])))
    action = urlsplit(env["ACTION_ENDPOINT_URL"])
    checks.append(check_http("serveur d'actions", f"{action.scheme}://{action.netloc}/health"))
    for url in env["RASA_URLS"].split():
        checks.append(check_http(f"Rasa {url}", f"{url.rstrip('/')}/webhooks/rest/"))
    for ok, line in checks:
        print(("OK     " if ok else "ALERTE ") + line)
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Puts a new model in service on a running `make serve` / `make serve-production`: `make deploy-model`.

    python scripts/deploy_model.py          (after `make train` wrote models/kine.tar.gz)

Sends SIGHUP to the running scripts/serve.py (var/serve.pid), which restarts its Rasa
instances one after the other on the model file (Stack.rolling_restart): each instance
finishes the messages in flight, nginx sends the others to the instance still running, and
conversations continue from PostgreSQL with the new model.  With two instances or more no
message fails; with one (`make serve`) the page waits about 20 s.  Waits for the outcome
(var/serve.deployed) and exits 0 when every instance runs the new model.
"""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import DEPLOY_PID, DEPLOYED, MODEL  # noqa: E402


def main(timeout: float = 900) -> int:
    if not MODEL.exists():
        print(f"{MODEL} manque : lancez `make train`.", file=sys.stderr)
        return 1
    try:
        pid = int(DEPLOY_PID.read_text())
        before = DEPLOYED.stat().st_mtime if DEPLOYED.exists() else 0.0
        os.kill(pid, signal.SIGHUP)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        print("Aucun `make serve` ou `make serve-production` en cours : le modèle servira au prochain démarrage.")
        return 0
    print(f"Redémarrage des instances une à une sur {MODEL}…", flush=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if DEPLOYED.exists() and DEPLOYED.stat().st_mtime > before:
            outcome = DEPLOYED.read_text(encoding="utf-8")
            print("Nouveau modèle en service." if outcome.startswith("ok") else outcome)
            return 0 if outcome.startswith("ok") else 1
        time.sleep(1)
    print("Pas de réponse du serveur après 15 min : voir var/logs/.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

"""Puts a new model in service on a running `make serve` / `make serve-production`: `make deploy-model`.

    kine-deploy-model          (after `make train` wrote models/kine.tar.gz)

Sends SIGHUP to the running `kine-stack serve` (var/serve.pid), which restarts its Rasa
instances one after the other on the model file (Stack.rolling_restart): each instance
finishes the messages in flight, nginx sends the others to the instance still running, and
conversations continue from PostgreSQL with the new model.  With two instances or more no
message fails; with one (`make serve`) the page waits about 20 s.  Waits for the outcome
(var/serve.deployed) and exits 0 when every instance runs the new model.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import List, Optional

from ops import settings
from ops.stack.serve import DEPLOY_PID, DEPLOYED


def main(argv: Optional[List[str]] = None, timeout: float = 900) -> int:
    argparse.ArgumentParser(prog="kine-deploy-model", description=__doc__.splitlines()[0]).parse_args(argv)
    model = Path(settings.get("RASA_MODEL"))
    if not model.exists():
        print(f"{model} manque : lancez `make train`.", file=sys.stderr)
        return 1
    try:
        pid = int(DEPLOY_PID.read_text())
        before = DEPLOYED.stat().st_mtime if DEPLOYED.exists() else 0.0
        os.kill(pid, signal.SIGHUP)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        print("Aucun `make serve` ou `make serve-production` en cours : le modèle servira au prochain démarrage.")
        return 0
    print(f"Redémarrage des instances une à une sur {model}…", flush=True)
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

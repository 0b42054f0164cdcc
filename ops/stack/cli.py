"""`kine-stack`: the assistant on localhost.

    kine-stack serve                             one Rasa server (SQLite), actions, nginx + demo page (make serve)
    kine-stack serve --production --instances 2  PostgreSQL + Redis, two Rasa servers behind nginx
    kine-stack up | down | status                PostgreSQL and Redis alone (make services-up, services-down)

`serve` prints the demo page's URL; Ctrl-C stops everything it started; SIGHUP (make
deploy-model) restarts the Rasa instances one by one on the model file.  Settings come from the
environment, defaults from ops/settings.py: SERVE_PORT, RASA_PORT (then +1 per instance),
ACTION_PORT, ACTIONS_PROXY_PORT, ALLOWED_ORIGINS (space-separated origins of the sites that embed
the widget), POSTGRES_PORT, REDIS_PORT; RASA_ENABLE_API=1 with RASA_AUTH_TOKEN opens Rasa's HTTP
API on the instances' own ports (never through nginx).  Files it creates are private (umask 077).
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from typing import List, Optional

from ops import settings
from ops.stack.serve import DEPLOY_PID, DEPLOYED, WIDGET, ConfigurationError, Stack
from ops.stack.services import ROOT, SERVICES_DIR, port_open, production_services, traversable

INSTALL_SYSTEM = ROOT / "scripts" / "install-system.sh"


def serve(production: bool, instances: int) -> int:
    subprocess.run([str(INSTALL_SYSTEM), "nginx", *(["postgresql", "redis"] if production else [])], check=True)
    if not (WIDGET / "kine-chat.js").exists():
        subprocess.run([str(ROOT / "web" / "build.sh")], check=True)
    logs = traversable(settings.VAR / "logs")  # nginx's prefix is below it
    try:
        stack = Stack(logs, production=production, instances=instances,
                      services_dir=traversable(SERVICES_DIR) if production else None)
        print("Démarrage (environ une minute)… journaux dans var/logs/", flush=True)
        stack.start()
    except (ConfigurationError, RuntimeError) as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    print(f"\nL'assistant tourne : ouvrez {stack.url}\n"
          f"  REST (serveurs autorisés) : curl -s {stack.url}webhooks/rest/webhook "
          f"-H \"Authorization: Bearer $(cat var/rest_token)\" -H 'Content-Type: application/json' "
          f"-d '{{\"sender\": \"moi\", \"message\": \"bonjour\"}}'\n"
          f"Ctrl-C pour tout arrêter.", flush=True)
    stopping, deploying = threading.Event(), threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    # make deploy-model (kine-deploy-model): SIGHUP = restart the instances one by one on the model.
    signal.signal(signal.SIGHUP, lambda *_: deploying.set())
    DEPLOY_PID.write_text(str(os.getpid()), encoding="utf-8")
    while not stopping.wait(1):
        if deploying.is_set():
            deploying.clear()
            print("Nouveau modèle : redémarrage des instances une à une…", flush=True)
            try:
                stack.rolling_restart(stack.model)
                DEPLOYED.write_text(f"ok {time.time()}", encoding="utf-8")
                print("Nouveau modèle en service.", flush=True)
            except (ConfigurationError, RuntimeError) as error:
                DEPLOYED.write_text(f"erreur {time.time()} {error}"[:2000], encoding="utf-8")
                print(f"Erreur de déploiement : {error}", file=sys.stderr, flush=True)
        dead = [s.name for s in [*stack.rasa, stack.actions, stack.nginx] if not s.running]
        if dead:
            print(f"Arrêt inattendu : {', '.join(dead)} (voir var/logs/).", file=sys.stderr)
            break
    print("Arrêt…", flush=True)
    DEPLOY_PID.unlink(missing_ok=True)
    stack.stop()
    return 0


def services(command: str) -> int:
    pg, red, redis_port = production_services(directory=traversable(SERVICES_DIR))
    if command == "up":
        subprocess.run([str(INSTALL_SYSTEM), "postgresql", "redis"], check=True)
        pg.start()
        if not port_open(redis_port):
            subprocess.Popen(red.args + ["--daemonize", "yes", "--pidfile", str(SERVICES_DIR / "redis.pid"),
                                         "--logfile", str(SERVICES_DIR / "redis.log")])
            for _ in range(50):
                if port_open(redis_port):
                    break
                time.sleep(0.1)
        print(f"TRACKER_STORE_URL={pg.url}\nLOCK_STORE_TYPE=redis REDIS_HOST=127.0.0.1 REDIS_PORT={redis_port}")
    elif command == "down":
        pg.stop()
        pid_file = SERVICES_DIR / "redis.pid"
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text()), signal.SIGTERM)
            except (ProcessLookupError, ValueError):
                pass
            pid_file.unlink()
    else:
        print(f"PostgreSQL 127.0.0.1:{pg.port} {'up' if port_open(pg.port) else 'down'}")
        print(f"Redis      127.0.0.1:{redis_port} {'up' if port_open(redis_port) else 'down'}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="kine-stack", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("serve", help="l'assistant complet, avec nginx et la page de démonstration")
    run.add_argument("--production", action="store_true", help="PostgreSQL + Redis (démarrés ici)")
    run.add_argument("--instances", type=int, default=1)
    for name, text in (("up", "PostgreSQL et Redis seuls"), ("down", "les arrête"), ("status", "leur état")):
        sub.add_parser(name, help=text)
    args = parser.parse_args(argv)
    settings.private_files()
    # PostgreSQL's user and nginx's workers pass through var/ (their folders are below it).
    traversable(settings.VAR)
    if args.command == "serve":
        return serve(args.production, args.instances)
    return services(args.command)


if __name__ == "__main__":
    sys.exit(main())

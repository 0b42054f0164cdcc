"""Runs the whole assistant on localhost: `make serve` (and `make serve-production`).

    python scripts/serve.py                         one Rasa server (SQLite), actions, nginx + demo page
    python scripts/serve.py --production --instances 2
                                                    PostgreSQL + Redis, two Rasa servers behind nginx

Prints the demo page's URL; Ctrl-C stops everything it started.  Settings come from
the environment (scripts/env.sh): SERVE_PORT (8080), RASA_PORT (5005, then +1 per
instance), ACTION_PORT (5055), ACTIONS_PROXY_PORT (ACTION_PORT + 1), ALLOWED_ORIGINS
(space-separated origins of the sites that embed the widget), RASA_ENABLE_API=1 with
RASA_AUTH_TOKEN to open Rasa's HTTP API on the instances' own ports (never through nginx).
The ``Stack`` class is what the tests and the load benchmark start.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Dict, List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
import services  # noqa: E402
from services import ROOT, Postgres, Server, http_ready, nginx, redis  # noqa: E402
sys.path.insert(0, str(ROOT))
from connectors.local_secret import local_secret  # noqa: E402

BIN = Path(sys.executable).parent
MODEL = Path(os.environ.get("RASA_MODEL") or ROOT / "models" / "kine.tar.gz")
SITE, WIDGET = ROOT / "web" / "site", ROOT / "web" / "dist"
# `rasa`, with Rasa's API token (if any) read from the environment, never on the command line.
RASA = [sys.executable, str(ROOT / "scripts" / "rasa_with_token.py")]
# make deploy-model: the running serve.py's pid, and the outcome of its last rolling restart.
DEPLOY_PID, DEPLOYED = ROOT / "var" / "serve.pid", ROOT / "var" / "serve.deployed"


class ConfigurationError(Exception):
    pass


def api_args(env: Dict[str, str]) -> List[str]:
    """Rasa's HTTP API stays off unless RASA_ENABLE_API=1, and then only with a token."""
    if env.get("RASA_ENABLE_API", "") not in ("1", "true", "yes"):
        return []
    token = env.get("RASA_AUTH_TOKEN", "")
    if len(token) < 16:
        raise ConfigurationError("RASA_ENABLE_API=1 demande RASA_AUTH_TOKEN (16 caractères au moins, "
                                 "par exemple : openssl rand -hex 32).")
    # The token itself stays in the environment: scripts/rasa_with_token.py adds it in the process.
    return ["--enable-api"]


class Stack:
    """Action server, Rasa instance(s), nginx — and PostgreSQL + Redis in production."""

    def __init__(self, log_dir: Path, production: bool = False, instances: int = 1, serve_port: int = 8080,
                 rasa_ports: Optional[List[int]] = None, action_port: int = 5055, actions_proxy_port: int = 5056,
                 allowed_origins: Optional[List[str]] = None, env: Optional[Dict[str, str]] = None,
                 postgres_port: int = 5433, redis_port: int = 6380, durable: bool = True,
                 services_dir: Optional[Path] = None, nginx_dir: Optional[Path] = None):
        self.log_dir, self.production = log_dir, production
        self.serve_port, self.action_port, self.actions_proxy_port = serve_port, action_port, actions_proxy_port
        self.rasa_ports = rasa_ports or [5005 + i for i in range(instances)]
        self.allowed_origins = allowed_origins or []
        self.env = services.project_environment(
            env, ACTION_ENDPOINT_URL=f"http://127.0.0.1:{actions_proxy_port}/webhook")
        services_dir = services_dir or services.SERVICES_DIR
        self.postgres = Postgres(services_dir / "postgres", postgres_port, durable) if production else None
        self.redis = redis(services_dir / "redis", redis_port) if production else None
        if production:
            self.env.update({"TRACKER_STORE_URL": self.postgres.url, "LOCK_STORE_TYPE": "redis",
                             "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(redis_port)})
        self.actions = Server("action-server", [str(BIN / "rasa"), "run", "actions", "--port", str(action_port),
                                                "--actions", "actions"], self.env, log_dir,
                              http_ready(f"http://127.0.0.1:{action_port}/health"))
        self.rasa = [self.rasa_instance(i) for i in range(len(self.rasa_ports))]
        # nginx's workers (user nobody) write request bodies there: it must be traversable.
        self.nginx_dir = nginx_dir or log_dir / "nginx"
        # The socket.io channel checks the origin itself too (connectors/socketio.py): the same list.
        self.env["ALLOWED_ORIGINS"] = " ".join(sorted({f"http://localhost:{serve_port}",
                                                       f"http://127.0.0.1:{serve_port}", *self.allowed_origins}))
        # REST through nginx needs this token (server-to-server): REST_TOKEN, else var/rest_token (0600).
        self.rest_token = local_secret("REST_TOKEN", "rest_token", self.env)
        self.nginx = nginx(self.nginx_dir, serve_port, rasa_ports=self.rasa_ports, action_port=action_port,
                           actions_proxy_port=actions_proxy_port, allowed_origins=self.allowed_origins,
                           site=SITE, widget=WIDGET, rest_token=self.rest_token,
                           telegram_secret=self.env.get("TELEGRAM_SECRET_TOKEN", ""))

    @property
    def rest_headers(self) -> Dict[str, str]:
        """What a server (or a test) sends to use REST through nginx."""
        return {"Authorization": f"Bearer {self.rest_token}"}

    @property
    def url(self) -> str:
        return f"http://localhost:{self.serve_port}/"

    def rasa_instance(self, index: int) -> Server:
        port = self.rasa_ports[index]
        return Server(f"rasa-{index + 1}", [*RASA, "run", "--model", str(MODEL), "--interface",
                                            "127.0.0.1", "--port", str(port), "--credentials", "credentials.yml",
                                            "--endpoints", "endpoints.yml", *api_args(self.env)],
                      self.env, self.log_dir, http_ready(f"http://127.0.0.1:{port}/webhooks/rest/"), timeout=240)

    def start(self) -> "Stack":
        if not MODEL.exists():
            raise ConfigurationError(f"{MODEL} manque : lancez `make train`.")
        try:
            if self.production:
                self.postgres.start()
                self.redis.start()
            self.actions.start()
            self.nginx.start()
            # Instances load in parallel: each takes about 40 s, mostly TensorFlow and spaCy.
            errors: List[BaseException] = []

            def start(server: Server) -> None:
                try:
                    server.start()
                except BaseException as error:  # reported below
                    errors.append(error)
            threads = [threading.Thread(target=start, args=(s,)) for s in self.rasa]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            if errors:
                raise errors[0]
        except BaseException:
            self.stop()
            raise
        return self

    def rolling_restart(self, model: Optional[Path] = None) -> None:
        """Restarts the Rasa instances one after the other (on ``model`` if given: a new model).

        nginx first stops sending messages to the instance (``down``, a graceful reload) and
        its messages in flight are answered; then it stops, starts, is ready, and nginx sends it
        messages again before the next one goes.  Stopping an instance that nginx still uses
        makes Sanic reset the requests it had just accepted (HTTP 502, never retried: a POST
        may not be sent twice).  With two instances or more no message fails (tests/test_faults.py)."""
        if model is not None:
            if not model.exists():
                raise ConfigurationError(f"{model} manque.")
            for server in self.rasa:
                server.args[server.args.index("--model") + 1] = str(model)
        for port, server in zip(self.rasa_ports, self.rasa):
            services.nginx_drain(self.nginx, self.nginx_dir, down=[port])
            server.stop()
            server.start()
            services.nginx_drain(self.nginx, self.nginx_dir, down=[])
            time.sleep(services.UPSTREAM_FAIL_TIMEOUT + 1)  # in case nginx had set it aside

    def stop(self) -> None:
        for server in [*self.rasa, self.nginx, self.actions]:
            server.stop()
        if self.production:
            self.redis.stop()
            self.postgres.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--production", action="store_true", help="PostgreSQL + Redis (started here)")
    parser.add_argument("--instances", type=int, default=1)
    args = parser.parse_args()
    env = os.environ
    subprocess.run([str(ROOT / "scripts" / "install-system.sh"), "nginx",
                    *(["postgresql", "redis"] if args.production else [])], check=True)
    if not (WIDGET / "kine-chat.js").exists():
        subprocess.run([str(ROOT / "web" / "build.sh")], check=True)
    action_port = int(env.get("ACTION_PORT", "5055"))
    rasa_port = int(env.get("RASA_PORT", "5005"))
    try:
        stack = Stack(ROOT / "var" / "logs", production=args.production, instances=args.instances,
                      serve_port=int(env.get("SERVE_PORT", "8080")),
                      rasa_ports=[rasa_port + i for i in range(args.instances)], action_port=action_port,
                      actions_proxy_port=int(env.get("ACTIONS_PROXY_PORT", action_port + 1)),
                      allowed_origins=env.get("ALLOWED_ORIGINS", "").split(),
                      postgres_port=int(env.get("POSTGRES_PORT", "5433")),
                      redis_port=int(env.get("REDIS_PORT_LOCAL", "6380")))
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
    # make deploy-model (scripts/deploy_model.py): SIGHUP = restart the instances one by one on MODEL.
    signal.signal(signal.SIGHUP, lambda *_: deploying.set())
    DEPLOY_PID.write_text(str(os.getpid()), encoding="utf-8")
    while not stopping.wait(1):
        if deploying.is_set():
            deploying.clear()
            print("Nouveau modèle : redémarrage des instances une à une…", flush=True)
            try:
                stack.rolling_restart(MODEL)
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


if __name__ == "__main__":
    sys.exit(main())

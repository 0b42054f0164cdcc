"""The whole assistant on localhost: action server, Rasa instance(s) and nginx with the demo page,
and in production PostgreSQL and Redis (ops/stack/services.py).  ``Stack`` is what
`kine-stack serve` (make serve, make serve-production), the tests and the load benchmarks start.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Dict, List, Optional

from connectors.local_secret import local_secret
from ops import settings
from ops.stack import nginx as nginx_process
from ops.stack.services import (ROOT, SERVICES_DIR, Postgres, Server, action_server, rasa_server, redis)

SITE, WIDGET = ROOT / "web" / "site", ROOT / "web" / "dist"
# make deploy-model: the running `kine-stack serve`'s pid, and the outcome of its last rolling restart.
DEPLOY_PID, DEPLOYED = settings.VAR / "serve.pid", settings.VAR / "serve.deployed"


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
    # The token itself stays in the environment: ops/stack/launch.py adds it in the process.
    return ["--enable-api"]


class Stack:
    """Action server, Rasa instance(s), nginx — and PostgreSQL + Redis in production.  A port or
    origin not given is the setting's (ops/settings.py: SERVE_PORT, RASA_PORT and the next ones,
    ACTION_PORT, ACTIONS_PROXY_PORT, ALLOWED_ORIGINS, POSTGRES_PORT, REDIS_PORT) in ``env``."""

    def __init__(self, log_dir: Path, production: bool = False, instances: int = 1,
                 serve_port: Optional[int] = None, rasa_ports: Optional[List[int]] = None,
                 action_port: Optional[int] = None, actions_proxy_port: Optional[int] = None,
                 allowed_origins: Optional[List[str]] = None, env: Optional[Dict[str, str]] = None,
                 postgres_port: Optional[int] = None, redis_port: Optional[int] = None, durable: bool = True,
                 services_dir: Optional[Path] = None, nginx_dir: Optional[Path] = None):
        given = settings.resolve(env)
        self.log_dir, self.production = log_dir, production
        self.serve_port = serve_port or int(given["SERVE_PORT"])
        self.action_port = action_port or int(given["ACTION_PORT"])
        self.actions_proxy_port = actions_proxy_port or int(given["ACTIONS_PROXY_PORT"])
        self.rasa_ports = rasa_ports or [int(given["RASA_PORT"]) + i for i in range(instances)]
        self.allowed_origins = given["ALLOWED_ORIGINS"].split() if allowed_origins is None else allowed_origins
        postgres_port, redis_port = postgres_port or int(given["POSTGRES_PORT"]), redis_port or int(given["REDIS_PORT"])
        self.env = settings.environment(env, ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.actions_proxy_port}/webhook")
        services_dir = services_dir or SERVICES_DIR
        self.postgres = Postgres(services_dir / "postgres", postgres_port, durable) if production else None
        self.redis = redis(services_dir / "redis", redis_port) if production else None
        if production:
            self.env.update({"TRACKER_STORE_URL": self.postgres.url, "LOCK_STORE_TYPE": "redis",
                             "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(redis_port)})
        self.model = Path(self.env["RASA_MODEL"])
        self.actions = action_server(log_dir, self.env, self.action_port)
        self.rasa = [self.rasa_instance(i) for i in range(len(self.rasa_ports))]
        # nginx's workers (user nobody) write request bodies there: it must be traversable.
        self.nginx_dir = nginx_dir or log_dir / "nginx"
        # The socket.io channel checks the origin itself too (connectors/socketio.py): the same list.
        self.env["ALLOWED_ORIGINS"] = " ".join(sorted({f"http://localhost:{self.serve_port}",
                                                       f"http://127.0.0.1:{self.serve_port}", *self.allowed_origins}))
        # REST through nginx needs this token (server-to-server): REST_TOKEN, else var/rest_token (0600).
        self.rest_token = local_secret("REST_TOKEN", "rest_token", self.env)
        self.nginx = nginx_process.nginx(
            self.nginx_dir, self.serve_port, rasa_ports=self.rasa_ports, action_port=self.action_port,
            actions_proxy_port=self.actions_proxy_port, allowed_origins=self.allowed_origins, site=SITE,
            widget=WIDGET, rest_token=self.rest_token, telegram_secret=self.env.get("TELEGRAM_SECRET_TOKEN", ""))

    @property
    def rest_headers(self) -> Dict[str, str]:
        """What a server (or a test) sends to use REST through nginx."""
        return {"Authorization": f"Bearer {self.rest_token}"}

    @property
    def url(self) -> str:
        return f"http://localhost:{self.serve_port}/"

    def rasa_instance(self, index: int) -> Server:
        return rasa_server(self.log_dir, self.env, self.rasa_ports[index], extra_args=api_args(self.env),
                           name=f"rasa-{index + 1}", model=self.model, timeout=240)

    def start(self) -> "Stack":
        if not self.model.exists():
            raise ConfigurationError(f"{self.model} manque : lancez `make train`.")
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
            nginx_process.nginx_drain(self.nginx, self.nginx_dir, down=[port])
            server.stop()
            server.start()
            nginx_process.nginx_drain(self.nginx, self.nginx_dir, down=[])
            time.sleep(nginx_process.UPSTREAM_FAIL_TIMEOUT + 1)  # in case nginx had set it aside

    def stop(self) -> None:
        for server in [*self.rasa, self.nginx, self.actions]:
            server.stop()
        if self.production:
            self.redis.stop()
            self.postgres.stop()

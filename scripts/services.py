"""Starts and stops, on localhost, everything the assistant runs with.

    python scripts/services.py up        PostgreSQL and Redis for the production set-up (var/services)
    python scripts/services.py down      stops them
    python scripts/services.py status

Used by ``scripts/serve.py`` (make serve, make serve-production), by the tests and by the
load benchmark.  PostgreSQL and Redis come from Debian's packages
(scripts/install-system.sh); each gets a private data directory and port, so nothing
of the machine's own services is touched.  PostgreSQL refuses to run as root: when
root, its commands run as the ``postgres`` user.
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
SERVICES_DIR = ROOT / "var" / "services"


def project_environment(base: Optional[Dict[str, str]] = None, **overrides: str) -> Dict[str, str]:
    """The environment the project's processes run with: ``base`` (default: this process's),
    completed with the defaults of scripts/env.sh (the one place they are written), the
    virtual environment first on the PATH, then ``overrides``."""
    source = 'source "$0" && env -0'
    out = subprocess.run(["bash", "-c", source, str(ROOT / "scripts" / "env.sh")],
                         env=dict(os.environ if base is None else base), capture_output=True, check=True).stdout
    env = dict(item.split("=", 1) for item in out.decode().split("\0") if "=" in item)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(overrides)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def http_ready(url: str) -> Callable[[], bool]:
    import requests

    def ready() -> bool:
        try:
            return requests.get(url, timeout=2).status_code < 500
        except requests.RequestException:
            return False
    return ready


class Server:
    """A subprocess with its log file, ready when ``ready()`` says so, stopped with SIGTERM (then SIGKILL)."""

    def __init__(self, name: str, args: Sequence[str], env: Optional[Dict[str, str]], log_dir: Path,
                 ready: Callable[[], bool], timeout: float = 180, cwd: Path = ROOT):
        self.name, self.args, self.env, self.ready, self.timeout, self.cwd = name, list(args), env, ready, timeout, cwd
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"{name}.log"
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> "Server":
        log = open(self.log_path, "a", encoding="utf-8")
        self.process = subprocess.Popen(self.args, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            if self.ready():
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{self.name} not ready after {self.timeout}s:\n{self.log()[-3000:]}")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.running:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""


# -- PostgreSQL ----------------------------------------------------------------------------------

def _pg_bin(tool: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run scripts/install-system.sh postgresql")
    return found[-1]


def _as_postgres(args: List[str]) -> List[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Postgres:
    """A private PostgreSQL cluster on 127.0.0.1:port with a database ``rasa`` owned by user ``rasa``."""

    def __init__(self, directory: Path, port: int, durable: bool = True):
        self.directory, self.port, self.durable = directory, port, durable
        self.data = directory / "pgdata"
        self.log_path = directory / "postgres.log"

    @property
    def url(self) -> str:
        return f"postgresql://rasa@127.0.0.1:{self.port}/rasa"

    def _run(self, args: List[str], check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(_as_postgres(args), capture_output=True, text=True, check=check, timeout=120)

    def start(self) -> "Postgres":
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        if not (self.data / "PG_VERSION").exists():
            self._run([_pg_bin("initdb"), "-D", str(self.data), "-U", "rasa", "-A", "trust", "-E", "UTF8",
                       "--locale=C", "--no-sync"])
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
        if not self.durable:  # tests and benchmarks: no fsync
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run([_pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log_path), "-o", options, "-w",
                   "-t", "60", "start"])
        created = self._run([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "rasa", "rasa"],
                            check=False)
        if created.returncode != 0 and "already exists" not in created.stderr:
            raise RuntimeError(created.stderr)
        return self

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._run([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"], check=False)

    def psql(self, sql: str) -> str:
        return self._run([_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "rasa", "-d", "rasa",
                          "-At", "-c", sql]).stdout


# -- Redis ---------------------------------------------------------------------------------------

def redis(directory: Path, port: int) -> Server:
    """A Redis without persistence on 127.0.0.1:port (locks only live as long as a message)."""
    return Server(f"redis-{port}", ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no", "--dir", str(directory)],
                  None, directory, lambda: port_open(port), timeout=30)


# -- nginx ---------------------------------------------------------------------------------------

ACTIONS_DOWN_REPLY = ('{"events": [], "responses": [{"text": "Désolé, une partie de mon service est '
                      'momentanément indisponible : je ne peux pas faire cette opération pour l\'instant. '
                      'Réessayez dans un moment ; les questions générales marchent toujours."}]}')


def nginx_conf(prefix: Path, listen_port: int, rasa_ports: Sequence[int], action_port: int,
               actions_proxy_port: int, allowed_origins: Sequence[str], site: Path, widget: Path) -> str:
    """The nginx configuration of the served set-up.

    * the demo page at /, the widget's files at /widget/;
    * /socket.io/ to the Rasa instances, sticky per client address (socket.io needs it);
    * /webhooks/ (REST, Telegram) round-robin, a dead instance skipped;
    * a browser Origin that is not allowed gets 403 on both (the socket.io channel checks none);
    * Rasa's HTTP API (/model, /conversations…) is not exposed at all;
    * the action server behind its own port, with a short apology instead of an error when it is down.
    """
    origins = {f"http://localhost:{listen_port}", f"http://127.0.0.1:{listen_port}", *allowed_origins}
    origin_map = "\n".join(f'        "{o.rstrip("/")}" 1;' for o in sorted(origins) if o)
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in rasa_ports)
    reply = ACTIONS_DOWN_REPLY.replace("'", "\\'")
    return f"""# Generated by scripts/services.py: do not edit, change the generator.
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    # Paths and statuses only: message texts travel in request bodies, which are never logged.
    log_format upstream '$remote_addr [$time_local] "$request_method $uri" $status $upstream_addr $request_time';
    access_log {prefix}/access.log upstream;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    server_tokens off;

    map $http_origin $origin_allowed {{
        default 0;
        "" 1;
{origin_map}
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        "" close;
    }}
    upstream rasa {{
{servers}
    }}
    upstream rasa_sticky {{
        ip_hash;
{servers}
    }}
    upstream actions {{
        server 127.0.0.1:{action_port};
    }}

    server {{
        listen 127.0.0.1:{listen_port};
        # A user's message is at most a few kB (bot/user_input.py refuses more than 2 000 characters).
        client_max_body_size 64k;
        root {site};
        index index.html;
        add_header X-Content-Type-Options nosniff always;

        location /widget/ {{
            alias {widget}/;
        }}
        location /socket.io/ {{
            if ($origin_allowed = 0) {{ return 403; }}
            proxy_pass http://rasa_sticky;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_read_timeout 120s;
        }}
        location /webhooks/ {{
            if ($origin_allowed = 0) {{ return 403; }}
            add_header Access-Control-Allow-Origin $http_origin always;
            add_header Access-Control-Allow-Methods "POST, OPTIONS" always;
            add_header Access-Control-Allow-Headers "Content-Type" always;
            add_header Vary Origin always;
            if ($request_method = OPTIONS) {{ return 204; }}
            proxy_pass http://rasa;
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_read_timeout 120s;
            proxy_next_upstream error timeout http_502 http_503;
        }}
        location / {{
            try_files $uri $uri/ =404;
        }}
    }}

    server {{
        listen 127.0.0.1:{actions_proxy_port};
        # Rasa sends the whole conversation and the domain to the action server.
        client_max_body_size 20m;
        client_body_buffer_size 1m;
        location = /health {{
            proxy_pass http://actions;
        }}
        location / {{
            proxy_pass http://actions;
            proxy_read_timeout 60s;
            error_page 502 503 504 = @actions_down;
        }}
        location @actions_down {{
            default_type application/json;
            return 200 '{reply}';
        }}
    }}
}}
"""


def nginx(prefix: Path, listen_port: int, **conf: object) -> Server:
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    (prefix / "nginx.conf").write_text(nginx_conf(prefix, listen_port, **conf), encoding="utf-8")
    return Server("nginx", ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                  None, prefix, lambda: port_open(listen_port), timeout=30)


# -- command line --------------------------------------------------------------------------------

def production_services(durable: bool = True):
    pg_port = int(os.environ.get("POSTGRES_PORT", "5433"))
    redis_port = int(os.environ.get("REDIS_PORT_LOCAL", "6380"))
    return Postgres(SERVICES_DIR / "postgres", pg_port, durable), redis(SERVICES_DIR / "redis", redis_port), redis_port


def main(command: str) -> int:
    pg, red, redis_port = production_services()
    if command == "up":
        subprocess.run([str(ROOT / "scripts" / "install-system.sh"), "postgresql", "redis"], check=True)
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
    elif command == "status":
        print(f"PostgreSQL 127.0.0.1:{pg.port} {'up' if port_open(pg.port) else 'down'}")
        print(f"Redis      127.0.0.1:{redis_port} {'up' if port_open(redis_port) else 'down'}")
    else:
        print("usage: services.py up|down|status", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))

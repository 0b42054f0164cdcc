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
        # Readable by this user only, like everything the assistant writes about conversations.
        log = os.fdopen(os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a", encoding="utf-8")
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
    """A private PostgreSQL cluster on 127.0.0.1:port: password authentication (SCRAM) for every
    connection, an administrator role ``kine_admin`` and the application's role ``kine_app``
    (no superuser, no role or database creation), owner of the database ``rasa``.  Passwords are
    generated into the cluster's directory (mode 0600) and travel in environment variables and
    TRACKER_STORE_URL, never on a command line.  A cluster made before (trust, superuser
    ``rasa``) keeps working as it was until its directory is removed."""

    ADMIN, APP = "kine_admin", "kine_app"

    def __init__(self, directory: Path, port: int, durable: bool = True):
        self.directory, self.port, self.durable = directory, port, durable
        self.data = directory / "pgdata"
        self.log_path = directory / "postgres.log"

    @property
    def legacy(self) -> bool:
        return (self.data / "PG_VERSION").exists() and not (self.directory / "admin.password").exists()

    def _password(self, role: str) -> str:
        sys.path.insert(0, str(ROOT))
        from connectors.local_secret import local_secret

        self.directory.mkdir(parents=True, exist_ok=True)
        return local_secret("", f"{role.split('_')[-1]}.password", env={}, directory=self.directory)

    @property
    def url(self) -> str:
        if self.legacy:
            return f"postgresql://rasa@127.0.0.1:{self.port}/rasa"
        return f"postgresql://{self.APP}:{self._password(self.APP)}@127.0.0.1:{self.port}/rasa"

    def _run(self, args: List[str], check: bool = True, password: Optional[str] = None,
             stdin: Optional[str] = None) -> subprocess.CompletedProcess:
        env = dict(os.environ, PGPASSWORD=password) if password else None
        return subprocess.run(_as_postgres(args), capture_output=True, text=True, check=check, timeout=120,
                              env=env, input=stdin)

    def start(self) -> "Postgres":
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        legacy = self.legacy
        if not (self.data / "PG_VERSION").exists():
            self._password(self.ADMIN)
            pwfile = self.directory / "admin.password"
            if os.geteuid() == 0:
                shutil.chown(pwfile, "postgres", "postgres")
            self._run([_pg_bin("initdb"), "-D", str(self.data), "-U", self.ADMIN, "--auth=scram-sha-256",
                       f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C", "--no-sync"])
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
        if not self.durable:  # tests and benchmarks: no fsync
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run([_pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log_path), "-o", options, "-w",
                   "-t", "60", "start"])
        if legacy:
            created = self._run([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "rasa",
                                 "rasa"], check=False)
        else:
            admin = self._password(self.ADMIN)
            # The application's role: SQL on stdin, so that its password is on no command line.
            role = self._run([_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.ADMIN, "-d",
                              "postgres", "-v", "ON_ERROR_STOP=1", "-q"], check=False, password=admin, stdin=(
                f"SELECT 'CREATE ROLE {self.APP} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE' WHERE NOT EXISTS "
                f"(SELECT FROM pg_roles WHERE rolname = '{self.APP}') \\gexec\n"
                f"ALTER ROLE {self.APP} PASSWORD '{self._password(self.APP)}';\n"))
            if role.returncode != 0:
                raise RuntimeError(role.stderr)
            created = self._run([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.ADMIN,
                                 "-O", self.APP, "rasa"], check=False, password=admin)
        if created.returncode != 0 and "already exists" not in created.stderr:
            raise RuntimeError(created.stderr)
        return self

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._run([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"], check=False)

    def psql(self, sql: str) -> str:
        """Runs SQL as the application's role (as the old ``rasa`` superuser on an old cluster)."""
        user, password = ("rasa", None) if self.legacy else (self.APP, self._password(self.APP))
        return self._run([_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", user, "-d", "rasa",
                          "-At", "-c", sql], password=password).stdout


# -- Redis ---------------------------------------------------------------------------------------

def redis(directory: Path, port: int) -> Server:
    """A Redis without persistence on 127.0.0.1:port (locks only live as long as a message)."""
    return Server(f"redis-{port}", ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no", "--dir", str(directory)],
                  None, directory, lambda: port_open(port), timeout=30)


# -- nginx ---------------------------------------------------------------------------------------

def _actions_down_reply() -> str:
    """The action server's reply nginx sends while it is down: bot/service_status.py's apology."""
    import json

    sys.path.insert(0, str(ROOT))
    from bot.service_status import ACTIONS_UNAVAILABLE

    return json.dumps({"events": [], "responses": [{"text": ACTIONS_UNAVAILABLE}]}, ensure_ascii=False)


ACTIONS_DOWN_REPLY = _actions_down_reply()


TOO_MANY = '{"error": "Trop de messages, réessayez dans un instant."}'
REST_UNAUTHORISED = ('{"error": "Jeton d\'accès absent ou faux : ce point d\'accès est réservé aux serveurs '
                     'autorisés (en-tête Authorization: Bearer)."}')


def inline_script_hashes(page: Path) -> List[str]:
    """CSP source expressions ('sha256-…') of the inline scripts of a page."""
    import base64
    import hashlib
    import re

    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page.read_text(encoding="utf-8"), re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'" for s in scripts]


def content_security_policy(site: Path) -> str:
    """The demo page's policy: its own files only, its inline settings script by hash, no framing by others."""
    scripts = " ".join(["'self'", *inline_script_hashes(site / "index.html")])
    return (f"default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'")


# Seconds nginx leaves an instance aside after a failed connection.  Short, so that an instance
# that restarted gets messages again at once: a rolling restart (serve.py) waits this long more
# before stopping the next one, otherwise nginx could see none alive.
UPSTREAM_FAIL_TIMEOUT = 2


def nginx_conf(prefix: Path, listen_port: int, rasa_ports: Sequence[int], action_port: int,
               actions_proxy_port: int, allowed_origins: Sequence[str], site: Path, widget: Path,
               rest_token: str = "", telegram_secret: str = "") -> str:
    """The nginx configuration of the served set-up.

    * the demo page at /, the widget's files at /widget/;
    * /socket.io/ to the Rasa instances, sticky per client address (socket.io needs it);
    * /webhooks/ (REST, Telegram) round-robin, a dead instance skipped;
    * a browser Origin that is not allowed gets 403 on both (the socket.io channel checks none);
    * Rasa's HTTP API (/model, /conversations…) is not exposed at all;
    * REST needs ``Authorization: Bearer <rest_token>`` (server-to-server only): 401 otherwise;
    * per client address: at most 10 requests/s (burst 20) and 20 connections on /socket.io/
      and /webhooks/, then 429 with a French JSON; authorised REST callers and Telegram
      (its secret header) are servers serving many users, so they are not counted;
    * short timeouts for slow clients; the demo page's CSP, frame-ancestors and Referrer-Policy;
    * the action server behind its own port, with a short apology instead of an error when it is down.
    """
    origins = {f"http://localhost:{listen_port}", f"http://127.0.0.1:{listen_port}", *allowed_origins}
    origin_map = "\n".join(f'        "{o.rstrip("/")}" 1;' for o in sorted(origins) if o)
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout={UPSTREAM_FAIL_TIMEOUT}s;"
                        for p in rasa_ports)
    reply = ACTIONS_DOWN_REPLY.replace("'", "\\'")
    # Secrets go in this file (mode 0600), never on a command line. No token configured: REST refused.
    rest_match = f'        "Bearer {rest_token}" 1;' if rest_token else ""
    telegram_match = f'        "{telegram_secret}" 1;' if telegram_secret else ""
    unauthorised = REST_UNAUTHORISED.replace("'", "\\'")
    csp = content_security_policy(site)
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
    map_hash_bucket_size 256;  # the maps' keys include long tokens (before the first map)

    map $http_origin $origin_allowed {{
        default 0;
        "" 1;
{origin_map}
    }}
    # REST is for servers holding the token; they and Telegram are not limited per address.
    map $http_authorization $rest_token_ok {{
        default 0;
{rest_match}
    }}
    map "$rest_token_ok:$uri" $rest_refused {{
        default 0;
        "~^0:/webhooks/rest/" 1;
    }}
    map $http_x_telegram_bot_api_secret_token $telegram_ok {{
        default 0;
{telegram_match}
    }}
    map "$rest_token_ok$telegram_ok" $public_client {{
        default "";
        "00" $binary_remote_addr;
    }}
    limit_req_zone $public_client zone=per_client:10m rate=10r/s;
    limit_conn_zone $public_client zone=client_conn:10m;
    limit_req_status 429;
    limit_conn_status 429;
    client_header_timeout 10s;
    client_body_timeout 10s;
    send_timeout 30s;
    keepalive_timeout 30s;
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
        # The demo page's policy (the embedding site sends its own: README, "Embedding the widget").
        add_header Content-Security-Policy "{csp}" always;
        add_header Referrer-Policy no-referrer always;
        error_page 429 = @too_many;
        location @too_many {{
            default_type application/json;
            return 429 '{TOO_MANY}';
        }}
        location @rest_unauthorised {{
            default_type application/json;
            return 401 '{unauthorised}';
        }}

        location /widget/ {{
            alias {widget}/;
        }}
        location /socket.io/ {{
            if ($origin_allowed = 0) {{ return 403; }}
            limit_req zone=per_client burst=20 nodelay;
            limit_conn client_conn 20;
            # engine.io refuses a message over 12 kB itself (connectors/socketio.py), before decoding it.
            client_max_body_size 16k;
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
            error_page 401 = @rest_unauthorised;
            error_page 429 = @too_many;
            if ($rest_refused) {{ return 401; }}
            limit_req zone=per_client burst=20 nodelay;
            limit_conn client_conn 20;
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
    path = prefix / "nginx.conf"
    path.touch(mode=0o600)
    path.chmod(0o600)  # it holds the REST token
    path.write_text(nginx_conf(prefix, listen_port, **conf), encoding="utf-8")
    return Server("nginx", ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                  None, prefix, lambda: port_open(listen_port), timeout=30)


def nginx_drain(server: Server, prefix: Path, down: Sequence[int] = (), timeout: float = 60) -> None:
    """Marks the Rasa instances of the ports ``down`` (and only them) ``down`` in nginx's upstreams,
    reloads nginx and waits until its previous workers have finished the requests they were
    proxying: after that, no message is on its way to those instances (a rolling restart)."""
    import re

    path = prefix / "nginx.conf"
    text = re.sub(r"(server 127\.0\.0\.1:(\d+))(?: down)?( max_fails=)",
                  lambda m: m.group(1) + (" down" if int(m.group(2)) in down else "") + m.group(3),
                  path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    master = server.process.pid
    children = Path(f"/proc/{master}/task/{master}/children")
    before = set(children.read_text().split())
    os.kill(master, signal.SIGHUP)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and before & set(children.read_text().split()):
        time.sleep(0.1)


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

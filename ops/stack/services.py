"""The processes of the assistant on localhost, each with its log: PostgreSQL, Redis, the
action server, Rasa servers.

Used by the stack (ops/stack/serve.py: kine-stack serve, up, down), by the tests and by the
benchmarks.  PostgreSQL and Redis come from Debian's packages (scripts/install-system.sh);
each gets a private data directory and port, so nothing of the machine's own services is
touched.  PostgreSQL refuses to run as root: when root, its commands run as the ``postgres`` user.
"""
from __future__ import annotations

import glob
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

from ops import settings

ROOT = settings.ROOT
SERVICES_DIR = settings.VAR / "services"
# `rasa …` with the API token from the environment and a private umask (ops/stack/launch.py).
RASA = [sys.executable, "-m", "ops.stack.launch"]


def _ephemeral_ports() -> range:
    """The kernel's range for outgoing connections' ports (Linux; the IANA range elsewhere)."""
    try:
        low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    except (OSError, ValueError):
        low, high = 49152, 65535
    return range(low, high + 1)


def free_port() -> int:
    """A free port for a server started later, outside the range of outgoing connections' ports.

    A port the kernel hands out (bind to 0) is in that range: by the time the server starts (nginx
    comes after PostgreSQL, Redis and two Rasa servers, a minute or two), an outgoing connection may
    hold it, and the server fails with « Address already in use » (seen once in `make test` on
    2026-12-03). Ports are drawn at random below that range instead, and checked free.
    """
    ephemeral = _ephemeral_ports()
    candidates = [port for port in range(10000, 32768) if port not in ephemeral]
    for port in random.sample(candidates, min(200, len(candidates))):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as s:  # everything tried was taken: the kernel's choice
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


def traversable(directory: Path) -> Path:
    """Creates ``directory`` that another user (PostgreSQL's, nginx's workers') must pass through,
    whatever the umask: rwx--x--x."""
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o711)
    return directory


def world_readable(directory: Path) -> Path:
    """Public files that nginx's workers (user nobody) serve to any browser, the demo page and the widget:
    rwxr-xr-x folders, rw-r--r-- files, whatever the umask they were made with. Built by `kine-stack serve`
    under its private umask (077), web/dist/ was 0700, and every browser got a 403 for the widget."""
    if directory.is_dir():
        directory.chmod(0o755)
        for path in directory.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
    return directory


def production_services(durable: bool = True, directory: Path = SERVICES_DIR):
    """The project's own PostgreSQL and Redis (POSTGRES_PORT, REDIS_PORT)."""
    pg_port, redis_port = int(settings.get("POSTGRES_PORT")), int(settings.get("REDIS_PORT"))
    return Postgres(directory / "postgres", pg_port, durable), redis(directory / "redis", redis_port), redis_port


# -- the two Rasa processes ------------------------------------------------------------------------

def action_server(log_dir: Path, env: Dict[str, str], port: int) -> Server:
    return Server("action-server", [*RASA, "run", "actions", "--port", str(port), "--actions", "actions"],
                  env, log_dir, http_ready(f"http://127.0.0.1:{port}/health"))


def rasa_server(log_dir: Path, env: Dict[str, str], port: int, extra_args: Sequence[str] = (),
                name: str = "rasa-server", model: Optional[Path] = None, timeout: float = 180) -> Server:
    """A Rasa server with the project's channels on 127.0.0.1:port (RASA_MODEL unless ``model``)."""
    model = model or Path(settings.get("RASA_MODEL", env))
    return Server(name, [*RASA, "run", "--model", str(model), "--interface", "127.0.0.1", "--port", str(port),
                         "--credentials", "credentials.yml", "--endpoints", "endpoints.yml", *extra_args],
                  env, log_dir, http_ready(f"http://127.0.0.1:{port}/webhooks/rest/"), timeout=timeout)


def isolated_environment(action_port: int, tracker_db: Path) -> Dict[str, str]:
    """The settings' defaults, then what isolates a run (a test, a benchmark): its own action
    server and database, one process (in-memory locks) whatever the developer's shell says."""
    return settings.environment(
        ACTION_ENDPOINT_URL=f"http://127.0.0.1:{action_port}/webhook",
        TRACKER_STORE_URL=f"sqlite:///{tracker_db}", TRACKER_SPOOL_DIR=str(tracker_db.parent / "spool"),
        LOCK_STORE_TYPE="in_memory", REDIS_HOST="localhost", REDIS_PORT="6379", REDIS_DB="1")

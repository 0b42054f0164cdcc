"""Backs up and restores the conversation database (PostgreSQL): `make backup`, `make restore`.

    kine-backup backup [--out DIR]     pg_dump custom format -> var/backups/conversations-<UTC>.dump
    kine-backup restore FILE           pg_restore into TRACKER_STORE_URL's database

The database is TRACKER_STORE_URL (ops/settings.py).  A password in the URL is passed to
pg_dump / pg_restore through PGPASSWORD, never on their command line.  A restore replaces
the tables it holds (``--clean --if-exists``) and works on an empty database too;
conversations then continue where the backup left them (Rasa reads them from the events).
The dumps hold health conversations: keep them as private as the database (mode 0600 here, umask 077).
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from ops import settings


def pg_tool(name: str) -> str:
    """The newest installed PostgreSQL's tool (the same version as the server kine-stack runs)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    tool = found[-1] if found else shutil.which(name)
    if not tool:
        raise SystemExit(f"{name} manque : installez PostgreSQL (scripts/install-system.sh postgresql).")
    return tool


def connection(url: str) -> Tuple[List[str], Dict[str, str]]:
    """libpq options and environment for a SQLAlchemy/libpq URL, the password in the environment only."""
    import sqlalchemy as sa

    parsed = sa.engine.make_url(url)
    if not parsed.drivername.startswith("postgres"):
        raise SystemExit(f"Sauvegarde possible seulement avec PostgreSQL (TRACKER_STORE_URL = {parsed.drivername}).")
    args = ["-h", parsed.host or "localhost", "-p", str(parsed.port or 5432), "-U", parsed.username or "postgres",
            "-d", parsed.database or "rasa"]
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    return args, env


def backup(url: str, out_dir: Path) -> Path:
    args, env = connection(url)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"conversations-{dt.datetime.utcnow():%Y%m%d-%H%M%S}.dump"
    partial = target.with_suffix(".partial")
    partial.touch(mode=0o600)
    subprocess.run([pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial), *args],
                   env=env, check=True, timeout=3600)
    os.replace(partial, target)
    return target


def restore(url: str, dump: Path) -> None:
    args, env = connection(url)
    subprocess.run([pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error",
                    "--single-transaction", *args, str(dump)], env=env, check=True, timeout=3600)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="kine-backup", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("backup")
    b.add_argument("--out", type=Path, default=settings.VAR / "backups")
    r = sub.add_parser("restore")
    r.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    settings.private_files()
    url = settings.get("TRACKER_STORE_URL")
    try:
        if args.command == "backup":
            print(f"Sauvegarde écrite : {backup(url, args.out)}")
        else:
            if not args.file.exists():
                print(f"Fichier introuvable : {args.file}", file=sys.stderr)
                return 1
            restore(url, args.file)
            print(f"Restauration faite depuis {args.file}")
    except subprocess.CalledProcessError as error:
        print(f"Échec de {Path(error.cmd[0]).name} (code {error.returncode}).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Retention: deletes every conversation whose last message is older than N days.

    kine-purge --days 30 [--dry-run]     (make purge DAYS=30; the Kubernetes CronJob)

Works on the tracker store of TRACKER_STORE_URL (SQLite or PostgreSQL: Rasa's ``events``
table).  A conversation is deleted whole, never cut in the middle.  Writes put aside while the
database was away (TRACKER_SPOOL_DIR) older than N days go too.  Prints how many
conversations and events went; logs no conversation content.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import List, Optional

import sqlalchemy as sa

from ops import settings


def purge_spool(directory: Path, days: float, dry_run: bool = False) -> int:
    """Removes the put-aside writes (stores/tracker_store.py) older than ``days``; returns how many."""
    cutoff = time.time() - days * 86400
    old = [path for path in directory.glob("*.json") if path.stat().st_mtime < cutoff] if directory.is_dir() else []
    if not dry_run:
        for path in old:
            path.unlink(missing_ok=True)
    return len(old)


def purge(url: str, days: float, dry_run: bool = False) -> tuple:
    cutoff = time.time() - days * 86400
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            if not sa.inspect(connection).has_table("events"):
                return 0, 0
            old = sa.text("SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff")
            senders = [row[0] for row in connection.execute(old, {"cutoff": cutoff})]
            events = 0
            for start in range(0, len(senders), 500):
                chunk = senders[start:start + 500]
                statement = sa.text("SELECT COUNT(*) FROM events WHERE sender_id IN :ids" if dry_run
                                    else "DELETE FROM events WHERE sender_id IN :ids")
                statement = statement.bindparams(sa.bindparam("ids", expanding=True))
                result = connection.execute(statement, {"ids": chunk})
                events += result.scalar() if dry_run else result.rowcount
            return len(senders), events
    finally:
        engine.dispose()


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="kine-purge", description="Supprime les conversations plus anciennes que N jours.")
    parser.add_argument("--days", type=float, required=True, help="âge maximal, en jours, du dernier message")
    parser.add_argument("--dry-run", action="store_true", help="compter sans supprimer")
    args = parser.parse_args(argv)
    if args.days < 0:
        print("Erreur : --days doit être positif.", file=sys.stderr)
        return 2
    url = settings.get("TRACKER_STORE_URL")
    try:
        conversations, events = purge(url, args.days, args.dry_run)
    except sa.exc.SQLAlchemyError as error:
        print(f"Erreur : base des conversations injoignable ({type(error).__name__}).", file=sys.stderr)
        return 1
    verb = "seraient supprimés" if args.dry_run else "supprimés"
    print(f"{conversations} conversation(s) sans message depuis {args.days:g} jours : {events} événement(s) {verb}.")
    files = purge_spool(Path(settings.get("TRACKER_SPOOL_DIR")), args.days, args.dry_run)
    print(f"{files} écriture(s) en attente de plus de {args.days:g} jours {verb.replace('és', 'ées')}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`rasa …` as the stack runs it (kine-rasa): files it creates private, Rasa's HTTP API token
taken from the environment, never from the command line.

    kine-rasa run --enable-api …      (RASA_AUTH_TOKEN in the environment)
    kine-rasa run actions --port 5055 --actions actions

`rasa run --auth-token TOKEN` would show the token to every local user in the process list;
here it is added to the arguments inside the process.  With --enable-api and no token, it
refuses to start (Rasa would open its API to anyone).  The umask is 077 (issue #19): the
conversations a process writes (SQLite, spool, logs) are its user's only.
"""
from __future__ import annotations

import os
import sys

from ops.settings import private_files


def main() -> None:
    private_files()
    if "--enable-api" in sys.argv and "--auth-token" not in sys.argv:
        token = os.environ.get("RASA_AUTH_TOKEN", "")
        if not token:
            print("RASA_AUTH_TOKEN manque : l'API HTTP de Rasa ne s'ouvre pas sans jeton.", file=sys.stderr)
            sys.exit(2)
        sys.argv += ["--auth-token", token]
    sys.argv[0] = "rasa"
    if sys.argv[1:3] != ["run", "actions"]:  # the Rasa server: the project's runner before the model loads
        from components.graph_runner import install

        install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()

"""`rasa …` with Rasa's HTTP API token taken from the environment, never from the command line.

    python scripts/rasa_with_token.py run --enable-api …      (RASA_AUTH_TOKEN in the environment)

`rasa run --auth-token TOKEN` would show the token to every local user in the process list;
here it is added to the arguments inside the process.  With --enable-api and no token, it
refuses to start (Rasa would open its API to anyone)."""
from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    if "--enable-api" in sys.argv and "--auth-token" not in sys.argv:
        token = os.environ.get("RASA_AUTH_TOKEN", "")
        if not token:
            print("RASA_AUTH_TOKEN manque : l'API HTTP de Rasa ne s'ouvre pas sans jeton.", file=sys.stderr)
            sys.exit(2)
        sys.argv += ["--auth-token", token]
    sys.argv[0] = "rasa"
    from rasa.__main__ import main

    main()

"""Secrets the served set-up needs (the widget's session signing key, the REST token):
from an environment variable, else generated once into ``var/`` with mode 0600.

Never on a command line (the process list shows it to every local user).  Several
processes on one machine share the file; in Kubernetes the variable comes from a Secret
(every replica must sign with the same key)."""
from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Mapping, Optional

VAR = Path(__file__).resolve().parents[1] / "var"


def local_secret(env_name: str, file_name: str, env: Optional[Mapping[str, str]] = None,
                 directory: Path = VAR) -> str:
    """The value of ``env_name``, or the content of ``directory/file_name``, created when missing."""
    value = (os.environ if env is None else env).get(env_name, "").strip()
    if value:
        return value
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / file_name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process may be writing it right now
            value = path.read_text(encoding="utf-8").strip()
            if value:
                return value
            time.sleep(0.1)
        raise RuntimeError(f"{path} is empty: delete it, or set {env_name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        value = secrets.token_urlsafe(32)
        file.write(value + "\n")
    return value

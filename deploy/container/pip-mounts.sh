#!/usr/bin/env bash
# Prints, one per line, the `--volume=PATH:PATH:ro` options that give a container build the
# host's pip configuration: the files `pip config debug` lists, and the files, folders and
# file:// indexes their values name (constraints, certificates, local wheels).  Mounted
# read-only for the build only, never copied into an image.  PYTHON: the interpreter whose
# pip is asked (default: scripts/find-python.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
python="${PYTHON:-$("$root/scripts/find-python.sh")}"
"$python" -m pip config debug 2>/dev/null | python3 -c '
import os, re, sys
paths = []
for line in sys.stdin:
    m = re.match(r"\s+(/\S+), exists: True", line)
    if m:
        paths.append(m.group(1))
        continue
    m = re.match(r"\s+(?:[\w.-]+: |PIP_\w+=)(.*)", line)
    if m:
        for token in m.group(1).strip("\x27\"").split():
            if token.startswith("file://"):  # an index: its pages link to ../../files/
                token = token[len("file://"):].rstrip("/")
                token = os.path.dirname(token) if os.path.basename(token) == "simple" else token
            if token.startswith("/") and os.path.exists(token):
                paths.append(token)
for path in dict.fromkeys(paths):
    print(f"--volume={path}:{path}:ro")
'

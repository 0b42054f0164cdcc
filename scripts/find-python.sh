#!/usr/bin/env bash
# Prints the path of a Python 3.8–3.10 interpreter for Rasa 3.6, or explains how to get one.
# Order: $PYTHON, python3.10 on the PATH, pyenv's newest 3.10, ~/.pyenv/versions/3.10*.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if (3, 8) <= sys.version_info[:2] <= (3, 10) else 1)' 2>/dev/null; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -t. -k3 -n -r); do
    candidates+=("$(pyenv prefix "$v" 2>/dev/null)/bin/python")
  done
fi
for p in "${HOME}"/.pyenv/versions/3.10*/bin/python; do [ -x "$p" ] && candidates+=("$p"); done
for c in "${candidates[@]}"; do
  if [ -x "$c" ] || command -v "$c" >/dev/null 2>&1; then
    if ok "$c"; then echo "$c"; exit 0; fi
    [ "$c" = "${PYTHON:-}" ] && echo "PYTHON=$c n'est pas un Python 3.8–3.10." >&2
  fi
done
cat >&2 <<'MSG'
Python 3.10 introuvable (Rasa 3.6 demande Python 3.8 à 3.10).
  • avec pyenv :   pyenv install 3.10.13   puis relancez la commande
  • sous Debian/Ubuntu : installez python3.10 et python3.10-venv
  • ou indiquez-le : make chat PYTHON=/chemin/vers/python3.10
MSG
exit 1

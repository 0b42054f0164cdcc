#!/usr/bin/env bash
# Starts the action server in the background, opens `rasa shell` (through kine-shell),
# and stops the action server when the shell ends (Ctrl-C, /stop or end of input).
# Files it creates (the action server's log, the conversation database) are private.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
umask 077
# Both ports free, or a clear message instead of Rasa's « address already in use » traceback.
for port in "$ACTION_PORT" "$RASA_PORT"; do
  if ! python3 -c 'import socket, sys; socket.create_server(("", int(sys.argv[1])))' "$port" 2>/dev/null; then
    echo "Le port $port est déjà utilisé (« make serve » ou un autre « make chat » tourne-t-il ?)." >&2
    echo "Arrêtez-le, ou choisissez d'autres ports : RASA_PORT=5015 ACTION_PORT=5065 make chat" >&2
    exit 1
  fi
done
log="var/action-server.log"
kine-rasa run actions --port "$ACTION_PORT" --actions actions >"$log" 2>&1 &
actions_pid=$!
trap 'kill "$actions_pid" 2>/dev/null; wait "$actions_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if curl -fsS "http://localhost:${ACTION_PORT}/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$actions_pid" 2>/dev/null; then echo "Le serveur d'actions n'a pas démarré, voir $log" >&2; exit 1; fi
  sleep 0.5
done
echo "Serveur d'actions prêt sur le port ${ACTION_PORT} (journal : $log)."
# kine-shell (ops/stack/shell.py): `rasa shell` without deprecation warnings, buttons listed by title,
# free text at once.
kine-shell -m "$RASA_MODEL" --endpoints endpoints.yml --port "$RASA_PORT" "$@"

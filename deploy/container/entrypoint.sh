#!/usr/bin/env bash
# The image's entry point.  Every setting not given takes its default (ops/settings.py, through
# scripts/env.sh); files created are private (umask 077).  Then:
#   server  (default)  the Rasa server on RASA_PORT (5005): the channels of credentials.yml
#                      (REST, socket.io, Telegram), never Rasa's HTTP API; extra arguments follow
#   actions            the action server on ACTION_PORT (5055)
#   anything else      run as given, e.g. kine-purge --days 30 (the Kubernetes CronJob)
set -euo pipefail
# In a container the action server listens on the pod's address (its Service, restricted to
# the Rasa pods by a NetworkPolicy: deploy/kubernetes/kine.yaml); on a machine, 127.0.0.1.
export SANIC_HOST="${SANIC_HOST:-0.0.0.0}"
source scripts/env.sh
umask 077
command="${1:-server}"
[ $# -gt 0 ] && shift
case "$command" in
  server)  exec kine-rasa run --model "$RASA_MODEL" --port "$RASA_PORT" \
                --credentials credentials.yml --endpoints endpoints.yml "$@" ;;
  actions) exec kine-rasa run actions --port "$ACTION_PORT" --actions actions "$@" ;;
  *)       exec "$command" "$@" ;;
esac

#!/usr/bin/env bash
# Runs the container engine: podman (with the settings that work on sandboxes and CI runners:
# runc, cgroupfs, no default ulimits), or docker where podman is absent.
#   deploy/container/engine.sh build …    deploy/container/engine.sh run …
# `engine.sh --name` prints which one is used.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if command -v podman >/dev/null 2>&1; then
  [ "${1:-}" = "--name" ] && { echo podman; exit 0; }
  export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
  flags=(--cgroup-manager cgroupfs)
  command -v runc >/dev/null 2>&1 && flags+=(--runtime runc)
  exec podman "${flags[@]}" "$@"
elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  [ "${1:-}" = "--name" ] && { echo docker; exit 0; }
  exec docker "$@"
fi
echo "Ni podman ni docker n'est disponible : apt-get install podman runc (voir README, « Image de conteneur »)." >&2
exit 127

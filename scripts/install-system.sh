#!/usr/bin/env bash
# Installs the Debian packages the served and production set-ups use, if missing:
#   nginx (web page, origin check, load balancing), chromium (browser test),
#   redis-server (lock store), postgresql (tracker store).
# Usage: scripts/install-system.sh [nginx] [chromium] [redis] [postgresql]   (default: all)
set -euo pipefail
declare -A package=([nginx]=nginx [chromium]=chromium [redis]=redis-server [postgresql]=postgresql)
declare -A probe=([nginx]=/usr/sbin/nginx [chromium]=/usr/bin/chromium [redis]=/usr/bin/redis-server
                  [postgresql]=/usr/lib/postgresql/*/bin/postgres)
wanted=("$@"); [ ${#wanted[@]} -eq 0 ] && wanted=(nginx chromium redis postgresql)
missing=()
for name in "${wanted[@]}"; do
  [ -n "${package[$name]:-}" ] || { echo "unknown component: $name" >&2; exit 2; }
  compgen -G "${probe[$name]}" >/dev/null || missing+=("${package[$name]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installation (apt) : ${missing[*]}"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# The packages' own services are not started: the project starts its own instances.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Builds the project's image from the Dockerfile (`make image`), with podman, or docker where
# podman is absent.  Settings, from the environment:
#   IMAGE       the tag (default localhost/kine-assistant:<version of pyproject.toml>, the one
#               deploy/kubernetes/kine.yaml runs)
#   BASE_IMAGE  a Python 3.10 image like python:3.10-slim (the default); where no image registry
#               is reachable, build one first: deploy/container/build-base-image.sh, then
#               BASE_IMAGE=localhost/kine-base:py3.10
# With podman, pip inside the build uses the host's pip configuration, mounted read-only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/pyproject.toml")"
image="${IMAGE:-localhost/kine-assistant:$version}"
base="${BASE_IMAGE:-python:3.10-slim}"
engine="$here/engine.sh"
options=(--network=host --build-arg "BASE_IMAGE=$base" -t "$image" -f "$root/Dockerfile")
if [ "$("$engine" --name)" = podman ]; then
  mapfile -t mounts < <("$here/pip-mounts.sh")
  options+=("${mounts[@]}")
fi
echo "Construction de $image (base $base, $("$engine" --name))…"
"$engine" build "${options[@]}" "$root"
# The previous builds of this image, left untagged by this one.
"$engine" image prune --force --filter label=org.opencontainers.image.title=kine-assistant >/dev/null

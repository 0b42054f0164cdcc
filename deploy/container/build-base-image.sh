#!/usr/bin/env bash
# Builds the local stand-in for python:3.10-slim, for machines with no image registry
# (../../../shared/containers.md): debootstrap (minbase, bookworm) -> `podman import` ->
# a derived image with the pyenv Python 3.10 copied at its own prefix.  Skipped when the image
# exists.  Usage: deploy/container/build-base-image.sh [TAG]   (default localhost/kine-base:py3.10)
# Needs root, podman and debootstrap (apt-get install podman runc debootstrap).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tag="${1:-${BASE_IMAGE:-localhost/kine-base:py3.10}}"
debian="localhost/debian:bookworm-minbase"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
engine="$here/engine.sh"

if "$engine" image exists "$tag" 2>/dev/null; then
  echo "$tag existe déjà."
  exit 0
fi
python="$("$root/scripts/find-python.sh")"
prefix="$("$python" -c 'import sys; print(sys.base_prefix)')"
case "$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" in
  3.10) ;; *) echo "Il faut un Python 3.10 (trouvé : $python)." >&2; exit 1 ;;
esac

if ! "$engine" image exists "$debian" 2>/dev/null; then
  command -v debootstrap >/dev/null || { echo "debootstrap manque : apt-get install debootstrap" >&2; exit 1; }
  rootfs="$(mktemp -d /tmp/kine-rootfs.XXXXXX)"
  trap 'rm -rf "$rootfs"' EXIT
  echo "debootstrap bookworm (minbase) depuis $mirror…"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
    || { tail -20 "$rootfs.log" >&2; exit 1; }
  rm -f "$rootfs.log"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | "$engine" import --change 'CMD ["/bin/bash"]' - "$debian"
  rm -rf "$rootfs"
  trap - EXIT
fi

"$engine" build --network=host --pull=never -f "$here/base.Containerfile" \
  --build-arg "DEBIAN_IMAGE=$debian" --build-arg "PYTHON_PREFIX=$prefix" \
  --volume "$prefix:/python:ro" -t "$tag" "$here"
echo "$tag construite (Python de $prefix)."

#!/bin/sh
# install-deps.sh - installs the Debian/Ubuntu packages sitrep builds with.
#
# Idempotent: checks each package with dpkg-query and installs only what is
# missing, with apt-get as root or through sudo otherwise. `make`, `make
# test` and `make demo` run it, so a fresh clone needs nothing else.
#   scripts/install-deps.sh          build and test dependencies
#   scripts/install-deps.sh --fuzz   also clang and its sanitizer runtime
#   scripts/install-deps.sh --train  also WordNet, for make train
set -eu

packages="build-essential cmake pkg-config zlib1g-dev libzstd-dev libxml2-dev
libutf8proc-dev libcjson-dev libcmocka-dev libsqlite3-dev"
if [ "${1:-}" = "--fuzz" ]; then
  packages="$packages clang libclang-rt-dev"
fi
if [ "${1:-}" = "--train" ]; then
  # the tagger's training reads WordNet's word lists (stored in the model)
  packages="$packages wordnet-base"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps: this is not a Debian-based system; install by hand:" >&2
  echo "  a C11 compiler, make, cmake, pkg-config, and the development files" >&2
  echo "  of zlib, zstd, libxml2, utf8proc, cJSON and cmocka" >&2
  exit 0
fi

missing=""
for p in $packages; do
  if [ "$p" = libclang-rt-dev ]; then
    # versioned on Debian 12 (libclang-rt-14-dev); any one will do
    dpkg-query -W -f='${Status}\n' 'libclang-rt-*-dev' 2>/dev/null |
      grep -q "install ok installed" && continue
    p=$(apt-cache search --names-only '^libclang-rt-[0-9]+-dev$' 2>/dev/null |
      sort -V | tail -1 | cut -d' ' -f1)
    [ -n "$p" ] || continue
  fi
  if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-deps: not root and no sudo; please install:$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing

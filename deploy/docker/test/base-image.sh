#!/usr/bin/env bash
# Makes the Debian 12 base image the tests build every image on, from Debian's own packages (no
# registry is needed): debootstrap --variant=minbase, trimmed as the official slim images are (no
# apt lists or caches, docs, man pages or locales, and dpkg told to leave them out of later
# installs), then `docker import`. The debootstrap tree is cached under $DEVFLOW_CACHE
# (/var/cache/devflow by default), so a second run on the same machine takes seconds.
#
#   deploy/docker/test/base-image.sh [image name, default devflow-test/debian:bookworm]
set -euo pipefail
image="${1:-devflow-test/debian:bookworm}"
cache="${DEVFLOW_CACHE:-/var/cache/devflow}/debootstrap-bookworm"
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base-image: $image is there"
  exit 0
fi
# the Debian mirror apt already uses on this machine (the one serving bookworm/main)
mirror="$(apt-cache policy 2>/dev/null | awk '$3 == "bookworm/main" && $2 ~ /^https?:/ {print $2; exit}' || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
if [[ ! -f "$cache/.complete" ]]; then
  echo "base-image: debootstrap bookworm from $mirror (about a minute)"
  rm -rf "$cache"; mkdir -p "$cache"
  debootstrap --variant=minbase bookworm "$cache" "$mirror" >/dev/null
  cat >"$cache/etc/dpkg/dpkg.cfg.d/devflow-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
CFG
  cat >"$cache/etc/apt/apt.conf.d/devflow-slim" <<'CFG'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
CFG
  echo "deb $mirror bookworm main" >"$cache/etc/apt/sources.list"
  rm -rf "$cache"/var/cache/apt/* "$cache"/var/lib/apt/lists/* "$cache"/usr/share/man/* \
    "$cache"/usr/share/info/* "$cache"/usr/share/locale/*
  find "$cache/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null || true
  # Java's post-install links its manual page here (update-alternatives fails without the directory)
  mkdir -p "$cache/usr/share/man/man1"
  touch "$cache/.complete"
fi
tar -C "$cache" --exclude=./.complete -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["bash"]' - "$image" >/dev/null
echo "base-image: $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"

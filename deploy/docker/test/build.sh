#!/usr/bin/env bash
# Everything the on-prem tests run on, built from Debian's packages on this machine (no registry):
# the Debian base (base-image.sh), the JDK the JVM services take their jlinked runtime from, stand-ins for the
# third-party images of docker-compose.onprem.yml (PostgreSQL, nginx, the dashboard's unprivileged
# nginx), then DevFlow's own images from deploy/docker/build.sh on those bases. Images already
# built are reused (docker's layer cache); `compose.test.yml` swaps the third-party names.
#
#   deploy/docker/test/build.sh            after ./mvnw -B package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd -P)"
"$here/base-image.sh" devflow-test/debian:bookworm
stand_in() { # tag dir
  local start=$SECONDS
  docker build -q -t "$1" "$here/$2" >/dev/null
  printf '  %s %s MB (%d s)\n' "$1" \
    "$(docker image inspect -f '{{.Size}}' "$1" | awk '{printf "%.0f", $1/1e6}')" $((SECONDS - start))
}
echo "test images: stand-ins from Debian 12 packages"
stand_in devflow-test/jdk:17 jdk
stand_in devflow-test/postgres:15 postgres
stand_in devflow-test/nginx:1.22 nginx
stand_in devflow-test/nginx-unprivileged:1.22 nginx-unprivileged
"$here/../build.sh" --jdk devflow-test/jdk:17 --jvm-base devflow-test/debian:bookworm \
  --web-base devflow-test/nginx-unprivileged:1.22 --no-agent-clis

#!/usr/bin/env bash
# Writes <service>/src/main/docker/Dockerfile.{jvm,native} from the two templates here, so the
# five images stay consistent (non-root uid 185, HEALTHCHECK on /health/ready, pinned bases).
#   deploy/docker/generate.sh           rewrite the Dockerfiles
#   deploy/docker/generate.sh --check   exit 1 if any Dockerfile differs from its template
set -euo pipefail
cd "$(dirname "$0")/../.."
check=no
[ "${1:-}" = "--check" ] && check=yes
target="."
if [ "$check" = yes ]; then
  target="$(mktemp -d)"
  trap 'rm -rf "$target"' EXIT
fi
status=0

# service:port:extra packages (the workflow engine drives tmux and git for its agents)
services=(
  "api-gateway:8080:"
  "knowledge-hub:8282:"
  "workflow-engine:8181:tmux git"
  "mcp-gateway:8051:"
  "integration-services:8383:"
)

for entry in "${services[@]}"; do
  IFS=: read -r service port packages <<<"$entry"
  extra=""
  comment=""
  native_extra=""
  if [ -n "$packages" ]; then
    extra=" $packages"
    comment=", ${packages// / and } for the agents"
    native_extra=$'USER root\nRUN microdnf install -y '"$packages"$' && microdnf clean all\n'
  fi
  mkdir -p "$target/$service/src/main/docker"
  for kind in jvm native; do
    template="deploy/docker/Dockerfile.$kind.template"
    out="$target/$service/src/main/docker/Dockerfile.$kind"
    while IFS= read -r line || [ -n "$line" ]; do
      if [ "$line" = "@EXTRA_PACKAGES@" ]; then
        printf '%s' "$native_extra"
      else
        line="${line//@EXTRA_PACKAGES@/$extra}"
        line="${line//@EXTRA_COMMENT@/$comment}"
        line="${line//@SERVICE@/$service}"
        printf '%s\n' "${line//@PORT@/$port}"
      fi
    done <"$template" >"$out"
    if [ "$check" = yes ] && ! diff -u "$service/src/main/docker/Dockerfile.$kind" "$out"; then
      status=1
    fi
  done
done
exit "$status"

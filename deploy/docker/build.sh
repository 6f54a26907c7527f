#!/usr/bin/env bash
# Builds DevFlow's images, devflow/<name>:<version>: the five services (JVM, from the fast-jars
# `./mvnw -B package -DskipTests` leaves in <service>/target/quarkus-app) and the dashboard (from
# web-dashboard/dist), and the agent image (git, tmux and the agent CLIs; agents run in containers of
# their own with deploy/onprem/docker-compose.agents.yml). Labels carry the version and the git revision; prints each image's size.
#
#   deploy/docker/build.sh                      the images, on the public base images
#   deploy/docker/build.sh --package            ./mvnw package first
#   deploy/docker/build.sh --jdk devflow-test/jdk:17 --jvm-base devflow-test/debian:bookworm \
#     --web-base devflow-test/nginx-unprivileged:1.22     (what deploy/docker/test/build.sh does)
#   deploy/docker/build.sh --version 0.2.0 --only knowledge-hub
#   deploy/docker/build.sh --no-agent-clis     the agent image without Claude Code and OpenCode
#   deploy/docker/build.sh --ca-cert FILE      a CA certificate (PEM) the agent image trusts (a TLS-inspecting proxy)
set -euo pipefail
cd "$(dirname "$0")/../.."
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
jdk=""; jvm_base=""; web_base=""; package=no; only=""; agent_clis=yes; ca_cert=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --jdk) jdk="$2"; shift 2 ;;
    --jvm-base) jvm_base="$2"; shift 2 ;;
    --web-base) web_base="$2"; shift 2 ;;
    --package) package=yes; shift ;;
    --only) only="$2"; shift 2 ;;
    --no-agent-clis) agent_clis=no; shift ;;
    --ca-cert) ca_cert="$2"; shift 2 ;;
    *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
services=(api-gateway knowledge-hub workflow-engine mcp-gateway integration-services)
if [[ $package == yes ]]; then
  ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true
fi
build() { # name context dockerfile base [jdk] [extra build args...]
  local name="$1" context="$2" file="$3" base="$4" jdk_image="${5:-}"
  local args=(--build-arg "VERSION=$version" --build-arg "REVISION=$revision" "${@:6}")
  [[ -n "$base" ]] && args+=(--build-arg "BASE_IMAGE=$base")
  [[ -n "$jdk_image" ]] && args+=(--build-arg "JDK_IMAGE=$jdk_image")
  docker build -q "${args[@]}" -f "$file" -t "devflow/$name:$version" "$context" >/dev/null
  printf '  devflow/%s:%s %s MB\n' "$name" "$version" \
    "$(docker image inspect -f '{{.Size}}' "devflow/$name:$version" | awk '{printf "%.0f", $1/1e6}')"
}
echo "build.sh: devflow images $version ($revision)"
for service in "${services[@]}"; do
  [[ -z "$only" || "$only" == "$service" ]] || continue
  [[ -f "$service/target/quarkus-app/quarkus-run.jar" ]] || {
    echo "build.sh: $service/target/quarkus-app is missing: run ./mvnw -B package -DskipTests (or --package)" >&2; exit 1; }
  build "$service" "$service" "$service/src/main/docker/Dockerfile.jvm" "$jvm_base" "$jdk"
done
if [[ -z "$only" || "$only" == web-dashboard ]]; then
  [[ -f web-dashboard/dist/index.html ]] || { echo "build.sh: web-dashboard/dist is missing" >&2; exit 1; }
  build web-dashboard web-dashboard web-dashboard/docker/Dockerfile "$web_base"
fi
if [[ -z "$only" || "$only" == agent ]]; then
  extra=()
  [[ "$agent_clis" == yes ]] || extra+=(--build-arg CLAUDE_CODE_VERSION= --build-arg OPENCODE_VERSION=)
  [[ -z "$ca_cert" ]] || extra+=(--build-arg "EXTRA_CA_CERTS=$(cat "$ca_cert")")
  build agent deploy/docker/agent deploy/docker/agent/Dockerfile "$jvm_base" "" "${extra[@]}"
fi

#!/usr/bin/env bash
# Proxy overhead of the api-gateway, against nginx as a plain reverse proxy, in one run.
#
# Starts: nginx serving a trivial JSON answer (the upstream) and nginx proxying to it; the bare
# Vert.x reverse proxy (BareProxy.java, the floor of the gateway's stack); two floors below it
# (NettyProxy.java on Netty alone, VertxNettyProxy.java with Vert.x's server and a Netty client;
# FLOORS=0 leaves them out); DevFlow with
# `devflow up --detach` (embedded PostgreSQL, services in local mode); and a second api-gateway in
# SaaS mode (API key, rate limits in PostgreSQL, internal JWT) routing /api/v1/sources to the
# trivial upstream. Then drives each path at a fixed rate with wrk (paced.lua) and prints
# p50/p95/p99, the latency each proxy adds over going direct, and each one's CPU per request.
#
# Usage: bench/gateway/proxy.sh [RATE=1000] [SECONDS=10], seconds per path and round, ROUNDS=3
# rounds. Needs nginx and wrk (apt-get install -y nginx wrk), openssl, python3 and built jars
# (./devflow builds them). Loopback only; bounded by RATE x SECONDS x ROUNDS.
set -euo pipefail
rate="${1:-1000}"
seconds="${2:-10}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
work="$(mktemp -d "${TMPDIR:-/tmp}/devflow-proxy-bench.XXXXXX")"
export DEVFLOW_HOME="$work/home"
up_port=18901 nginx_port=18902 gw_port=18903 bare_port=18904 netty_port=18905 vxnetty_port=18906
gateway_pid="" bare_pid="" floor_pids=""

cleanup() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null || true
  [ -n "$bare_pid" ] && kill "$bare_pid" 2>/dev/null || true
  [ -n "$floor_pids" ] && kill $floor_pids 2>/dev/null || true
  for d in "$work/up" "$work/proxy"; do
    [ -f "$d/nginx.pid" ] && nginx -p "$d" -c "$d/nginx.conf" -s stop 2>/dev/null || true
  done
  "$repo/devflow" down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
command -v nginx >/dev/null || { echo "bench: nginx is required (apt-get install -y nginx)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk is required (apt-get install -y wrk)" >&2; exit 1; }

mkdir -p "$work/logs" "$work/up" "$work/proxy"
# Two nginx processes, like the gateway's own path: the upstream, and the reverse proxy in front of
# it. One nginx serving both (as this script did until 2026-11-27) handles the proxy's upstream hop
# inside its own event loop, with no process to wake, so it understated what a proxy adds.
nginx_conf() { # <dir> <server block>
  cat > "$1/nginx.conf" <<CONF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path $1/body; proxy_temp_path $1/proxy;
  fastcgi_temp_path $1/fcgi; uwsgi_temp_path $1/uwsgi; scgi_temp_path $1/scgi;
  $2
}
CONF
  nginx -p "$1" -c "$1/nginx.conf"
}
nginx_conf "$work/up" "server {
    listen 127.0.0.1:$up_port;
    location /internal/ { default_type application/json; return 200 '{\"applied\":0}'; }
    location / { default_type application/json; return 200 '{\"sources\":[]}'; }
  }"
nginx_conf "$work/proxy" "upstream trivial { server 127.0.0.1:$up_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / { proxy_pass http://trivial; proxy_http_version 1.1; proxy_set_header Connection \"\"; }
  }"

# The floor of the gateway's stack: Vert.x's reverse proxy alone (BareProxy.java), on the gateway's
# own jars.
libs="$(ls "$repo"/api-gateway/target/quarkus-app/lib/main/*.jar | tr '\n' ':')"
java -XX:+UseSerialGC -cp "$libs" "$repo/bench/gateway/BareProxy.java" "$bare_port" "$up_port" \
  > "$work/logs/bare.log" 2>&1 &
bare_pid=$!
# Below it, unless FLOORS=0: a proxy on Netty alone (NettyProxy.java), and Vert.x's server with a
# Netty client behind it (VertxNettyProxy.java). Together they show which layer costs what.
paths=("direct $up_port" "nginx $nginx_port" "vertx $bare_port")
if [ "${FLOORS:-1}" != 0 ]; then
  for floor in "NettyProxy $netty_port netty" "VertxNettyProxy $vxnetty_port vxnetty"; do
    set -- $floor
    java -XX:+UseSerialGC -cp "$libs" "$repo/bench/gateway/$1.java" "$2" "$up_port" > "$work/logs/$3.log" 2>&1 &
    floor_pids="$floor_pids $!"
    paths+=("$3 $2")
  done
fi
paths+=("gateway $gw_port")

echo "bench: starting DevFlow (PostgreSQL + services)"
"$repo/devflow" up --detach > "$work/logs/up.log" 2>&1 || { cat "$work/logs/up.log" >&2; exit 1; }
pg_port="$(cat "$DEVFLOW_HOME/run/postgres.port")"
database="postgresql://postgres:postgres@localhost:$pg_port/devflow"

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/jwt.pem" 2>/dev/null
public_key="$(openssl pkey -in "$work/jwt.pem" -pubout -outform DER | base64 -w0)"

DEVFLOW_MODE=saas QUARKUS_HTTP_PORT=$gw_port QUARKUS_HTTP_HOST=127.0.0.1 DATABASE_URL="$database" \
  DEVFLOW_JWT_PRIVATE_KEY="$(cat "$work/jwt.pem")" DEVFLOW_JWT_PUBLIC_KEY="$public_key" \
  KNOWLEDGE_HUB_URL="http://127.0.0.1:$up_port" QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
  DEVFLOW_GATEWAY_ROUTES_WORKFLOWS_PROVISIONED=false DEVFLOW_GATEWAY_ROUTES_INTEGRATIONS_PROVISIONED=false \
  java ${GATEWAY_JAVA_OPTS:--XX:+UseSerialGC} -jar "$repo/api-gateway/target/quarkus-app/quarkus-run.jar" \
  > "$work/logs/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$gw_port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$gw_port/health/ready" >/dev/null || { echo "bench: gateway did not start" >&2; tail -20 "$work/logs/gateway.log" >&2; exit 1; }

admin_key="$(DATABASE_URL="$database" "$repo/devflow" create-admin --email bench@devflow.test | sed -n 's/.*: \(dfk_[^ ]*\)$/\1/p')"
psql -q "$database" -c "insert into devflow.plans (id, name, requests_per_minute) values ('bench', 'Bench', 10000000) on conflict do nothing"
answer="$(curl -s -X POST "http://127.0.0.1:$gw_port/api/v1/tenants" \
  -H "Authorization: Bearer $admin_key" -H 'Content-Type: application/json' \
  -d '{"slug":"bench","name":"Bench","plan":"bench","adminEmail":"load@bench.test"}')"
tenant_key="$(sed -n 's/.*"apiKey":"\(dfk_[^"]*\)".*/\1/p' <<<"$answer")"
[ -n "$tenant_key" ] || { echo "bench: could not provision the bench tenant: $answer" >&2; exit 1; }

check="$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tenant_key" "http://127.0.0.1:$gw_port/api/v1/sources")"
[ "$check" = 200 ] || { echo "bench: the gateway answered $check:" >&2; curl -s -H "Authorization: Bearer $tenant_key" "http://127.0.0.1:$gw_port/api/v1/sources" >&2; tail -20 "$work/logs/gateway.log" >&2; exit 1; }

# HOLD=1 keeps everything up for probing by hand (ports above, the key in $work/tenant.key) until
# $work/release exists.
if [ -n "${HOLD:-}" ]; then
  echo "$tenant_key" > "$work/tenant.key"
  echo "bench: holding: ${paths[*]} (name port); touch $work/release to go on"
  while [ ! -e "$work/release" ]; do sleep 1; done
fi

for path in "${paths[@]:2}"; do
  set -- $path
  [ "$1" = gateway ] && continue
  curl -fs -o /dev/null "http://127.0.0.1:$2/api/v1/sources" || { echo "bench: the $1 proxy did not start" >&2; cat "$work/logs/"*.log >&2; exit 1; }
done

echo "bench: warming up the JVM proxies (wrk, 15 s each at full speed, then 10 s at the rate) and nginx (5 s)"
for path in "${paths[@]:2}"; do
  set -- $path
  header=()
  [ "$1" = gateway ] && header=(-H "Authorization: Bearer $tenant_key")
  wrk -t1 -c8 -d15s "${header[@]}" "http://127.0.0.1:$2/api/v1/sources" >/dev/null
done
wrk -t1 -c8 -d5s "http://127.0.0.1:$nginx_port/api/v1/sources" >/dev/null
# The JIT compiles a steady trickle's paths (timers, idle connections) only once it sees one.
interval=$((20000 / rate))
for path in "${paths[@]:2}"; do
  set -- $path
  key=""
  [ "$1" = gateway ] && key="$tenant_key"
  wrk -t2 -c20 -d10s -s "$repo/bench/gateway/paced.lua" "http://127.0.0.1:$2/api/v1/sources" \
    -- "$interval" warm-up "$key" scheduled 20 2 >/dev/null
done

# The target's own condition: $rate requests/s from 20 connections, on a fixed timetable
# (paced.lua "scheduled", as wrk2 offers a rate), then the same rate as self-synchronised bursts
# ("bursts": each connection waits the interval after its answer; see paced.lua). wrk's C client
# adds far less noise than a JVM generator did (its p95 on the direct path swung by hundreds of
# ms). The paths take turns, ROUNDS rounds of $seconds s each, and the figures are the medians of
# the rounds, so a minute of this machine's drift falls on every path alike.
rounds="${ROUNDS:-3}"
# CPU (user + system) of the process on each path's far side of wrk: the upstream nginx for
# direct, the proxying nginx, the bare Vert.x proxy, the gateway.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$p/stat"))); done; echo "$t"; }
family() { echo "$1 $(pgrep -P "$1" | tr '\n' ' ')"; }
declare -A serving=([direct]="$(family "$(cat "$work/up/nginx.pid")")"
  [nginx]="$(family "$(cat "$work/proxy/nginx.pid")")" [vertx]="$bare_pid" [gateway]="$gateway_pid")
set -- $floor_pids
[ $# = 2 ] && serving+=([netty]="$1" [vxnetty]="$2")
for arrival in scheduled bursts; do
  echo "bench: wrk at $rate requests/s ($arrival; 20 connections), $rounds rounds of $seconds s per path"
  : > "$work/paced-$arrival"
  for round in $(seq "$rounds"); do
    for path in "${paths[@]}"; do
      set -- $path
      key=""
      [ "$1" = gateway ] && key="$tenant_key"
      before="$(ticks ${serving[$1]})"
      line="$(wrk -t2 -c20 -d"${seconds}s" -s "$repo/bench/gateway/paced.lua" \
        "http://127.0.0.1:$2/api/v1/sources" -- "$interval" "$1" "$key" "$arrival" 20 2 | tail -1)"
      cpu="$(( ($(ticks ${serving[$1]}) - before) * 1000000 / $(getconf CLK_TCK) ))"
      achieved="$(sed -n 's/.*rate=\([0-9]*\).*/\1/p' <<<"$line")"
      # done() runs in wrk's main Lua state, which init() never saw: the name is added here.
      echo "round $round $1 $(sed 's/^? *//' <<<"$line") cpu=$(( cpu / (${achieved:-1} * seconds) ))us/request" \
        | tee -a "$work/paced-$arrival"
    done
  done
  python3 - "$work/paced-$arrival" "$arrival" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = dict(re.findall(r"(\w+)=([0-9.]+)", line))
    _, rnd, path = line.split()[:3]
    rows.setdefault(rnd, {})[path] = f
def added(path, q):
    return statistics.median(float(r[path][q]) - float(r["direct"][q]) for r in rows.values())
def cpu(path):
    return statistics.median(float(r[path]["cpu"]) for r in rows.values())
print(f"bench: {sys.argv[2]}: medians of {len(rows)} rounds; latency added over direct, ms")
names = {"nginx": "nginx", "vertx": "vertx", "netty": "netty", "vxnetty": "vx+netty", "gateway": "gateway"}
present = [p for p in names if all(p in r for r in rows.values())]
for path in present:
    print(f"  {names[path]:8} p50 +{added(path, 'p50'):.3f}  p95 +{added(path, 'p95'):.3f}  "
          f"p99 +{added(path, 'p99'):.3f}  CPU {cpu(path):.0f} us/request")
n, g = added("nginx", "p95"), added("gateway", "p95")
floors = [p for p in ("vertx", "netty", "vxnetty") if p in present]
print(f"  gateway adds {g:.3f} ms at p95 (target < 2 ms), {g / n:.1f}x nginx (target <= 1.5x); "
      + ", ".join(f"{names[p]} {added(p, 'p95') / n:.1f}x" for p in floors))
PY
done

# Closed loop: the same four paths at full speed with 8 connections.
if [ -z "${SKIP_CLOSED:-}" ]; then
  echo "bench: wrk, 8 connections, 15 s per path"
  for path in "${paths[@]}"; do
    set -- $path
    header=()
    [ "$1" = gateway ] && header=(-H "Authorization: Bearer $tenant_key")
    wrk -t1 -c8 -d15s --latency "${header[@]}" "http://127.0.0.1:$2/api/v1/sources" \
      | awk -v name="$1" '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +90%/ {p90=$2} /^ +99%/ {p99=$2}
          /Non-2xx/ {bad=$NF} END {printf "%-8s %8s req/s  p50=%s p90=%s p99=%s non-2xx=%s\n", name, rps, p50, p90, p99, bad+0}'
  done
fi

#!/usr/bin/env bash
# MCP tool-call latency and throughput on this machine: DevFlow's mcp-gateway (list_sources, which
# also costs a knowledge-hub query) against the reference @modelcontextprotocol/server-everything
# (its echo tool), in the same run, with the same client (the official TypeScript SDK) and
# concurrency. Also measures the knowledge-hub's GET /api/v1/sources alone, so the gateway's own
# share of the latency shows.
#
# Needs the stack running: ./devflow up --detach (local mode, mcp-gateway on 127.0.0.1:8051).
#   bench/mcp/run.sh [clients=50] [seconds=20]
set -euo pipefail
cd "$(dirname "$0")"
clients="${1:-50}"
seconds="${2:-20}"
port="${EVERYTHING_PORT:-3901}"

curl -fsS http://127.0.0.1:8051/health/ready >/dev/null \
  || { echo "bench/mcp: start DevFlow first (./devflow up --detach)" >&2; exit 1; }
[[ -d node_modules ]] || npm ci --no-audit --no-fund >&2

PORT="$port" node node_modules/@modelcontextprotocol/server-everything/dist/index.js streamableHttp \
  >/tmp/devflow-bench-everything.log 2>&1 &
everything=$!
trap 'kill $everything 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$port/mcp" && break
  sleep 0.2
done

# CLIENT=sdk measures with the official SDK client (heavier on the client side); raw by default.
script=raw.mjs
[[ "${CLIENT:-raw}" == "sdk" ]] && script=load.mjs
echo "== reference: server-everything echo, $clients clients, ${seconds}s ($script)"
reference=$(node "$script" "http://127.0.0.1:$port/mcp" echo '{"message":"hi"}' "$clients" "$seconds")
echo "$reference"
echo "== devflow: mcp-gateway list_sources, $clients clients, ${seconds}s ($script)"
devflow=$(node "$script" "http://127.0.0.1:8051/mcp" list_sources '{}' "$clients" "$seconds")
echo "$devflow"
echo "== upstream alone: knowledge-hub GET /api/v1/sources, $clients clients, ${seconds}s"
upstream=$(node rest.mjs "http://127.0.0.1:8282/api/v1/sources" "$clients" "$seconds")
echo "$upstream"

# shellcheck disable=SC2016 # the JavaScript's template strings are not shell expansions
node -e '
const [r, d, u] = process.argv.slice(1).map(JSON.parse);
const f = (x) => x.toFixed(2);
console.log(`\nsummary (${d.clients} clients)`);
console.log(`  devflow list_sources : p50 ${f(d.p50)} ms  p95 ${f(d.p95)} ms  ${d.callsPerSecond} calls/s  errors ${d.errors}`);
console.log(`  reference echo       : p50 ${f(r.p50)} ms  p95 ${f(r.p95)} ms  ${r.callsPerSecond} calls/s`);
console.log(`  knowledge-hub alone  : p50 ${f(u.p50)} ms  p95 ${f(u.p95)} ms  ${u.callsPerSecond} req/s`);
console.log(`  ratio devflow/reference p95: ${(d.p95 / r.p95).toFixed(2)}x, throughput ${(d.callsPerSecond / r.callsPerSecond).toFixed(2)}x`);
console.log(`  gateway share of p95 (devflow - upstream): ${f(d.p95 - u.p95)} ms`);
' "$reference" "$devflow" "$upstream"

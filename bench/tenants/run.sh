#!/usr/bin/env bash
# Multi-tenant SLO benchmark (not run by CI): e2e's TenantsBench on the SaaS stack (api-gateway in
# front of knowledge-hub, workflow-engine and mcp-gateway in saas mode on the local stack's
# PostgreSQL). Provisions TENANTS tenants through the gateway and times it (every service's
# migrations included), measures each service's RSS, heap, open files and PostgreSQL connections
# before and after (cost per idle tenant), then drives a mixed workload (search, MCP tool calls,
# workflow API; a crawl and an upload in the background) across ACTIVE tenants for LOAD_SECONDS and
# prints p50/p95/p99 per route class against the Team (500 ms) and Enterprise (200 ms) objectives.
# Prints BENCH lines. See README.md.
#
#   bench/tenants/run.sh                                  1000 tenants, 100 active, 60 s
#   TENANTS=20 LOAD_SECONDS=20 bench/tenants/run.sh       a quick check
#   RATE=50 THREADS=16 bench/tenants/run.sh               paced at 50 requests/s instead of closed loop
#   PROVISIONERS=4 OWNER_POOL=20 bench/tenants/run.sh     provision 4 at a time (needs larger pools)
#   SKIP_BUILD=1 bench/tenants/run.sh                     use the jars already in */target
#   bench/tenants/run.sh -Dbench.tenants.plan=team        further -D options go to Maven as they are
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
cd "$repo"
for tool in tmux git; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install -y tmux git)" >&2; exit 2; }
done
missing=0
for service in knowledge-hub workflow-engine mcp-gateway integration-services api-gateway; do
  [[ -f "$service/target/quarkus-app/quarkus-run.jar" ]] || missing=1
done
[[ -f cli/target/devflow-cli.jar ]] || missing=1
if [[ "${SKIP_BUILD:-}" != 1 || $missing == 1 ]]; then
  echo "tenants: building the stack"
  ./mvnw -B -q install -DskipTests -Dspotless.check.skip=true
fi
log="$(mktemp "${TMPDIR:-/tmp}/tenants-bench.XXXXXX.log")"
echo "tenants: running (log: $log; the services' logs end up in e2e/target/stack-logs/saas-tenants-bench)"
# -De2e.own-jvm.skip: the backup drill and on-prem executions would run the named test again
./mvnw -B verify -pl e2e -Dit.test=TenantsBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -De2e.own-jvm.skip=true -Dspotless.check.skip=true \
  -Dbench.tenants.count="${TENANTS:-1000}" -Dbench.tenants.active="${ACTIVE:-100}" \
  -Dbench.tenants.seconds="${LOAD_SECONDS:-60}" \
  -Dbench.tenants.threads="${THREADS:-16}" -Dbench.tenants.rate="${RATE:-0}" \
  -Dbench.tenants.provisioners="${PROVISIONERS:-1}" -Dbench.tenants.owner-pool="${OWNER_POOL:-0}" \
  "$@" >"$log" 2>&1 || { grep 'BENCH' "$log" || true; tail -60 "$log" >&2; exit 1; }
grep 'BENCH' "$log"

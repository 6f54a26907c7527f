#!/usr/bin/env bash
# Runs the workflow-engine benchmarks (claim throughput, agent spawn latency, Guardian cost) and
# prints their figures. Needs tmux and git; uses the module's embedded PostgreSQL. Not run by CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -o -q install -pl common -DskipTests >/dev/null 2>&1 || true
./mvnw -B -o test -pl workflow-engine \
  -Dtest='ClaimThroughputBench,AgentSpawnBench' -Dsurefire.failIfNoSpecifiedTests=false \
  "$@" | tee /tmp/devflow-workflow-bench.log | grep -E '^BENCH|Tests run:|FAIL' || true
echo
echo "Figures:"
grep '^BENCH' /tmp/devflow-workflow-bench.log | sed 's/^BENCH /  /'

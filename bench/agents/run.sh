#!/usr/bin/env bash
# Agent start-up benchmark (not run by CI): the real Claude Code and OpenCode pinned in
# e2e/package-lock.json, driven by the project's scripted model server, on the stack `devflow up`
# starts. Prints BENCH lines: per CLI and mode, spawn -> CLI start -> first DevFlow tool call, and
# runner dispatch in SaaS mode. See README.md.
#
#   bench/agents/run.sh                 10 agents per CLI and mode, 30 runner dispatches
#   AGENTS=20 DISPATCHES=50 bench/agents/run.sh
#   ONLY=opencode:interactive bench/agents/run.sh    one CLI and mode (and the dispatches)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
cd "$repo"
for tool in tmux git npm; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install -y tmux git nodejs npm)" >&2; exit 2; }
done
echo "agents: building the stack"
./mvnw -B -q install -DskipTests -Dspotless.check.skip=true
log="$(mktemp "${TMPDIR:-/tmp}/agents-bench.XXXXXX.log")"
echo "agents: running (log: $log)"
# -De2e.own-jvm.skip: the backup drill and on-prem executions would run the named test again
./mvnw -B verify -pl e2e -Dit.test=AgentStartBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -De2e.own-jvm.skip=true \
  -Dbench.agents.count="${AGENTS:-10}" -Dbench.agents.dispatches="${DISPATCHES:-30}" \
  -Dbench.agents.only="${ONLY:-}" >"$log" 2>&1 || {
  tail -60 "$log" >&2; exit 1; }
grep 'BENCH' "$log"

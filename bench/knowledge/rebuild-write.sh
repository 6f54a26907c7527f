#!/usr/bin/env bash
# How long a write waits while the index is rebuilt: starts the service on the data a full run kept
# (KEEP=<dir> bench/knowledge/run.sh, ~96k chunks), asks for a rebuild, uploads a one-page Markdown
# file 5 s into it, and times the upload until it is searchable, and the rebuild.
# Usage: WORK=<kept dir> [APP=<quarkus-app dir>] bench/knowledge/rebuild-write.sh (mutates WORK: one
# small source more). Loopback only.
set -euo pipefail
work="$WORK"; here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
app="${APP:-$here/../../knowledge-hub/target/quarkus-app}"; pgbin=/usr/lib/postgresql/15/bin; pg_port=55499; api=http://127.0.0.1:18282
as_pg() { runuser -u postgres -- "$@"; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do while kill -0 $p 2>/dev/null; do sleep 0.3; done; done; as_pg $pgbin/pg_ctl -D $work/pg -m fast stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
as_pg $pgbin/pg_ctl -D $work/pg -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" -l $work/pg/log -w start >/dev/null
DATABASE_URL="postgresql://postgres@127.0.0.1:$pg_port/knowledge" DEVFLOW_MODE=local \
  QUARKUS_HTTP_PORT=18282 QUARKUS_HTTP_HOST=127.0.0.1 DEVFLOW_KNOWLEDGE_HUB_DATA_DIR=$work/data \
  java -Xmx512m -jar $app/quarkus-run.jar > $work/rebuild-write-service.log 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -fs $api/health/ready >/dev/null 2>&1 && break; sleep 1; done
sleep 8; until curl -fs $api/api/v1/admin/index | grep -q '"rebuilding":false.*"stale":false'; do sleep 2; done
t0=$(date +%s.%N)
curl -fs -X POST $api/api/v1/admin/index/rebuild >/dev/null
sleep 5
printf '# Narwhal drills\n\nThe narwhal drill runs every %s.\n' "$(date +%s)" > $work/narwhal.md
t1=$(date +%s.%N)
id=$(curl -fs -F name=Drills -F "files=@$work/narwhal.md;type=text/markdown" $api/api/v1/sources/uploads | python3 -c 'import json,sys; print(json.load(sys.stdin)["sourceId"])')
until curl -fs $api/api/v1/sources/$id | grep -q '"status":"done"'; do sleep 0.2; done
t2=$(date +%s.%N)
found=$(curl -fs "$api/api/v1/search?query=narwhal+drill&mode=keyword" | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(len(r))')
until curl -fs $api/api/v1/admin/index | grep -q '"rebuilding":false'; do sleep 0.5; done
t3=$(date +%s.%N)
found2=$(curl -fs "$api/api/v1/search?query=narwhal+drill&mode=keyword" | python3 -c 'import json,sys; r=json.load(sys.stdin)["results"]; print(len(r))')
python3 -c "print(f'upload sent {($t1-$t0):.1f} s into the rebuild; ingested and indexed in {($t2-$t1):.1f} s (found by search: $found hit(s)); rebuild done after {($t3-$t0):.1f} s; found after it: $found2 hit(s)')"

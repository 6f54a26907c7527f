#!/usr/bin/env bash
# Knowledge hub benchmark: crawls the PostgreSQL 15 HTML manual (Debian's postgresql-doc-15)
# from a loopback HTTP server through the running knowledge-hub API, then measures refresh
# (crawl + parse) speed, the bare model's throughput, search quality and search latency at
# ~100k chunks. Not run by CI. See README.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
here="$repo/bench/knowledge"
corpus="${CORPUS_DIR:-/usr/share/doc/postgresql-doc-15/html}"
pgbin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
synthetic="${SYNTHETIC_CHUNKS:-100000}"
api_port="${API_PORT:-18282}"; site_port="${SITE_PORT:-18999}"; pg_port="${PG_PORT:-55499}"

[[ -f "$corpus/index.html" ]] || { echo "corpus missing: apt-get update && apt-get install -y postgresql-doc-15" >&2; exit 2; }
[[ -x "$pgbin/initdb" ]] || { echo "PostgreSQL server binaries missing: apt-get install -y postgresql-15 (or set PG_BIN)" >&2; exit 2; }

# KEEP=<dir>: keep the database and index there after the run; ONLY=search with KEEP naming a
# directory a previous full run filled skips crawl, bare model and growth: quality and latency only;
# ONLY=crawl stops after the crawl, the refresh, the bare model and the model change (the pipeline-rate figures)
keep="${KEEP:-}"; only="${ONLY:-}"
[[ "$only" != search || -f "$keep/pg/PG_VERSION" ]] || { echo "ONLY=search needs KEEP=<dir of an earlier full run>" >&2; exit 2; }
work="${keep:-$(mktemp -d "${TMPDIR:-/tmp}/kh-bench.XXXXXX")}"; mkdir -p "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # let the service finish stopping before its jars are deleted: a JVM still loading classes from
  # them while it shuts down hangs there, spinning, long after the benchmark has ended
  for p in "${pids[@]}"; do
    for _ in $(seq 1 120); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
  done
  as_pg "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  [[ -n "$keep" ]] || rm -rf "$work"
}
trap cleanup EXIT
as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [[ -n "${APP:-}" ]]; then
  app="$APP" # a quarkus-app directory built elsewhere, e.g. another commit, for an A/B comparison
else
  echo "bench: building knowledge-hub"
  (cd "$repo" && ./mvnw -B -q package -pl knowledge-hub -DskipTests)
  # a private copy, so rebuilding the module while the benchmark runs cannot pull jars from under it
  app="$work/app"; rm -rf "$app"; cp -r "$repo/knowledge-hub/target/quarkus-app" "$app"
fi

echo "bench: PostgreSQL on 127.0.0.1:$pg_port"
psql="psql -q -h 127.0.0.1 -p $pg_port -U postgres -d postgres"
if [[ "$only" != search ]]; then
  rm -rf "$work/pg" "$work/data"
  mkdir -p "$work/pg"; [[ $EUID -eq 0 ]] && chown postgres "$work" "$work/pg"
  as_pg "$pgbin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
fi
as_pg "$pgbin/pg_ctl" -D "$work/pg" -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" -l "$work/pg/log" -w start >/dev/null
[[ "$only" == search ]] || $psql -c "CREATE DATABASE knowledge" >/dev/null

echo "bench: corpus $corpus ($(ls "$corpus" | wc -l) files) on http://127.0.0.1:$site_port"
python3 -m http.server --bind 127.0.0.1 --directory "$corpus" "$site_port" >"$work/site.log" 2>&1 &
pids+=($!)

# SERVICE_JVM=local (default): the JIT and GC flags `devflow up` starts the service with
# (cli Services.JVM_FLAGS: C1 only, serial GC); the heap is bounded by HEAP rather than the
# launcher's share of the machine's memory. SERVICE_JVM=server: the JVM's own defaults, tiered
# compilation up to C2 as the container images keep it (and G1 on this machine). The bare model
# runs with the same flags.
case "${SERVICE_JVM:-local}" in
  local) jvm="-XX:TieredStopAtLevel=1 -Xshare:auto -XX:+UseSerialGC -Xss512k" ;;
  server) jvm="" ;;
  *) echo "SERVICE_JVM must be local or server" >&2; exit 2 ;;
esac
echo "bench: knowledge-hub on 127.0.0.1:$api_port (${SERVICE_JVM:-local} JVM flags: ${jvm:-defaults} -Xmx${HEAP:-512m})"
DATABASE_URL="postgresql://postgres@127.0.0.1:$pg_port/knowledge" DEVFLOW_MODE=local \
  QUARKUS_HTTP_PORT="$api_port" QUARKUS_HTTP_HOST=127.0.0.1 \
  DEVFLOW_KNOWLEDGE_HUB_DATA_DIR="$work/data" \
  DEVFLOW_KNOWLEDGE_HUB_CRAWL_POLITENESS_DELAY=0ms \
  java $jvm -Xmx"${HEAP:-512m}" ${JAVA_OPTS:-} -jar "$app/quarkus-run.jar" >"$work/service.log" 2>&1 &
svc=$!; pids+=($svc)
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$svc" 2>/dev/null || { cat "$work/service.log" >&2; exit 1; }
  sleep 1
done

bare="$psql -d knowledge -At -c \"SELECT replace(CASE WHEN heading_path = '' OR heading_path = title THEN title ELSE title || ' — ' || heading_path END || E'\\n' || text, E'\\n', '\\\\n') FROM tenant_local.chunks ORDER BY id\" > $work/chunks.txt && java $jvm -cp '$app/lib/main/*:$app/app/*' $here/BareModel.java $work/chunks.txt 1000000"
python3 "$here/bench.py" --api "http://127.0.0.1:$api_port" --site "http://127.0.0.1:$site_port" \
  --pid "$svc" --psql "$psql -d knowledge" --bare "$bare" --synthetic "$synthetic" \
  ${only:+--only "$only"}

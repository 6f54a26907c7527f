#!/usr/bin/env bash
# Search quality: known-item questions over the PostgreSQL 15 manual and the Python 3.11
# documentation (Debian's postgresql-doc-15 and python3.11-doc), crawled from loopback, asked in
# every mode; prints recall@1/5/10, MRR@10, nDCG@10 and repeated pages for the tuning and test
# halves. Not run by CI. See README.md.
#
#   bench/quality/run.sh                      builds knowledge-hub and runs it on a throw-away PostgreSQL 15
#   API=http://127.0.0.1:8080 bench/quality/run.sh   a running stack (DEVFLOW_API_KEY if it needs a key)
#   KEEP=<dir> bench/quality/run.sh           keeps the database and index there; a second run reuses them
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
here="$repo/bench/quality"
pg_docs="${PG_DOCS:-/usr/share/doc/postgresql-doc-15/html}"
py_docs="${PY_DOCS:-/usr/share/doc/python3.11/html}"
pgbin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
api_port="${API_PORT:-18283}"; pg_port="${PG_PORT:-55498}"
pg_site_port="${PG_SITE_PORT:-18997}"; py_site_port="${PY_SITE_PORT:-18996}"
site_host="${SITE_HOST:-127.0.0.1}" # where the stack reaches this machine's corpus servers

for d in "$pg_docs" "$py_docs"; do
  [[ -f "$d/index.html" ]] || { echo "corpus missing: $d (apt-get update && apt-get install -y postgresql-doc-15 python3.11-doc)" >&2; exit 2; }
done

pids=()
keep="${KEEP:-}"
work="${keep:-$(mktemp -d "${TMPDIR:-/tmp}/quality.XXXXXX")}"; mkdir -p "$work"
as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 120); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
  done
  [[ -n "${API:-}" ]] || as_pg "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  [[ -n "$keep" ]] || rm -rf "$work"
}
trap cleanup EXIT

python3 -m http.server --bind 0.0.0.0 --directory "$pg_docs" "$pg_site_port" >"$work/pg-site.log" 2>&1 &
pids+=($!)
python3 -m http.server --bind 0.0.0.0 --directory "$py_docs" "$py_site_port" >"$work/py-site.log" 2>&1 &
pids+=($!)

api="${API:-}"
if [[ -z "$api" ]]; then
  [[ -x "$pgbin/initdb" ]] || { echo "PostgreSQL server binaries missing: apt-get install -y postgresql-15 (or set PG_BIN, or API)" >&2; exit 2; }
  if [[ -n "${APP:-}" ]]; then
    app="$APP"
  else
    echo "quality: building knowledge-hub"
    (cd "$repo" && ./mvnw -B -q package -pl knowledge-hub -DskipTests)
    app="$work/app"; rm -rf "$app"; cp -r "$repo/knowledge-hub/target/quarkus-app" "$app"
  fi
  fresh=0
  if [[ ! -f "$work/pg/PG_VERSION" ]]; then
    fresh=1; mkdir -p "$work/pg"; [[ $EUID -eq 0 ]] && chown postgres "$work" "$work/pg"
    as_pg "$pgbin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
  fi
  as_pg "$pgbin/pg_ctl" -D "$work/pg" -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" -l "$work/pg/log" -w start >/dev/null
  [[ $fresh == 0 ]] || psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE knowledge" >/dev/null
  echo "quality: knowledge-hub on 127.0.0.1:$api_port (log: $work/service.log)"
  # the JVM flags `devflow up` gives the service
  DATABASE_URL="postgresql://postgres@127.0.0.1:$pg_port/knowledge" DEVFLOW_MODE=local \
    QUARKUS_HTTP_PORT="$api_port" QUARKUS_HTTP_HOST=127.0.0.1 \
    DEVFLOW_KNOWLEDGE_HUB_DATA_DIR="$work/data" \
    DEVFLOW_KNOWLEDGE_HUB_CRAWL_POLITENESS_DELAY=0ms \
    java -XX:TieredStopAtLevel=1 -Xshare:auto -XX:+UseSerialGC -Xss512k -Xmx"${HEAP:-768m}" ${JAVA_OPTS:-} \
    -jar "$app/quarkus-run.jar" >>"$work/service.log" 2>&1 &
  svc=$!; pids+=($svc)
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$api_port/health/ready" >/dev/null 2>&1 && break
    kill -0 "$svc" 2>/dev/null || { tail -50 "$work/service.log" >&2; exit 1; }
    sleep 1
  done
  api="http://127.0.0.1:$api_port"
fi

python3 "$here/quality.py" --api "$api" \
  --corpus "postgresql=http://$site_host:$pg_site_port" \
  --corpus "python=http://$site_host:$py_site_port" "$@"

#!/usr/bin/env bash
# Backs up an on-prem DevFlow (docker-compose.onprem.yml) into $BACKUP_DIR/<UTC timestamp>/:
#   postgres.dump        pg_dump -Fc of the whole database (control schema + every tenant schema)
#   schema-versions.tsv  the last applied migration of every Flyway history (restore checks it)
#   uploads.tar.gz       the knowledge-uploads volume
#   worktrees.tar.gz     the agents' git worktrees (work in progress of running agents)
#   manifest.txt         DevFlow version, time, sha256 of every file
# The search index (Lucene, or Qdrant's collections when QDRANT_URL is set) is not backed up: it
# is rebuilt from PostgreSQL (see restore.sh).
# Backups older than BACKUP_RETENTION_DAYS (30) are deleted.
#
# Usage (cron, daily):  deploy/onprem/backup.sh [--env-file deploy/onprem/.env.production]
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
env_file="$root/deploy/onprem/.env.production"
if [ "${1:-}" = "--env-file" ]; then env_file="$2"; fi
[ -f "$env_file" ] || { echo "backup: no env file at $env_file" >&2; exit 2; }
set -a
# shellcheck source=/dev/null
. "$env_file"
set +a

if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
compose+=(-p "${COMPOSE_PROJECT_NAME:-devflow}" --env-file "$env_file")
# COMPOSE_FILE (compose's own variable, e.g. docker-compose.onprem.yml:my-overrides.yml) names the
# files when you start the stack with more than the shipped one; the scripts must use the same.
[ -n "${COMPOSE_FILE:-}" ] || compose+=(-f "$root/docker-compose.onprem.yml")

backup_root="${BACKUP_DIR:-/backups/devflow}"
retention="${BACKUP_RETENTION_DAYS:-30}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$backup_root/$stamp"
mkdir -p "$out"
chmod 700 "$out"
db_user="${POSTGRES_USER:-devflow}"
db_name="${POSTGRES_DB:-devflow}"

echo "backup: PostgreSQL -> $out/postgres.dump"
"${compose[@]}" exec -T postgres pg_dump -U "$db_user" -d "$db_name" -Fc >"$out/postgres.dump"

echo "backup: schema versions"
"${compose[@]}" exec -T postgres psql -U "$db_user" -d "$db_name" -At -F $'\t' -v ON_ERROR_STOP=1 <<'SQL' >"$out/schema-versions.tsv"
DO $$
DECLARE h record;
BEGIN
  CREATE TEMP TABLE backup_versions(schema_name text, history text, version text);
  FOR h IN SELECT table_schema, table_name FROM information_schema.tables
           WHERE table_name LIKE 'flyway%history' LOOP
    EXECUTE format('INSERT INTO backup_versions SELECT %L, %L, max(version) FROM %I.%I WHERE success',
                   h.table_schema, h.table_name, h.table_schema, h.table_name);
  END LOOP;
END $$;
SELECT schema_name, history, version FROM backup_versions ORDER BY 1, 2;
SQL

echo "backup: uploads and worktrees volumes"
"${compose[@]}" exec -T knowledge-hub tar -C /var/lib/devflow/uploads -czf - . >"$out/uploads.tar.gz"
"${compose[@]}" exec -T workflow-engine tar -C /var/lib/devflow/worktrees -czf - . >"$out/worktrees.tar.gz"

if [ -n "${QDRANT_URL:-}" ]; then
  # Qdrant holds nothing PostgreSQL does not: restore.sh drops DevFlow's collections and the
  # knowledge hub rebuilds them from the restored database as it starts (as with Lucene).
  echo "backup: Qdrant not copied (its collections are rebuilt from PostgreSQL after a restore)"
fi

{
  echo "devflow_version=${DEVFLOW_VERSION:-unknown}"
  echo "created_at=$stamp"
  echo "database=$db_name"
  (cd "$out" && find . -type f ! -name manifest.txt -print0 | sort -z | xargs -0 sha256sum)
} >"$out/manifest.txt"

echo "backup: deleting backups older than $retention days in $backup_root"
find "$backup_root" -mindepth 1 -maxdepth 1 -type d -name '20*Z' -mtime +"$retention" -exec rm -rf {} +

echo "backup: done: $out"

#!/usr/bin/env bash
# Restores a backup made by backup.sh into the on-prem stack, replacing the current database.
#   deploy/onprem/restore.sh /backups/devflow/20260101T020000Z --yes [--env-file FILE]
# Steps: verify checksums; refuse a backup of another DevFlow version (restore with the version
# that wrote it, then upgrade: migrations only go forward; schema-versions.tsv shows what it held);
# stop the DevFlow services; recreate the database from postgres.dump; restore the volumes; start
# again; then rebuild each tenant's search index (POST /api/v1/admin/index/rebuild as a tenant
# admin), since the index is not part of the backup. With QDRANT_URL set, DevFlow's Qdrant
# collections are dropped so that the knowledge hub rebuilds them from the restored database.
set -euo pipefail

src="${1:?usage: restore.sh <backup directory> --yes [--env-file FILE]}"
shift
confirmed=no
root="$(cd "$(dirname "$0")/../.." && pwd)"
env_file="$root/deploy/onprem/.env.production"
while [ $# -gt 0 ]; do
  case "$1" in
    --yes) confirmed=yes ;;
    --env-file) env_file="$2"; shift ;;
    *) echo "restore: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -f "$src/manifest.txt" ] || { echo "restore: $src has no manifest.txt" >&2; exit 2; }
[ -f "$env_file" ] || { echo "restore: no env file at $env_file" >&2; exit 2; }
set -a
# shellcheck source=/dev/null
. "$env_file"
set +a

echo "restore: verifying checksums"
(cd "$src" && grep -E '^[0-9a-f]{64}  ' manifest.txt | sha256sum -c --quiet -)
backup_version=$(sed -n 's/^devflow_version=//p' "$src/manifest.txt")
echo "restore: backup of DevFlow $backup_version; images here are ${DEVFLOW_VERSION:-unknown}"
if [ "$backup_version" != "${DEVFLOW_VERSION:-}" ]; then
  echo "restore: versions differ. Restore with DEVFLOW_VERSION=$backup_version, then upgrade." >&2
  exit 3
fi
if [ "$confirmed" != yes ]; then
  echo "restore: this replaces database ${POSTGRES_DB:-devflow} and the volumes. Add --yes." >&2
  exit 2
fi

if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
compose+=(-p "${COMPOSE_PROJECT_NAME:-devflow}" --env-file "$env_file")
# COMPOSE_FILE (compose's own variable, e.g. docker-compose.onprem.yml:my-overrides.yml) names the
# files when you start the stack with more than the shipped one; the scripts must use the same.
[ -n "${COMPOSE_FILE:-}" ] || compose+=(-f "$root/docker-compose.onprem.yml")
db_user="${POSTGRES_USER:-devflow}"
db_name="${POSTGRES_DB:-devflow}"
services=(nginx api-gateway mcp-gateway knowledge-hub workflow-engine integration-services)

echo "restore: stopping DevFlow services"
"${compose[@]}" stop "${services[@]}"
"${compose[@]}" up -d postgres
# After `down -v` PostgreSQL starts from an empty volume and initialises it first.
for _ in $(seq 1 60); do
  "${compose[@]}" exec -T postgres pg_isready -U "$db_user" -d postgres >/dev/null 2>&1 && break
  sleep 2
done

echo "restore: recreating database $db_name"
"${compose[@]}" exec -T postgres psql -U "$db_user" -d postgres -v ON_ERROR_STOP=1 <<SQL
DROP DATABASE IF EXISTS "$db_name" WITH (FORCE);
CREATE DATABASE "$db_name" OWNER "$db_user";
-- The runtime role is cluster-wide, so not in the dump; the grants in the dump need it.
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'devflow_app') THEN
    CREATE ROLE devflow_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END \$\$;
GRANT devflow_app TO "$db_user";
SQL
"${compose[@]}" exec -T postgres pg_restore -U "$db_user" -d "$db_name" --exit-on-error --single-transaction <"$src/postgres.dump"

echo "restore: volumes"
"${compose[@]}" run --rm --no-deps -T --entrypoint sh knowledge-hub \
  -c 'find /var/lib/devflow/uploads -mindepth 1 -delete; rm -rf /var/lib/devflow/knowledge/index; tar -C /var/lib/devflow/uploads -xzf -' <"$src/uploads.tar.gz"
"${compose[@]}" run --rm --no-deps -T --entrypoint sh workflow-engine \
  -c 'find /var/lib/devflow/worktrees -mindepth 1 -delete; tar -C /var/lib/devflow/worktrees -xzf -' <"$src/worktrees.tar.gz"

if [ -n "${QDRANT_URL:-}" ]; then
  # Not in the backup: DevFlow's collections (and their aliases) are dropped, and the knowledge hub
  # rebuilds them from the restored database as it starts; left alone they would answer with what
  # the restored database no longer holds. Older backups' qdrant/*.snapshot files are not used.
  echo "restore: dropping DevFlow's Qdrant collections (rebuilt from the database at start)"
  "${compose[@]}" up -d qdrant
  # shellcheck disable=SC2016 # expanded by the container's shell, with the hub's QDRANT_* variables
  "${compose[@]}" run --rm --no-deps -T --entrypoint sh knowledge-hub -c '
    set -eu
    set --
    if [ -n "${QDRANT_API_KEY:-}" ]; then set -- -H "api-key: $QDRANT_API_KEY"; fi
    for c in $(curl -fsS "$@" "$QDRANT_URL/collections" | grep -o "\"name\":\"[^\"]*\"" | cut -d\" -f4); do
      case "$c" in
        devflow_*) curl -fsS "$@" -X DELETE "$QDRANT_URL/collections/$c" >/dev/null ;;
      esac
    done'
fi

echo "restore: starting DevFlow"
"${compose[@]}" up -d
echo "restore: done. The knowledge hub rebuilds each tenant's search index from the restored data as it starts (GET /api/v1/admin/index shows progress)."

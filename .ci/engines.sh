#!/usr/bin/env bash
# Prepare the other engines for `make test-postgres` and `make test-spark`:
#   - PostgreSQL 15 from the Debian packages, cluster started, the `seam` login role and
#     database, and the BI role (var bi_role, default seam_bi) that the marts are granted to;
#   - Java 17 for Spark (Debian openjdk-17-jre-headless) when no java is on the PATH;
#   - the optional Python extras (requirements-postgres.txt, requirements-spark.txt) in .venv.
# Idempotent: safe to run again on a machine where it already ran. Needs root (apt-get).
# Connection settings follow profiles.yml (SEAM_PG_* with the same local defaults).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_USER="${SEAM_PG_USER:-seam}"
PG_PASSWORD="${SEAM_PG_PASSWORD:-seam}"
PG_DATABASE="${SEAM_PG_DATABASE:-seam}"
PG_PORT="${SEAM_PG_PORT:-5432}"
BI_ROLE="${SEAM_PG_BI_ROLE:-seam_bi}"
BI_PASSWORD="${SEAM_PG_BI_PASSWORD:-seam_bi}"

# --- PostgreSQL ---------------------------------------------------------------------
if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q postgresql
fi
PG_VERSION="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PG_VERSION main"; then
    pg_createcluster "$PG_VERSION" main --port "$PG_PORT"
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
    pg_ctlcluster "$PG_VERSION" main start
fi
for _ in $(seq 1 30); do
    runuser -u postgres -- pg_isready -q -p "$PG_PORT" && break
    sleep 1
done

psql_admin() { runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qAt "$@"; }

psql_admin -d postgres <<SQL
do \$\$
begin
    if not exists (select from pg_roles where rolname = '${PG_USER}') then
        create role "${PG_USER}" login password '${PG_PASSWORD}';
    end if;
    -- The BI role can log in (a BI tool's user) and reads the marts only: dbt's grants
    -- config gives it select on each mart, and an on-run-end hook usage on the marts schema.
    if not exists (select from pg_roles where rolname = '${BI_ROLE}') then
        create role "${BI_ROLE}" login password '${BI_PASSWORD}';
    end if;
end
\$\$;
SQL
if [ -z "$(psql_admin -d postgres -c "select 1 from pg_database where datname = '${PG_DATABASE}'")" ]; then
    psql_admin -d postgres -c "create database \"${PG_DATABASE}\" owner \"${PG_USER}\""
fi
# Nobody but the owner creates objects; PUBLIC keeps only connect.
psql_admin -d "${PG_DATABASE}" -c "revoke create on schema public from public"
echo "postgres ${PG_VERSION} ready on port ${PG_PORT}: database ${PG_DATABASE}, roles ${PG_USER}, ${BI_ROLE}"

# --- Java for Spark (pyspark 4 runs on Java 17) -------------------------------------
if ! command -v java >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q openjdk-17-jre-headless
fi

# --- Python extras ------------------------------------------------------------------
make venv
.venv/bin/python -m pip install --quiet -r requirements-postgres.txt -r requirements-spark.txt
java -version 2>&1 | head -1
echo "engines ready"

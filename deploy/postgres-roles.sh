#!/bin/sh
# Run once by the postgres image when the data volume is first created
# (/docker-entrypoint-initdb.d). Two roles, neither a superuser:
#   pontive      owns the database and its tables; only `migrate` and
#                `grant_runtime_role` connect as it;
#   pontive_app  the web, the worker and beat connect as it; it owns nothing,
#                so it cannot TRUNCATE, ALTER or disable a trigger, and it may
#                only INSERT and SELECT on the security log.
# The superuser of the image (POSTGRES_USER) is used by nobody afterwards.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v owner_password="$PONTIVE_OWNER_PASSWORD" -v app_password="$PONTIVE_APP_PASSWORD" <<'SQL'
CREATE ROLE pontive LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE pontive_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER DATABASE pontive OWNER TO pontive;
REVOKE ALL ON DATABASE pontive FROM PUBLIC;
GRANT CONNECT ON DATABASE pontive TO pontive_app;
SQL

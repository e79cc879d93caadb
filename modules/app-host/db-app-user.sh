#!/bin/bash
# Creates the application's own database user, once per host; app.service runs it before every start, and after
# the first success it only finds its marker. The user signs in with IAM authentication (GRANT rds_iam): it has no
# password, so the master password's rotation never breaks it. The master secret is read here, for this step
# only, and never reaches the container. Every statement is idempotent: a second host, or a replaced one, runs it
# again harmlessly.
#
# Reads AWS_REGION and PARAMETER_PATH (host.env), then from Parameter Store app/DB_HOST, app/DB_PORT, app/DB_NAME,
# app/DB_USER and database/master-secret-arn.
set -euo pipefail

# Persistent (not /run): the marker must survive reboots. APP_HOST_DB_STATE_DIR moves it for the tests.
readonly STATE_DIR=${APP_HOST_DB_STATE_DIR:-/var/lib/app-host}
readonly CA_BUNDLE="${STATE_DIR}/rds-ca-bundle.pem"
readonly CA_BUNDLE_URL=https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem

: "${AWS_REGION:?missing: set in /etc/app-host/host.env}"
: "${PARAMETER_PATH:?missing: set in /etc/app-host/host.env}"

log() { echo "[db-app-user] $*" >&2; }

parameter() {
  aws ssm get-parameter --region "$AWS_REGION" --name "$1" --query Parameter.Value --output text
}

user=$(parameter "${PARAMETER_PATH}/app/DB_USER")
marker="${STATE_DIR}/db-app-user-${user}.done"
[[ -f "$marker" ]] && exit 0

host=$(parameter "${PARAMETER_PATH}/app/DB_HOST")
port=$(parameter "${PARAMETER_PATH}/app/DB_PORT")
database=$(parameter "${PARAMETER_PATH}/app/DB_NAME")
secret_arn=$(parameter "${PARAMETER_PATH}/database/master-secret-arn")
install -d -m 0700 "$STATE_DIR"
command -v psql >/dev/null || dnf install -y -q postgresql16 >&2
if [[ ! -s "$CA_BUNDLE" ]]; then
  curl -fsS --retry 3 -o "${CA_BUNDLE}.tmp" "$CA_BUNDLE_URL"
  mv "${CA_BUNDLE}.tmp" "$CA_BUNDLE"
fi

log "creating database user ${user} (IAM authentication) on ${host}/${database}"
# The password stays in this process's environment: never on a command line, never in a file.
secret=$(aws secretsmanager get-secret-value --region "$AWS_REGION" --secret-id "$secret_arn" \
  --query SecretString --output text)
master=$(jq -r .username <<<"$secret")
PGPASSWORD=$(jq -r .password <<<"$secret")
export PGPASSWORD
# Names reach SQL only as psql variables (:'v' a literal, :"v" an identifier), quoted by psql.
psql "host=${host} port=${port} dbname=${database} user=${master} sslmode=verify-full sslrootcert=${CA_BUNDLE}" \
  --no-psqlrc --quiet -v ON_ERROR_STOP=1 -v app_user="$user" -v app_database="$database" <<'SQL'
SET client_min_messages = warning;
SELECT format('CREATE ROLE %I LOGIN', :'app_user')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
GRANT rds_iam TO :"app_user";
GRANT CONNECT, TEMPORARY ON DATABASE :"app_database" TO :"app_user";
GRANT USAGE, CREATE ON SCHEMA public TO :"app_user";
-- Tables an earlier version created as the master user stay usable (their owner remains the master user).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_user";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_user";
SQL
unset PGPASSWORD
touch "$marker"
log "database user ${user} is ready"

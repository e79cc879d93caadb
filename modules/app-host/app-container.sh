#!/bin/bash
# Runs the application container for systemd (app.service, app-credentials.service).
#
#   app-container prepare              log in to ECR, pull the image named by Parameter Store, write the env file
#   app-container run                  exec the container in the foreground (pm2-runtime is its main process)
#   app-container refresh-credentials  restart app.service when the database secret has rotated
#
# Reads AWS_REGION and PARAMETER_PATH from /etc/app-host/host.env (systemd EnvironmentFile). The environment file
# with the secrets lives in /run (memory only, root only) and is rewritten at every start.
set -euo pipefail

# Memory only, root only. APP_HOST_STATE_DIR moves it for the tests.
readonly STATE_DIR=${APP_HOST_STATE_DIR:-/run/app-host}
readonly ENV_FILE="${STATE_DIR}/app.env"
readonly IMAGE_FILE="${STATE_DIR}/image"
readonly SECRET_VERSION_FILE="${STATE_DIR}/db-secret-version"
readonly CONTAINER_NAME=app
# The value the parameters stack gives the image tag before the first deploy (IMAGE_TAG_NOT_DEPLOYED).
readonly NOT_DEPLOYED=none
readonly VARIABLE_NAME='^[A-Za-z_][A-Za-z0-9_]*$'

: "${AWS_REGION:?missing: set in /etc/app-host/host.env}"
: "${PARAMETER_PATH:?missing: set in /etc/app-host/host.env}"
: "${CONTAINER_PORT:?missing: set in /etc/app-host/host.env}"

log() { echo "[app-host] $*" >&2; }

parameter() {
  aws ssm get-parameter --region "$AWS_REGION" --name "$1" --query Parameter.Value --output text
}

# Every parameter directly under <path>/app, decrypted, as NAME=value lines. Names that are not valid variable
# names and multi-line values cannot go into a Docker env file: they are skipped with a warning.
app_environment() {
  local parameters
  parameters=$(aws ssm get-parameters-by-path --region "$AWS_REGION" --path "${PARAMETER_PATH}/app" \
    --with-decryption --output json)
  printf '%s' "$parameters" | jq -r --arg re "$VARIABLE_NAME" \
    '.Parameters[] | (.Name | split("/") | last) as $n | select(($n | test($re)) and (.Value | contains("\n") | not)) | "\($n)=\(.Value)"'
  printf '%s' "$parameters" | jq -r --arg re "$VARIABLE_NAME" \
    '.Parameters[] | (.Name | split("/") | last) as $n | select(($n | test($re) | not) or (.Value | contains("\n"))) | .Name' |
    while read -r skipped; do log "skipped ${skipped}: not a variable name, or a multi-line value"; done
}

prepare() {
  install -d -m 0700 "$STATE_DIR"
  local tag repository image env_tmp secret_arn secret
  tag=$(parameter "${PARAMETER_PATH}/deploy/image-tag")
  if [[ "$tag" == "$NOT_DEPLOYED" ]]; then
    log "no image deployed yet: push an image, then run"
    log "  aws ssm put-parameter --overwrite --name ${PARAMETER_PATH}/deploy/image-tag --value <tag>"
    exit 1
  fi
  repository=$(parameter "${PARAMETER_PATH}/deploy/image-repository")
  # Deploys write the image's digest (sha256:...), which names exactly one image; a tag works too.
  if [[ "$tag" == sha256:* ]]; then
    image="${repository}@${tag}"
  else
    image="${repository}:${tag}"
  fi

  log "pulling ${image}"
  aws ecr get-login-password --region "$AWS_REGION" |
    docker login --username AWS --password-stdin "${repository%%/*}" >/dev/null
  docker pull --quiet "$image" >/dev/null

  env_tmp=$(mktemp "${STATE_DIR}/app.env.XXXXXX")
  app_environment >"$env_tmp"
  secret_arn=$(sed -n 's/^DB_SECRET_ARN=//p' "$env_tmp")
  if [[ -n "$secret_arn" ]]; then
    # The secret stays in this process and the root-only env file; it never reaches a command line.
    secret=$(aws secretsmanager get-secret-value --region "$AWS_REGION" --secret-id "$secret_arn" --output json)
    printf '%s' "$secret" | jq -r '.SecretString | fromjson | "DB_USER=\(.username)\nDB_PASSWORD=\(.password)"' >>"$env_tmp"
    printf '%s' "$secret" | jq -r .VersionId >"$SECRET_VERSION_FILE"
  else
    log "no DB_SECRET_ARN under ${PARAMETER_PATH}/app: starting without database credentials"
  fi
  echo "APP_IMAGE_TAG=${tag}" >>"$env_tmp"
  mv "$env_tmp" "$ENV_FILE"
  echo "$image" >"$IMAGE_FILE"

  docker rm --force "$CONTAINER_NAME" >/dev/null 2>&1 || true
  # Images of earlier deploys are kept for a quick rollback until the disk needs the space.
  docker image prune --force --filter "until=168h" >/dev/null || true
}

run() {
  local ports=(--publish "80:${CONTAINER_PORT}")
  if [[ -n "${CONTAINER_TLS_PORT:-}" ]]; then
    ports+=(--publish "443:${CONTAINER_TLS_PORT}")
  fi
  log "starting $(cat "$IMAGE_FILE")"
  # Foreground, attached: systemd supervises the container and appends its output, line for line, to the log
  # file the CloudWatch agent ships. The local log driver keeps a small copy for `docker logs`.
  exec docker run --rm --name "$CONTAINER_NAME" --env-file "$ENV_FILE" "${ports[@]}" \
    --log-driver local --log-opt max-size=10m --stop-timeout 30 "$(cat "$IMAGE_FILE")"
}

refresh_credentials() {
  [[ -f "$SECRET_VERSION_FILE" && -f "$ENV_FILE" ]] || exit 0
  local secret_arn current
  secret_arn=$(sed -n 's/^DB_SECRET_ARN=//p' "$ENV_FILE")
  [[ -n "$secret_arn" ]] || exit 0
  current=$(aws secretsmanager get-secret-value --region "$AWS_REGION" --secret-id "$secret_arn" \
    --query VersionId --output text)
  if [[ "$current" != "$(cat "$SECRET_VERSION_FILE")" ]]; then
    log "database secret rotated: restarting app.service"
    systemctl restart app.service
  fi
}

case "${1:-}" in
  prepare) prepare ;;
  run) run ;;
  refresh-credentials) refresh_credentials ;;
  *)
    echo "usage: $0 prepare|run|refresh-credentials" >&2
    exit 64
    ;;
esac

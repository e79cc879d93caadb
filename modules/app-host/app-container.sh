#!/bin/bash
# Runs the application container, and the TLS proxy in front of it, for systemd (app.service, app-proxy.service).
#
#   app-container prepare  log in to ECR, pull the image named by Parameter Store, write the env file
#   app-container run      exec the container in the foreground (pm2-runtime is its main process)
#   app-container proxy    exec the TLS proxy (Caddy) in the foreground, on ports 80 and 443
#
# Reads AWS_REGION, PARAMETER_PATH, CONTAINER_PORT, TLS_DOMAIN and PROXY_IMAGE from /etc/app-host/host.env
# (systemd EnvironmentFile). The environment file with the secrets lives in /run (memory only, root only) and is
# rewritten at every start.
set -euo pipefail

# Memory only, root only. APP_HOST_STATE_DIR moves it for the tests.
readonly STATE_DIR=${APP_HOST_STATE_DIR:-/run/app-host}
readonly ENV_FILE="${STATE_DIR}/app.env"
readonly IMAGE_FILE="${STATE_DIR}/image"
readonly CONTAINER_NAME=app
# The proxy reaches the application by its container name on this network.
readonly NETWORK=app-net
readonly PROXY_NAME=app-proxy
# Certificates and the ACME account key, on the host: they outlive the container and its image (the tests move
# it with APP_HOST_PROXY_DATA_DIR).
readonly PROXY_DATA_DIR=${APP_HOST_PROXY_DATA_DIR:-/var/lib/app-host/caddy}
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

# Both services create the network; whichever comes second finds it there.
ensure_network() {
  docker network create "$NETWORK" >/dev/null 2>&1 || docker network inspect "$NETWORK" >/dev/null
}

prepare() {
  install -d -m 0700 "$STATE_DIR"
  local tag repository image env_tmp
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
  # The database password is no parameter: the application signs in as DB_USER with IAM authentication tokens.
  app_environment >"$env_tmp"
  echo "APP_IMAGE_TAG=${tag}" >>"$env_tmp"
  mv "$env_tmp" "$ENV_FILE"
  echo "$image" >"$IMAGE_FILE"

  ensure_network
  docker rm --force "$CONTAINER_NAME" >/dev/null 2>&1 || true
  # Images of earlier deploys are kept for a quick rollback until the disk needs the space.
  docker image prune --force --filter "until=168h" >/dev/null || true
}

run() {
  # With a domain the proxy owns ports 80 and 443 and the application is reachable only through it.
  local ports=()
  [[ -n "${TLS_DOMAIN:-}" ]] || ports=(--publish "80:${CONTAINER_PORT}")
  log "starting $(cat "$IMAGE_FILE")"
  # Foreground, attached: systemd supervises the container and appends its output, line for line, to the log
  # file the CloudWatch agent ships. The local log driver keeps a small copy for `docker logs`.
  exec docker run --rm --name "$CONTAINER_NAME" --network "$NETWORK" --env-file "$ENV_FILE" "${ports[@]}" \
    --log-driver local --log-opt max-size=10m --stop-timeout 30 "$(cat "$IMAGE_FILE")"
}

# Caddy obtains and renews the certificate of TLS_DOMAIN from Let's Encrypt (HTTP-01 or TLS-ALPN-01, so the
# domain's record must point at this host), redirects port 80 to HTTPS and forwards to the application.
proxy() {
  : "${TLS_DOMAIN:?missing: the proxy runs only with a domain}"
  : "${PROXY_IMAGE:?missing: set in /etc/app-host/host.env}"
  install -d -m 0700 "$PROXY_DATA_DIR"
  ensure_network
  docker image inspect "$PROXY_IMAGE" >/dev/null 2>&1 || docker pull --quiet "$PROXY_IMAGE" >/dev/null
  docker rm --force "$PROXY_NAME" >/dev/null 2>&1 || true
  log "starting the TLS proxy for ${TLS_DOMAIN} (${PROXY_IMAGE})"
  exec docker run --rm --name "$PROXY_NAME" --network "$NETWORK" --publish 80:80 --publish 443:443 \
    --volume /etc/app-host/Caddyfile:/etc/caddy/Caddyfile:ro --volume "${PROXY_DATA_DIR}:/data" \
    --log-driver local --log-opt max-size=10m "$PROXY_IMAGE"
}

case "${1:-}" in
  prepare) prepare ;;
  run) run ;;
  proxy) proxy ;;
  *)
    echo "usage: $0 prepare|run|proxy" >&2
    exit 64
    ;;
esac

#!/usr/bin/env bash
# Deploys one application image to one environment's hosts, one host at a time, and rolls back on failure.
#
#   deploy-app.sh --region ap-northeast-1 --parameter /webapp/production/deploy/image-tag \
#     --image sha256:<64 hex> --target-tag Name=webapp-production-app-host --health-url https://example.com/health \
#     [--target-group-arn arn:aws:elasticloadbalancing:...] [--health-attempts 10] [--health-interval-sec 6]
#
# 1. Reads the image the environment runs now from the image parameter (the rollback target).
# 2. Finds the running instances with every --target-tag (an instance's Name tag; for an Auto Scaling group,
#    aws:autoscaling:groupName=<group>), in a stable order.
# 3. Writes the new image to the parameter: a host that starts from now on (a reboot, a scale-out) runs it.
# 4. Per instance, one at a time: restarts app.service through SSM Run Command (the unit pulls the image named by
#    the parameter and starts it; pm2-runtime inside the container restarts the process, systemd the container),
#    waits for the command, waits for the instance to be healthy in the target group (when one is given), then
#    checks the public health URL.
# 5. On any failure: writes the previous image back, restarts every host touched so far, and exits 1.
#
# Needs: the AWS CLI v2 with credentials allowed to do exactly this (the app-deploy role), and curl.
set -euo pipefail

readonly NOT_DEPLOYED=none
readonly IMAGE_PATTERN='^(sha256:[0-9a-f]{64}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$'

region=""
parameter=""
image=""
health_url=""
target_group_arn=""
health_attempts=10
health_interval_sec=6
command_timeout_sec=900
# Seconds between polls of a command's status; the tests shorten it.
poll_interval_sec=${DEPLOY_POLL_INTERVAL_SEC:-5}
target_tags=()

log() { echo "[deploy] $*" >&2; }
fail() {
  echo "[deploy] error: $*" >&2
  exit 2
}

usage() {
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --region) region=${2:-} && shift 2 ;;
    --parameter) parameter=${2:-} && shift 2 ;;
    --image) image=${2:-} && shift 2 ;;
    --target-tag) target_tags+=("${2:-}") && shift 2 ;;
    --health-url) health_url=${2:-} && shift 2 ;;
    --target-group-arn) target_group_arn=${2:-} && shift 2 ;;
    --health-attempts) health_attempts=${2:-} && shift 2 ;;
    --health-interval-sec) health_interval_sec=${2:-} && shift 2 ;;
    --command-timeout-sec) command_timeout_sec=${2:-} && shift 2 ;;
    -h | --help) usage ;;
    *) fail "unknown argument '$1': see --help" ;;
  esac
done

[[ -n "$region" ]] || fail "--region is missing: the environment's region, for example ap-northeast-1"
[[ "$parameter" == /* ]] || fail "--parameter '${parameter}': expected the image parameter's name, /<project>/<environment>/deploy/image-tag"
[[ "$image" =~ $IMAGE_PATTERN ]] || fail "--image '${image}': expected an image digest (sha256:<64 hex>) or a tag"
[[ "$image" != "$NOT_DEPLOYED" ]] || fail "--image '${image}': '${NOT_DEPLOYED}' means nothing is deployed; give a digest"
[[ ${#target_tags[@]} -gt 0 ]] || fail "--target-tag is missing: KEY=VALUE of the hosts, for example Name=webapp-production-app-host"
[[ "$health_url" =~ ^https?:// ]] || fail "--health-url '${health_url}': expected the public health URL, https://<domain>/health"
[[ "$health_attempts" =~ ^[1-9][0-9]*$ ]] || fail "--health-attempts '${health_attempts}': expected a positive whole number"
[[ "$health_interval_sec" =~ ^[0-9]+$ ]] || fail "--health-interval-sec '${health_interval_sec}': expected whole seconds"
[[ "$command_timeout_sec" =~ ^[1-9][0-9]*$ ]] || fail "--command-timeout-sec '${command_timeout_sec}': expected whole seconds"

filters=("Name=instance-state-name,Values=running")
for tag in "${target_tags[@]}"; do
  [[ "$tag" =~ ^[^=]+=.+$ ]] || fail "--target-tag '${tag}': expected KEY=VALUE"
  filters+=("Name=tag:${tag%%=*},Values=${tag#*=}")
done

current_image() {
  aws ssm get-parameter --region "$region" --name "$parameter" --query Parameter.Value --output text
}

set_image() {
  aws ssm put-parameter --region "$region" --name "$parameter" --value "$1" --type String --overwrite >/dev/null
}

# Restarts app.service on one instance and waits for the command to finish; non-zero when it failed.
restart_on() {
  local instance=$1 command_id status
  command_id=$(aws ssm send-command --region "$region" --instance-ids "$instance" \
    --document-name AWS-RunShellScript --comment "deploy ${image}" --timeout-seconds "$command_timeout_sec" \
    --parameters 'commands=["systemctl restart app.service","systemctl is-active app.service"]' \
    --query Command.CommandId --output text) || return 1
  # The waiter gives up after 100 s; the unit can take longer to pull a large image, so poll instead. Right after
  # send-command the invocation may not exist yet (InvocationDoesNotExist): that is pending, for a minute.
  local waited=0 error_file
  error_file=$(mktemp)
  while :; do
    if ! status=$(aws ssm get-command-invocation --region "$region" --command-id "$command_id" \
      --instance-id "$instance" --query Status --output text 2>"$error_file"); then
      if grep -q InvocationDoesNotExist "$error_file" && ((waited < 60)); then
        sleep "$poll_interval_sec"
        waited=$((waited + poll_interval_sec))
        continue
      fi
      log "${instance}: $(cat "$error_file")"
      rm -f "$error_file"
      return 1
    fi
    case "$status" in
      Success)
        rm -f "$error_file"
        return 0
        ;;
      Pending | InProgress | Delayed) ;;
      *)
        log "${instance}: restart command ${command_id} ended ${status}"
        rm -f "$error_file"
        return 1
        ;;
    esac
    if ((waited >= command_timeout_sec)); then
      log "${instance}: restart command ${command_id} still ${status} after ${command_timeout_sec} s"
      rm -f "$error_file"
      return 1
    fi
    sleep "$poll_interval_sec"
    waited=$((waited + poll_interval_sec))
  done
}

# Waits for one instance to be healthy in the target group, if one is given.
target_healthy() {
  local instance=$1 attempt state
  [[ -n "$target_group_arn" ]] || return 0
  for ((attempt = 1; attempt <= health_attempts; attempt++)); do
    state=$(aws elbv2 describe-target-health --region "$region" --target-group-arn "$target_group_arn" \
      --targets "Id=${instance}" --query 'TargetHealthDescriptions[0].TargetHealth.State' --output text) || return 1
    [[ "$state" == healthy ]] && return 0
    log "${instance}: target ${state} (${attempt}/${health_attempts})"
    sleep "$health_interval_sec"
  done
  return 1
}

# The public endpoint answers 2xx or 3xx within the attempts.
endpoint_healthy() {
  local attempt
  for ((attempt = 1; attempt <= health_attempts; attempt++)); do
    if curl --silent --show-error --fail --max-time 5 --output /dev/null "$health_url"; then return 0; fi
    log "${health_url} not healthy yet (${attempt}/${health_attempts})"
    sleep "$health_interval_sec"
  done
  return 1
}

deploy_to() {
  local instance=$1
  log "${instance}: restarting with ${image}"
  restart_on "$instance" && target_healthy "$instance" && endpoint_healthy
}

rollback() {
  local reason=$1
  shift
  log "FAILED: ${reason}"
  if [[ "$previous" == "$NOT_DEPLOYED" ]]; then
    log "no earlier image to roll back to: the parameter keeps ${image}; fix the image and deploy again"
    exit 1
  fi
  log "rolling back to ${previous}"
  set_image "$previous"
  local instance rollback_failed=0
  for instance in "$@"; do
    log "${instance}: restarting with ${previous}"
    restart_on "$instance" || rollback_failed=1
  done
  if ((rollback_failed)); then
    log "ROLLBACK INCOMPLETE: restart the hosts above by hand (docs/delivery.md, 'Roll back by hand')"
  elif endpoint_healthy; then
    log "rolled back: ${health_url} is healthy on ${previous}"
  else
    log "rolled back to ${previous}, but ${health_url} is still unhealthy: look at the hosts"
  fi
  exit 1
}

previous=$(current_image)
found=$(aws ec2 describe-instances --region "$region" --filters "${filters[@]}" \
  --query 'Reservations[].Instances[].InstanceId' --output text)
mapfile -t instances < <(printf '%s\n' "$found" | tr -s '[:space:]' '\n' | sed '/^$/d' | sort)
[[ ${#instances[@]} -gt 0 ]] || fail "no running instance has the tags ${target_tags[*]}: check --target-tag"
log "${#instances[@]} host(s): ${instances[*]}; running ${previous}, deploying ${image}"

set_image "$image"
done_so_far=()
for instance in "${instances[@]}"; do
  done_so_far+=("$instance")
  deploy_to "$instance" || rollback "${instance} did not come back healthy with ${image}" "${done_so_far[@]}"
done
log "deployed ${image} to ${instances[*]}"

#!/usr/bin/env bash
# Deploys one application image to one environment's hosts, one host at a time, and rolls back on failure.
#
#   deploy-app.sh --region ap-northeast-1 --parameter /webapp/production/deploy/image-tag \
#     --image sha256:<64 hex> --target-tag Name=webapp-production-app-host --health-url https://example.com/health \
#     [--target-group-arn arn:aws:elasticloadbalancing:...] [--drain-timeout-sec 120] [--health-attempts 10] \
#     [--health-interval-sec 6] [--command-timeout-sec 900]
#
# 1. Reads the image the environment runs now from the image parameter (the rollback target).
# 2. Finds the running instances with every --target-tag (an instance's Name tag; for an Auto Scaling group,
#    aws:autoscaling:groupName=<group>), in a stable order. With --target-group-arn, every one must be a target of
#    the group, and another target than the first host must be healthy: else it exits 2 and changes nothing.
# 3. Writes the new image to the parameter: a host that starts from now on (a reboot, a scale-out) runs it.
# 4. Per instance, one at a time. With --target-group-arn: checks that another target is healthy (it never takes
#    the last healthy one out), deregisters the instance and waits until it is drained (state unused, within
#    --drain-timeout-sec; the group's deregistration delay is 30 s). Then restarts app.service through SSM Run
#    Command (the unit pulls the image named by the parameter and starts it; pm2-runtime inside the container
#    restarts the process, systemd the container) and waits for the command. With --target-group-arn: registers
#    the instance again, whatever the restart did, and waits for it to be healthy. Then checks the public URL.
# 5. On any failure: writes the previous image back and restarts every host restarted so far, the failed one first,
#    each drained and registered again as in 4 (in place, said so, when it is the last healthy target or cannot be
#    drained), and exits 1. Every host it took out of the target group is registered again, also when the run is
#    interrupted; the log says so, or prints the command to run by hand.
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
# Four times the target group's 30 s deregistration delay (ingress.loadBalancer.deregistrationDelaySec): the load
# balancer ends a draining target's connections when the delay is over, so a longer wait means something is wrong.
drain_timeout_sec=120
health_attempts=10
health_interval_sec=6
command_timeout_sec=900
# Seconds between polls of a command's status and of a draining target; the tests shorten it.
poll_interval_sec=${DEPLOY_POLL_INTERVAL_SEC:-5}
target_tags=()
# The instance this run has taken out of the target group and not registered again yet, if any.
out_of_group=""

log() { echo "[deploy] $*" >&2; }
fail() {
  echo "[deploy] error: $*" >&2
  exit 2
}

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
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
    --drain-timeout-sec) drain_timeout_sec=${2:-} && shift 2 ;;
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
[[ -z "$target_group_arn" || "$target_group_arn" =~ ^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/[^/]+/[0-9a-f]+$ ]] ||
  fail "--target-group-arn '${target_group_arn}': expected a target group's ARN, the ingress stack's TargetGroupArn output"
[[ "$drain_timeout_sec" =~ ^[0-9]+$ ]] || fail "--drain-timeout-sec '${drain_timeout_sec}': expected whole seconds, more than the target group's deregistration delay"
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

# Every target of the group with its state, one "ID STATE" line each.
group_targets() {
  aws elbv2 describe-target-health --region "$region" --target-group-arn "$target_group_arn" \
    --query 'TargetHealthDescriptions[].[Target.Id,TargetHealth.State]' --output text | tr -s '\t' ' '
}

# One instance's state in the target group (unused when it is not registered).
target_state() {
  aws elbv2 describe-target-health --region "$region" --target-group-arn "$target_group_arn" \
    --targets "Id=$1" --query 'TargetHealthDescriptions[0].TargetHealth.State' --output text
}

# Whether a target other than $1 is healthy, so that taking $1 out leaves the load balancer somewhere to send
# requests. Reads the group's states unless given them ($2); logs them when none is.
another_target_healthy() {
  local instance=$1 targets=${2:-}
  [[ -n "$targets" ]] || targets=$(group_targets) || return 1
  if awk -v self="$instance" '$1 != self && $2 == "healthy" { found = 1 } END { exit !found }' <<<"$targets"; then
    return 0
  fi
  log "no target of the group but ${instance} is healthy ($(tr '\n' ',' <<<"$targets" | sed 's/,$//; s/,/, /g'))"
  return 1
}

# Registers the instance taken out of the group again, if there is one; says so, or how to do it by hand.
return_to_group() {
  [[ -n "$out_of_group" ]] || return 0
  if aws elbv2 register-targets --region "$region" --target-group-arn "$target_group_arn" \
    --targets "Id=${out_of_group}"; then
    log "${out_of_group}: registered in the target group again"
    out_of_group=""
    return 0
  fi
  log "${out_of_group}: NOT REGISTERED in the target group, which runs short of a host: register it by hand," \
    "aws elbv2 register-targets --region ${region} --target-group-arn ${target_group_arn} --targets Id=${out_of_group}"
  return 1
}

# Deregisters one instance and waits until the load balancer sends it nothing (unused), within the drain timeout.
drain() {
  local instance=$1 state deadline
  aws elbv2 deregister-targets --region "$region" --target-group-arn "$target_group_arn" \
    --targets "Id=${instance}" || return 1
  out_of_group=$instance
  log "${instance}: deregistered from the target group; draining"
  deadline=$((SECONDS + drain_timeout_sec))
  while :; do
    state=$(target_state "$instance") || return 1
    [[ "$state" == unused ]] && return 0
    if ((SECONDS >= deadline)); then
      log "${instance}: still ${state} in the target group after ${drain_timeout_sec} s (--drain-timeout-sec)"
      return 1
    fi
    sleep "$poll_interval_sec"
  done
}

# Waits for one instance to be healthy in the target group, if one is given.
target_healthy() {
  local instance=$1 attempt state
  [[ -n "$target_group_arn" ]] || return 0
  for ((attempt = 1; attempt <= health_attempts; attempt++)); do
    state=$(target_state "$instance") || return 1
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

# The hosts restarted so far, in order: the ones a rollback restarts.
restarted=()
# Why the last deploy_to failed, for the rollback's first line.
why=""

deploy_to() {
  local instance=$1 restart_status=0
  why="did not come back healthy with ${image}"
  if [[ -n "$target_group_arn" ]]; then
    if ! another_target_healthy "$instance"; then
      why="was not restarted: taking it out of the target group would leave no healthy target, the site offline"
      return 1
    fi
    if ! drain "$instance"; then
      why="could not be drained from the target group, so it was not restarted"
      return_to_group
      return 1
    fi
  fi
  log "${instance}: restarting with ${image}"
  restarted+=("$instance")
  restart_on "$instance" || restart_status=1
  # Back in the group whatever the restart did: a host left out would shrink the group silently.
  return_to_group || return 1
  ((restart_status == 0)) && target_healthy "$instance" && endpoint_healthy
}

# Restarts one host on the previous image, drained when that is safe; non-zero when it did not come back.
roll_back_on() {
  local instance=$1 restart_status=0
  if [[ -n "$target_group_arn" ]]; then
    if ! another_target_healthy "$instance"; then
      log "${instance}: restarting in place, still registered: it is the last healthy target"
    elif ! drain "$instance"; then
      return_to_group
      log "${instance}: restarting in place, still registered: it could not be drained"
    fi
  fi
  log "${instance}: restarting with ${previous}"
  restart_on "$instance" || restart_status=1
  return_to_group || return 1
  ((restart_status == 0)) && target_healthy "$instance"
}

rollback() {
  local reason=$1
  log "FAILED: ${reason}"
  if [[ -n "$target_group_arn" && -z "$out_of_group" ]]; then
    log "every host this run took out of the target group is registered again"
  fi
  if [[ "$previous" == "$NOT_DEPLOYED" ]]; then
    log "no earlier image to roll back to: the parameter keeps ${image}; fix the image and deploy again"
    exit 1
  fi
  log "rolling back to ${previous}"
  set_image "$previous"
  local index rollback_failed=0
  # The failed host first: it serves nothing, so draining it is safe, and once it is healthy again the others are.
  for ((index = ${#restarted[@]} - 1; index >= 0; index--)); do
    roll_back_on "${restarted[index]}" || rollback_failed=1
  done
  if ((rollback_failed)); then
    log "ROLLBACK INCOMPLETE: restart the hosts above by hand (docs/delivery.md, 'Roll back by hand')"
  elif endpoint_healthy; then
    log "rolled back: ${health_url} is healthy on ${previous}"
  else
    log "rolled back to ${previous}, but ${health_url} is still unhealthy: look at the hosts"
  fi
  if [[ -n "$target_group_arn" && -z "$out_of_group" ]]; then
    log "every host of the rollback is registered in the target group"
  fi
  exit 1
}

# However the run ends (an error, a cancelled job), the host it took out of the group goes back in.
trap 'return_to_group || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

previous=$(current_image)
found=$(aws ec2 describe-instances --region "$region" --filters "${filters[@]}" \
  --query 'Reservations[].Instances[].InstanceId' --output text)
mapfile -t instances < <(printf '%s\n' "$found" | tr -s '[:space:]' '\n' | sed '/^$/d' | sort)
[[ ${#instances[@]} -gt 0 ]] || fail "no running instance has the tags ${target_tags[*]}: check --target-tag"
log "${#instances[@]} host(s): ${instances[*]}; running ${previous}, deploying ${image}"

if [[ -n "$target_group_arn" ]]; then
  targets=$(group_targets) || fail "could not read the targets of ${target_group_arn}: check --target-group-arn"
  for instance in "${instances[@]}"; do
    grep -q "^${instance} " <<<"$targets" ||
      fail "${instance} is not a target of ${target_group_arn}: check --target-tag and --target-group-arn"
  done
  another_target_healthy "${instances[0]}" "$targets" ||
    fail "refusing to deploy: each host leaves the target group while it restarts, and ${instances[0]} is the" \
      "last healthy target, so the site would go offline. Let the group reach two healthy targets" \
      "(compute.autoScaling.minSize 2, or raise the desired capacity) and deploy again; nothing was changed"
fi

set_image "$image"
for instance in "${instances[@]}"; do
  deploy_to "$instance" || rollback "${instance} ${why}"
done
log "deployed ${image} to ${instances[*]}"

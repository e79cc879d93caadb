#!/usr/bin/env bash
# Runs Terraform on every synthesized stack of one environment, in dependency order (from cdktf.out/manifest.json).
#
#   terraform-stacks.sh list  ENVIRONMENT   print the stack names, dependencies first
#   terraform-stacks.sh plan  ENVIRONMENT   init + plan -detailed-exitcode each stack; fails on a plan error
#   terraform-stacks.sh drift ENVIRONMENT   init + plan -refresh-only -detailed-exitcode; fails naming every
#                                           stack whose real resources differ from its state
#
# Synthesize first (`CDKTF_ENVIRONMENTS=ENVIRONMENT npx cdktf synth`). Writes a Markdown table to
# $GITHUB_STEP_SUMMARY when it is set. The bootstrap stack is skipped while its state is local (docs/state.md).
set -euo pipefail

readonly OUTDIR=${CDKTF_OUTDIR:-cdktf.out}

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
mode=$1
environment=$2
case "$mode" in list | plan | drift) ;; *) usage ;; esac
manifest="${OUTDIR}/manifest.json"
[[ -f "$manifest" ]] || {
  echo "no ${manifest}: run CDKTF_ENVIRONMENTS=${environment} npx cdktf synth first" >&2
  exit 2
}

# Stacks of the environment, each after the stacks it depends on (a depth-first topological order).
ordered_stacks() {
  jq -r --arg prefix "${environment}-" '
    .stacks as $s
    | def visit($name; $seen):
        if ($seen | index($name)) then $seen
        else reduce ($s[$name].dependencies // [])[] as $d ($seen; visit($d; .)) | . + [$name]
        end;
      reduce ($s | keys[] | select(startswith($prefix))) as $n ([]; visit($n; .))
    | .[]' "$manifest"
}

mapfile -t stacks < <(ordered_stacks)
[[ ${#stacks[@]} -gt 0 ]] || {
  echo "no stack of environment '${environment}' in ${manifest}: synthesize it first" >&2
  exit 2
}
if [[ "$mode" == list ]]; then
  printf '%s\n' "${stacks[@]}"
  exit 0
fi

summary=${GITHUB_STEP_SUMMARY:-/dev/null}
title="Plan"
[[ "$mode" == drift ]] && title="Drift check"
{
  echo "### ${title}: ${environment}"
  echo
  echo "| Stack | Result |"
  echo "| --- | --- |"
} >>"$summary"

failed=()
drifted=()
for stack in "${stacks[@]}"; do
  dir=$(jq -r --arg s "$stack" '.stacks[$s].workingDirectory' "$manifest")
  dir="${OUTDIR}/${dir}"
  if [[ "$stack" == *-bootstrap ]] && ! jq -e '.terraform.backend.s3' "${dir}/cdk.tf.json" >/dev/null; then
    echo "| ${stack} | skipped: local state |" >>"$summary"
    continue
  fi
  echo "::group::${stack}"
  args=(-input=false -lock-timeout=5m -detailed-exitcode -no-color)
  [[ "$mode" == drift ]] && args+=(-refresh-only)
  rc=0
  terraform -chdir="$dir" init -input=false -no-color >/dev/null && terraform -chdir="$dir" plan "${args[@]}" || rc=$?
  echo "::endgroup::"
  case "$rc" in
    0) echo "| ${stack} | no changes |" >>"$summary" ;;
    2)
      if [[ "$mode" == drift ]]; then
        drifted+=("$stack")
        echo "| ${stack} | **drifted** |" >>"$summary"
      else
        echo "| ${stack} | changes |" >>"$summary"
      fi
      ;;
    *)
      failed+=("$stack")
      echo "| ${stack} | **error** (exit ${rc}) |" >>"$summary"
      ;;
  esac
done

status=0
if [[ ${#drifted[@]} -gt 0 ]]; then
  echo "::error::drift in ${environment}: ${drifted[*]} differ from their state; run terraform plan -refresh-only in each to see what changed"
  status=1
fi
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "::error::terraform failed in ${environment}: ${failed[*]}"
  status=1
fi
exit "$status"

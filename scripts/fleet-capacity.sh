#!/usr/bin/env bash
# Sets min/max (and desired) of the fleet that serves an environment now. After the first
# blue/green deployment that fleet is CodeDeploy's copy (CodeDeploy_<group>_d-…), which
# Terraform does not own; the next deployment copies whatever capacity this leaves.
#
# The configuration is the synthesized stack (npm run synth): its region, and its minSize and
# maxSize as the bounds no resize may leave. Without sizes the configured bounds are applied
# (the way a changed minSize/maxSize reaches CodeDeploy's copy); the desired capacity is then
# left to Auto Scaling, which moves it into the new bounds.
#
# usage: npm run fleet:capacity -- STACK [MIN MAX DESIRED] [--region REGION] [--dry-run] | --help
#   STACK is <appName>-<env>, the stack and deployment group name (e.g. webapp-prod).
#   FLEET_STACKS_DIR: where the synthesized stacks are (default cdktf.out/stacks).
set -euo pipefail

usage_text() {
  sed -n '/^# usage:/,/^[^#]/s/^# \{0,1\}//p' "$0"
}
usage() {
  usage_text >&2
  exit 2
}

# --help anywhere, as the other npm run commands read it (never taken for a stack name).
for arg in "$@"; do
  case "$arg" in --help | -h) usage_text; exit 0 ;; esac
done
[ $# -ge 1 ] || usage
stack=$1
shift
sizes=()
while [ $# -gt 0 ] && [[ "$1" != --* ]]; do sizes+=("$1"); shift; done
[ ${#sizes[@]} -eq 0 ] || [ ${#sizes[@]} -eq 3 ] || usage
region=""
dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --region) [ $# -ge 2 ] || usage; region=$2; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    *) usage ;;
  esac
done

config="${FLEET_STACKS_DIR:-cdktf.out/stacks}/$stack/cdk.tf.json"
if [ ! -f "$config" ]; then
  echo "fleet-capacity: no synthesized configuration for $stack at $config; run npm run synth first" >&2
  exit 2
fi
# region, minSize, maxSize, and whether the stack scales (target tracking owns desired then).
configured=$(node -e '
  const stack = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const seed = stack.resource?.aws_autoscaling_group?.fleet_seed;
  if (!seed) { console.error("fleet-capacity: " + process.argv[1] + " has no seed fleet"); process.exit(2); }
  const scales = Object.keys(stack.resource.aws_autoscaling_policy ?? {}).length > 0;
  console.log([stack.provider.aws[0].region, seed.min_size, seed.max_size, scales].join(" "));
' "$config")
read -r config_region config_min config_max scales <<<"$configured"
region=${region:-$config_region}

if [ ${#sizes[@]} -eq 0 ]; then
  min=$config_min max=$config_max desired=""
else
  min=${sizes[0]} max=${sizes[1]} desired=${sizes[2]}
  for value in "$min" "$max" "$desired"; do
    [[ "$value" =~ ^[0-9]+$ ]] || { echo "fleet-capacity: sizes must be whole numbers, got '$value'" >&2; exit 2; }
  done
  if (( min > max || desired < min || desired > max )); then
    echo "fleet-capacity: need MIN <= DESIRED <= MAX, got $min <= $desired <= $max" >&2
    exit 2
  fi
  if (( min < config_min || max > config_max )); then
    echo "fleet-capacity: $min..$max leaves the configured bounds $config_min..$config_max of $stack; change minSize/maxSize in cdktf.json, synth, and run without sizes" >&2
    exit 2
  fi
fi

seed="$stack-seed"
prefix="CodeDeploy_${stack}_d-"
# Not in a pipeline: a failing call stops here with the AWS CLI's own message on stderr.
listing=$(aws --region "$region" autoscaling describe-auto-scaling-groups \
  --query 'AutoScalingGroups[].AutoScalingGroupName' --output text)
mapfile -t groups < <(tr '\t' '\n' <<<"$listing" | sed '/^$/d')

live=()
for group in "${groups[@]}"; do
  if [ "$group" = "$seed" ] || [[ "$group" == "$prefix"* ]]; then live+=("$group"); fi
done

if [ ${#live[@]} -eq 0 ]; then
  echo "fleet-capacity: no fleet of $stack in $region (looked for $seed and $prefix*)" >&2
  exit 1
fi
if [ ${#live[@]} -gt 1 ]; then
  echo "fleet-capacity: a deployment of $stack is under way (${live[*]}); resize after it finishes" >&2
  exit 1
fi

command=(aws --region "$region" autoscaling update-auto-scaling-group --auto-scaling-group-name "${live[0]}"
  --min-size "$min" --max-size "$max")
[ -z "$desired" ] || command+=(--desired-capacity "$desired")
echo "fleet-capacity: ${live[0]} ($region) -> min $min, max $max${desired:+, desired $desired}"
if [ -n "$desired" ] && [ "$scales" = true ]; then
  echo "fleet-capacity: $stack scales by target tracking; the policies move the desired capacity from here" >&2
fi
if $dry_run; then
  printf '%q ' "${command[@]}"
  echo
else
  "${command[@]}"
fi

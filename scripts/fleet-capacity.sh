#!/usr/bin/env bash
# Sets min/max/desired of the fleet that serves an environment now. After the first blue/green
# deployment that fleet is CodeDeploy's copy (CodeDeploy_<group>_d-…), which Terraform does not
# own; the next deployment copies whatever capacity this leaves. Keep cdktf.json in step so a
# recreated seed gets the same numbers.
#
# usage: scripts/fleet-capacity.sh STACK MIN MAX DESIRED [--region REGION] [--dry-run]
#   STACK is <appName>-<env>, the stack and deployment group name (e.g. webapp-prod).
set -euo pipefail

usage() {
  sed -n 's/^#   \{0,1\}//p' "$0" | sed -n '/^usage:/,$p' >&2
  exit 2
}

[ $# -ge 4 ] || usage
stack=$1 min=$2 max=$3 desired=$4
shift 4
region_args=()
dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --region) [ $# -ge 2 ] || usage; region_args=(--region "$2"); shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    *) usage ;;
  esac
done

for value in "$min" "$max" "$desired"; do
  [[ "$value" =~ ^[0-9]+$ ]] || { echo "fleet-capacity: sizes must be whole numbers, got '$value'" >&2; exit 2; }
done
if (( min > max || desired < min || desired > max )); then
  echo "fleet-capacity: need MIN <= DESIRED <= MAX, got $min <= $desired <= $max" >&2
  exit 2
fi

seed="$stack-seed"
prefix="CodeDeploy_${stack}_d-"
mapfile -t groups < <(aws "${region_args[@]}" autoscaling describe-auto-scaling-groups \
  --query 'AutoScalingGroups[].AutoScalingGroupName' --output text | tr '\t' '\n' | sed '/^$/d')

live=()
for group in "${groups[@]}"; do
  if [ "$group" = "$seed" ] || [[ "$group" == "$prefix"* ]]; then live+=("$group"); fi
done

if [ ${#live[@]} -eq 0 ]; then
  echo "fleet-capacity: no fleet of $stack found (looked for $seed and $prefix*)" >&2
  exit 1
fi
if [ ${#live[@]} -gt 1 ]; then
  echo "fleet-capacity: a deployment of $stack is under way (${live[*]}); resize after it finishes" >&2
  exit 1
fi

command=(aws "${region_args[@]}" autoscaling update-auto-scaling-group --auto-scaling-group-name "${live[0]}"
  --min-size "$min" --max-size "$max" --desired-capacity "$desired")
echo "fleet-capacity: ${live[0]} -> min $min, max $max, desired $desired"
if $dry_run; then
  printf '%q ' "${command[@]}"
  echo
else
  "${command[@]}"
fi

#!/usr/bin/env bash
# Measures offline `terraform plan` of two designs:
# - the 1024-GPU-server variant of the example (examples/ai-cluster-128gpu with
#   gpu_fe_only_count=992: 1051 servers);
# - bench/rail-optimized at 128 and 512 servers.
# Prints, per run, the wall time of the whole plan and the provider's own planning time
# (the sum of the elapsed_us that each switch class's ModifyPlan logs), then the medians.
#   bash scripts/bench-plan.sh [runs, default 5]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}
source scripts/dev-provider.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# bench_plan LABEL DIR [terraform plan arguments...]
bench_plan() {
	local label=$1 dir=$2
	shift 2
	local run="$work/$label"
	mkdir -p "$run"
	cp "$dir"/*.tf "$run/"
	echo "== $label: terraform plan $*"
	local walls=() provs=() start wall prov
	for i in $(seq "$runs"); do
		start=$(date +%s%N)
		(cd "$run" && env -u NETBOX_URL -u NETBOX_TOKEN TF_LOG_PROVIDER=debug TF_LOG_PATH="$run/tf.log" \
			"$TF" plan -input=false -no-color "$@" >"$run/plan.txt")
		wall=$(( ($(date +%s%N) - start) / 1000000 ))
		prov=$(grep -o 'elapsed_us=[0-9]*' "$run/tf.log" | awk -F= '{s += $2} END {printf "%.1f", s / 1000}')
		rm -f "$run/tf.log"
		walls+=("$wall") provs+=("$prov")
		echo "run $i: terraform plan ${wall} ms wall, provider planning ${prov} ms"
	done
	grep -E '(cable|server|switch)_count' "$run/plan.txt" | sed 's/^ *+ */  /'
	echo "median over $runs runs: terraform plan $(median "${walls[@]}") ms wall, provider planning $(median "${provs[@]}") ms"
}

bench_plan ai-cluster-1024 examples/ai-cluster-128gpu -var gpu_fe_only_count=992
for n in 128 512; do
	bench_plan "rail-optimized-$n" bench/rail-optimized -var "servers=$n"
done

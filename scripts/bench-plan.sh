#!/usr/bin/env bash
# Measures `terraform plan` of the 1024-GPU-server variant of the example
# (examples/ai-cluster-128gpu with gpu_fe_only_count=992: 1051 servers), offline.
# Prints, per run, the wall time of the whole plan and the provider's own planning time
# (the sum of the elapsed_us that each switch class's ModifyPlan logs), then the medians.
#   bash scripts/bench-plan.sh [runs, default 5]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}
source scripts/dev-provider.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp examples/ai-cluster-128gpu/*.tf "$work/"
cd "$work"
walls=() provs=()
for i in $(seq "$runs"); do
	start=$(date +%s%N)
	env -u NETBOX_URL -u NETBOX_TOKEN TF_LOG_PROVIDER=debug TF_LOG_PATH="$work/tf.log" \
		"$TF" plan -input=false -no-color -var gpu_fe_only_count=992 >"$work/plan.txt"
	wall=$(( ($(date +%s%N) - start) / 1000000 ))
	prov=$(grep -o 'elapsed_us=[0-9]*' "$work/tf.log" | awk -F= '{s += $2} END {printf "%d", s / 1000}')
	rm -f "$work/tf.log"
	walls+=("$wall") provs+=("$prov")
	echo "run $i: terraform plan ${wall} ms wall, provider planning ${prov} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
grep -E 'cable_count|server_count' "$work/plan.txt" | sed 's/^ *+ */  /'
echo "median over $runs runs: terraform plan $(median "${walls[@]}") ms wall, provider planning $(median "${provs[@]}") ms"

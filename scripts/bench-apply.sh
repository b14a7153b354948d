#!/usr/bin/env bash
# Apply, refresh and destroy of the rail-optimized CLOS (bench/rail-optimized) at N servers
# against the local NetBox, timed, with the HTTP requests each made (counted in NetBox's
# access log by the provider's User-Agent) and the provider's peak RSS, next to the floor:
# the same objects posted and deleted as plain bulk lists by scripts/netbox-floor with the
# provider's batch size and concurrency, and the naive path of one request per object
# (timed on a sample of 20 of each kind, extrapolated).
#   bash scripts/bench-apply.sh [N ...]     (make bench-apply; default N = 16 128)
#   BENCH_SERVERS="16 128 512" make bench-apply
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
CACHE=${HEDGEHOG_CACHE:-$HOME/.cache/terraform-provider-hedgehog}
ACCESS_LOG="$CACHE/netbox/log/gunicorn-access.log"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || read -r -a SIZES <<<"${BENCH_SERVERS:-16 128}"
SITE=hh-bench

bash scripts/netbox-dev.sh up >&2
eval "$(bash scripts/netbox-dev.sh env)"
source scripts/dev-provider.sh
work=$(mktemp -d)
VARS=()
cleanup() {
	cd "$ROOT"
	if [ ${#VARS[@]} -gt 0 ]; then (cd "$work" && "$TF" destroy -auto-approve -input=false "${VARS[@]}" >/dev/null 2>&1) || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
cp bench/rail-optimized/*.tf "$work/"

if ! curl -fsS -H "Authorization: Bearer $NETBOX_TOKEN" "$NETBOX_URL/api/dcim/sites/?slug=$SITE" | grep -q '"count":1'; then
	curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $NETBOX_TOKEN" -H "Content-Type: application/json" \
		-d "{\"name\": \"$SITE\", \"slug\": \"$SITE\"}" "$NETBOX_URL/api/dcim/sites/"
fi

requests_since() { tail -n +"$(($1 + 1))" "$ACCESS_LOG" | grep -c '"terraform-provider-hedgehog"$' || true; }

# peak_rss PID: the largest VmHWM (kB) of any provider process while PID runs.
peak_rss() {
	local peak=0 hwm p
	while kill -0 "$1" 2>/dev/null; do
		for p in $(pgrep -f "$CACHE/dev-provider/terraform-provider-hedgehog" || true); do
			hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
			[ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
		done
		sleep 0.2
	done
	echo "$peak"
}

# run NAME CMD...: prints "NAME seconds requests peak-rss-MiB provider-ms"
run() {
	local name=$1 lines start end pid rss
	shift
	lines=$(wc -l <"$ACCESS_LOG")
	start=$(date +%s%N)
	TF_LOG_PROVIDER=debug TF_LOG_PATH="$work/$name.tflog" "$@" >"$work/$name.log" 2>&1 &
	pid=$!
	rss=$(peak_rss "$pid")
	wait "$pid" || { cat "$work/$name.log" >&2; exit 1; }
	end=$(date +%s%N)
	sleep 1 # gunicorn writes its access log after answering
	prov=$({ grep -o 'elapsed_us=[0-9]*' "$work/$name.tflog" 2>/dev/null || true; } | awk -F= '{s += $2} END {printf "%d", s / 1000}')
	rm -f "$work/$name.tflog"
	printf '%s %d.%03d %d %d %s\n' "$name" $(((end - start) / 1000000000)) $((((end - start) / 1000000) % 1000)) \
		"$(requests_since "$lines")" $((rss / 1024)) "${prov:-0}"
}

for n in "${SIZES[@]}"; do
	VARS=(-var "servers=$n" -var "plan_name=bench-rail-$n" -var "site=$SITE" -var "netbox_url=$NETBOX_URL"
		-var adopt_existing_device_types=true)
	echo "== rail-optimized CLOS, $n servers" >&2
	cd "$work"
	rm -f terraform.tfstate terraform.tfstate.backup
	{
		run plan "$TF" plan -input=false -out=bench.tfplan "${VARS[@]}"
		run apply "$TF" apply -input=false bench.tfplan
		run refresh "$TF" plan -input=false -refresh-only -detailed-exitcode "${VARS[@]}"
		run destroy "$TF" destroy -auto-approve -input=false "${VARS[@]}"
	} | tee "$work/results-$n"
	VARS=()
	cd "$ROOT"
	go run ./scripts/netbox-floor -design rail -servers "$n" -naive 20 | tee "$work/floor-$n"
	awk -v n="$n" '
		FNR == NR { t[$1] = $2; r[$1] = $3; m[$1] = $4; p[$1] = $5; next }
		/^floor create:/ { fc = $3; fcr = $5 }
		/^floor delete:/ { fd = $3; fdr = $5 }
		/^naive create:/ { nc = $3; ncr = $5 }
		/^naive delete:/ { nd = $3; ndr = $5 }
		END {
			printf "\n%-34s %9s %9s %9s %12s\n", "rail-optimized, " n " servers", "seconds", "requests", "RSS MiB", "provider ms"
			printf "%-34s %9.1f %9d %9d %12d\n", "terraform plan", t["plan"], r["plan"], m["plan"], p["plan"]
			printf "%-34s %9.1f %9d %9d\n", "terraform apply", t["apply"], r["apply"], m["apply"]
			printf "%-34s %9.1f %9d %9d\n", "refresh-only plan", t["refresh"], r["refresh"], m["refresh"]
			printf "%-34s %9.1f %9d %9d\n", "terraform destroy", t["destroy"], r["destroy"], m["destroy"]
			printf "%-34s %9.1f %9d\n", "floor: bulk create", fc, fcr
			printf "%-34s %9.1f %9d\n", "floor: bulk delete", fd, fdr
			printf "%-34s %9.1f %9d\n", "naive create (extrapolated)", nc, ncr
			printf "%-34s %9.1f %9d\n", "naive delete (extrapolated)", nd, ndr
			printf "apply/floor %.2f, destroy/floor %.2f, naive/apply %.2f, naive delete/destroy %.2f\n",
				t["apply"] / fc, t["destroy"] / fd, nc / t["apply"], nd / t["destroy"]
		}' "$work/results-$n" "$work/floor-$n" | tee -a "$work/summary"
done
echo
cat "$work/summary"

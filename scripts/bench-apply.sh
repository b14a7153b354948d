#!/usr/bin/env bash
# Apply, refresh and destroy of the SPEC §10 example (examples/ai-cluster-128gpu) against the
# local NetBox, timed, with the HTTP requests each made (counted in NetBox's access log by the
# provider's User-Agent), next to the floor: the same objects posted and deleted as plain bulk
# lists by scripts/netbox-floor with the provider's batch size and concurrency.
#   bash scripts/bench-apply.sh            (make bench-apply)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
CACHE=${HEDGEHOG_CACHE:-$HOME/.cache/terraform-provider-hedgehog}
ACCESS_LOG="$CACHE/netbox/log/gunicorn-access.log"

bash scripts/netbox-dev.sh up >&2
eval "$(bash scripts/netbox-dev.sh env)"
source scripts/dev-provider.sh
work=$(mktemp -d)
trap 'cd "$ROOT"; (cd "$work" && "$TF" destroy -auto-approve -input=false $VARS >/dev/null 2>&1) || true; rm -rf "$work"' EXIT
cp examples/ai-cluster-128gpu/*.tf "$work/"
VARS="-var plan_name=bench-128 -var site=hh-bench -var adopt_existing_device_types=true"

if ! curl -fsS -H "Authorization: Bearer $NETBOX_TOKEN" "$NETBOX_URL/api/dcim/sites/?slug=hh-bench" | grep -q '"count":1'; then
	curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $NETBOX_TOKEN" -H "Content-Type: application/json" \
		-d '{"name": "hh-bench", "slug": "hh-bench"}' "$NETBOX_URL/api/dcim/sites/"
fi

requests_since() { tail -n +"$(($1 + 1))" "$ACCESS_LOG" | grep -c '"terraform-provider-hedgehog"$' || true; }
# run NAME CMD...: prints "NAME seconds requests"
run() {
	local name=$1 lines start end
	shift
	lines=$(wc -l <"$ACCESS_LOG")
	start=$(date +%s%N)
	"$@" >"$work/$name.log" 2>&1 || { cat "$work/$name.log" >&2; exit 1; }
	end=$(date +%s%N)
	sleep 1 # gunicorn writes its access log after answering
	printf '%s %d.%03d %d\n' "$name" $(((end - start) / 1000000000)) $((((end - start) / 1000000) % 1000)) "$(requests_since "$lines")"
}

cd "$work"
{
	run plan "$TF" plan -input=false -out=bench.tfplan $VARS
	run apply "$TF" apply -input=false bench.tfplan
	run refresh "$TF" plan -input=false -refresh-only -detailed-exitcode $VARS
	run destroy "$TF" destroy -auto-approve -input=false $VARS
} | tee "$work/results"
cd "$ROOT"
go run ./scripts/netbox-floor | tee "$work/floor"

awk '
	FNR == NR { t[$1] = $2; r[$1] = $3; next }
	/^floor create:/ { fc = $3; fcr = $5 }
	/^floor delete:/ { fd = $3; fdr = $5 }
	END {
		printf "\n%-28s %10s %10s\n", "SPEC §10 (175 devices, 1017 cables)", "seconds", "requests"
		printf "%-28s %10.1f %10d\n", "terraform plan", t["plan"], r["plan"]
		printf "%-28s %10.1f %10d\n", "terraform apply", t["apply"], r["apply"]
		printf "%-28s %10.1f %10d\n", "refresh-only plan", t["refresh"], r["refresh"]
		printf "%-28s %10.1f %10d\n", "terraform destroy", t["destroy"], r["destroy"]
		printf "%-28s %10.1f %10d\n", "floor: bulk create", fc, fcr
		printf "%-28s %10.1f %10d\n", "floor: bulk delete", fd, fdr
		printf "apply/floor %.2f, destroy/floor %.2f\n", t["apply"] / fc, t["destroy"] / fd
	}' "$work/results" "$work/floor"

#!/usr/bin/env bash
# The main job: plans and applies the example fabric (examples/ai-cluster-128gpu) with the
# locally built provider against the local NetBox that scripts/netbox-dev.sh starts, then
# prints the switch quantities, what NetBox now holds for the plan, and where to see it.
#
#   make demo                      # or: bash scripts/demo.sh [extra terraform args]
#   make demo-destroy              # or: bash scripts/demo.sh destroy
#
# The working directory (and so the Terraform state) is $HEDGEHOG_CACHE/demo/work: a second
# run plans against the state of the first and shows no changes. The site "dc1" is created
# in NetBox when it is missing (the plan requires an existing site).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
CACHE=${HEDGEHOG_CACHE:-$HOME/.cache/terraform-provider-hedgehog}
DEMO="$CACHE/demo"
EXAMPLE="$ROOT/examples/ai-cluster-128gpu"
export CHECKPOINT_DISABLE=1

step() { printf '\n==> %s\n' "$*" >&2; }

step "local NetBox"
bash scripts/netbox-dev.sh up >&2
eval "$(bash scripts/netbox-dev.sh env)"

nb_get() { curl -fsS -H "Authorization: Bearer $NETBOX_TOKEN" -H "Accept: application/json" "$NETBOX_URL$1"; }
count() { nb_get "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'; }

if [[ "${1:-}" != "destroy" && "$(count '/api/dcim/sites/?slug=dc1&limit=1')" == 0 ]]; then
	step "creating site dc1 in NetBox"
	curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $NETBOX_TOKEN" -H "Content-Type: application/json" \
		-d '{"name": "dc1", "slug": "dc1"}' "$NETBOX_URL/api/dcim/sites/"
fi

step "building the provider"
source scripts/dev-provider.sh
mkdir -p "$DEMO/work"
cp "$EXAMPLE"/*.tf "$DEMO/work/"
cd "$DEMO/work"
if [[ "${1:-}" == "destroy" ]]; then
	shift
	step "terraform destroy"
	"$TF" destroy -auto-approve -input=false "$@"
	exit 0
fi

step "terraform plan ($EXAMPLE against $NETBOX_URL)"
"$TF" plan -input=false -out=demo.tfplan "$@"

step "terraform apply"
"$TF" apply -input=false demo.tfplan

step "result"
"$TF" output switch_quantities
tag=hedgehog-plan-ai-128gpu
printf '\nNetBox now holds, tagged %s: %s devices, %s cables.\n' "$tag" \
	"$(count "/api/dcim/devices/?tag=$tag&limit=1")" "$(count "/api/dcim/cables/?tag=$tag&limit=1")"
printf 'See them at %s/dcim/devices/?tag=%s (user admin, password in %s).\n' "$NETBOX_URL" "$tag" \
	"${HEDGEHOG_CACHE:-$HOME/.cache/terraform-provider-hedgehog}/netbox/secrets.env"

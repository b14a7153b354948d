#!/usr/bin/env bash
# The main job: plans and applies the example fabric (examples/ai-cluster-128gpu) with the
# locally built provider against the local NetBox that scripts/netbox-dev.sh starts.
#
#   make demo                      # or: bash scripts/demo.sh [extra terraform args]
#   bash scripts/demo.sh -var gpu_fe_only_count=992     # the 1024-GPU-server variant
#
# The working directory (and so the Terraform state) is $HEDGEHOG_CACHE/demo/work: a second
# run plans against the state of the first and shows no changes. `bash scripts/demo.sh
# destroy` destroys what the demo applied.
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
"$TF" output

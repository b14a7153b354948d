# Sourced by scripts that run Terraform with the provider built from this checkout:
# builds it into $HEDGEHOG_CACHE/dev-provider and points Terraform at it with a CLI
# configuration holding dev_overrides (no registry, no terraform init). Sets TF (the
# Terraform 1.5.7 binary) and exports TF_CLI_CONFIG_FILE.
CACHE=${HEDGEHOG_CACHE:-$HOME/.cache/terraform-provider-hedgehog}
export CHECKPOINT_DISABLE=1
TF=$(bash scripts/terraform.sh)
mkdir -p "$CACHE/dev-provider"
go build -o "$CACHE/dev-provider/terraform-provider-hedgehog" .
cat >"$CACHE/dev-provider/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "netfabric-io/hedgehog" = "$CACHE/dev-provider"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$CACHE/dev-provider/terraform.rc"

// Package tools runs the documentation generators (`make generate`).
package tools

// Both steps use the Terraform v1.5.7 CLI from scripts/terraform.sh (built
// from source on first use). tfplugindocs is deliberately run without
// --tf-version: that flag makes it download Terraform from HashiCorp's release
// site; without it, it takes the first `terraform` on PATH, so 1.5.7 goes first.

// Format the examples.
//go:generate bash -c "\"$(bash ../scripts/terraform.sh)\" fmt -recursive ../examples/"

// Generate docs/ from the provider schema, templates/ and examples/.
//go:generate bash -c "PATH=\"$(dirname \"$(bash ../scripts/terraform.sh)\")\":\"$DOLLAR{PATH}\" go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs generate --provider-dir .. --provider-name hedgehog --rendered-provider-name Hedgehog"

// The picture of the canonical design in the README: the diagram_svg output of
// examples/ai-cluster-128gpu, planned offline. Without HEDGEHOG_UPDATE_DOCS the same test
// fails when the committed picture is stale (`make test`).
//go:generate bash -c "cd .. && TF_ACC_TERRAFORM_PATH=\"$(bash scripts/terraform.sh)\" HEDGEHOG_UPDATE_DOCS=1 go test ./internal/provider -run TestExampleDiagramImage -count=1"

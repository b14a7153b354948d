//go:build generate

// Package tools pins the Go tools used by `make generate` (see generate.go).
// It is its own module so that their dependencies stay out of the
// provider's go.mod.
package tools

import (
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)

//go:build generate

// Package tools pins the Go tools used by `make generate` (see generate.go).
// golangci-lint (`make lint`) is pinned by the `tool` directive in go.mod and
// built by the GNUmakefile into the cache. This is its own module so that the
// tools' dependencies stay out of the provider's go.mod.
package tools

import (
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)

// Command terraform-provider-hedgehog serves the Hedgehog fabric planning
// provider to Terraform over plugin protocol 6.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/provider"
)

// version is overwritten at release time by goreleaser
// (-ldflags "-X main.version={{.Version}}").
var version = "dev"

// providerAddress is the registry address Terraform uses for this provider.
const providerAddress = "registry.terraform.io/netfabric-io/hedgehog"

func main() {
	var debug bool

	flag.BoolVar(&debug, "debug", false, "run the provider in debug mode (for delve and similar debuggers); prints TF_REATTACH_PROVIDERS")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         providerAddress,
		Debug:           debug,
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

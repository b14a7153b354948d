terraform {
  required_version = ">= 1.5.0"
  required_providers {
    hedgehog = {
      source  = "netfabric-io/hedgehog"
      version = "~> 0.1"
    }
  }
  # State shared by the pull-request and merge jobs, e.g.:
  # backend "s3" { bucket = "netops-state", key = "fabric/dc1.tfstate", region = "eu-west-1" }
}

# The CI jobs set NETBOX_URL and NETBOX_TOKEN; without them the provider plans offline.
provider "hedgehog" {}

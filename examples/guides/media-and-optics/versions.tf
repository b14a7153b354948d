terraform {
  required_version = ">= 1.5.0"
  required_providers {
    hedgehog = {
      source  = "netfabric-io/hedgehog"
      version = "~> 0.1"
    }
  }
}

# Without url/token (or NETBOX_URL/NETBOX_TOKEN) the provider plans offline.
provider "hedgehog" {}

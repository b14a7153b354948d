terraform {
  required_version = ">= 1.5.0"
  required_providers {
    hedgehog = {
      source  = "netfabric-io/hedgehog"
      version = "~> 0.1"
    }
  }
}

# url = "" plans offline (decision 1 of docs/design.md), whatever NETBOX_URL says; with a URL
# the token comes from NETBOX_TOKEN.
provider "hedgehog" {
  url = var.netbox_url
}

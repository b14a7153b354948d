terraform {
  required_version = ">= 1.5.0"
  required_providers {
    hedgehog = {
      source  = "netfabric-io/hedgehog"
      version = "~> 0.1"
    }
  }
}

# url and token may also come from NETBOX_URL and NETBOX_TOKEN. With neither url nor
# NETBOX_URL, the provider plans offline and apply writes nothing to NetBox.
provider "hedgehog" {
  url   = var.netbox_url
  token = var.netbox_token
}

variable "netbox_url" {
  description = "NetBox base URL, e.g. https://netbox.example.com; null reads NETBOX_URL."
  type        = string
  default     = null
}

variable "netbox_token" {
  description = "A v1 key (40 characters) or a v2 token nbt_<key>.<secret>; null reads NETBOX_TOKEN."
  type        = string
  default     = null
  sensitive   = true
}

# With a NetBox: `terraform apply` creates the planned devices, interfaces and
# cables there. url and token may also come from NETBOX_URL and NETBOX_TOKEN.
#
# Without url (and without NETBOX_URL) the provider runs offline: plans
# compute quantities, port allocations and diagnostics only.
provider "hedgehog" {
  url   = "https://netbox.example.com"
  token = var.netbox_token

  # Optional:
  # ca_cert_file    = "/etc/ssl/netbox-ca.pem"
  # insecure        = false
  # request_timeout = 60 # seconds
  # max_retries     = 3
}

variable "netbox_token" {
  type      = string
  sensitive = true
}

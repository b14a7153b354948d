variable "servers" {
  description = "GPU servers. Each has 2x200G to the frontend, eight 400G rails to the backend and a 1G BMC port."
  type        = number
  default     = 128
  validation {
    # At 512 servers the 64 backend leaves need 32 spines, as many as a leaf has uplinks.
    condition     = var.servers >= 1 && var.servers <= 512 && floor(var.servers) == var.servers
    error_message = "servers must be a whole number from 1 to 512: beyond 512 a backend leaf cannot reach every spine."
  }
}

variable "plan_name" {
  description = "Name of the topology plan; its NetBox tag is hedgehog-plan-<name>."
  type        = string
  default     = "rail-optimized"
}

variable "site" {
  description = "Slug of the NetBox site the devices go to; it must exist."
  type        = string
  default     = "dc1"
}

variable "netbox_url" {
  description = "NetBox URL, e.g. http://127.0.0.1:8000. Empty (the default) plans offline."
  type        = string
  default     = ""
}

variable "adopt_existing_device_types" {
  description = "Use device types that already exist in NetBox with the same slugs (they are then kept on destroy)."
  type        = bool
  default     = false
}

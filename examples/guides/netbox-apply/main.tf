# A small pod that applies to an empty NetBox: the device types come with the design; the site
# (and the tenant and extra tags, when set) must exist.

resource "hedgehog_topology_plan" "pod" {
  name          = "pod1"
  site          = "dc1"
  device_status = "planned"
  description   = "Pod 1: 16 compute servers on a leaf pair"
}

locals {
  compute_nics = { fe = { ports = 2, speed = 100 } }
}

resource "hedgehog_device_type" "ds3000" {
  model   = "DS3000"
  profile = "celestica-ds3000"
  # adopt_existing = true  # when NetBox already has this device type
}

resource "hedgehog_device_type" "compute" {
  model = "Compute server 2x100G"
  nics  = local.compute_nics
}

resource "hedgehog_server_class" "compute" {
  plan        = hedgehog_topology_plan.pod.context
  name        = "compute"
  quantity    = 16
  device_type = hedgehog_device_type.compute.slug
  nics        = local.compute_nics
  connections = {
    fe = { nic = "fe", ports = 2, speed = 100, distribution = "alternating" }
  }
}

resource "hedgehog_switch_class" "leaf" {
  plan        = hedgehog_topology_plan.pod.context
  name        = "leaf"
  fabric      = "frontend"
  role        = "server-leaf"
  device_type = hedgehog_device_type.ds3000.slug
  zones = {
    servers = {
      kind     = "server"
      ports    = "1-24"
      breakout = "1x100g"
      attach   = [hedgehog_server_class.compute.attachments["fe"]]
    }
    uplinks = { kind = "uplink", ports = "25-32", breakout = "1x100g" }
  }
}

resource "hedgehog_switch_class" "spine" {
  plan        = hedgehog_topology_plan.pod.context
  name        = "spine"
  fabric      = "frontend"
  role        = "spine"
  device_type = hedgehog_device_type.ds3000.slug
  zones = {
    leaves = {
      kind     = "fabric"
      ports    = "1-32"
      breakout = "1x100g"
      attach   = [hedgehog_switch_class.leaf.attachments["uplinks"]]
    }
  }
}

locals {
  switch_classes = [hedgehog_switch_class.leaf, hedgehog_switch_class.spine]
}

output "plan_tag" {
  description = "The tag every object of the design carries in NetBox."
  value       = hedgehog_topology_plan.pod.tag
}

output "netbox_objects" {
  description = "What apply creates: devices and cables (interfaces come with them)."
  value = {
    devices = length(hedgehog_server_class.compute.device_names) + sum([for c in local.switch_classes : length(c.device_names)])
    cables  = sum([for c in local.switch_classes : length(c.allocation)])
  }
}

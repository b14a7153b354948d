# Out-of-band management: every server's BMC port on a 48 x 1G management switch outside the
# Hedgehog catalogue, whose two 25G uplinks land on the frontend leaves.

resource "hedgehog_topology_plan" "lab" {
  name = "oob-guide"
  site = "dc1"
}

locals {
  # The management switch, port by port: 48 x 1G RJ45 and 4 x 25G SFP28.
  oob_ports = [
    { first = 1, last = 48, native_speed = 1, connector = "RJ45", breakouts = ["1x1g"] },
    { first = 49, last = 52, native_speed = 25, connector = "SFP28", breakouts = ["1x25g", "1x10g"] },
  ]

  server_classes = { gpu = 44, storage = 6 }

  # Every server has a 1G BMC port, cabled as an ipmi connection.
  nics = {
    fe  = { ports = 2, speed = 100 }
    bmc = { ports = 1, speed = 1 }
  }
  connections = {
    fe  = { nic = "fe", ports = 2, speed = 100, distribution = "alternating" }
    bmc = { nic = "bmc", ports = 1, speed = 1, distribution = "same-switch", port_type = "ipmi" }
  }
}

resource "hedgehog_device_type" "oob_switch" {
  model        = "ES1000-48"
  slug         = "es1000-48"
  manufacturer = "Edgecore"
  ports        = local.oob_ports
}

resource "hedgehog_server_class" "this" {
  for_each    = local.server_classes
  plan        = hedgehog_topology_plan.lab.context
  name        = each.key
  quantity    = each.value
  device_type = "server-2x100g"
  nics        = local.nics
  connections = local.connections
}

# Unmanaged: Hedgehog does not run these switches, but they are sized, cabled and created in
# NetBox like any other class.
resource "hedgehog_switch_class" "oob" {
  plan         = hedgehog_topology_plan.lab.context
  name         = "oob"
  fabric       = "oob-mgmt"
  fabric_class = "unmanaged"
  role         = "server-leaf"
  device_type  = hedgehog_device_type.oob_switch.slug
  ports        = local.oob_ports
  zones = {
    bmc = {
      kind     = "oob"
      ports    = "1-48"
      breakout = "1x1g"
      attach   = [for c in hedgehog_server_class.this : c.attachments["bmc"]]
    }
    uplinks = { kind = "uplink", ports = "49-50", breakout = "1x25g" }
  }
}

resource "hedgehog_switch_class" "leaf" {
  plan        = hedgehog_topology_plan.lab.context
  name        = "leaf"
  fabric      = "frontend"
  role        = "server-leaf"
  device_type = "celestica-ds3000"
  zones = {
    servers = {
      kind     = "server"
      ports    = "1-28"
      breakout = "1x100g"
      attach   = [for c in hedgehog_server_class.this : c.attachments["fe"]]
    }
    # The management switches' uplinks: a server zone takes the uplinks of unmanaged classes.
    oob = {
      kind     = "server"
      ports    = "29"
      breakout = "4x25g"
      attach   = [hedgehog_switch_class.oob.attachments["uplinks"]]
    }
    uplinks = { kind = "uplink", ports = "30-32", breakout = "1x100g" }
  }
}

resource "hedgehog_switch_class" "spine" {
  plan        = hedgehog_topology_plan.lab.context
  name        = "spine"
  fabric      = "frontend"
  role        = "spine"
  device_type = "celestica-ds3000"
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
  switch_classes = [hedgehog_switch_class.oob, hedgehog_switch_class.leaf, hedgehog_switch_class.spine]
}

# The frontend wiring: the management switches appear in it as Server objects cabled to the
# leaves, so hhfab knows what the leaf ports connect to.
data "hedgehog_wiring_diagram" "frontend" {
  fabric         = "frontend"
  switch_classes = local.switch_classes
}

output "oob_reason" {
  value = hedgehog_switch_class.oob.calculation.reason
}

output "oob_uplinks" {
  description = "Management switch uplink = leaf port."
  value       = { for k, v in hedgehog_switch_class.leaf.allocation : k => v if startswith(k, "oob-") }
}

output "wiring_frontend_objects" {
  value = {
    switches = data.hedgehog_wiring_diagram.frontend.switches
    servers  = data.hedgehog_wiring_diagram.frontend.servers
  }
}

# Zones of every kind on DS3000 switches (32 x 100G): server zones with their own strategy and
# priority, an uplink zone that a spine's fabric zone attaches, and a two-switch mesh.

resource "hedgehog_topology_plan" "lab" {
  name = "zones-guide"
  site = "dc1"
}

locals {
  server_classes = {
    # 6 servers, two 100G ports each, one port on each leaf.
    compute = { quantity = 6, speed = 100, distribution = "alternating" }
    # 10 servers, two 25G ports each, both on the same leaf.
    storage = { quantity = 10, speed = 25, distribution = "same-switch" }
    # 2 servers on the mesh pair.
    edge = { quantity = 2, speed = 100, distribution = "alternating" }
  }
}

resource "hedgehog_server_class" "this" {
  for_each    = local.server_classes
  plan        = hedgehog_topology_plan.lab.context
  name        = each.key
  quantity    = each.value.quantity
  device_type = "server-2x${each.value.speed}g"
  nics        = { fe = { ports = 2, speed = each.value.speed } }
  connections = {
    fe = { nic = "fe", ports = 2, speed = each.value.speed, distribution = each.value.distribution }
  }
}

resource "hedgehog_switch_class" "leaf" {
  plan        = hedgehog_topology_plan.lab.context
  name        = "leaf"
  fabric      = "frontend"
  role        = "server-leaf"
  device_type = "celestica-ds3000"
  zones = {
    # server: takes server connections. spaced: ports 1,5,2,6,3,7,4,8.
    compute = {
      kind     = "server"
      ports    = "1-8"
      breakout = "1x100g"
      strategy = "spaced"
      priority = 2
      attach   = [hedgehog_server_class.this["compute"].attachments["fe"]]
    }
    # interleaved: ports 9,11,10,12, each split into four 25G lanes.
    storage = {
      kind     = "server"
      ports    = "9-12"
      breakout = "4x25g"
      strategy = "interleaved"
      priority = 1
      attach   = [hedgehog_server_class.this["storage"].attachments["fe"]]
    }
    # uplink: takes nothing; the spine's fabric zone attaches it.
    uplinks = { kind = "uplink", ports = "25-32", breakout = "1x100g", priority = 3 }
  }
}

resource "hedgehog_switch_class" "spine" {
  plan        = hedgehog_topology_plan.lab.context
  name        = "spine"
  fabric      = "frontend"
  role        = "spine"
  device_type = "celestica-ds3000"
  zones = {
    # fabric: takes the uplink zones of leaf classes of the same fabric.
    leaves = {
      kind     = "fabric"
      ports    = "1-32"
      breakout = "1x100g"
      attach   = [hedgehog_switch_class.leaf.attachments["uplinks"]]
    }
  }
}

# A fabric of its own with no spines: two leaves cabled to each other.
resource "hedgehog_switch_class" "edge" {
  plan              = hedgehog_topology_plan.lab.context
  name              = "edge"
  fabric            = "edge"
  role              = "server-leaf"
  device_type       = "celestica-ds3000"
  topology          = "mesh"
  override_quantity = 2
  zones = {
    servers = {
      kind     = "server"
      ports    = "1-4"
      breakout = "1x100g"
      attach   = [hedgehog_server_class.this["edge"].attachments["fe"]]
    }
    # mesh: takes nothing; its lanes link the mesh switches to each other.
    mesh = { kind = "mesh", ports = "31-32", breakout = "1x100g" }
  }
}

output "leaf_summary" {
  value = hedgehog_switch_class.leaf.summary
}

output "leaf_binding_zone" {
  value = hedgehog_switch_class.leaf.calculation.binding_zone
}

output "leaf_cables" {
  value = hedgehog_switch_class.leaf.allocation
}

output "edge_cables" {
  value = hedgehog_switch_class.edge.allocation
}

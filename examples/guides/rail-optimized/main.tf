# Two backend pods of 16 GPU servers with 8 rails each (one 400G port per rail), on DS5000 rail
# leaves that split their 800G ports into 2 x 400G lanes. They differ only in how many server
# ports a leaf has, which decides how the rails spread:
#   packed:        18 ports (36 lanes) per leaf;
#   rail-per-leaf:  9 ports (18 lanes) per leaf, room for one rail of the 16 servers and no more.

resource "hedgehog_topology_plan" "lab" {
  name = "rails-guide"
  site = "dc1"
}

locals {
  rails = range(8)
  pods = {
    packed          = { servers = 16, server_ports = "1-18", uplink_ports = "33-44" }
    "rail-per-leaf" = { servers = 16, server_ports = "1-9", uplink_ports = "33-40" }
  }
}

resource "hedgehog_server_class" "gpu" {
  for_each        = local.pods
  plan            = hedgehog_topology_plan.lab.context
  name            = "gpu-${each.key}"
  quantity        = each.value.servers
  device_type     = "gpu-server-8x400g"
  category        = "gpu"
  gpus_per_server = 8
  nics            = { be = { ports = 8, speed = 400 } }
  # Rail r is port r of the backend NIC.
  connections = { for r in local.rails : "rail-${r}" => {
    nic = "be", first_port = r, ports = 1, speed = 400, distribution = "rail-optimized", rail = r
  } }
}

resource "hedgehog_switch_class" "rail_leaf" {
  for_each    = local.pods
  plan        = hedgehog_topology_plan.lab.context
  name        = "leaf-${each.key}"
  fabric      = "backend"
  role        = "server-leaf"
  device_type = "celestica-ds5000"
  zones = {
    servers = {
      kind     = "server"
      ports    = each.value.server_ports
      breakout = "2x400g"
      attach   = [for r in local.rails : hedgehog_server_class.gpu[each.key].attachments["rail-${r}"]]
    }
    uplinks = { kind = "uplink", ports = each.value.uplink_ports, breakout = "1x800g" }
  }
}

resource "hedgehog_switch_class" "spine" {
  plan        = hedgehog_topology_plan.lab.context
  name        = "spine"
  fabric      = "backend"
  role        = "spine"
  device_type = "celestica-ds5000"
  zones = {
    leaves = {
      kind     = "fabric"
      ports    = "1-64"
      breakout = "1x800g"
      attach   = [for l in hedgehog_switch_class.rail_leaf : l.attachments["uplinks"]]
    }
  }
}

output "rail_leaves" {
  value = { for pod, l in hedgehog_switch_class.rail_leaf : pod => l.effective_quantity }
}

# Which leaf each rail of the first server of a pod lands on.
output "rails_of_first_server" {
  value = { for pod, l in hedgehog_switch_class.rail_leaf : pod => [
    for r in local.rails : split(":", l.allocation["gpu-${pod}-001:be-p${r}"])[0]
  ] }
}

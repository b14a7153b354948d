# Multi-homed and bundled server links on an ESLAG pair of DS3000 leaves.

resource "hedgehog_topology_plan" "lab" {
  name = "eslag-guide"
  site = "dc1"
}

locals {
  server_classes = {
    # Two ports, one on each leaf, bonded on the server: one ESLAG connection per server.
    compute = { quantity = 8, ports = 2, kind = "eslag", distribution = "alternating" }
    # Two ports on one leaf, bonded: one bundled connection per server.
    storage = { quantity = 4, ports = 2, kind = "bundled", distribution = "same-switch" }
    # One port, no bond: one unbundled connection per server.
    infra = { quantity = 2, ports = 1, kind = "unbundled", distribution = "same-switch" }
  }
}

resource "hedgehog_server_class" "this" {
  for_each    = local.server_classes
  plan        = hedgehog_topology_plan.lab.context
  name        = each.key
  quantity    = each.value.quantity
  device_type = "server-2x100g"
  nics        = { fe = { ports = 2, speed = 100 } }
  connections = {
    fe = {
      nic          = "fe"
      ports        = each.value.ports
      speed        = 100
      kind         = each.value.kind
      distribution = each.value.distribution
    }
  }
}

resource "hedgehog_switch_class" "leaf" {
  plan        = hedgehog_topology_plan.lab.context
  name        = "leaf"
  fabric      = "frontend"
  role        = "server-leaf"
  device_type = "celestica-ds3000"
  # The leaves form one ESLAG group (a Hedgehog SwitchGroup of 2 to 4 switches).
  redundancy = { type = "eslag", group = "leaf-eslag" }
  zones = {
    servers = {
      kind     = "server"
      ports    = "1-24"
      breakout = "1x100g"
      attach   = [for c in hedgehog_server_class.this : c.attachments["fe"]]
    }
    uplinks = { kind = "uplink", ports = "25-32", breakout = "1x100g" }
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
  switch_classes = [hedgehog_switch_class.leaf, hedgehog_switch_class.spine]
}

data "hedgehog_wiring_diagram" "frontend" {
  fabric         = "frontend"
  switch_classes = local.switch_classes
}

output "connections_by_kind" {
  value = data.hedgehog_wiring_diagram.frontend.connections_by_kind
}

# terraform output -raw wiring > wiring.yaml
output "wiring" {
  value     = data.hedgehog_wiring_diagram.frontend.yaml
  sensitive = true
}

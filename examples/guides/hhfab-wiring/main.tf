# Eight GPU servers on two managed fabrics: a 100G frontend on DS3000 switches and a two-rail
# 400G backend on DS5000 switches. Each fabric is its own wiring diagram, for its own hhfab.

resource "hedgehog_topology_plan" "lab" {
  name = "hhfab-guide"
  site = "dc1"
}

resource "hedgehog_server_class" "gpu" {
  plan        = hedgehog_topology_plan.lab.context
  name        = "gpu"
  quantity    = 8
  device_type = "gpu-server"
  nics = {
    fe = { ports = 2, speed = 100 }
    be = { ports = 2, speed = 400 }
  }
  connections = merge(
    { fe = { nic = "fe", ports = 2, speed = 100, distribution = "alternating" } },
    { for r in [0, 1] : "rail-${r}" => {
      nic = "be", first_port = r, ports = 1, speed = 400, distribution = "rail-optimized", rail = r
    } },
  )
}

locals {
  # Per fabric: the switch model, the leaves' server zone and uplinks, and the spines' fabric zone.
  fabrics = {
    frontend = {
      model           = "celestica-ds3000"
      server_ports    = "1-24"
      server_breakout = "1x100g"
      uplink_ports    = "25-32"
      uplink_breakout = "1x100g"
      spine_ports     = "1-32"
      spine_breakout  = "1x100g"
    }
    backend = {
      model           = "celestica-ds5000"
      server_ports    = "1-5"
      server_breakout = "2x400g"
      uplink_ports    = "33-40"
      uplink_breakout = "1x800g"
      spine_ports     = "1-64"
      spine_breakout  = "1x800g"
    }
  }
  # The delivered switches' serials and management port MACs (from the packing list), by switch
  # name: Hedgehog recognises a booting switch by them.
  switch_identities = {
    "frontend-leaf-01"  = { serial = "DS3K-1001", boot_mac = "0c:29:ef:10:00:01" }
    "frontend-leaf-02"  = { serial = "DS3K-1002", boot_mac = "0c:29:ef:10:00:02" }
    "frontend-spine-01" = { serial = "DS3K-1003", boot_mac = "0c:29:ef:10:00:03" }
    "backend-leaf-01"   = { serial = "DS5K-2001", boot_mac = "0c:29:ef:20:00:01" }
    "backend-leaf-02"   = { serial = "DS5K-2002", boot_mac = "0c:29:ef:20:00:02" }
    "backend-spine-01"  = { serial = "DS5K-2003", boot_mac = "0c:29:ef:20:00:03" }
  }
  server_attachments = {
    frontend = [hedgehog_server_class.gpu.attachments["fe"]]
    backend  = [for r in [0, 1] : hedgehog_server_class.gpu.attachments["rail-${r}"]]
  }
}

resource "hedgehog_switch_class" "leaf" {
  for_each    = local.fabrics
  plan        = hedgehog_topology_plan.lab.context
  name        = "${each.key}-leaf"
  fabric      = each.key
  role        = "server-leaf"
  device_type = each.value.model
  identities  = { for name, id in local.switch_identities : name => id if startswith(name, "${each.key}-leaf-") }
  zones = {
    servers = {
      kind     = "server"
      ports    = each.value.server_ports
      breakout = each.value.server_breakout
      attach   = local.server_attachments[each.key]
    }
    uplinks = { kind = "uplink", ports = each.value.uplink_ports, breakout = each.value.uplink_breakout }
  }
}

resource "hedgehog_switch_class" "spine" {
  for_each    = local.fabrics
  plan        = hedgehog_topology_plan.lab.context
  name        = "${each.key}-spine"
  fabric      = each.key
  role        = "spine"
  device_type = each.value.model
  identities  = { for name, id in local.switch_identities : name => id if startswith(name, "${each.key}-spine-") }
  zones = {
    leaves = {
      kind     = "fabric"
      ports    = each.value.spine_ports
      breakout = each.value.spine_breakout
      attach   = [hedgehog_switch_class.leaf[each.key].attachments["uplinks"]]
    }
  }
}

locals {
  switch_classes = concat(values(hedgehog_switch_class.leaf), values(hedgehog_switch_class.spine))
}

# One wiring diagram per managed fabric, from all the switch classes of the design.
data "hedgehog_wiring_diagram" "fabric" {
  for_each       = local.fabrics
  fabric         = each.key
  switch_classes = local.switch_classes
}

# terraform output -raw wiring_frontend > frontend.yaml
output "wiring_frontend" {
  value     = data.hedgehog_wiring_diagram.fabric["frontend"].yaml
  sensitive = true
}

# terraform output -raw wiring_backend > backend.yaml
output "wiring_backend" {
  value     = data.hedgehog_wiring_diagram.fabric["backend"].yaml
  sensitive = true
}

output "wiring_objects" {
  description = "Objects of each wiring diagram, by kind."
  value = { for fabric, w in data.hedgehog_wiring_diagram.fabric : fabric => merge(
    { switches = w.switches, servers = w.servers, connections = w.connections }, w.connections_by_kind,
  ) }
}

# A small pod whose links show the kinds of media: AOC and DAC splitters from 4x200g zones, a
# breakout fibre from an 8x100g zone, single-mode fibre from leaf to spine, and rails at 2x400g
# over single-mode fibre to OSFP and QSFP112 backend NICs.

resource "hedgehog_topology_plan" "pod" {
  name = "media-guide"
  site = "dc1"
}

locals {
  # The GPU nodes' frontend NIC is a card bought on its own (module_type): the bill of materials
  # counts it under nic. Its QSFP112 cage takes the 200G ends of the AOCs.
  gpu_fe_nic = { ports = 2, speed = 200, cage = "QSFP112", module_type = "ConnectX-7 2x200G QSFP112" }

  # One server model per class: its NICs, how many servers, and the medium of its frontend
  # connection (null: the medium of the zone it lands on). A NIC without cage has the common
  # one of its speed: 400G QSFP112, 200G QSFP56, 100G QSFP28.
  servers = {
    "gpu-osfp" = {
      model = "GPU node (OSFP backend)", quantity = 4, fe_medium = "aoc"
      nics  = { fe = local.gpu_fe_nic, be = { ports = 2, speed = 400, cage = "OSFP" } }
    }
    "gpu-qsfp112" = {
      model = "GPU node (QSFP112 backend)", quantity = 4, fe_medium = "aoc"
      nics  = { fe = local.gpu_fe_nic, be = { ports = 2, speed = 400 } }
    }
    storage = { model = "Storage node", quantity = 4, fe_medium = null, nics = { fe = { ports = 2, speed = 200 } } }
    control = { model = "Control node", quantity = 2, fe_medium = null, nics = { fe = { ports = 2, speed = 100 } } }
  }

  # Two rails: port r of a backend NIC goes to the rail leaves of rail r.
  rails = range(2)
}

resource "hedgehog_device_type" "ds5000" {
  model   = "DS5000"
  profile = "celestica-ds5000"
}

resource "hedgehog_device_type" "server" {
  for_each = local.servers
  model    = each.value.model
  slug     = each.key
  nics     = each.value.nics
}

resource "hedgehog_server_class" "this" {
  for_each    = local.servers
  plan        = hedgehog_topology_plan.pod.context
  name        = each.key
  quantity    = each.value.quantity
  device_type = hedgehog_device_type.server[each.key].slug
  nics        = each.value.nics
  connections = merge(
    # Every server is dual-homed to the frontend leaves.
    { fe = { nic = "fe", ports = 2, speed = each.value.nics.fe.speed, distribution = "alternating", medium = each.value.fe_medium } },
    # A server with a backend NIC has one port on each rail.
    { for r in local.rails : "rail-${r}" => {
      nic = "be", first_port = r, ports = 1, speed = 400, distribution = "rail-optimized", rail = r
    } if contains(keys(each.value.nics), "be") },
  )
}

resource "hedgehog_switch_class" "leaf" {
  plan        = hedgehog_topology_plan.pod.context
  name        = "leaf"
  fabric      = "frontend"
  role        = "server-leaf"
  device_type = hedgehog_device_type.ds5000.slug
  zones = {
    # 4 x 200G lanes per OSFP port; the AOCs come from the GPU nodes' connections.
    gpu = {
      kind     = "server"
      ports    = "1-4"
      breakout = "4x200g"
      attach   = [for name in ["gpu-osfp", "gpu-qsfp112"] : hedgehog_server_class.this[name].attachments["fe"]]
    }
    # Storage in the same rack: passive copper, 3 m.
    storage = {
      kind         = "server"
      ports        = "5"
      breakout     = "4x200g"
      medium       = "dac"
      cable_length = 3
      attach       = [hedgehog_server_class.this["storage"].attachments["fe"]]
    }
    # Control nodes a few racks away: single-mode fibre from an 8 x 100G port.
    control = {
      kind     = "server"
      ports    = "9"
      breakout = "8x100g"
      medium   = "smf"
      attach   = [hedgehog_server_class.this["control"].attachments["fe"]]
    }
    uplinks = { kind = "uplink", ports = "61-64", breakout = "1x800g", medium = "smf" }
  }
}

resource "hedgehog_switch_class" "spine" {
  plan        = hedgehog_topology_plan.pod.context
  name        = "spine"
  fabric      = "frontend"
  role        = "spine"
  device_type = hedgehog_device_type.ds5000.slug
  zones = {
    # Both zones of a leaf-spine link say smf: they are the two ends of one cable.
    leaves = {
      kind         = "fabric"
      ports        = "1-32"
      breakout     = "1x800g"
      medium       = "smf"
      cable_length = 30
      attach       = [hedgehog_switch_class.leaf.attachments["uplinks"]]
    }
  }
}

resource "hedgehog_switch_class" "rail_leaf" {
  plan        = hedgehog_topology_plan.pod.context
  name        = "rail-leaf"
  fabric      = "backend"
  role        = "server-leaf"
  device_type = hedgehog_device_type.ds5000.slug
  zones = {
    servers = {
      kind     = "server"
      ports    = "1-8"
      breakout = "2x400g"
      medium   = "smf"
      attach = flatten([for name in ["gpu-osfp", "gpu-qsfp112"] : [
        for r in local.rails : hedgehog_server_class.this[name].attachments["rail-${r}"]
      ]])
    }
  }
}

# The data source takes the classes through locals, so that it is read during plan.
locals {
  switch_classes = [hedgehog_switch_class.leaf, hedgehog_switch_class.spine, hedgehog_switch_class.rail_leaf]
  server_classes = values(hedgehog_server_class.this)
}

data "hedgehog_bill_of_materials" "pod" {
  switch_classes = local.switch_classes
  server_classes = local.server_classes
}

output "bom_csv" {
  description = "The purchase list: terraform output -raw bom_csv > bom.csv"
  value       = data.hedgehog_bill_of_materials.pod.csv
}

output "cabling_csv" {
  description = "One row per link, switch by switch: terraform output -raw cabling_csv > cabling.csv"
  value       = data.hedgehog_bill_of_materials.pod.cabling_csv
}

output "links" {
  value = data.hedgehog_bill_of_materials.pod.links
}

# After apply, the NetBox ID of each row's cable: the class the link lands on keys its cable_ids
# by the row's A end (the first half of the label). Planned offline, every ID is null.
locals {
  cable_ids = merge([for c in local.switch_classes : c.cable_ids]...)
}

output "cable_id_by_label" {
  value = { for r in data.hedgehog_bill_of_materials.pod.cabling_schedule :
    r.label => lookup(local.cable_ids, "${r.a_device}:${r.a_port}", null)
  }
}

# A rail-optimized CLOS of var.servers GPU servers: a frontend fabric (two 200G ports a server,
# alternating over the leaves), a backend fabric (eight 400G rails a server, rail-optimized),
# one DS5000 spine class per fabric, and an out-of-band switch for every 48 BMC ports. It is
# the design that `make bench` plans at 128 and 512 servers; plantest.PlanRailOptimized builds
# the same classes in Go for the planner benchmarks.

resource "hedgehog_topology_plan" "bench" {
  name          = var.plan_name
  site          = var.site
  device_status = "planned"
  description   = "Rail-optimized CLOS of ${var.servers} GPU servers"
}

locals {
  rails = range(8)
  gpu_nics = {
    fe  = { ports = 2, speed = 200 }
    be  = { ports = 8, speed = 400 }
    bmc = { ports = 1, speed = 1 }
  }
  es1000_ports = [
    { first = 1, last = 48, native_speed = 1, connector = "RJ45", breakouts = ["1x1g"] },
    { first = 49, last = 52, native_speed = 25, connector = "SFP28", breakouts = ["1x25g", "1x10g"] },
  ]
  ds5000 = hedgehog_device_type.ds5000.slug
}

# Device types, so the design applies to an empty NetBox.
resource "hedgehog_device_type" "ds5000" {
  model          = "DS5000"
  profile        = "celestica-ds5000"
  adopt_existing = var.adopt_existing_device_types
}

resource "hedgehog_device_type" "oob_switch" {
  model          = "ES1000-48"
  slug           = "es1000-48"
  manufacturer   = "Edgecore"
  ports          = local.es1000_ports
  adopt_existing = var.adopt_existing_device_types
}

resource "hedgehog_device_type" "gpu_server" {
  model          = "GPU server (8 rails)"
  slug           = "gpu-server-8-rails"
  nics           = local.gpu_nics
  adopt_existing = var.adopt_existing_device_types
}

resource "hedgehog_server_class" "gpu" {
  plan            = hedgehog_topology_plan.bench.context
  name            = "gpu"
  quantity        = var.servers
  device_type     = hedgehog_device_type.gpu_server.slug
  category        = "gpu"
  gpus_per_server = 8
  nics            = local.gpu_nics
  connections = merge(
    { fe = { nic = "fe", ports = 2, speed = 200, distribution = "alternating" } },
    { for r in local.rails : "be-rail-${r}" => {
      nic = "be", first_port = r, ports = 1, speed = 400, distribution = "rail-optimized", rail = r
    } },
    { bmc = { nic = "bmc", ports = 1, speed = 1, distribution = "same-switch", port_type = "ipmi" } },
  )
}

# Its 25G uplinks lead to a management network outside this design, so it has no uplink zone.
resource "hedgehog_switch_class" "oob_leaf" {
  plan         = hedgehog_topology_plan.bench.context
  name         = "oob-leaf"
  fabric       = "oob-mgmt"
  fabric_class = "unmanaged"
  role         = "server-leaf"
  device_type  = hedgehog_device_type.oob_switch.slug
  ports        = local.es1000_ports
  zones = {
    oob = { kind = "oob", ports = "1-48", breakout = "1x1g", attach = [hedgehog_server_class.gpu.attachments["bmc"]] }
  }
}

locals {
  # One leaf class and one spine class per fabric, keyed by the prefix of their names.
  fabrics = {
    fe = {
      fabric       = "frontend"
      leaf         = "fe-leaf"
      server_ports = "1-63:2" # 32 ports, 128 lanes of 200G
      breakout     = "4x200g"
      uplink_ports = "2-64:2"
      attach       = [hedgehog_server_class.gpu.attachments["fe"]]
    }
    be = {
      fabric       = "backend"
      leaf         = "be-rail-leaf"
      server_ports = "1-32" # 64 lanes of 400G: one rail domain of 64 servers a leaf
      breakout     = "2x400g"
      uplink_ports = "33-64"
      attach       = [for r in local.rails : hedgehog_server_class.gpu.attachments["be-rail-${r}"]]
    }
  }
}

resource "hedgehog_switch_class" "leaf" {
  for_each    = local.fabrics
  plan        = hedgehog_topology_plan.bench.context
  name        = each.value.leaf
  fabric      = each.value.fabric
  role        = "server-leaf"
  device_type = local.ds5000
  zones = {
    servers = { kind = "server", ports = each.value.server_ports, breakout = each.value.breakout, attach = each.value.attach }
    uplinks = { kind = "uplink", ports = each.value.uplink_ports, breakout = "1x800g" }
  }
}

resource "hedgehog_switch_class" "spine" {
  for_each    = local.fabrics
  plan        = hedgehog_topology_plan.bench.context
  name        = "${each.key}-spine"
  fabric      = each.value.fabric
  role        = "spine"
  device_type = local.ds5000
  zones = {
    fabric = {
      kind     = "fabric"
      ports    = "1-64"
      breakout = "1x800g"
      attach   = [hedgehog_switch_class.leaf[each.key].attachments["uplinks"]]
    }
  }
}

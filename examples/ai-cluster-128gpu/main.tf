# The canonical 128-GPU cluster: 96 frontend-only GPU servers, 32 GPU servers with an
# 8-rail backend, storage, control nodes, and an out-of-band management network.

variable "gpu_fe_only_count" {
  description = "Frontend-only GPU servers; 96 in the canonical design, 992 for a 1024-GPU-server variant."
  type        = number
  default     = 96
}

variable "plan_name" {
  description = "Name of the topology plan; its NetBox tag is hedgehog-plan-<name>."
  type        = string
  default     = "ai-128gpu"
}

variable "site" {
  description = "Slug of the NetBox site the devices go to; it must exist."
  type        = string
  default     = "dc1"
}

variable "allow_recabling" {
  description = "Let the spine classes move existing uplinks, which growing the spines needs (docs/guides/growth.md)."
  type        = bool
  default     = false
}

variable "adopt_existing_device_types" {
  description = "Use device types that already exist in NetBox with the same slugs (they are then kept on destroy)."
  type        = bool
  default     = false
}

resource "hedgehog_topology_plan" "ai" {
  name          = var.plan_name
  site          = var.site
  device_status = "planned"
  description   = "128-GPU cluster: frontend, rail-optimized backend, OOB management"
}

# Device types, so the design applies to an empty NetBox: the catalogue switches, the OOB
# switch, and one server model per NIC layout. Classes reference their slugs.
resource "hedgehog_device_type" "switch" {
  for_each       = { "celestica-ds5000" = "DS5000", "celestica-ds3000" = "DS3000" }
  model          = each.value
  profile        = each.key
  adopt_existing = var.adopt_existing_device_types
}

resource "hedgehog_device_type" "oob_switch" {
  model          = "ES1000-48"
  slug           = "es1000-48"
  manufacturer   = "Edgecore"
  ports          = local.es1000_ports
  adopt_existing = var.adopt_existing_device_types
}

resource "hedgehog_device_type" "server" {
  for_each       = local.server_models
  model          = each.value.model
  slug           = each.key
  nics           = each.value.nics
  adopt_existing = var.adopt_existing_device_types
}

locals {
  es1000_ports = [
    { first = 1, last = 48, native_speed = 1, connector = "RJ45", breakouts = ["1x1g"] },
    { first = 49, last = 52, native_speed = 25, connector = "SFP28", breakouts = ["1x25g", "1x10g"] },
  ]
  server_models = {
    "gpu-server-fe"    = { model = "GPU server (frontend)", nics = merge({ fe = local.gpu_fe_nic }, local.bmc_nic) }
    "gpu-server-fe-be" = { model = "GPU server (frontend and backend)", nics = merge({ fe = local.gpu_fe_nic, be = local.gpu_be_nic }, local.bmc_nic) }
    "storage-server"   = { model = "Storage server", nics = merge(local.dual_homed_nic[200], local.bmc_nic) }
    "admin-server"     = { model = "Admin server", nics = merge(local.dual_homed_nic[25], local.bmc_nic) }
    "control-server"   = { model = "Control server", nics = merge(local.dual_homed_nic[100], local.bmc_nic) }
    "gateway-server"   = { model = "Gateway server", nics = merge(local.dual_homed_nic[200], local.bmc_nic) }
  }
  server_type = { for slug, t in hedgehog_device_type.server : slug => t.slug }
  ds5000      = hedgehog_device_type.switch["celestica-ds5000"].slug
  ds3000      = hedgehog_device_type.switch["celestica-ds3000"].slug
}

# Media: copper inside a rack (BMC patch cords, storage, control nodes, the OOB uplinks), active
# optical cables from the GPU servers' and gateways' frontend NICs, and single-mode fibre between
# racks (leaf to spine, the border uplinks, and the rails to the OSFP backend NICs). The optics
# and cable parts follow from the medium and the cages at both ends (docs/guides/media-and-optics.md).
locals {
  bmc_nic        = { bmc = { ports = 1, speed = 1 } }
  bmc_connection = { bmc = { nic = "bmc", ports = 1, speed = 1, distribution = "same-switch", port_type = "ipmi", medium = "dac" } }
  gpu_fe_nic     = { ports = 2, speed = 200, cage = "QSFP112", module_type = "ConnectX-7 2x200G QSFP112" }
  gpu_be_nic     = { ports = 8, speed = 400, cage = "OSFP" }

  # Dual-homed servers: two frontend ports at one speed, alternating over a pair of leaves in
  # the same rack.
  dual_homed_nic = { for speed in [25, 100, 200] : speed => { fe = { ports = 2, speed = speed } } }
  dual_homed_connection = { for speed in [25, 100, 200] : speed => {
    fe = { nic = "fe", ports = 2, speed = speed, distribution = "alternating", medium = "dac" }
  } }
  rails = range(8)
}

resource "hedgehog_server_class" "gpu_fe_only" {
  plan            = hedgehog_topology_plan.ai.context
  name            = "gpu-fe-only"
  quantity        = var.gpu_fe_only_count
  device_type     = local.server_type["gpu-server-fe"]
  category        = "gpu"
  gpus_per_server = 8
  nics            = local.server_models["gpu-server-fe"].nics
  connections = merge({
    fe = { nic = "fe", ports = 2, speed = 200, distribution = "alternating", medium = "aoc" }
  }, local.bmc_connection)
}

resource "hedgehog_server_class" "gpu_with_backend" {
  plan            = hedgehog_topology_plan.ai.context
  name            = "gpu-with-backend"
  quantity        = 32
  device_type     = local.server_type["gpu-server-fe-be"]
  category        = "gpu"
  gpus_per_server = 8
  nics            = local.server_models["gpu-server-fe-be"].nics
  connections = merge(
    { fe = { nic = "fe", ports = 2, speed = 200, distribution = "alternating", medium = "aoc" } },
    { for r in local.rails : "be-rail-${r}" => {
      nic = "be", first_port = r, ports = 1, speed = 400, distribution = "rail-optimized", rail = r
    } },
    local.bmc_connection,
  )
}

resource "hedgehog_server_class" "storage" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "storage"
  quantity    = 18
  device_type = local.server_type["storage-server"]
  category    = "storage"
  nics        = local.server_models["storage-server"].nics
  connections = merge(local.dual_homed_connection[200], local.bmc_connection)
}

resource "hedgehog_server_class" "admin_node" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "admin-node"
  quantity    = 1
  device_type = local.server_type["admin-server"]
  category    = "infrastructure"
  nics        = local.server_models["admin-server"].nics
  connections = merge(local.dual_homed_connection[25], local.bmc_connection)
}

resource "hedgehog_server_class" "host_lfm_ctrl" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "host-lfm-ctrl"
  quantity    = 1
  device_type = local.server_type["control-server"]
  category    = "infrastructure"
  nics        = local.server_models["control-server"].nics
  connections = merge(local.dual_homed_connection[100], local.bmc_connection)
}

resource "hedgehog_server_class" "hh_fe_ctrl" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "hh-fe-ctrl"
  quantity    = 1
  device_type = local.server_type["control-server"]
  category    = "infrastructure"
  nics        = local.server_models["control-server"].nics
  connections = merge(local.dual_homed_connection[100], local.bmc_connection)
}

resource "hedgehog_server_class" "hh_be_ctrl" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "hh-be-ctrl"
  quantity    = 1
  device_type = local.server_type["control-server"]
  category    = "infrastructure"
  nics        = local.server_models["control-server"].nics
  connections = merge(local.dual_homed_connection[100], local.bmc_connection)
}

resource "hedgehog_server_class" "exo_kube" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "exo-kube"
  quantity    = 3
  device_type = local.server_type["control-server"]
  category    = "compute"
  nics        = local.server_models["control-server"].nics
  connections = merge(local.dual_homed_connection[100], local.bmc_connection)
}

resource "hedgehog_server_class" "hhg" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "hhg"
  quantity    = 2
  device_type = local.server_type["gateway-server"]
  category    = "infrastructure"
  nics        = local.server_models["gateway-server"].nics
  # The gateways sit at the spines, a few racks away: active optical cables.
  connections = merge({ fe = merge(local.dual_homed_connection[200].fe, { medium = "aoc" }) }, local.bmc_connection)
}

# An ES1000-48 style OOB switch: 48x1G + 4x25G, not in the Hedgehog catalogue, so unmanaged.
resource "hedgehog_switch_class" "oob_mgmt_leaf" {
  plan         = hedgehog_topology_plan.ai.context
  name         = "oob-mgmt-leaf"
  fabric       = "oob-mgmt"
  fabric_class = "unmanaged"
  role         = "server-leaf"
  device_type  = hedgehog_device_type.oob_switch.slug
  ports        = local.es1000_ports
  zones = {
    oob = {
      kind     = "oob"
      ports    = "1-48"
      breakout = "1x1g"
      attach = concat(
        [hedgehog_server_class.gpu_fe_only.attachments["bmc"], hedgehog_server_class.gpu_with_backend.attachments["bmc"]],
        [for c in [
          hedgehog_server_class.storage, hedgehog_server_class.admin_node, hedgehog_server_class.host_lfm_ctrl,
          hedgehog_server_class.hh_fe_ctrl, hedgehog_server_class.hh_be_ctrl, hedgehog_server_class.exo_kube,
          hedgehog_server_class.hhg,
        ] : c.attachments["bmc"]],
      )
    }
    uplinks = { kind = "uplink", ports = "49-50", breakout = "1x25g", medium = "dac" }
  }
}

resource "hedgehog_switch_class" "fe_gpu_leaf" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "fe-gpu-leaf"
  fabric      = "frontend"
  role        = "server-leaf"
  device_type = local.ds5000
  zones = {
    servers = {
      kind     = "server"
      ports    = "1-63:2"
      breakout = "4x200g"
      attach = [
        hedgehog_server_class.gpu_fe_only.attachments["fe"],
        hedgehog_server_class.gpu_with_backend.attachments["fe"],
      ]
    }
    uplinks = { kind = "uplink", ports = "2-64:2", breakout = "1x800g", medium = "smf" }
  }
}

resource "hedgehog_switch_class" "fe_storage_leaf" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "fe-storage-leaf"
  fabric      = "frontend"
  role        = "server-leaf"
  device_type = local.ds5000
  zones = {
    servers = {
      kind     = "server"
      ports    = "1-63:2"
      breakout = "4x200g"
      attach   = [hedgehog_server_class.storage.attachments["fe"]]
    }
    uplinks = { kind = "uplink", ports = "2-64:2", breakout = "1x800g", medium = "smf" }
  }
}

resource "hedgehog_switch_class" "fe_border_leaf" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "fe-border-leaf"
  fabric      = "frontend"
  role        = "border-leaf"
  device_type = local.ds3000
  zones = {
    servers-100g = {
      kind     = "server"
      ports    = "1-13"
      breakout = "1x100g"
      attach = [for c in [
        hedgehog_server_class.host_lfm_ctrl, hedgehog_server_class.hh_fe_ctrl,
        hedgehog_server_class.hh_be_ctrl, hedgehog_server_class.exo_kube,
      ] : c.attachments["fe"]]
    }
    servers-25g = {
      kind     = "server"
      ports    = "14-16"
      breakout = "4x25g"
      attach = [
        hedgehog_server_class.admin_node.attachments["fe"],
        hedgehog_switch_class.oob_mgmt_leaf.attachments["uplinks"],
      ]
    }
    uplinks = { kind = "uplink", ports = "17-32", breakout = "1x100g", medium = "smf" }
  }
}

resource "hedgehog_switch_class" "fe_spine" {
  plan            = hedgehog_topology_plan.ai.context
  name            = "fe-spine"
  fabric          = "frontend"
  role            = "spine"
  device_type     = local.ds5000
  allow_recabling = var.allow_recabling
  zones = {
    fabric = {
      kind     = "fabric"
      ports    = "2-63"
      breakout = "1x800g"
      medium   = "smf"
      attach = [
        hedgehog_switch_class.fe_gpu_leaf.attachments["uplinks"],
        hedgehog_switch_class.fe_storage_leaf.attachments["uplinks"],
      ]
    }
    servers = {
      kind     = "server"
      ports    = "1"
      breakout = "4x200g"
      attach   = [hedgehog_server_class.hhg.attachments["fe"]]
    }
    border = {
      kind     = "fabric"
      ports    = "64"
      breakout = "8x100g"
      medium   = "smf"
      attach   = [hedgehog_switch_class.fe_border_leaf.attachments["uplinks"]]
    }
  }
}

resource "hedgehog_switch_class" "be_rail_leaf" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "be-rail-leaf"
  fabric      = "backend"
  role        = "server-leaf"
  device_type = local.ds5000
  zones = {
    servers = {
      kind     = "server"
      ports    = "1-33"
      breakout = "2x400g"
      medium   = "smf"
      attach   = [for r in local.rails : hedgehog_server_class.gpu_with_backend.attachments["be-rail-${r}"]]
    }
    uplinks = { kind = "uplink", ports = "33-64", breakout = "1x800g", medium = "smf" }
  }
}

resource "hedgehog_switch_class" "be_spine" {
  plan            = hedgehog_topology_plan.ai.context
  name            = "be-spine"
  fabric          = "backend"
  role            = "spine"
  device_type     = local.ds5000
  allow_recabling = var.allow_recabling
  zones = {
    fabric = {
      kind     = "fabric"
      ports    = "1-64"
      breakout = "1x800g"
      medium   = "smf"
      attach   = [hedgehog_switch_class.be_rail_leaf.attachments["uplinks"]]
    }
  }
}

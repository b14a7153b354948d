locals {
  ds5000 = hedgehog_device_type.switch["celestica-ds5000"].slug
}

resource "hedgehog_switch_class" "fe_gpu_leaf" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "fe-gpu-leaf"
  fabric      = "frontend"
  role        = "server-leaf"
  device_type = local.ds5000 # the Hedgehog profile defaults to the same name
  zones = {
    downlinks = {
      kind     = "server"
      ports    = "1-63:2"
      breakout = "4x200g"
      attach   = [hedgehog_server_class.gpu.attachments["fe"]]
    }
    # Single-mode fibre to the spines: an OSFP-800G-DR8 optic at each end, from the catalogue.
    uplinks = { kind = "uplink", ports = "2-64:2", breakout = "1x800g", medium = "smf" }
  }
}

resource "hedgehog_switch_class" "fe_spine" {
  plan        = hedgehog_topology_plan.ai.context
  name        = "fe-spine"
  fabric      = "frontend"
  role        = "spine"
  device_type = local.ds5000
  zones = {
    downlinks = {
      kind     = "fabric"
      ports    = "2-63"
      breakout = "1x800g"
      attach   = [hedgehog_switch_class.fe_gpu_leaf.attachments["uplinks"]]
    }
  }
  # override_quantity = 4 # optional; below the calculated need is an error

  # Optional: the delivered switches' serials (NetBox and the wiring's boot.serial) and
  # management port MACs (boot.mac), by switch name.
  identities = {
    "fe-spine-01" = { serial = "DS5K24A0001", boot_mac = "0c:29:ef:a1:b2:c3" }
  }
}

# An OOB management switch outside the Hedgehog catalogue: unmanaged, its ports given here.
resource "hedgehog_switch_class" "oob_mgmt_leaf" {
  plan         = hedgehog_topology_plan.ai.context
  name         = "oob-mgmt-leaf"
  fabric       = "oob-mgmt"
  fabric_class = "unmanaged"
  role         = "server-leaf"
  device_type  = hedgehog_device_type.oob.slug
  ports        = hedgehog_device_type.oob.ports
  zones = {
    oob = {
      kind     = "oob"
      ports    = "1-48"
      breakout = "1x1g"
      attach   = [hedgehog_server_class.gpu.attachments["bmc"]]
    }
  }
}

output "spines" {
  value = hedgehog_switch_class.fe_spine.effective_quantity
}

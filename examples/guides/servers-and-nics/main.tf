# Two server models, one leaf pair and a spine: the NICs a server has, and the connections
# that cable some of their ports.

resource "hedgehog_topology_plan" "lab" {
  name = "nics-guide"
  site = "dc1"
}

locals {
  # A server model is its NICs: the device type and every server class of that model share them.
  server_models = {
    "gpu-node" = {
      model = "GPU node"
      nics = {
        fe  = { ports = 2, speed = 200 }
        bmc = { ports = 1, speed = 1 }
      }
    }
    "storage-node" = {
      model = "Storage node"
      nics = {
        data = { ports = 2, speed = 200, module_type = "ConnectX-7" }
        bmc  = { ports = 1, speed = 1 }
      }
    }
  }

  # A server class is a model, a count, and the connections that cable its NIC ports.
  server_classes = {
    gpu = {
      model    = "gpu-node"
      quantity = 8
      category = "gpu"
      connections = {
        # Both ports of the fe NIC, one on each leaf of the pair.
        fe = { nic = "fe", first_port = 0, ports = 2, speed = 200, distribution = "alternating" }
      }
    }
    storage = {
      model    = "storage-node"
      quantity = 4
      category = "storage"
      connections = {
        # Port 0 of the 200G NIC, run at 100G; port 1 stays uncabled.
        data = { nic = "data", first_port = 0, ports = 1, speed = 100, distribution = "same-switch" }
      }
    }
  }
}

resource "hedgehog_device_type" "server" {
  for_each = local.server_models
  model    = each.value.model
  slug     = each.key
  nics     = each.value.nics
}

resource "hedgehog_device_type" "ds5000" {
  model   = "DS5000"
  profile = "celestica-ds5000"
}

resource "hedgehog_server_class" "this" {
  for_each    = local.server_classes
  plan        = hedgehog_topology_plan.lab.context
  name        = each.key
  quantity    = each.value.quantity
  category    = each.value.category
  device_type = hedgehog_device_type.server[each.value.model].slug
  nics        = local.server_models[each.value.model].nics
  connections = each.value.connections
}

resource "hedgehog_switch_class" "leaf" {
  plan        = hedgehog_topology_plan.lab.context
  name        = "leaf"
  fabric      = "frontend"
  role        = "server-leaf"
  device_type = hedgehog_device_type.ds5000.slug
  zones = {
    # 4 ports split into 4 x 200G lanes each: 16 lanes per leaf.
    gpu = {
      kind     = "server"
      ports    = "1-4"
      breakout = "4x200g"
      attach   = [hedgehog_server_class.this["gpu"].attachments["fe"]]
    }
    # 2 ports split into 8 x 100G lanes each: the storage servers' 100G links.
    storage = {
      kind     = "server"
      ports    = "5-6"
      breakout = "8x100g"
      attach   = [hedgehog_server_class.this["storage"].attachments["data"]]
    }
    uplinks = { kind = "uplink", ports = "57-64", breakout = "1x800g" }
  }
}

resource "hedgehog_switch_class" "spine" {
  plan        = hedgehog_topology_plan.lab.context
  name        = "spine"
  fabric      = "frontend"
  role        = "spine"
  device_type = hedgehog_device_type.ds5000.slug
  zones = {
    leaves = {
      kind     = "fabric"
      ports    = "1-32"
      breakout = "1x800g"
      attach   = [hedgehog_switch_class.leaf.attachments["uplinks"]]
    }
  }
}

output "server_interfaces" {
  description = "The NIC interfaces each server of a class gets in NetBox, cabled or not."
  value       = { for name, c in hedgehog_server_class.this : name => c.interfaces }
}

output "leaf_cables" {
  description = "Every cable on the leaves: server port = leaf port."
  value       = hedgehog_switch_class.leaf.allocation
}

output "switches" {
  value = { leaf = hedgehog_switch_class.leaf.effective_quantity, spine = hedgehog_switch_class.spine.effective_quantity }
}

# A frontend pod reviewed in pull requests: a pull request changes a count, the plan shows what
# it does to every switch class, and the merge applies it.

variable "compute_servers" {
  description = "Compute servers in the pod."
  type        = number
  default     = 24
}

resource "hedgehog_topology_plan" "pod" {
  name = "ci-pod"
  site = "dc1"
}

locals {
  nics = { fe = { ports = 2, speed = 100 } }
  server_classes = {
    compute = { quantity = var.compute_servers, model = "Compute server" }
    storage = { quantity = 8, model = "Storage server" }
  }
}

# The device types come with the design, so the merge job applies to a NetBox that lacks them.
resource "hedgehog_device_type" "ds3000" {
  model   = "DS3000"
  profile = "celestica-ds3000"
}

resource "hedgehog_device_type" "server" {
  for_each = local.server_classes
  model    = each.value.model
  slug     = "${each.key}-2x100g"
  nics     = local.nics
}

resource "hedgehog_server_class" "this" {
  for_each    = local.server_classes
  plan        = hedgehog_topology_plan.pod.context
  name        = each.key
  quantity    = each.value.quantity
  device_type = hedgehog_device_type.server[each.key].slug
  nics        = local.nics
  connections = {
    fe = { nic = "fe", ports = 2, speed = 100, distribution = "alternating", medium = "mmf" }
  }
}

resource "hedgehog_switch_class" "leaf" {
  plan        = hedgehog_topology_plan.pod.context
  name        = "leaf"
  fabric      = "frontend"
  role        = "server-leaf"
  device_type = hedgehog_device_type.ds3000.slug
  zones = {
    servers = {
      kind     = "server"
      ports    = "1-24"
      breakout = "1x100g"
      attach   = [for c in hedgehog_server_class.this : c.attachments["fe"]]
    }
    uplinks = { kind = "uplink", ports = "25-32", breakout = "1x100g", medium = "dac" }
  }
}

resource "hedgehog_switch_class" "spine" {
  plan        = hedgehog_topology_plan.pod.context
  name        = "spine"
  fabric      = "frontend"
  role        = "spine"
  device_type = hedgehog_device_type.ds3000.slug
  zones = {
    leaves = {
      kind     = "fabric"
      ports    = "1-32"
      breakout = "1x100g"
      attach   = [hedgehog_switch_class.leaf.attachments["uplinks"]]
    }
  }
}

# The data sources take the classes through locals, so that their values are known during plan
# even when a class has pending changes: that is when the review needs them.
locals {
  switch_classes = { for c in [hedgehog_switch_class.leaf, hedgehog_switch_class.spine] : c.name => c }
  servers        = values(hedgehog_server_class.this)
}

data "hedgehog_topology_diagram" "pod" {
  switch_classes = values(local.switch_classes)
  server_classes = local.servers
}

data "hedgehog_wiring_diagram" "frontend" {
  fabric         = "frontend"
  switch_classes = values(local.switch_classes)
}

data "hedgehog_bill_of_materials" "pod" {
  switch_classes = values(local.switch_classes)
  server_classes = local.servers
}

output "summary" {
  description = "One line per switch class, with what this change does to its cables."
  value = { for name, c in local.switch_classes : name => format("%s; cables: %d added, %d removed, %d moved",
    c.summary, c.cabling_changes.added, c.cabling_changes.removed, c.cabling_changes.moved)
  }
}

output "diagram_mermaid" {
  value = data.hedgehog_topology_diagram.pod.mermaid
}

output "diagram_svg" {
  value     = data.hedgehog_topology_diagram.pod.svg
  sensitive = true
}

output "wiring_frontend" {
  value     = data.hedgehog_wiring_diagram.frontend.yaml
  sensitive = true
}

output "bom_csv" {
  value = data.hedgehog_bill_of_materials.pod.csv
}

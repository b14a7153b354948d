locals {
  server_classes = {
    for c in [
      hedgehog_server_class.gpu_fe_only, hedgehog_server_class.gpu_with_backend, hedgehog_server_class.storage,
      hedgehog_server_class.admin_node, hedgehog_server_class.host_lfm_ctrl, hedgehog_server_class.hh_fe_ctrl,
      hedgehog_server_class.hh_be_ctrl, hedgehog_server_class.exo_kube, hedgehog_server_class.hhg,
    ] : c.name => c
  }
  switch_classes = {
    for c in [
      hedgehog_switch_class.fe_gpu_leaf, hedgehog_switch_class.fe_storage_leaf, hedgehog_switch_class.fe_border_leaf,
      hedgehog_switch_class.fe_spine, hedgehog_switch_class.be_rail_leaf, hedgehog_switch_class.be_spine,
      hedgehog_switch_class.oob_mgmt_leaf,
    ] : c.name => c
  }
}

output "switch_quantities" {
  description = "Switches per class, as the plan computed them."
  value       = { for name, c in local.switch_classes : name => c.effective_quantity }
}

output "cable_count" {
  description = "Cables the design needs."
  value       = sum([for c in local.switch_classes : length(c.allocation)])
}

output "server_count" {
  value = sum([for c in local.server_classes : length(c.device_names)])
}

output "summary" {
  description = "The design at a glance, one line per switch class, with what the last change did to its cables: read it first in a plan."
  value = { for name, c in local.switch_classes : name => format("%s; cables: %d added, %d removed, %d moved",
    c.summary, c.cabling_changes.added, c.cabling_changes.removed, c.cabling_changes.moved)
  }
}

output "quantity_reasons" {
  description = "Why each switch class has its quantity, in one line."
  value       = { for name, c in local.switch_classes : name => c.calculation.reason }
}

locals {
  switch_classes = merge(
    { for c in hedgehog_switch_class.leaf : c.name => c },
    { for c in hedgehog_switch_class.spine : c.name => c },
    { (hedgehog_switch_class.oob_leaf.name) = hedgehog_switch_class.oob_leaf },
  )
}

output "switch_quantities" {
  description = "Switches per class, as the plan computed them."
  value       = { for name, c in local.switch_classes : name => c.effective_quantity }
}

output "switch_count" {
  value = sum([for c in local.switch_classes : c.effective_quantity])
}

output "server_count" {
  value = length(hedgehog_server_class.gpu.device_names)
}

output "cable_count" {
  description = "Cables the design needs."
  value       = sum([for c in local.switch_classes : length(c.allocation)])
}

output "summary" {
  description = "The design at a glance, one line per switch class."
  value       = { for name, c in local.switch_classes : name => c.summary }
}

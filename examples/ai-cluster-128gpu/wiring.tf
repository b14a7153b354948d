# The Hedgehog wiring diagrams of the two managed fabrics, known during plan:
#   terraform output -raw wiring_frontend > frontend.yaml
#   terraform output -raw wiring_backend > backend.yaml
# The YAML outputs are marked sensitive only to keep 11 000 lines of YAML out of the plan text
# that reviewers read; `terraform output -raw` prints them, and wiring_objects shows the counts.
data "hedgehog_wiring_diagram" "fabric" {
  for_each       = toset(["frontend", "backend"])
  fabric         = each.key
  switch_classes = values(local.switch_classes)
}

output "wiring_frontend" {
  description = "Hedgehog wiring diagram of the frontend fabric (hhfab input)."
  value       = data.hedgehog_wiring_diagram.fabric["frontend"].yaml
  sensitive   = true
}

output "wiring_backend" {
  description = "Hedgehog wiring diagram of the backend fabric (hhfab input)."
  value       = data.hedgehog_wiring_diagram.fabric["backend"].yaml
  sensitive   = true
}

output "wiring_objects" {
  description = "Objects of each wiring diagram, by kind."
  value = { for fabric, w in data.hedgehog_wiring_diagram.fabric : fabric => merge(
    { switches = w.switches, servers = w.servers, connections = w.connections }, w.connections_by_kind,
  ) }
}

# The purchase list:  terraform output -raw bom_csv > bom.csv
data "hedgehog_bill_of_materials" "design" {
  switch_classes = values(local.switch_classes)
  server_classes = values(local.server_classes)
}

output "bom_csv" {
  description = "Bill of materials, the parts to order: category,part,quantity,notes."
  value       = data.hedgehog_bill_of_materials.design.csv
}

output "cabling_csv" {
  description = "Cabling schedule, one row per link, switch by switch: what a technician installs where."
  value       = data.hedgehog_bill_of_materials.design.cabling_csv
}

output "links" {
  description = "Links by speed and by fabric."
  value       = data.hedgehog_bill_of_materials.design.links
}

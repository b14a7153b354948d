# A picture of the fabric, known during plan (no NetBox needed):
#   terraform output -raw diagram_svg > fabric.svg
#   terraform output -raw diagram_mermaid     (paste into a ```mermaid block of a PR comment)
# docs/images/ai-cluster-128gpu.svg is this SVG. diagram_svg is marked sensitive only to keep
# its markup out of the plan text; `terraform output -raw` prints it.
data "hedgehog_topology_diagram" "fabric" {
  switch_classes = values(local.switch_classes)
  server_classes = values(local.server_classes)
}

output "diagram_mermaid" {
  description = "The fabric as a Mermaid flowchart: classes, quantities, links and speeds."
  value       = data.hedgehog_topology_diagram.fabric.mermaid
}

output "diagram_svg" {
  description = "The fabric as an SVG drawing: spines, leaves, server classes and the links between them."
  value       = data.hedgehog_topology_diagram.fabric.svg
  sensitive   = true
}

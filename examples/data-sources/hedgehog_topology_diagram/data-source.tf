# A picture of the design for review, known during plan. Pass every class of the design.
data "hedgehog_topology_diagram" "fabric" {
  switch_classes = local.switch_classes
  server_classes = local.server_classes
  level          = "class" # or "device": one box per switch
}

# terraform output -raw diagram_svg > fabric.svg
output "diagram_svg" {
  value     = data.hedgehog_topology_diagram.fabric.svg
  sensitive = true # keeps the SVG markup out of the plan text; output -raw prints it
}

# Paste into a ```mermaid block of a pull request comment.
output "diagram_mermaid" {
  value = data.hedgehog_topology_diagram.fabric.mermaid
}

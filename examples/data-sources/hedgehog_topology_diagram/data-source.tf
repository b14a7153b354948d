# A picture of the design for review, known during plan. Pass every class of the design.
data "hedgehog_topology_diagram" "fabric" {
  switch_classes = [hedgehog_switch_class.fe_gpu_leaf, hedgehog_switch_class.fe_spine]
  server_classes = [hedgehog_server_class.gpu]
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

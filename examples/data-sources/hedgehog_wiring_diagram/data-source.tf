# The wiring diagram of one managed fabric, from the design's switch classes (pass them all;
# classes of other fabrics only add the surrogates cabled to this one).
data "hedgehog_wiring_diagram" "frontend" {
  fabric         = "frontend"
  switch_classes = local.switch_classes
}

# terraform output -raw wiring_frontend > frontend.yaml   (the file hhfab reads)
output "wiring_frontend" {
  value     = data.hedgehog_wiring_diagram.frontend.yaml
  sensitive = true # keeps thousands of YAML lines out of the plan text; output -raw prints it
}

# The purchase list of a design. Transceivers are counted where zones and server connections
# name one (transceiver = "OSFP-800G-2xDR4"); pass every class of the design.
data "hedgehog_bill_of_materials" "design" {
  switch_classes = local.switch_classes
  server_classes = local.server_classes
}

# terraform output -raw bom_csv > bom.csv
output "bom_csv" {
  value = data.hedgehog_bill_of_materials.design.csv
}

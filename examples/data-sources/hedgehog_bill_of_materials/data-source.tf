# The purchase list of a design. Transceivers are counted where zones and server connections
# name one (transceiver = "OSFP-800G-2xDR4"); pass every class of the design.
data "hedgehog_bill_of_materials" "design" {
  switch_classes = [hedgehog_switch_class.fe_gpu_leaf, hedgehog_switch_class.fe_spine]
  server_classes = [hedgehog_server_class.gpu]
}

# terraform output -raw bom_csv > bom.csv
output "bom_csv" {
  value = data.hedgehog_bill_of_materials.design.csv
}

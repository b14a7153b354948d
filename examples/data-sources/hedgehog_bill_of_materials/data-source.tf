# The purchase list and the cabling schedule of a design. Optics and cable parts follow from
# the `medium` of connections and zones; pass every class of the design.
data "hedgehog_bill_of_materials" "design" {
  switch_classes = local.switch_classes
  server_classes = local.server_classes
}

# terraform output -raw bom_csv > bom.csv
output "bom_csv" {
  value = data.hedgehog_bill_of_materials.design.csv
}

# terraform output -raw cabling_csv > cabling.csv
output "cabling_csv" {
  value = data.hedgehog_bill_of_materials.design.cabling_csv
}

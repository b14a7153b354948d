# Hedgehog catalogue switches: one interface template per port (E1/1..E1/66) and M1.
resource "hedgehog_device_type" "switch" {
  for_each = { "celestica-ds5000" = "DS5000", "celestica-ds3000" = "DS3000" }
  model    = each.value
  profile  = each.key # the slug defaults to the profile name
}

# A switch outside the catalogue, such as an OOB management switch.
resource "hedgehog_device_type" "oob" {
  model        = "ES1000-48"
  slug         = "es1000-48"
  manufacturer = "Edgecore"
  ports = [
    { first = 1, last = 48, native_speed = 1, connector = "RJ45", breakouts = ["1x1g"] },
    { first = 49, last = 52, native_speed = 25, connector = "SFP28", breakouts = ["1x25g", "1x10g"] },
  ]
}

# A server model: templates fe-p0, fe-p1 and bmc-p0, the names a server class with the same
# NICs uses, so its servers' interfaces come from the templates.
resource "hedgehog_device_type" "gpu" {
  model = "GPU server" # slug gpu-server
  nics = {
    fe  = { ports = 2, speed = 200 }
    bmc = { ports = 1, speed = 1 }
  }
}

# Classes reference the slug, which also makes Terraform create the device type first:
#   device_type = hedgehog_device_type.switch["celestica-ds5000"].slug

data "hedgehog_switch_profile" "ds5000" {
  name = "celestica-ds5000"
}

# Roles, features and the logical port budget of the switch.
output "ds5000_roles" {
  value = data.hedgehog_switch_profile.ds5000.roles
}

output "ds5000_max_ports" {
  value = data.hedgehog_switch_profile.ds5000.max_ports
}

# Breakout modes of the first port group (E1/1-64, 800G OSFP).
output "ds5000_breakouts" {
  value = data.hedgehog_switch_profile.ds5000.ports[0].breakouts
}

resource "hedgehog_server_class" "gpu" {
  plan            = hedgehog_topology_plan.ai.context
  name            = "gpu"
  quantity        = 32
  device_type     = hedgehog_device_type.gpu.slug
  category        = "gpu"
  gpus_per_server = 8
  nics = { # the device type's NICs
    fe  = { ports = 2, speed = 200 }
    bmc = { ports = 1, speed = 1 }
  }
  connections = {
    # Two frontend ports, one on each leaf of a pair, on active optical cables.
    fe = { nic = "fe", ports = 2, speed = 200, distribution = "alternating", medium = "aoc" }
    # The BMC port, to the OOB management switches, on a copper patch cord.
    bmc = { nic = "bmc", ports = 1, speed = 1, port_type = "ipmi", medium = "dac" }
    # A rail-optimized backend connection: one NIC port per rail, each rail on its own leaf.
    #   "be-rail-0" = { nic = "be", first_port = 0, ports = 1, speed = 400, distribution = "rail-optimized", rail = 0 }
  }
}

# Each connection is exported for a switch zone to attach:
#   hedgehog_server_class.gpu.attachments["fe"]

resource "hedgehog_server_class" "gpu" {
  plan            = hedgehog_topology_plan.ai.context
  name            = "gpu-with-backend"
  quantity        = 32
  device_type     = "gpu-server-fe-be"
  category        = "gpu"
  gpus_per_server = 8
  nics = {
    fe          = { ports = 2, speed = 200 }
    "be-rail-0" = { ports = 1, speed = 400 }
  }
  connections = {
    fe = { nic = "fe", ports = 2, speed = 200, distribution = "alternating" }
    "be-rail-0" = {
      nic = "be-rail-0", ports = 1, speed = 400, distribution = "rail-optimized", rail = 0
    }
  }
}

# Each connection is exported for a switch zone to attach:
#   hedgehog_server_class.gpu.attachments["fe"]

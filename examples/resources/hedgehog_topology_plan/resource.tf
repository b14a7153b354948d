resource "hedgehog_topology_plan" "ai" {
  name          = "ai-128gpu"
  site          = "dc1"
  tenant        = "research"
  device_status = "planned"
  tags          = ["gpu-cluster"]
}

resource "hedgehog_topology_plan" "ai" {
  name          = "ai-pod"
  site          = "dc1"
  tenant        = "research"
  device_status = "planned"
  tags          = ["gpu-cluster"]
}

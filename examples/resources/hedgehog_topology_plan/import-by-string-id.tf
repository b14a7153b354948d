import {
  to = hedgehog_topology_plan.ai
  id = "ai-pod"
}

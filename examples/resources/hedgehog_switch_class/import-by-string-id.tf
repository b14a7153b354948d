import {
  to = hedgehog_switch_class.fe_gpu_leaf
  id = "ai-128gpu/fe-gpu-leaf"
}

import {
  to = hedgehog_switch_class.fe_gpu_leaf
  id = "ai-pod/fe-gpu-leaf"
}

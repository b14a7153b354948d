import {
  to = hedgehog_server_class.gpu_fe_only
  id = "ai-128gpu/gpu-fe-only"
}

import {
  to = hedgehog_server_class.gpu
  id = "ai-pod/gpu"
}

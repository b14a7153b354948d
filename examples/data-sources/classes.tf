# Data sources take the design's classes through a local, not as direct references. A data
# block that names a resource directly waits for it: whenever that resource has changes
# pending, Terraform reads the data source only during apply, and the plan shows
# "(known after apply)" exactly when a reviewer needs the diff. Through a local, it is read
# during plan, from the classes as planned.
locals {
  switch_classes = [
    hedgehog_switch_class.fe_gpu_leaf,
    hedgehog_switch_class.fe_spine,
    hedgehog_switch_class.oob_mgmt_leaf,
  ]
  server_classes = [hedgehog_server_class.gpu]
}

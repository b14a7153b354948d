# A switch class is imported by "<plan name>/<class name>": its switches, interfaces and
# cables are found in NetBox by the plan's tag, and its settings from what the switches store.
terraform import hedgehog_switch_class.fe_gpu_leaf ai-pod/fe-gpu-leaf

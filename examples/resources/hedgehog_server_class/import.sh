# A server class is imported by "<plan name>/<class name>".
terraform import hedgehog_server_class.gpu_fe_only ai-128gpu/gpu-fe-only

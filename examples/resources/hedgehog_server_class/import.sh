# A server class is imported by "<plan name>/<class name>".
terraform import hedgehog_server_class.gpu ai-pod/gpu

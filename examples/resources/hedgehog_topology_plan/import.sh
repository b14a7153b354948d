# A topology plan is imported by its name (its NetBox tag is hedgehog-plan-<name>).
terraform import hedgehog_topology_plan.ai ai-pod

# A device type this provider created is imported by its slug; one it did not create is used
# with adopt_existing = true instead.
terraform import 'hedgehog_device_type.switch["celestica-ds5000"]' celestica-ds5000

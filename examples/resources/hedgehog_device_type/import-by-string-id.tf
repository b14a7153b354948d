import {
  to = hedgehog_device_type.switch["celestica-ds5000"]
  id = "celestica-ds5000"
}

package inventory

// The status lifecycle: a plan's device status moves its fabric through NetBox's statuses
// (planned -> staged -> active -> decommissioning), and every cable of the plan follows with
// the cable status below. A change of status is an update in place: Diff lists every device of
// a class and, when the cable status changes too, every kept cable, and Apply PATCHes each
// list in bulk (docs/design.md, "Status lifecycle").

// DeviceStatuses are the statuses NetBox 4.7 accepts for a device, in the order of its UI.
var DeviceStatuses = []string{"offline", "active", "planned", "staged", "failed", "inventory", "decommissioning"}

// CableStatuses are the statuses NetBox 4.7 accepts for a cable.
var CableStatuses = []string{"connected", "planned", "decommissioning"}

// cableStatusOf maps every NetBox device status to the status of the cables between such
// devices: connected once the fabric is installed (active, and offline or failed devices,
// whose cables are still in place), planned before that (planned, staged, inventory), and
// decommissioning with the devices.
var cableStatusOf = map[string]string{
	"planned":         "planned",
	"staged":          "planned",
	"inventory":       "planned",
	"active":          "connected",
	"offline":         "connected",
	"failed":          "connected",
	"decommissioning": "decommissioning",
}

// CableStatusFor is the cable status for a device status; planned for one NetBox may add.
func CableStatusFor(deviceStatus string) string {
	if s, ok := cableStatusOf[deviceStatus]; ok {
		return s
	}
	return "planned"
}

// CableStatus is the status of a class's cables (CableStatusFor its device status).
func (f Fields) CableStatus() string { return CableStatusFor(f.Status) }

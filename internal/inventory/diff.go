package inventory

import (
	"maps"
	"slices"
	"strings"
)

// Changes is what apply must do to turn the recorded objects into the wanted ones. Deletes
// run first (cables, interfaces, devices), then updates, then creates (devices, interfaces,
// cables), so that a port freed by a moved cable can be cabled again in the same apply.
type Changes struct {
	Fields Fields // the fields new and updated devices get

	DeleteCables     []string // A-end keys of recorded cables
	DeleteInterfaces []string // keys of created interfaces on devices that stay
	DeleteDevices    []string // names
	// ForgetInterfaces leave state without a delete: template interfaces of a device that
	// stays (they belong to the device), and interfaces of deleted devices (NetBox deletes
	// them with the device). Cables are always deleted: NetBox 4.7 keeps a cable whose
	// interface was deleted, without that termination.
	ForgetInterfaces []string

	UpdateDevices []string // names whose owned fields change
	UpdateCables  []string // A ends of kept cables whose status, tags, type or length change
	// CableSpecs are the type and length of the cables in UpdateCables.
	CableSpecs map[string]CableSpec
	// MoveCables are kept cables whose switch end moves (SPEC §5.6): each is PATCHed to its new
	// B end, so it keeps its NetBox ID. Created interfaces that were their old ends are deleted
	// only after the move (they are in DeleteInterfaces).
	MoveCables       []Cable
	CreateDevices    []string // names, in index order
	CreateInterfaces []Interface
	CreateCables     []Cable
}

// Empty reports whether nothing is to be done.
func (c Changes) Empty() bool {
	return len(c.DeleteCables)+len(c.DeleteInterfaces)+len(c.DeleteDevices)+len(c.ForgetInterfaces)+
		len(c.UpdateDevices)+len(c.UpdateCables)+len(c.MoveCables)+len(c.CreateDevices)+len(c.CreateInterfaces)+
		len(c.CreateCables) == 0
}

// Diff compares what a class wants with what state records. Objects that stay keep their
// IDs: a device is replaced only when its device type changes, a cable only when its switch
// end moves (SPEC §5.5), and an interface never.
func Diff(want Want, have Recorded) Changes {
	c := Changes{Fields: want.Fields}
	replaceAll := len(have.Devices) > 0 && have.Fields.DeviceType != want.Fields.DeviceType

	wantDevice := make(map[string]bool, len(want.Devices))
	for _, d := range want.Devices {
		wantDevice[d] = true
	}
	fieldsChanged := !have.Fields.Equal(want.Fields)
	gone := map[string]bool{} // devices deleted by this change
	for _, d := range slices.Sorted(maps.Keys(have.Devices)) {
		switch {
		case !wantDevice[d] || replaceAll:
			c.DeleteDevices = append(c.DeleteDevices, d)
			gone[d] = true
		case fieldsChanged || have.Drifted[d] != "":
			c.UpdateDevices = append(c.UpdateDevices, d)
		}
	}
	for _, d := range want.Devices {
		if _, ok := have.Devices[d]; !ok || gone[d] {
			c.CreateDevices = append(c.CreateDevices, d)
		}
	}

	wantIf := make(map[string]bool, len(want.Interfaces))
	for _, i := range want.Interfaces {
		wantIf[i.Key()] = true
	}
	for _, k := range slices.Sorted(maps.Keys(have.Interfaces)) {
		dev, _ := SplitKey(k)
		switch {
		case gone[dev]:
			c.ForgetInterfaces = append(c.ForgetInterfaces, k)
		case wantIf[k]:
		case have.Created[k]:
			c.DeleteInterfaces = append(c.DeleteInterfaces, k)
		default:
			c.ForgetInterfaces = append(c.ForgetInterfaces, k)
		}
	}
	for _, i := range want.Interfaces {
		if _, ok := have.Interfaces[i.Key()]; !ok || gone[i.Device] {
			c.CreateInterfaces = append(c.CreateInterfaces, i)
		}
	}

	wantCable := make(map[string]string, len(want.Cables))
	for _, cb := range want.Cables {
		wantCable[cb.A] = cb.B
	}
	moving := movableCables(wantCable, have, gone)
	replaced := map[string]bool{}
	for _, a := range slices.Sorted(maps.Keys(have.Cables)) {
		bDev, _ := SplitKey(have.CableEnds[a])
		aDev, _ := SplitKey(a)
		b, ok := wantCable[a]
		switch {
		case moving[a]:
			c.MoveCables = append(c.MoveCables, Cable{A: a, B: b})
		case !ok || b != have.CableEnds[a] || gone[bDev] || gone[aDev] || have.Drifted[a] != "":
			c.DeleteCables = append(c.DeleteCables, a)
			replaced[a] = true
		}
	}
	cableFieldsChanged := len(have.Cables) > 0 && (have.Fields.CableStatus() != want.Fields.CableStatus() ||
		strings.Join(have.Fields.Tags, ",") != strings.Join(want.Fields.Tags, ","))
	for _, cb := range want.Cables {
		_, kept := have.Cables[cb.A]
		switch {
		case !kept || replaced[cb.A]:
			c.CreateCables = append(c.CreateCables, cb)
		case cableFieldsChanged || have.CableSpecs[cb.A] != cb.Spec:
			c.UpdateCables = append(c.UpdateCables, cb.A)
			if c.CableSpecs == nil {
				c.CableSpecs = map[string]CableSpec{}
			}
			c.CableSpecs[cb.A] = cb.Spec
		}
	}
	return c
}

// movableCables are the kept cables whose switch end changes and that can be moved in place:
// both old ends stay, NetBox saw no drift, and the new end is not the old end of another moving
// cable (one bulk PATCH could then take a port before it is freed). Others are replaced.
func movableCables(wantCable map[string]string, have Recorded, gone map[string]bool) map[string]bool {
	candidates := map[string]bool{}
	oldEnds := map[string]bool{}
	for a, was := range have.CableEnds {
		b, ok := wantCable[a]
		aDev, _ := SplitKey(a)
		bDev, _ := SplitKey(was)
		if _, recorded := have.Cables[a]; ok && recorded && b != was && !gone[aDev] && !gone[bDev] && have.Drifted[a] == "" {
			candidates[a] = true
			oldEnds[was] = true
		}
	}
	for a := range candidates {
		if oldEnds[wantCable[a]] {
			delete(candidates, a)
		}
	}
	return candidates
}

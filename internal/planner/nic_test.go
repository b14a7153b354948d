package planner

import (
	"reflect"
	"testing"
)

func TestNICDifferences(t *testing.T) {
	fe, be, bmc := NIC{Ports: 2, Speed: 200}, NIC{Ports: 8, Speed: 400}, NIC{Ports: 1, Speed: 1}
	tests := []struct {
		name              string
		class, deviceType map[string]NIC
		want              []string
	}{
		{"same", map[string]NIC{"fe": fe, "bmc": bmc}, map[string]NIC{"bmc": bmc, "fe": fe}, nil},
		{"interface type does not matter", map[string]NIC{"fe": {Ports: 2, Speed: 200, InterfaceType: "200gbase-x-qsfp56"}},
			map[string]NIC{"fe": fe}, nil},
		{"fewer ports here", map[string]NIC{"be": {Ports: 4, Speed: 400}}, map[string]NIC{"be": be},
			[]string{`NIC "be" is 4 x 400G here and 8 x 400G on the device type`}},
		{"one more here, one missing here", map[string]NIC{"fe": fe, "be": be}, map[string]NIC{"fe": fe, "bmc": bmc},
			[]string{`NIC "be" (8 x 400G) is not on the device type`, `the device type's NIC "bmc" (1 x 1G) is missing here`}},
	}
	for _, tc := range tests {
		if got := NICDifferences(tc.class, tc.deviceType); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

package plantest

import (
	"fmt"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// Growth is a family of two-fabric designs for day-2 property tests: GPU servers with two 200G
// frontend ports alternating over a leaf class, Rails 400G rail-optimized ports over a backend
// leaf class whose server zone is ports 1-BackendPorts at 2x400g (uplinks on the rest), and
// FrontendPorts odd ports at 4x200g on the frontend leaves; one DS5000 spine class per fabric.
type Growth struct {
	Rails         int // 1..8
	BackendPorts  int // 1..63
	FrontendPorts int // 1..32
}

// Plan plans the design at n servers against prev (nil: fresh), with allow_recabling on the
// spine classes when allow is set.
func (g Growth) Plan(pc planner.PlanContext, n int, prev *Design, allow bool) (*Design, error) {
	b := newBuilder(pc)
	b.prev, b.allow = prev, allow
	nics, conns := DualHomed(200)
	nics["be"] = planner.NIC{Ports: g.Rails, Speed: 400}
	rails := addRails(conns, g.Rails)
	gpu := b.server(planner.ServerClass{Name: "gpu", Quantity: n, NICs: nics, Connections: conns})
	feServers := fmt.Sprintf("1-%d:2", 2*g.FrontendPorts-1)
	fe := b.switchClass(ds5000Leaf("fe-leaf", "frontend", feServers, "4x200g", "2-64:2", gpu.Attachments["fe"]))
	be := b.switchClass(ds5000Leaf("be-leaf", "backend", fmt.Sprintf("1-%d", g.BackendPorts), "2x400g",
		fmt.Sprintf("%d-64", g.BackendPorts+1), attachments(gpu, rails)...))
	b.switchClass(spine("fe-spine", "frontend", fe.Exports["uplinks"]))
	b.switchClass(spine("be-spine", "backend", be.Exports["uplinks"]))
	return b.done()
}

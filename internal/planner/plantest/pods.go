package plantest

import (
	"fmt"

	"github.com/netfabric-io/terraform-provider-hedgehog/internal/planner"
)

// Servers of one pod of PlanFrontendPods.
const (
	PodGPUServers     = 1536
	PodStorageServers = 512
)

// PlanFrontendPods plans a frontend-only design of pods x 2048 dual-homed servers (4 pods:
// 8192). Two tiers of DS5000 cannot join that many leaves under one spine class (a leaf has 32
// uplinks, so at most 32 spines), so each pod is its own fabric: a GPU and a storage server
// class, a leaf class for each (24 and 8 leaves), a spine class (16 spines) and an OOB class
// (43 switches). Every class stays at a size a real design could have.
func PlanFrontendPods(pc planner.PlanContext, pods int) (*Design, error) {
	b := newBuilder(pc)
	for p := 1; p <= pods; p++ {
		pod := fmt.Sprintf("pod%d", p)
		n, cn := DualHomed(200)
		gpu := b.server(WithBMC(pod+"-gpu", PodGPUServers, n, cn))
		n, cn = DualHomed(200)
		storage := b.server(WithBMC(pod+"-storage", PodStorageServers, n, cn))
		b.switchClass(oobLeaf(pod+"-oob", pod+"-oob", gpu.Attachments["bmc"], storage.Attachments["bmc"]))
		gpuLeaf := b.switchClass(ds5000Leaf(pod+"-gpu-leaf", pod, "1-63:2", "4x200g", "2-64:2", gpu.Attachments["fe"]))
		storLeaf := b.switchClass(ds5000Leaf(pod+"-storage-leaf", pod, "1-63:2", "4x200g", "2-64:2", storage.Attachments["fe"]))
		b.switchClass(spine(pod+"-spine", pod, gpuLeaf.Exports["uplinks"], storLeaf.Exports["uplinks"]))
	}
	return b.done()
}

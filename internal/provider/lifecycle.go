package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// recompute reads a resource model, lets compute fill its derived attributes, and writes it
// back: plan to plan in ModifyPlan, plan to state in Create and Update, state to state in Read.
func recompute[M any](ctx context.Context, get, set func(context.Context, any) diag.Diagnostics,
	diags *diag.Diagnostics, compute func(*M) diag.Diagnostics) {
	var m M
	diags.Append(get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	diags.Append(compute(&m)...)
	if !diags.HasError() {
		diags.Append(set(ctx, &m)...)
	}
}

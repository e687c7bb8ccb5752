package characterize

import "go/types"

// typeArgChoices are the types tried as type arguments, in order. Each has
// good candidate inputs and satisfies many common constraints.
var typeArgChoices = []types.Type{
	types.Typ[types.Int],
	types.Typ[types.String],
	types.Typ[types.Float64],
	types.Typ[types.Bool],
	types.NewSlice(types.Typ[types.Int]),
	types.NewMap(types.Typ[types.String], types.Typ[types.Int]),
}

// pickTypeArgs returns the first combination of typeArgChoices that
// instantiates generic (a *types.Signature or *types.Named) with tparams,
// or nil when none does. Each parameter tries every choice, so the search
// makes len(typeArgChoices)^n attempts at most; it stops after maxAttempts.
func pickTypeArgs(generic types.Type, tparams *types.TypeParamList) []types.Type {
	const maxAttempts = 1 << 10
	n := tparams.Len()
	choice := make([]int, n)
	for attempt := 0; attempt < maxAttempts; attempt++ {
		args := make([]types.Type, n)
		for i, c := range choice {
			args[i] = typeArgChoices[c]
		}
		if _, err := types.Instantiate(nil, generic, args, true); err == nil {
			return args
		}
		// Count in base len(typeArgChoices), the last parameter fastest,
		// so earlier parameters keep the more common choices longer.
		i := n - 1
		for ; i >= 0; i-- {
			choice[i]++
			if choice[i] < len(typeArgChoices) {
				break
			}
			choice[i] = 0
		}
		if i < 0 {
			return nil
		}
	}
	return nil
}

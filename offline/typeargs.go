package offline

import (
	"go/types"
)

// typeArgCandidates are tried, in order, as type arguments of generic
// functions: each is a common type that many constraints admit.
var typeArgCandidates = []types.Type{
	types.Typ[types.Int],
	types.Typ[types.String],
	types.Typ[types.Float64],
	types.Typ[types.Bool],
	types.NewSlice(types.Typ[types.Int]),
	types.NewSlice(types.Typ[types.String]),
	types.NewMap(types.Typ[types.String], types.Typ[types.Int]),
}

// maxTypeArgTries bounds the search over combinations of candidates, which
// grows as len(typeArgCandidates) to the number of type parameters.
const maxTypeArgTries = 512

// chooseTypeArgs returns type arguments that satisfy the constraints of
// tparams, or nil when no combination of candidates does. The check is
// made by instantiating generic, a *types.Signature or *types.Named with
// those parameters.
func chooseTypeArgs(generic types.Type, tparams *types.TypeParamList) []types.Type {
	n := tparams.Len()
	if n == 0 {
		return nil
	}
	idx := make([]int, n)
	args := make([]types.Type, n)
	for tries := 0; tries < maxTypeArgTries; tries++ {
		for i, j := range idx {
			args[i] = typeArgCandidates[j]
		}
		if _, err := types.Instantiate(nil, generic, args, true); err == nil {
			return append([]types.Type(nil), args...)
		}

		// Advance idx like an odometer, the first parameter fastest.
		i := 0
		for ; i < n; i++ {
			idx[i]++
			if idx[i] < len(typeArgCandidates) {
				break
			}
			idx[i] = 0
		}
		if i == n {
			return nil
		}
	}
	return nil
}

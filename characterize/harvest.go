package characterize

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
)

// A harvest contains the constants that the function under test and the
// package functions it calls use, collected as search-based test
// generators do. A value next to a constant in a comparison such as
// `n > 65535` takes a branch that generic boundary values seldom reach.
type harvest struct {
	ints    []constant.Value
	floats  []constant.Value
	strings []string
	// named maps a named type to the package constants declared with it,
	// which are often its enumeration.
	named map[*types.TypeName][]constant.Value
	// exact holds the integer constants as written in the code, keyed by
	// their exact string, as opposed to the neighbours added around them.
	exact map[string]bool
}

// maxHarvest bounds each kind of harvested constant, so a function full of
// literals does not crowd out the generic inputs.
const maxHarvest = 8

// harvestConstants collects the constants of the given function bodies and
// the named constants of the package.
func harvestConstants(info *types.Info, pkg *types.Package, bodies []ast.Node) *harvest {
	h := &harvest{named: map[*types.TypeName][]constant.Value{}, exact: map[string]bool{}}
	seenInt := map[string]bool{}
	seenStr := map[string]bool{}
	addInt := func(v constant.Value) {
		if len(h.ints) < 3*maxHarvest && !seenInt[v.ExactString()] {
			seenInt[v.ExactString()] = true
			h.ints = append(h.ints, v)
		}
	}
	for _, body := range bodies {
		ast.Inspect(body, func(n ast.Node) bool {
			// Messages built with fmt and errors are output, not input the
			// code branches on.
			if call, ok := n.(*ast.CallExpr); ok && isMessageCall(info, call) {
				return false
			}
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			tv, ok := info.Types[e]
			if !ok || tv.Value == nil {
				return true
			}
			switch tv.Value.Kind() {
			case constant.Int:
				// Values on both sides of a constant reach both branches
				// of a comparison with it.
				h.exact[tv.Value.ExactString()] = true
				addInt(tv.Value)
				addInt(constant.BinaryOp(tv.Value, token.SUB, constant.MakeInt64(1)))
				addInt(constant.BinaryOp(tv.Value, token.ADD, constant.MakeInt64(1)))
			case constant.Float:
				if len(h.floats) < maxHarvest {
					h.floats = append(h.floats, tv.Value)
				}
			case constant.String:
				s := constant.StringVal(tv.Value)
				if len(s) > 64 || seenStr[s] || len(h.strings) >= maxHarvest {
					return false
				}
				seenStr[s] = true
				h.strings = append(h.strings, s)
			}
			// A constant expression's parts add nothing new.
			return false
		})
	}

	for _, name := range pkg.Scope().Names() {
		c, ok := pkg.Scope().Lookup(name).(*types.Const)
		if !ok {
			continue
		}
		if named, ok := types.Unalias(c.Type()).(*types.Named); ok && named.Obj().Pkg() == pkg {
			if len(h.named[named.Obj()]) < maxHarvest {
				h.named[named.Obj()] = append(h.named[named.Obj()], c.Val())
			}
		}
	}
	return h
}

// constLit writes a harvested constant as a literal of basic type b, or
// returns "" when the constant does not fit.
func constLit(v constant.Value, b *types.Basic) string {
	if !representable(v, b) {
		return ""
	}
	switch {
	case b.Info()&types.IsInteger != 0:
		return constant.ToInt(v).ExactString()
	case b.Info()&types.IsFloat != 0:
		f, _ := constant.Float64Val(constant.ToFloat(v))
		bits := 64
		if b.Kind() == types.Float32 {
			bits = 32
		}
		return strconv.FormatFloat(f, 'g', -1, bits)
	case b.Info()&types.IsString != 0:
		return strconv.Quote(constant.StringVal(v))
	case b.Info()&types.IsBoolean != 0:
		return strconv.FormatBool(constant.BoolVal(v))
	}
	return ""
}

// representable reports whether v converts to b without loss.
func representable(v constant.Value, b *types.Basic) bool {
	switch {
	case b.Info()&types.IsInteger != 0:
		iv := constant.ToInt(v)
		if iv.Kind() != constant.Int {
			return false
		}
		return fitsInt(iv, b)
	case b.Info()&types.IsFloat != 0:
		return constant.ToFloat(v).Kind() == constant.Float
	case b.Info()&types.IsString != 0:
		return v.Kind() == constant.String
	case b.Info()&types.IsBoolean != 0:
		return v.Kind() == constant.Bool
	}
	return false
}

// fitsInt reports whether the integer constant v fits in b's range.
func fitsInt(v constant.Value, b *types.Basic) bool {
	lo, hi := intRange(b)
	return constant.Compare(v, token.GEQ, lo) && constant.Compare(v, token.LEQ, hi)
}

// intRange returns the smallest and largest values of integer type b.
// NOTE: int, uint and uintptr are taken as 64 bits, so on 32-bit platforms
// their boundary inputs overflow and the probe does not compile.
func intRange(b *types.Basic) (lo, hi constant.Value) {
	bits := map[types.BasicKind]int{
		types.Int8: 8, types.Int16: 16, types.Int32: 32, types.Int64: 64, types.Int: 64,
		types.Uint8: 8, types.Uint16: 16, types.Uint32: 32, types.Uint64: 64, types.Uint: 64, types.Uintptr: 64,
	}[b.Kind()]
	if bits == 0 {
		bits = 64
	}
	one := constant.MakeInt64(1)
	if b.Info()&types.IsUnsigned != 0 {
		hi = constant.BinaryOp(constant.Shift(one, token.SHL, uint(bits)), token.SUB, one)
		return constant.MakeInt64(0), hi
	}
	hi = constant.BinaryOp(constant.Shift(one, token.SHL, uint(bits-1)), token.SUB, one)
	lo = constant.UnaryOp(token.SUB, constant.Shift(one, token.SHL, uint(bits-1)), 0)
	return lo, hi
}

// isMessageCall reports whether call is a function of fmt, errors or log.
func isMessageCall(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "fmt", "errors", "log":
		return true
	}
	return false
}

package characterize

import (
	"go/constant"
	"go/types"
	"strconv"
)

// maxDepth bounds how deep candidates nest: a struct of slices of structs
// is as far as inputs go.
const maxDepth = 3

// An inputChooser proposes candidate values for parameter types.
type inputChooser struct {
	h *harvest
	// canSee reports whether the test package can set a struct field.
	canSee func(p *types.Package, name string) bool
}

// candidates returns values of type t, the zero value first and the more
// ordinary values before the extreme ones.
func (c *inputChooser) candidates(t types.Type, depth int) []*value {
	zero := zeroValue(t)
	out := []*value{zero}
	if depth > maxDepth {
		return out
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		out = append(out, c.basic(t, u)...)
	case *types.Pointer:
		for _, e := range first(c.candidates(u.Elem(), depth+1), 3) {
			out = append(out, &value{Elems: []*value{e}})
		}
	case *types.Slice:
		elems := c.candidates(u.Elem(), depth+1)
		out = append(out, &value{Empty: true})
		for _, e := range first(nonZero(elems, u.Elem()), 3) {
			out = append(out, &value{Elems: []*value{e}})
		}
		if len(elems) >= 3 {
			out = append(out, &value{Elems: []*value{elems[1], elems[0], elems[2]}})
		}
	case *types.Map:
		keys := c.candidates(u.Key(), depth+1)
		vals := c.candidates(u.Elem(), depth+1)
		out = append(out, &value{Empty: true})
		if len(keys) > 1 && len(vals) > 1 {
			out = append(out, &value{Keys: []*value{keys[1]}, Elems: []*value{vals[1]}})
			out = append(out, &value{Keys: []*value{keys[0], keys[1]}, Elems: []*value{vals[1], vals[0]}})
		}
	case *types.Array:
		elems := nonZero(c.candidates(u.Elem(), depth+1), u.Elem())
		if len(elems) > 0 && u.Len() > 0 && u.Len() <= 16 {
			v := &value{}
			for i := range u.Len() {
				v.Elems = append(v.Elems, elems[int(i)%len(elems)])
			}
			out = append(out, v)
		}
	case *types.Struct:
		out = append(out, c.structs(zero, u, depth)...)
	case *types.Interface:
		if u.Empty() {
			out = append(out,
				&value{Dyn: "int", Elems: []*value{lit("1")}},
				&value{Dyn: "string", Elems: []*value{lit(`"a"`)}})
		}
	}
	return dedupe(out)
}

// basic returns the non-zero candidates of basic type b, named t.
func (c *inputChooser) basic(t types.Type, b *types.Basic) []*value {
	var out []*value
	if named, ok := types.Unalias(t).(*types.Named); ok {
		for _, v := range c.h.named[named.Obj()] {
			if s := constLit(v, b); s != "" {
				out = append(out, lit(s))
			}
		}
	}
	info := b.Info()
	switch {
	case info&types.IsBoolean != 0:
		out = append(out, lit("true"))
	case info&types.IsInteger != 0:
		for _, v := range c.h.ints {
			if s := constLit(v, b); s != "" {
				out = append(out, &value{Lit: s, harvested: c.h.exact[v.ExactString()]})
			}
		}
		lo, hi := intRange(b)
		out = append(out, lit("1"), lit("2"), lit("10"))
		if info&types.IsUnsigned == 0 {
			out = append(out, lit("-1"), lit(lo.ExactString()))
		}
		out = append(out, lit(hi.ExactString()))
	case info&types.IsFloat != 0:
		for _, v := range c.h.floats {
			if s := constLit(v, b); s != "" {
				out = append(out, lit(s))
			}
		}
		for _, v := range c.h.ints {
			if s := constLit(constant.ToFloat(v), b); s != "" {
				out = append(out, lit(s))
			}
		}
		out = append(out, lit("1"), lit("-1"), lit("0.5"), lit("-2.5"), lit("1e+100"), lit("+Inf"), lit("-Inf"))
	case info&types.IsString != 0:
		for _, s := range c.h.strings {
			out = append(out, lit(strconv.Quote(s)))
			// A harvested prefix, suffix or separator with text around it
			// takes the branch where the string contains it.
			out = append(out, lit(strconv.Quote(s+"x")))
			out = append(out, lit(strconv.Quote("x"+s)))
		}
		// Numbers the code compares with are often parsed from text.
		for _, v := range firstConstants(c.h.ints, 6) {
			out = append(out, lit(strconv.Quote(v.ExactString())))
		}
		out = append(out, lit(`"a"`), lit(`"Hello, World"`), lit(`" "`), lit(`"héllo, 世界"`), lit(`"42"`), lit(`"-3.5"`))
	}
	return out
}

// structs varies one settable field at a time away from zero, then sets
// all of them at once.
func (c *inputChooser) structs(zero *value, s *types.Struct, depth int) []*value {
	var out []*value
	all := cloneValue(zero)
	// second sets every field to its second choice, which gives states
	// such as a full container that single-field changes miss.
	second := cloneValue(zero)
	set := 0
	for i := range s.NumFields() {
		f := s.Field(i)
		if f.Name() == "_" || !c.canSee(f.Pkg(), f.Name()) {
			continue
		}
		vals := nonZero(c.candidates(f.Type(), depth+1), f.Type())
		for _, fv := range first(vals, 2) {
			v := cloneValue(zero)
			v.Elems[i] = fv
			out = append(out, v)
		}
		if len(vals) > 0 {
			all.Elems[i] = vals[0]
			second.Elems[i] = vals[min(1, len(vals)-1)]
			set++
		}
	}
	if set > 1 {
		out = append(out, all, second)
	}
	return out
}

func cloneValue(v *value) *value {
	c := *v
	c.Elems = append([]*value(nil), v.Elems...)
	c.Keys = append([]*value(nil), v.Keys...)
	return &c
}

func nonZero(vs []*value, t types.Type) []*value {
	var out []*value
	for _, v := range vs {
		if !isZeroValue(v, t) {
			out = append(out, v)
		}
	}
	return out
}

func first(vs []*value, n int) []*value {
	if len(vs) > n {
		return vs[:n]
	}
	return vs
}

// dedupe drops repeated candidates, keeping the first of each.
func dedupe(vs []*value) []*value {
	seen := map[string]bool{}
	var out []*value
	for _, v := range vs {
		k := valueKey(v)
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

// maxCandidates bounds the candidate inputs of one function, which all run
// in the probe.
const maxCandidates = 256

// combine builds argument lists from per-position candidates: all zero
// values first, then each position varied alone around three bases, then
// the product of the first few candidates of every position.
func combine(lists [][]*value) [][]*value {
	var out [][]*value
	seen := map[string]bool{}
	add := func(idx []int) {
		args := make([]*value, len(lists))
		key := ""
		for i, j := range idx {
			args[i] = lists[i][j]
			key += strconv.Itoa(j) + ","
		}
		if !seen[key] && len(out) < maxCandidates {
			seen[key] = true
			out = append(out, args)
		}
	}
	// Each position is varied alone while the others hold their zero
	// values, then their second and their third candidates: a branch on
	// b > a, or a result that a*b and a/b share only when b is 0 or 1,
	// shows only when the other arguments are not zero.
	for level := range 3 {
		base := make([]int, len(lists))
		for i, l := range lists {
			base[i] = min(level, len(l)-1)
		}
		add(base)
		for i, l := range lists {
			for j := 1; j < len(l); j++ {
				idx := append([]int(nil), base...)
				idx[i] = j
				add(idx)
			}
		}
	}

	// The product needs k^n tries; pick the largest k that stays within
	// the budget left.
	n := len(lists)
	if n < 2 {
		return out
	}
	budget := maxCandidates - len(out)
	k := 1
	for pow(k+1, n) <= budget {
		k++
	}
	if k < 2 {
		return out
	}
	idx := make([]int, n)
	for {
		ok := true
		for i, j := range idx {
			if j >= len(lists[i]) {
				ok = false
			}
		}
		if ok {
			add(idx)
		}
		i := 0
		for ; i < n; i++ {
			idx[i]++
			if idx[i] < k {
				break
			}
			idx[i] = 0
		}
		if i == n {
			return out
		}
	}
}

func pow(k, n int) int {
	p := 1
	for range n {
		p *= k
		if p > maxCandidates {
			return p
		}
	}
	return p
}

func firstConstants(vs []constant.Value, n int) []constant.Value {
	if len(vs) > n {
		return vs[:n]
	}
	return vs
}

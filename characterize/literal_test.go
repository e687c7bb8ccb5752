package characterize

import (
	"go/types"
	"testing"
)

func TestRendererExpr(t *testing.T) {
	pkg := types.NewPackage("example.com/geo", "geo")
	point := types.NewStruct([]*types.Var{
		types.NewField(0, pkg, "X", types.Typ[types.Float64], false),
		types.NewField(0, pkg, "y", types.Typ[types.Float64], false),
	}, nil)
	named := types.NewNamed(types.NewTypeName(0, pkg, "Point", nil), point, nil)
	ints := types.NewSlice(types.Typ[types.Int])

	cases := []struct {
		name     string
		v        *value
		t        types.Type
		external bool
		want     string
	}{
		{"int", lit("-3"), types.Typ[types.Int], false, "-3"},
		{"inf", lit("+Inf"), types.Typ[types.Float64], false, "math.Inf(1)"},
		{"negative zero", lit("-0"), types.Typ[types.Float64], false, "math.Copysign(0, -1)"},
		{"nil slice", &value{Nil: true}, ints, false, "nil"},
		{"empty slice", &value{Empty: true}, ints, false, "[]int{}"},
		{"slice of zero", &value{Elems: []*value{lit("0")}}, ints, false, "[]int{0}"},
		{"struct skips zero fields", &value{Elems: []*value{lit("1.5"), lit("0")}}, named, false, "Point{X: 1.5}"},
		{"struct unexported field", &value{Elems: []*value{lit("0"), lit("2")}}, named, false, "Point{y: 2}"},
		{"external zero struct", &value{Elems: []*value{lit("0"), lit("0")}}, named, true, "geo.Point{}"},
		{"pointer to struct", &value{Elems: []*value{{Elems: []*value{lit("1"), lit("0")}}}}, types.NewPointer(named), false, "&Point{X: 1}"},
		{"interface int", &value{Dyn: "int", Elems: []*value{lit("4")}}, types.NewInterfaceType(nil, nil), false, "int(4)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRenderer(pkg, c.external, true, nil)
			got, err := r.expr(c.v, c.t)
			if err != nil {
				t.Fatalf("expr() error = %v", err)
			}
			if got != c.want {
				t.Errorf("expr() = %s, want %s", got, c.want)
			}
		})
	}
}

func TestRendererRejects(t *testing.T) {
	pkg := types.NewPackage("example.com/geo", "geo")
	hidden := types.NewStruct([]*types.Var{types.NewField(0, pkg, "y", types.Typ[types.Int], false)}, nil)
	named := types.NewNamed(types.NewTypeName(0, pkg, "Box", nil), hidden, nil)
	cases := []struct {
		name string
		v    *value
		t    types.Type
	}{
		{"unexported field from external test", &value{Elems: []*value{lit("1")}}, named},
		{"NaN", &value{Bad: "NaN"}, types.Typ[types.Float64]},
		{"unknown dynamic type", &value{Dyn: "*bytes.Buffer", Elems: []*value{{}}}, types.NewInterfaceType(nil, nil)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRenderer(pkg, true, true, nil)
			if got, err := r.expr(c.v, c.t); err == nil {
				t.Errorf("expr() = %s, want an error", got)
			}
		})
	}
}

func TestSelectInputsCoverThenOutcomes(t *testing.T) {
	p := &plan{}
	ins := []*input{{id: 0, plan: p}, {id: 1, plan: p}, {id: 2, plan: p}, {id: 3, plan: p}}
	one, two := "1", "2"
	recs := map[int][]*record{
		0: {{ID: 0, Cover: []int{1}, Err: &one}},
		1: {{ID: 1, Cover: []int{1, 2}, Err: &one}},
		2: {{ID: 2, Cover: []int{1, 2}, Err: &two}},
		3: {{ID: 3, Timeout: true}},
	}
	usable := func(in *input) bool { return !recs[in.id][0].Timeout }
	got := selectInputs(ins, recs, 8, usable)
	var ids []int
	for _, in := range got {
		ids = append(ids, in.id)
	}
	// Input 1 covers the most blocks; input 2 adds a new outcome; input 0
	// reaches input 1's outcome along another path, so it comes last; the
	// timed-out input 3 is not usable.
	if len(ids) != 3 || ids[0] != 0 || ids[1] != 1 || ids[2] != 2 {
		t.Errorf("selectInputs() = %v, want [0 1 2]", ids)
	}

	// With room for two, the path phase gets no turn.
	got = selectInputs(ins, recs, 2, usable)
	ids = ids[:0]
	for _, in := range got {
		ids = append(ids, in.id)
	}
	if len(ids) != 2 || ids[0] != 1 || ids[1] != 2 {
		t.Errorf("selectInputs() with limit 2 = %v, want [1 2]", ids)
	}
}

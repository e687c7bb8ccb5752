package characterize

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"github.com/go-testgen/testgen/generate"
)

// A slot is one input position of a call: the receiver, a constructor
// argument or an argument of the function under test.
type slot struct {
	name string
	typ  types.Type
	// variadic marks the final ...T parameter, passed as a slice.
	variadic bool
}

// receiverMode is the way a test builds the receiver of a method.
type receiverMode int

const (
	// literalReceiver takes the receiver from the table as a composite
	// literal.
	literalReceiver receiverMode = iota + 1
	// constructorReceiver calls NewT with arguments from the table.
	constructorReceiver
)

// A plan contains the types and names that the probe and the test need
// to call one function.
type plan struct {
	req  *generate.Request
	fn   *types.Func
	sig  *types.Signature
	args []types.Type // type arguments, nil for non-generic code

	mode        receiverMode
	recvType    types.Type // the receiver as the method declares it, instantiated
	pointerRecv bool
	ctor        *types.Func
	ctorSig     *types.Signature
	ctorErr     bool // the constructor returns (T, error)

	// slots lists the inputs: the receiver or the constructor's
	// arguments first, then the function's arguments.
	slots []slot
	// ctorSlots is the number of leading slots that feed the constructor.
	ctorSlots int

	// results are the non-error results; hasErr marks a final error.
	results []types.Type
	hasErr  bool

	// newExpr allows new(expr) in literals, which go 1.26 introduced.
	newExpr bool

	// sentinels are the package's exported error variables, which errors
	// are matched against with errors.Is.
	sentinels []*types.Var
}

// newPlan prepares the call of fn for req, or returns why it cannot.
func newPlan(req *generate.Request, lp *loadedPackage, fn *types.Func, ctorSafe bool) (*plan, error) {
	p := &plan{req: req, fn: fn, sig: fn.Signature(), newExpr: lp.newExpr}
	pkg := lp.pkg.Types

	if recv := p.sig.Recv(); recv != nil {
		t := recv.Type()
		if ptr, ok := t.(*types.Pointer); ok {
			p.pointerRecv = true
			t = ptr.Elem()
		}
		named, ok := types.Unalias(t).(*types.Named)
		if !ok {
			return nil, fmt.Errorf("its receiver is not a named type")
		}
		named = named.Origin()
		if tps := named.TypeParams(); tps.Len() > 0 {
			p.args = pickTypeArgs(named, tps)
			if p.args == nil {
				return nil, fmt.Errorf("no type arguments among int, string, float64, bool, []int and map[string]int satisfy the constraints of %s", named.Obj().Name())
			}
			inst, err := types.Instantiate(nil, named, p.args, true)
			if err != nil {
				return nil, fmt.Errorf("instantiating %s: %w", named.Obj().Name(), err)
			}
			obj, _, _ := types.LookupFieldOrMethod(inst, true, pkg, fn.Name())
			m, ok := obj.(*types.Func)
			if !ok {
				return nil, fmt.Errorf("method %s not found on %s", fn.Name(), inst)
			}
			p.sig = m.Signature()
		}
		p.recvType = p.sig.Recv().Type()
		// A composite literal reaches states that the constructor alone
		// never builds (a full stack, a counter with a step), so the
		// constructor is used only when the test cannot set every field.
		p.mode = literalReceiver
		if ctorSafe && req.Constructor != nil && !allFieldsSettable(t, pkg, req.External()) {
			p.useConstructor(lp, req.Constructor.Name())
		}
		if p.mode == literalReceiver {
			p.slots = append(p.slots, slot{name: "recv", typ: p.recvType})
		}
	} else if tps := p.sig.TypeParams(); tps.Len() > 0 {
		p.args = pickTypeArgs(p.sig, tps)
		if p.args == nil {
			return nil, fmt.Errorf("no type arguments among int, string, float64, bool, []int and map[string]int satisfy its constraints")
		}
		inst, err := types.Instantiate(nil, p.sig, p.args, true)
		if err != nil {
			return nil, fmt.Errorf("instantiating %s: %w", fn.Name(), err)
		}
		p.sig = inst.(*types.Signature)
	}

	used := map[string]bool{"name": true, "tt": true, "tests": true, "t": true, "got": true, "err": true, "recv": true, "want": true, "wantErr": true, "wantErrIs": true, "wantPanic": true, "wantRecv": true}
	params := p.sig.Params()
	for i := range params.Len() {
		v := params.At(i)
		p.slots = append(p.slots, slot{
			name:     uniqueName(used, v.Name(), i),
			typ:      v.Type(),
			variadic: p.sig.Variadic() && i == params.Len()-1,
		})
	}

	res := p.sig.Results()
	for i := range res.Len() {
		t := res.At(i).Type()
		if i == res.Len()-1 && types.Identical(t, errorType) {
			p.hasErr = true
			continue
		}
		p.results = append(p.results, t)
	}
	if len(p.results) == 0 && !p.hasErr && !p.pointerRecv {
		return nil, fmt.Errorf("it returns nothing and has no pointer receiver, so no result can be asserted")
	}

	for _, name := range pkg.Scope().Names() {
		v, ok := pkg.Scope().Lookup(name).(*types.Var)
		if ok && v.Exported() && types.Implements(v.Type(), errorType.Underlying().(*types.Interface)) {
			p.sentinels = append(p.sentinels, v)
		}
	}

	if req.External() {
		for _, s := range p.slots {
			if name := unexportedName(s.typ, pkg); name != "" {
				return nil, fmt.Errorf("its inputs use the unexported type %s, which the external test package %s cannot name", name, req.TestPkgName)
			}
		}
		for _, t := range p.results {
			if name := unexportedName(t, pkg); name != "" {
				return nil, fmt.Errorf("its results use the unexported type %s, which the external test package %s cannot name", name, req.TestPkgName)
			}
		}
	}
	return p, nil
}

// useConstructor switches p to build the receiver with the constructor
// named name when its results fit: T or *T, optionally with an error.
func (p *plan) useConstructor(lp *loadedPackage, name string) {
	ctor, err := lp.lookup(name)
	if err != nil {
		return
	}
	csig := ctor.Signature()
	if csig.TypeParams().Len() != len(p.args) {
		return
	}
	if len(p.args) > 0 {
		inst, err := types.Instantiate(nil, csig, p.args, true)
		if err != nil {
			return
		}
		csig = inst.(*types.Signature)
	}
	res := csig.Results()
	switch {
	case res.Len() == 1:
	case res.Len() == 2 && types.Identical(res.At(1).Type(), errorType):
		p.ctorErr = true
	default:
		return
	}
	if !types.Identical(res.At(0).Type(), p.recvType) {
		// A value constructor for a pointer method is fine because the
		// variable is addressable; a pointer for a value method is too.
		base := func(t types.Type) types.Type {
			if ptr, ok := t.(*types.Pointer); ok {
				return ptr.Elem()
			}
			return t
		}
		if !types.Identical(base(res.At(0).Type()), base(p.recvType)) {
			return
		}
	}
	p.mode = constructorReceiver
	p.ctor = ctor
	p.ctorSig = csig
	used := map[string]bool{}
	for i := range csig.Params().Len() {
		v := csig.Params().At(i)
		p.slots = append(p.slots, slot{
			name:     "new" + upperFirst(uniqueName(used, v.Name(), i)),
			typ:      v.Type(),
			variadic: csig.Variadic() && i == csig.Params().Len()-1,
		})
	}
	p.ctorSlots = len(p.slots)
}

// ctorResultIsPointer reports whether the constructor returns a pointer.
func (p *plan) ctorResultIsPointer() bool {
	_, ok := p.ctorSig.Results().At(0).Type().(*types.Pointer)
	return ok
}

func uniqueName(used map[string]bool, base string, i int) string {
	if base == "" || base == "_" {
		base = fmt.Sprintf("arg%d", i)
	}
	name := base
	for n := 2; used[name] || token.IsKeyword(name); n++ {
		name = fmt.Sprintf("%s%d", base, n)
	}
	used[name] = true
	return name
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// unexportedName returns the first unexported type of pkg that t mentions.
func unexportedName(t types.Type, pkg *types.Package) string {
	found := ""
	var visit func(t types.Type, depth int)
	visit = func(t types.Type, depth int) {
		if found != "" || depth > 8 {
			return
		}
		switch t := types.Unalias(t).(type) {
		case *types.Named:
			if t.Obj().Pkg() == pkg && !t.Obj().Exported() {
				found = t.Obj().Name()
				return
			}
			if args := t.TypeArgs(); args != nil {
				for a := range args.Types() {
					visit(a, depth+1)
				}
			}
		case *types.Pointer:
			visit(t.Elem(), depth+1)
		case *types.Slice:
			visit(t.Elem(), depth+1)
		case *types.Array:
			visit(t.Elem(), depth+1)
		case *types.Map:
			visit(t.Key(), depth+1)
			visit(t.Elem(), depth+1)
		case *types.Chan:
			visit(t.Elem(), depth+1)
		}
	}
	visit(t, 0)
	return found
}

// allFieldsSettable reports whether a test in the internal or external
// test package can set every field of struct type t.
func allFieldsSettable(t types.Type, pkg *types.Package, external bool) bool {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if f.Name() == "_" || !f.Exported() && (external || f.Pkg() != pkg) {
			return false
		}
	}
	return true
}

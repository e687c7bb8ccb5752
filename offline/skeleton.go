package offline

import (
	"errors"
	"fmt"
	"go/format"
	"go/token"
	"go/types"
	"strings"
	"unicode"

	"github.com/go-testgen/testgen/generate"
)

// A field is one column of the test table.
type field struct {
	name string
	typ  string
}

// skeletonBuilder collects what one skeleton needs: qualified type names
// and the imports they bring.
type skeletonBuilder struct {
	req     *generate.Request
	imports map[string]string
	err     error
}

// skeleton writes a table-driven test for one request, in the style of
// gotests and gopls "Add test": named cases, a t.Run loop, errors checked
// by wantErr. The table starts empty, and an empty table skips the test so
// that go test -v shows it as skipped rather than passed.
func skeleton(req *generate.Request) generate.Test {
	b := &skeletonBuilder{req: req, imports: map[string]string{"testing": ""}}
	code, err := b.build()
	if err == nil {
		err = b.err
	}
	if err != nil {
		return generate.Test{Name: req.Name, Err: err}
	}
	return generate.Test{Name: req.Name, Code: code, Imports: b.imports}
}

func (b *skeletonBuilder) build() (string, error) {
	fn := b.req.Func
	if fn == nil {
		return "", errors.New("no type information for " + b.req.Name)
	}
	sig := fn.Signature()
	pkg := fn.Pkg()

	// Instantiate generic functions and methods of generic types with
	// type arguments that satisfy their constraints.
	var typeArgs []types.Type
	var recvNamed *types.Named
	if recv := sig.Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		named, ok := types.Unalias(t).(*types.Named)
		if !ok {
			return "", fmt.Errorf("receiver of %s is not a named type", b.req.Name)
		}
		recvNamed = named.Origin()
		if tps := recvNamed.TypeParams(); tps.Len() > 0 {
			typeArgs = chooseTypeArgs(recvNamed, tps)
			if typeArgs == nil {
				return "", fmt.Errorf("no type arguments among int, string, float64, bool, []int, []string and map[string]int satisfy the constraints of %s", recvNamed.Obj().Name())
			}
			inst, err := types.Instantiate(nil, recvNamed, typeArgs, true)
			if err != nil {
				return "", err
			}
			obj, _, _ := types.LookupFieldOrMethod(inst, true, pkg, fn.Name())
			m, ok := obj.(*types.Func)
			if !ok {
				return "", fmt.Errorf("method %s not found on %s", fn.Name(), inst)
			}
			sig = m.Signature()
		}
	} else if tps := sig.TypeParams(); tps.Len() > 0 {
		typeArgs = chooseTypeArgs(sig, tps)
		if typeArgs == nil {
			return "", fmt.Errorf("no type arguments among int, string, float64, bool, []int, []string and map[string]int satisfy the constraints of %s", fn.Name())
		}
		inst, err := types.Instantiate(nil, sig, typeArgs, true)
		if err != nil {
			return "", err
		}
		sig = inst.(*types.Signature)
	}

	if b.req.External() {
		b.checkNameable(sig)
	}

	used := map[string]bool{"name": true, "tt": true, "tests": true, "t": true, "got": true, "err": true, "want": true, "wantErr": true}
	unique := func(base string) string {
		if base == "" || base == "_" {
			base = "arg"
		}
		name := base
		for n := 2; used[name] || token.IsKeyword(name); n++ {
			name = fmt.Sprintf("%s%d", base, n)
		}
		used[name] = true
		return name
	}

	fields := []field{{name: "name", typ: "string"}}

	// Receiver: built by the constructor NewT when there is one, else
	// taken from the table.
	var setup []string
	var recvExpr string
	// ctorErr is set when the setup has declared err already.
	ctorErr := false
	if recvNamed != nil {
		recvVar := unique(lowerFirst(recvNamed.Obj().Name()[:1]))
		ctor := b.req.Constructor
		if ctor != nil && ctor.Signature().TypeParams().Len() == len(typeArgs) {
			csig := ctor.Signature()
			if len(typeArgs) > 0 {
				inst, err := types.Instantiate(nil, csig, typeArgs, true)
				if err != nil {
					ctor = nil
				} else {
					csig = inst.(*types.Signature)
				}
			}
			if ctor != nil {
				var args []string
				for i := range csig.Params().Len() {
					p := csig.Params().At(i)
					fname := unique("new" + upperFirst(paramName(p, i)))
					typ := p.Type()
					arg := "tt." + fname
					if csig.Variadic() && i == csig.Params().Len()-1 {
						arg += "..."
					}
					fields = append(fields, field{name: fname, typ: b.typeString(typ)})
					args = append(args, arg)
				}
				call := b.funcRef(ctor) + b.typeArgList(typeArgs) + "(" + strings.Join(args, ", ") + ")"
				res := csig.Results()
				switch {
				case res.Len() == 2 && isError(res.At(1).Type()):
					ctorErr = true
					setup = append(setup,
						fmt.Sprintf("%s, err := %s", recvVar, call),
						"if err != nil {",
						fmt.Sprintf("\tt.Fatalf(\"%s() error = %%v\", err)", ctor.Name()),
						"}")
				case res.Len() == 1:
					setup = append(setup, fmt.Sprintf("%s := %s", recvVar, call))
				default:
					ctor = nil
				}
			}
		} else {
			ctor = nil
		}
		if ctor == nil {
			setup = nil
			recvType := b.typeString(sig.Recv().Type())
			fields = append(fields, field{name: "receiver", typ: recvType})
			used["receiver"] = true
			recvVar = "tt.receiver"
		}
		recvExpr = recvVar
	}

	// Parameters become columns of the table.
	var args []string
	params := sig.Params()
	for i := range params.Len() {
		p := params.At(i)
		fname := unique(paramName(p, i))
		fields = append(fields, field{name: fname, typ: b.typeString(p.Type())})
		arg := "tt." + fname
		if sig.Variadic() && i == params.Len()-1 {
			arg += "..."
		}
		args = append(args, arg)
	}

	// Results become want columns; a final error becomes wantErr.
	results := sig.Results()
	nres := results.Len()
	hasErr := nres > 0 && isError(results.At(nres-1).Type())
	if hasErr {
		nres--
	}
	var gots, wants []string
	for i := range nres {
		got, want := "got", "want"
		if nres > 1 {
			got, want = fmt.Sprintf("got%d", i), fmt.Sprintf("want%d", i)
			want = unique(want)
		}
		gots = append(gots, got)
		wants = append(wants, want)
		fields = append(fields, field{name: want, typ: b.typeString(results.At(i).Type())})
	}
	if hasErr {
		fields = append(fields, field{name: "wantErr", typ: "bool"})
	}

	// The call under test.
	var call string
	display := b.req.Name
	if recvExpr != "" {
		call = recvExpr + "." + fn.Name() + "(" + strings.Join(args, ", ") + ")"
	} else {
		call = b.funcRef(fn) + b.typeArgList(typeArgs) + "(" + strings.Join(args, ", ") + ")"
	}

	var body []string
	body = append(body, setup...)
	lhs := append([]string(nil), gots...)
	if hasErr {
		lhs = append(lhs, "err")
	}
	switch {
	case len(lhs) == 1 && lhs[0] == "err" && ctorErr:
		body = append(body, "err = "+call)
	case len(lhs) > 0:
		body = append(body, strings.Join(lhs, ", ")+" := "+call)
	default:
		body = append(body, call)
	}
	if hasErr {
		body = append(body,
			"if (err != nil) != tt.wantErr {",
			fmt.Sprintf("\tt.Fatalf(\"%s() error = %%v, wantErr %%v\", err, tt.wantErr)", display),
			"}")
		if nres > 0 {
			body = append(body, "if tt.wantErr {", "\treturn", "}")
		}
	}
	for i := range nres {
		got, want := gots[i], "tt."+wants[i]
		if _, isFunc := results.At(i).Type().Underlying().(*types.Signature); isFunc {
			// Functions compare only with nil.
			body = append(body,
				fmt.Sprintf("if (%s == nil) != (%s == nil) {", got, want),
				fmt.Sprintf("\tt.Errorf(\"%s() returned nil = %%t, want nil = %%t\", %s == nil, %s == nil)", display, got, want),
				"}")
			continue
		}
		cond := fmt.Sprintf("%s != %s", got, want)
		if !isBasic(results.At(i).Type()) {
			b.imports["reflect"] = ""
			cond = fmt.Sprintf("!reflect.DeepEqual(%s, %s)", got, want)
		}
		label := display + "()"
		if nres > 1 {
			label = fmt.Sprintf("%s() result %d", display, i)
		}
		body = append(body,
			"if "+cond+" {",
			fmt.Sprintf("\tt.Errorf(\"%s = %%v, want %%v\", %s, %s)", label, got, want),
			"}")
	}

	var sb strings.Builder
	fmt.Fprintf(&sb, "func %s(t *testing.T) {\n", b.req.TestName)
	sb.WriteString("\ttests := []struct {\n")
	for _, f := range fields {
		fmt.Fprintf(&sb, "\t\t%s %s\n", f.name, f.typ)
	}
	sb.WriteString("\t}{\n\t\t// TODO: add test cases.\n\t}\n")
	sb.WriteString("\tif len(tests) == 0 {\n")
	sb.WriteString("\t\tt.Skip(\"no test cases yet: add them to the tests table\")\n")
	sb.WriteString("\t}\n")
	sb.WriteString("\tfor _, tt := range tests {\n")
	sb.WriteString("\t\tt.Run(tt.name, func(t *testing.T) {\n")
	for _, line := range body {
		sb.WriteString("\t\t\t" + line + "\n")
	}
	sb.WriteString("\t\t})\n\t}\n}\n")
	code, err := format.Source([]byte(sb.String()))
	if err != nil {
		return "", fmt.Errorf("formatting the skeleton for %s: %w", b.req.Name, err)
	}
	return string(code), nil
}

// typeString prints t as the test package must spell it, recording the
// imports it needs. A type the test package cannot name sets b.err.
func (b *skeletonBuilder) typeString(t types.Type) string {
	return types.TypeString(t, b.qualify)
}

// qualify is a types.Qualifier for the test package.
func (b *skeletonBuilder) qualify(pkg *types.Package) string {
	if pkg.Path() == b.req.PkgPath && !b.req.External() {
		return ""
	}
	b.imports[pkg.Path()] = ""
	return pkg.Name()
}

// funcRef returns how the test refers to a package-level function.
func (b *skeletonBuilder) funcRef(fn *types.Func) string {
	if q := b.qualify(fn.Pkg()); q != "" {
		return q + "." + fn.Name()
	}
	return fn.Name()
}

// typeArgList returns "[int, string]" for explicit instantiation, because
// inference fails when a type parameter appears only in results.
func (b *skeletonBuilder) typeArgList(args []types.Type) string {
	if len(args) == 0 {
		return ""
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = b.typeString(a)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// checkNameable sets b.err when the test package cannot name a type of the
// signature: an unexported type seen from the external test package.
func (b *skeletonBuilder) checkNameable(sig *types.Signature) {
	visit := func(t types.Type) {
		for _, name := range unexportedNames(t, b.req.PkgPath) {
			if b.err == nil {
				b.err = fmt.Errorf("its signature uses the unexported type %s, which the external test package %s cannot name", name, b.req.TestPkgName)
			}
		}
	}
	for v := range sig.Params().Variables() {
		visit(v.Type())
	}
	for v := range sig.Results().Variables() {
		visit(v.Type())
	}
}

func paramName(p *types.Var, i int) string {
	if p.Name() == "" || p.Name() == "_" {
		return fmt.Sprintf("arg%d", i)
	}
	return p.Name()
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// isBasic reports whether values of t compare meaningfully with ==.
func isBasic(t types.Type) bool {
	_, ok := t.Underlying().(*types.Basic)
	return ok
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

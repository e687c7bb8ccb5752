package characterize

import (
	"fmt"
	"go/format"
	"go/types"
	"strconv"
	"strings"

	"github.com/go-testgen/testgen/generate"
)

// A renderedCase is one table row: every column written as Go source.
type renderedCase struct {
	args      []string
	wants     []string // per asserted result, "" when the case expects an error or panic
	wantErr   string   // quoted message, "" for none
	wantErrIs string   // sentinel reference, "" for none
	wantPanic string   // quoted message, "" for none
	wantRecv  string   // receiver state, "" when not asserted
	// imports are the packages the row's values use.
	imports map[string]string
}

// A testWriter writes the characterization test of one plan.
type testWriter struct {
	p     *plan
	r     *renderer
	goCmp bool
	// asserted lists the indexes of p.results that get a want column.
	asserted []int
}

func newTestWriter(p *plan, goCmp bool) *testWriter {
	w := &testWriter{p: p, r: newRenderer(p.fn.Pkg(), p.req.External(), p.newExpr, nil), goCmp: goCmp}
	for i, t := range p.results {
		if assertable(t) {
			w.asserted = append(w.asserted, i)
		}
	}
	return w
}

// assertable reports whether results of type t can be compared with a
// literal: functions and channels cannot.
func assertable(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Signature, *types.Chan:
		return false
	}
	return true
}

// recvState returns the type of the receiver's state after the call: the
// struct a pointer receiver points to.
func (w *testWriter) recvState() types.Type {
	t := w.p.recvType
	if ptr, ok := t.(*types.Pointer); ok {
		return ptr.Elem()
	}
	return t
}

// renderCase writes one record as a row, or fails when a value cannot be
// written as Go source.
func (w *testWriter) renderCase(in *input, rec *record) (*renderedCase, error) {
	// Each row collects its own imports, so that rows left out of the
	// table add none.
	w.r.imports = map[string]string{}
	c, err := w.renderRow(in, rec)
	if err != nil {
		return nil, err
	}
	c.imports = w.r.imports
	return c, nil
}

func (w *testWriter) renderRow(in *input, rec *record) (*renderedCase, error) {
	p := w.p
	args, err := renderArgs(w.r, p.slots, in.args)
	if err != nil {
		return nil, err
	}
	// The table holds the slice; the call adds "...".
	for i, s := range p.slots {
		if s.variadic {
			args[i] = strings.TrimSuffix(args[i], "...")
		}
	}
	c := &renderedCase{args: args}
	switch {
	case rec.Panic != nil:
		if *rec.Panic == "" || *rec.Panic == "<nil>" {
			return nil, fmt.Errorf("the panic message is empty")
		}
		c.wantPanic = strconv.Quote(*rec.Panic)
		return c, nil
	case rec.Err != nil:
		if len(rec.Is) > 0 {
			c.wantErrIs = w.r.pkgRef(p.fn.Pkg()) + rec.Is[0]
		} else {
			if *rec.Err == "" {
				return nil, fmt.Errorf("the error message is empty")
			}
			c.wantErr = strconv.Quote(*rec.Err)
		}
		return c, nil
	}
	if len(rec.Results) != len(p.results) {
		return nil, fmt.Errorf("the probe recorded %d results, want %d", len(rec.Results), len(p.results))
	}
	for _, i := range w.asserted {
		s, err := w.r.expr(rec.Results[i], p.results[i])
		if err != nil {
			return nil, err
		}
		c.wants = append(c.wants, s)
	}
	if p.pointerRecv && rec.Recv != nil {
		if s, err := w.r.expr(rec.Recv, w.recvState()); err == nil {
			c.wantRecv = s
		}
	}
	return c, nil
}

// displayName returns the name that messages use for the function:
// "Clamp" or "Stack.Push".
func (w *testWriter) displayName() string {
	return w.p.req.Name
}

// write returns the test for the rows.
func (w *testWriter) write(rows []*renderedCase) (generate.Test, error) {
	p := w.p
	r := w.r
	r.imports = map[string]string{"testing": ""}
	for _, c := range rows {
		for path, name := range c.imports {
			r.imports[path] = name
		}
	}
	name := w.displayName()

	hasPanic, hasErrIs := false, false
	recvState := p.pointerRecv
	for _, c := range rows {
		hasPanic = hasPanic || c.wantPanic != ""
		hasErrIs = hasErrIs || c.wantErrIs != ""
		if c.wantRecv == "" && c.wantPanic == "" && c.wantErr == "" && c.wantErrIs == "" {
			recvState = false
		}
	}

	// Columns.
	var cols [][2]string
	cols = append(cols, [2]string{"name", "string"})
	for _, s := range p.slots {
		typ := s.typ
		cols = append(cols, [2]string{s.name, r.typeString(typ)})
	}
	wantNames := make([]string, len(w.asserted))
	for k, i := range w.asserted {
		wantNames[k] = "want"
		if len(w.asserted) > 1 {
			wantNames[k] = "want" + strconv.Itoa(i)
		}
		cols = append(cols, [2]string{wantNames[k], r.typeString(p.results[i])})
	}
	if p.hasErr {
		cols = append(cols, [2]string{"wantErr", "string"})
		if hasErrIs {
			cols = append(cols, [2]string{"wantErrIs", "error"})
		}
	}
	if hasPanic {
		cols = append(cols, [2]string{"wantPanic", "string"})
	}
	if recvState {
		cols = append(cols, [2]string{"wantRecv", r.typeString(w.recvState())})
	}

	var b strings.Builder
	fmt.Fprintf(&b, "func %s(t *testing.T) {\n", p.req.TestName)
	b.WriteString("\t// The expected values were recorded by running the code, so they\n")
	b.WriteString("\t// pin its current behaviour, bugs included: check them.\n")
	b.WriteString("\ttests := []struct {\n")
	for _, c := range cols {
		fmt.Fprintf(&b, "\t\t%s %s\n", c[0], c[1])
	}
	b.WriteString("\t}{\n")
	names := map[string]int{}
	for _, c := range rows {
		b.WriteString("\t\t{\n")
		fmt.Fprintf(&b, "\t\t\tname: %s,\n", strconv.Quote(caseName(names, p, c)))
		for i, s := range p.slots {
			if c.args[i] != "" && c.args[i] != "nil" && !isZeroLiteral(c.args[i]) {
				fmt.Fprintf(&b, "\t\t\t%s: %s,\n", s.name, c.args[i])
			}
		}
		for k, want := range c.wants {
			if want != "" && !isZeroLiteral(want) {
				fmt.Fprintf(&b, "\t\t\t%s: %s,\n", wantNames[k], want)
			}
		}
		if c.wantErr != "" {
			fmt.Fprintf(&b, "\t\t\twantErr: %s,\n", c.wantErr)
		}
		if c.wantErrIs != "" {
			fmt.Fprintf(&b, "\t\t\twantErrIs: %s,\n", c.wantErrIs)
		}
		if c.wantPanic != "" {
			fmt.Fprintf(&b, "\t\t\twantPanic: %s,\n", c.wantPanic)
		}
		if recvState && c.wantRecv != "" {
			fmt.Fprintf(&b, "\t\t\twantRecv: %s,\n", c.wantRecv)
		}
		b.WriteString("\t\t},\n")
	}
	b.WriteString("\t}\n")
	b.WriteString("\tfor _, tt := range tests {\n\t\tt.Run(tt.name, func(t *testing.T) {\n")
	body := w.body(name, wantNames, hasPanic, hasErrIs, recvState)
	for _, line := range body {
		b.WriteString("\t\t\t" + line + "\n")
	}
	b.WriteString("\t\t})\n\t}\n}\n")

	code, err := format.Source([]byte(b.String()))
	if err != nil {
		return generate.Test{}, fmt.Errorf("formatting the test for %s: %w", p.req.Name, err)
	}
	return generate.Test{Name: p.req.Name, Code: string(code), Imports: r.imports}, nil
}

// body writes the statements of one subtest.
func (w *testWriter) body(name string, wantNames []string, hasPanic, hasErrIs, recvState bool) []string {
	p := w.p
	r := w.r
	var lines []string
	args := make([]string, len(p.slots))
	for i, s := range p.slots {
		args[i] = "tt." + s.name
		if s.variadic {
			args[i] += "..."
		}
	}

	recv := ""
	errDeclared := false
	switch p.mode {
	case literalReceiver:
		recv = "tt.recv"
	case constructorReceiver:
		recv = "recv"
		ctor := r.pkgRef(p.ctor.Pkg()) + p.ctor.Name() + typeArgList(r, p.args) + "(" + strings.Join(args[:p.ctorSlots], ", ") + ")"
		if p.ctorErr {
			errDeclared = true
			lines = append(lines,
				"recv, err := "+ctor,
				"if err != nil {",
				fmt.Sprintf("\tt.Fatalf(\"%s() error = %%v\", err)", p.ctor.Name()),
				"}")
		} else {
			lines = append(lines, "recv := "+ctor)
		}
		args = args[p.ctorSlots:]
	}
	if p.mode == literalReceiver {
		args = args[1:]
	}
	var call string
	if recv != "" {
		call = recv + "." + p.fn.Name() + "(" + strings.Join(args, ", ") + ")"
	} else {
		call = r.pkgRef(p.fn.Pkg()) + p.fn.Name() + typeArgList(r, p.args) + "(" + strings.Join(args, ", ") + ")"
	}

	// The left-hand side names only what is asserted.
	lhs := make([]string, len(p.results))
	gots := map[int]string{}
	for i := range lhs {
		lhs[i] = "_"
	}
	for k, i := range w.asserted {
		g := "got"
		if len(w.asserted) > 1 {
			g = "got" + strconv.Itoa(i)
		}
		_ = k
		lhs[i] = g
		gots[i] = g
	}
	if p.hasErr {
		lhs = append(lhs, "err")
	}
	allBlank := true
	for _, l := range lhs {
		if l != "_" {
			allBlank = false
		}
	}

	label := name + "()"
	if hasPanic {
		for _, i := range w.asserted {
			lines = append(lines, fmt.Sprintf("var %s %s", gots[i], r.typeString(p.results[i])))
		}
		if p.hasErr && !errDeclared {
			lines = append(lines, "var err error")
		}
		r.imports["fmt"] = ""
		lines = append(lines, "panicValue := func() (r interface{}) {", "\tdefer func() { r = recover() }()")
		if allBlank {
			lines = append(lines, "\t"+call)
		} else {
			lines = append(lines, "\t"+strings.Join(lhs, ", ")+" = "+call)
		}
		lines = append(lines,
			"\treturn nil",
			"}()",
			"if panicValue != nil || tt.wantPanic != \"\" {",
			"\tif msg := fmt.Sprint(panicValue); msg != tt.wantPanic {",
			fmt.Sprintf("\t\tt.Fatalf(\"%s panic = %%q, want %%q\", msg, tt.wantPanic)", label),
			"\t}",
			"\treturn",
			"}")
	} else {
		switch {
		case allBlank:
			lines = append(lines, call)
		case len(lhs) == 1 && lhs[0] == "err" && errDeclared:
			lines = append(lines, "err = "+call)
		default:
			lines = append(lines, strings.Join(lhs, ", ")+" := "+call)
		}
	}

	if p.hasErr {
		if hasErrIs {
			r.imports["errors"] = ""
			lines = append(lines,
				"if tt.wantErrIs != nil {",
				"\tif !errors.Is(err, tt.wantErrIs) {",
				fmt.Sprintf("\t\tt.Fatalf(\"%s error = %%v, want errors.Is(err, %%v)\", err, tt.wantErrIs)", label),
				"\t}",
				"\treturn",
				"}")
		}
		lines = append(lines,
			"if tt.wantErr != \"\" {",
			"\tif err == nil || err.Error() != tt.wantErr {",
			fmt.Sprintf("\t\tt.Fatalf(\"%s error = %%v, want %%q\", err, tt.wantErr)", label),
			"\t}",
			"\treturn",
			"}",
			"if err != nil {",
			fmt.Sprintf("\tt.Fatalf(\"%s error = %%v, want nil\", err)", label),
			"}")
	}

	for k, i := range w.asserted {
		what := label
		if len(p.results) > 1 {
			what = fmt.Sprintf("%s result %d", label, i)
		}
		lines = append(lines, w.compare(gots[i], "tt."+wantNames[k], p.results[i], what)...)
	}
	if recvState {
		state := "*" + recv
		if p.mode == constructorReceiver && !p.ctorResultIsPointer() {
			state = recv
		}
		if _, ok := p.recvType.(*types.Pointer); !ok {
			state = recv
		}
		lines = append(lines, w.compare(state, "tt.wantRecv", w.recvState(), "receiver after "+label)...)
	}
	return lines
}

// compare writes the check of got against want: == where the type allows
// it, cmp.Diff when the module already requires go-cmp and the type has no
// unexported fields, reflect.DeepEqual otherwise.
func (w *testWriter) compare(got, want string, t types.Type, what string) []string {
	if plainComparable(t, 0) {
		return []string{
			fmt.Sprintf("if %s != %s {", got, want),
			fmt.Sprintf("\tt.Errorf(\"%s = %%v, want %%v\", %s, %s)", what, got, want),
			"}",
		}
	}
	if w.goCmp && !hasUnexportedFields(t, 0) {
		w.r.imports["github.com/google/go-cmp/cmp"] = ""
		return []string{
			fmt.Sprintf("if diff := cmp.Diff(%s, %s); diff != \"\" {", want, got),
			fmt.Sprintf("\tt.Errorf(\"%s mismatch (-want +got):\\n%%s\", diff)", what),
			"}",
		}
	}
	w.r.imports["reflect"] = ""
	return []string{
		fmt.Sprintf("if !reflect.DeepEqual(%s, %s) {", got, want),
		fmt.Sprintf("\tt.Errorf(\"%s = %%#v, want %%#v\", %s, %s)", what, got, want),
		"}",
	}
}

// plainComparable reports whether == compares values of t by content:
// true for basic types and for structs and arrays of them, false where a
// pointer or interface would compare identity or dynamic types.
func plainComparable(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsComplex == 0 && u.Kind() != types.UnsafePointer
	case *types.Array:
		return plainComparable(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if !plainComparable(u.Field(i).Type(), depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// hasUnexportedFields reports whether values of t contain unexported
// struct fields, which cmp.Diff rejects without options.
func hasUnexportedFields(t types.Type, depth int) bool {
	if depth > 8 {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return hasUnexportedFields(u.Elem(), depth+1)
	case *types.Slice:
		return hasUnexportedFields(u.Elem(), depth+1)
	case *types.Array:
		return hasUnexportedFields(u.Elem(), depth+1)
	case *types.Map:
		return hasUnexportedFields(u.Key(), depth+1) || hasUnexportedFields(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			f := u.Field(i)
			if !f.Exported() || hasUnexportedFields(f.Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// isZeroLiteral reports whether a table value can be left out of its row
// because the column's zero value is the same.
func isZeroLiteral(s string) bool {
	switch s {
	case "0", `""`, "false", "nil":
		return true
	}
	return false
}

// maxCaseName bounds the length of a subtest name.
const maxCaseName = 48

// caseName names a row after its arguments, which tell cases apart better
// than their outcome: "Clamp(-1, 0, 5)".
func caseName(seen map[string]int, p *plan, c *renderedCase) string {
	short := p.fn.Name()
	name := short + "(" + strings.Join(c.args[p.ctorSlots:], ", ") + ")"
	if p.mode == literalReceiver {
		name = short + "(" + strings.Join(c.args[1:], ", ") + ")"
	}
	if p.mode == constructorReceiver && p.ctorSlots > 0 {
		name = p.ctor.Name() + "(" + strings.Join(c.args[:p.ctorSlots], ", ") + ")." + name
	}
	if len(name) > maxCaseName {
		name = name[:maxCaseName-3] + "..."
	}
	seen[name]++
	if n := seen[name]; n > 1 {
		name += " #" + strconv.Itoa(n)
	}
	return name
}

package characterize

import (
	"fmt"
	"go/format"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// probeFile is the base name of the probe test file that the overlay adds
// to the package directory.
const probeFile = "testgen_probe_test.go"

// The probe prints one line per event, each starting on a new line, so
// output of the code under test cannot join a record.
const (
	startMarker  = "TESTGEN-PROBE-START "
	recordMarker = "TESTGEN-PROBE "
	doneMarker   = "TESTGEN-PROBE-DONE"
)

// An input is one argument list of one plan, identified in the probe's
// output by id.
type input struct {
	id   int
	plan *plan
	args []*value
}

// A coverVar names the counter variable that go tool cover added to one
// file, and the number of blocks it counts.
type coverVar struct {
	name   string
	blocks int
}

// A probeSource is the generated probe and where each plan's calls sit in
// it, so a compile error can be traced to the plan that caused it.
type probeSource struct {
	src   []byte
	lines map[*plan][2]int
}

// writeProbe writes the probe test file: one call per input, each
// recorded by the runner in probeRuntime. repeats is how many times each
// input runs, which exposes results that change from call to call.
func writeProbe(pkgName string, inputs []*input, cover []coverVar, repeats int, callTimeoutMS int) (*probeSource, []*input, error) {
	used := map[string]string{}
	alias := func(path, name string) string {
		local := "testgen" + name
		for n := 2; used[local] != "" && used[local] != path; n++ {
			local = fmt.Sprintf("testgen%s%d", name, n)
		}
		used[local] = path
		return local
	}

	var body strings.Builder
	imports := map[string]string{}
	var kept []*input
	type span struct {
		p          *plan
		start, end int
	}
	var spans []span
	for _, in := range inputs {
		r := newRenderer(in.plan.fn.Pkg(), false, in.plan.newExpr, alias)
		code, err := probeCall(r, in)
		if err != nil {
			// An input the probe cannot write is left out.
			continue
		}
		for path, name := range r.imports {
			imports[path] = name
		}
		kept = append(kept, in)
		spans = append(spans, span{p: in.plan, start: strings.Count(body.String(), "\n")})
		for range repeats {
			body.WriteString(code)
		}
		spans[len(spans)-1].end = strings.Count(body.String(), "\n")
	}

	var b strings.Builder
	fmt.Fprintf(&b, "package %s\n\nimport (\n", pkgName)
	for _, imp := range probeImports {
		fmt.Fprintf(&b, "\ttestgen%s %q\n", imp[strings.LastIndex(imp, "/")+1:], imp)
	}
	paths := make([]string, 0, len(imports))
	for p := range imports {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if isProbeImport(p) {
			continue
		}
		fmt.Fprintf(&b, "\t%s %q\n", imports[p], p)
	}
	b.WriteString(")\n\n")
	b.WriteString(probeRuntime)
	fmt.Fprintf(&b, "\nconst testgenCallTimeout = %d * testgentime.Millisecond\n", callTimeoutMS)

	b.WriteString("\nfunc testgenResetCover() {\n")
	for _, c := range cover {
		fmt.Fprintf(&b, "\tfor i := range %s.Count {\n\t\t%s.Count[i] = 0\n\t}\n", c.name, c.name)
	}
	b.WriteString("}\n\nfunc testgenCovered() []int {\n\tvar ids []int\n")
	offset := 0
	for _, c := range cover {
		fmt.Fprintf(&b, "\tfor i, n := range %s.Count {\n\t\tif n != 0 {\n\t\t\tids = append(ids, %d+i)\n\t\t}\n\t}\n", c.name, offset)
		offset += c.blocks
	}
	b.WriteString("\treturn ids\n}\n")

	b.WriteString("\nvar testgenSentinels = []struct {\n\tname string\n\terr  error\n}{\n")
	seen := map[string]bool{}
	for _, in := range kept {
		for _, s := range in.plan.sentinels {
			if !seen[s.Name()] {
				seen[s.Name()] = true
				fmt.Fprintf(&b, "\t{%q, %s},\n", s.Name(), s.Name())
			}
		}
	}
	b.WriteString("}\n\nfunc TestTestgenProbe(t *testgentesting.T) {\n\t_ = t\n")
	header := strings.Count(b.String(), "\n")
	b.WriteString(body.String())
	fmt.Fprintf(&b, "\ttestgenos.Stdout.WriteString(\"\\n%s\\n\")\n}\n", doneMarker)

	src, err := format.Source([]byte(b.String()))
	if err != nil {
		return nil, nil, fmt.Errorf("formatting the probe: %w", err)
	}
	ps := &probeSource{src: src, lines: map[*plan][2]int{}}
	// gofmt keeps the line structure of already formatted code, so the
	// line numbers counted above still hold after formatting.
	for _, s := range spans {
		r, ok := ps.lines[s.p]
		if !ok {
			r = [2]int{header + s.start + 1, header + s.end}
		}
		r[1] = header + s.end
		ps.lines[s.p] = r
	}
	return ps, kept, nil
}

// probeImports are the standard packages the runner uses, imported under
// testgen-prefixed names so they cannot collide with the package's own
// identifiers.
var probeImports = []string{"encoding/json", "errors", "fmt", "os", "reflect", "sort", "strconv", "testing", "time", "math"}

func isProbeImport(path string) bool {
	for _, p := range probeImports {
		if p == path {
			return true
		}
	}
	return false
}

// probeCall writes the statement that runs one input.
func probeCall(r *renderer, in *input) (string, error) {
	p := in.plan
	var b strings.Builder
	fmt.Fprintf(&b, "\ttestgenProbeRun(%d, func(c *testgenCall) {\n", in.id)

	args, err := renderArgs(r, p.slots, in.args)
	if err != nil {
		return "", err
	}
	var callArgs []string
	recv := ""
	switch p.mode {
	case literalReceiver:
		fmt.Fprintf(&b, "\t\tvar testgenRecv %s = %s\n", r.typeString(p.recvType), args[0])
		recv = "testgenRecv"
		callArgs = args[1:]
	case constructorReceiver:
		ctor := r.pkgRef(p.ctor.Pkg()) + p.ctor.Name() + typeArgList(r, p.args) + "(" + strings.Join(args[:p.ctorSlots], ", ") + ")"
		if p.ctorErr {
			fmt.Fprintf(&b, "\t\ttestgenRecv, testgenCtorErr := %s\n", ctor)
			b.WriteString("\t\tif testgenCtorErr != nil {\n\t\t\tc.setup = testgenCtorErr.Error()\n\t\t\treturn\n\t\t}\n")
		} else {
			fmt.Fprintf(&b, "\t\ttestgenRecv := %s\n", ctor)
		}
		recv = "testgenRecv"
		callArgs = args[p.ctorSlots:]
	default:
		callArgs = args
	}

	var call string
	if recv != "" {
		call = recv + "." + p.fn.Name() + "(" + strings.Join(callArgs, ", ") + ")"
	} else {
		call = r.pkgRef(p.fn.Pkg()) + p.fn.Name() + typeArgList(r, p.args) + "(" + strings.Join(callArgs, ", ") + ")"
	}

	var lhs, vals []string
	for i := range p.results {
		name := "testgenR" + strconv.Itoa(i)
		lhs = append(lhs, name)
		vals = append(vals, "testgenreflect.ValueOf(&"+name+").Elem()")
	}
	if p.hasErr {
		lhs = append(lhs, "testgenErr")
	}
	b.WriteString("\t\tc.started = true\n")
	if len(lhs) > 0 {
		fmt.Fprintf(&b, "\t\t%s := %s\n", strings.Join(lhs, ", "), call)
	} else {
		fmt.Fprintf(&b, "\t\t%s\n", call)
	}
	if len(vals) > 0 {
		fmt.Fprintf(&b, "\t\tc.results = []testgenreflect.Value{%s}\n", strings.Join(vals, ", "))
	}
	if p.hasErr {
		b.WriteString("\t\tc.err, c.hasErr = testgenErr, true\n")
	}
	if p.pointerRecv {
		b.WriteString("\t\tc.recv = testgenreflect.Indirect(testgenreflect.ValueOf(testgenRecv))\n")
	}
	b.WriteString("\t})\n")
	return b.String(), nil
}

// renderArgs writes each slot's value, with "..." after a variadic slice.
func renderArgs(r *renderer, slots []slot, vals []*value) ([]string, error) {
	out := make([]string, len(slots))
	for i, s := range slots {
		e, err := r.expr(vals[i], s.typ)
		if err != nil {
			return nil, err
		}
		if s.variadic {
			e += "..."
		}
		out[i] = e
	}
	return out, nil
}

// typeArgList returns "[int, string]": explicit type arguments, because
// inference fails when a type parameter appears only in results.
func typeArgList(r *renderer, args []types.Type) string {
	if len(args) == 0 {
		return ""
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = r.typeString(a)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

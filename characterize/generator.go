package characterize

import (
	"context"
	"fmt"
	"go/ast"
	"go/types"
	"log/slog"
	"time"

	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/offline"
)

// Defaults of the Generator's options.
const (
	DefaultMaxCases    = 8
	DefaultTimeout     = 30 * time.Second
	DefaultCallTimeout = 2 * time.Second
)

// Generator writes characterization tests: it runs each function on chosen
// inputs and asserts the results it observed. A request it cannot
// characterize gets the test of Fallback, and the reason is logged at
// Debug level and passed to OnSkip.
//
// The zero value is ready to use. Generate runs go test in each request's
// Dir and reads no other state, so a Generator is safe for concurrent use
// when OnSkip is.
type Generator struct {
	// MaxCases is the maximum number of table rows per test; zero means
	// DefaultMaxCases.
	MaxCases int

	// Timeout bounds each go test run of the probe; zero means
	// DefaultTimeout. A package needs two runs.
	Timeout time.Duration

	// CallTimeout bounds one call inside the probe; an input that takes
	// longer is dropped. Zero means DefaultCallTimeout.
	CallTimeout time.Duration

	// Fallback writes the tests of requests that are not characterized;
	// nil means offline.Generator{}, which writes skeletons.
	Fallback generate.Generator

	// Logger receives Debug records of skipped functions and probe runs;
	// nil means slog.Default().
	Logger *slog.Logger

	// OnSkip, when set, is called with the request name and the reason for
	// each request that is not characterized.
	OnSkip func(name, reason string)
}

// A Result is the outcome of Characterize.
type Result struct {
	// Tests has one test per request, in request order.
	Tests []generate.Test
	// Skipped maps the name of each request that got the fallback's test
	// to the reason, for example "calls time.Now".
	Skipped map[string]string
}

// Generate implements generate.Generator.
func (g *Generator) Generate(ctx context.Context, reqs []*generate.Request) ([]generate.Test, error) {
	res, err := g.Characterize(ctx, reqs)
	if err != nil {
		return nil, err
	}
	return res.Tests, nil
}

// Characterize writes a test for every request and reports which requests
// got the fallback's test and why. Requests are grouped by Dir and each
// group is probed in one go test process, run twice. It returns an error
// only when ctx ends or the fallback fails.
func (g *Generator) Characterize(ctx context.Context, reqs []*generate.Request) (*Result, error) {
	res := &Result{Tests: make([]generate.Test, len(reqs)), Skipped: map[string]string{}}
	done := make([]bool, len(reqs))

	var dirs []string
	byDir := map[string][]int{}
	for i, r := range reqs {
		if _, ok := byDir[r.Dir]; !ok {
			dirs = append(dirs, r.Dir)
		}
		byDir[r.Dir] = append(byDir[r.Dir], i)
	}
	for _, dir := range dirs {
		idx := byDir[dir]
		group := make([]*generate.Request, len(idx))
		for k, i := range idx {
			group[k] = reqs[i]
		}
		tests, skipped, err := g.characterizeDir(ctx, dir, group)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			for _, r := range group {
				skipped[r.Name] = err.Error()
			}
		}
		for _, i := range idx {
			if t, ok := tests[reqs[i].Name]; ok && skipped[reqs[i].Name] == "" {
				res.Tests[i] = t
				done[i] = true
			}
		}
		for name, reason := range skipped {
			res.Skipped[name] = reason
		}
	}

	var rest []*generate.Request
	var restIdx []int
	for i, r := range reqs {
		if done[i] {
			continue
		}
		reason := res.Skipped[r.Name]
		if reason == "" {
			reason = "no test was written"
			res.Skipped[r.Name] = reason
		}
		g.logger().Debug("not characterized: "+reason, "func", r.Name, "pkg", r.PkgPath)
		if g.OnSkip != nil {
			g.OnSkip(r.Name, reason)
		}
		rest = append(rest, r)
		restIdx = append(restIdx, i)
	}
	if len(rest) > 0 {
		fb := g.Fallback
		if fb == nil {
			fb = offline.Generator{}
		}
		tests, err := fb.Generate(ctx, rest)
		if err != nil {
			return nil, fmt.Errorf("the fallback generator failed for %d requests: %w", len(rest), err)
		}
		if len(tests) != len(rest) {
			return nil, fmt.Errorf("the fallback generator returned %d tests for %d requests", len(tests), len(rest))
		}
		for k, i := range restIdx {
			res.Tests[i] = tests[k]
		}
	}
	return res, nil
}

func (g *Generator) logger() *slog.Logger {
	if g.Logger != nil {
		return g.Logger
	}
	return slog.Default()
}

func (g *Generator) maxCases() int {
	if g.MaxCases > 0 {
		return g.MaxCases
	}
	return DefaultMaxCases
}

// characterizeDir handles the requests of one package directory. It
// returns the tests it wrote by request name and the reasons for the
// requests it did not.
func (g *Generator) characterizeDir(ctx context.Context, dir string, reqs []*generate.Request) (map[string]generate.Test, map[string]string, error) {
	tests := map[string]generate.Test{}
	skipped := map[string]string{}
	lp, err := loadPackage(ctx, dir)
	if err != nil {
		return tests, skipped, err
	}

	// Plan each request and choose its candidate inputs.
	safety := newSafetyChecker(lp)
	var plans []*plan
	var inputs []*input
	byPlan := map[*plan][]*input{}
	for _, req := range reqs {
		p, reason := g.prepare(lp, safety, req)
		if reason != "" {
			skipped[req.Name] = reason
			continue
		}
		plans = append(plans, p)
		for _, args := range g.candidateArgs(lp, safety, p) {
			in := &input{id: len(inputs), plan: p, args: args}
			inputs = append(inputs, in)
			byPlan[p] = append(byPlan[p], in)
		}
	}
	if len(plans) == 0 {
		return tests, skipped, nil
	}

	pr := &prober{dir: dir, pkgName: lp.pkg.Name, lp: lp, timeout: g.timeout(), callTimeout: g.callTimeout(), log: g.logger()}

	// First run: every candidate, with coverage.
	recs, failed, err := pr.run(ctx, inputs, true, 1)
	if err != nil {
		return tests, skipped, fmt.Errorf("running the probe in %s: %w", dir, err)
	}
	for p, reason := range failed {
		skipped[p.req.Name] = reason
	}

	writers := map[*plan]*testWriter{}
	rows := map[int]*renderedCase{}
	var chosen []*input
	for _, p := range plans {
		if _, ok := failed[p]; ok {
			continue
		}
		w := newTestWriter(p, lp.goCmp)
		writers[p] = w
		usable := func(in *input) bool {
			rs := recs[in.id]
			if len(rs) == 0 || rs[0].Setup != "" || rs[0].Timeout {
				return false
			}
			row, err := w.renderCase(in, rs[0])
			if err != nil {
				return false
			}
			rows[in.id] = row
			return true
		}
		sel := selectInputs(byPlan[p], recs, g.maxCases(), usable)
		if len(sel) == 0 {
			skipped[p.req.Name] = describeUnusable(byPlan[p], recs)
			continue
		}
		chosen = append(chosen, sel...)
	}
	if len(chosen) == 0 {
		return tests, skipped, nil
	}

	// Second run: the chosen inputs on the real package, twice each, to
	// drop results that change from run to run.
	again, failed2, err := pr.run(ctx, chosen, false, 2)
	if err != nil {
		return tests, skipped, fmt.Errorf("rerunning the probe in %s: %w", dir, err)
	}
	for p, reason := range failed2 {
		skipped[p.req.Name] = reason
	}
	final := map[*plan][]*renderedCase{}
	unstable := map[*plan]int{}
	for _, in := range chosen {
		if !stable(recs[in.id][0], again[in.id], 2) {
			unstable[in.plan]++
			continue
		}
		final[in.plan] = append(final[in.plan], rows[in.id])
	}

	for _, p := range plans {
		w, ok := writers[p]
		if !ok || skipped[p.req.Name] != "" {
			continue
		}
		if len(final[p]) == 0 {
			if unstable[p] > 0 {
				skipped[p.req.Name] = "its results differ between runs"
			} else {
				skipped[p.req.Name] = "no input gave a result that can be asserted"
			}
			continue
		}
		if unstable[p] > 0 {
			g.logger().Debug("dropped cases whose results differ between runs", "func", p.req.Name, "dropped", unstable[p])
		}
		t, err := w.write(final[p])
		if err != nil {
			skipped[p.req.Name] = err.Error()
			continue
		}
		tests[p.req.Name] = t
	}
	return tests, skipped, nil
}

// prepare finds the function of req in lp and plans its call, or returns
// why it cannot be characterized.
func (g *Generator) prepare(lp *loadedPackage, safety *safetyChecker, req *generate.Request) (*plan, string) {
	fn, err := lp.lookup(req.Name)
	if err != nil {
		return nil, err.Error()
	}
	if reason, _ := safety.check(fn); reason != "" {
		return nil, reason
	}
	ctorSafe := false
	if req.Constructor != nil {
		if ctor, err := lp.lookup(req.Constructor.Name()); err == nil {
			reason, _ := safety.check(ctor)
			ctorSafe = reason == ""
		}
	}
	p, err := newPlan(req, lp, fn, ctorSafe)
	if err != nil {
		return nil, err.Error()
	}
	return p, ""
}

// candidateArgs chooses the candidate argument lists of p from the slot
// types and the constants that p's function and its callees use.
func (g *Generator) candidateArgs(lp *loadedPackage, safety *safetyChecker, p *plan) [][]*value {
	var bodies []ast.Node
	roots := []*types.Func{p.fn}
	if p.ctor != nil {
		roots = append(roots, p.ctor)
	}
	for _, root := range roots {
		_, reached := safety.check(root)
		reached = append(reached, root)
		for _, f := range reached {
			if d := lp.bodies[f.Origin()]; d != nil && d.Body != nil {
				bodies = append(bodies, d.Body)
			}
		}
	}
	h := harvestConstants(lp.pkg.TypesInfo, lp.pkg.Types, bodies)
	r := newRenderer(lp.pkg.Types, p.req.External(), p.newExpr, nil)
	ch := &inputChooser{h: h, canSee: r.canSee}

	lists := make([][]*value, len(p.slots))
	for i, s := range p.slots {
		cands := ch.candidates(s.typ, 0)
		if p.mode == literalReceiver && i == 0 {
			// A nil receiver mostly tests the nil check the runtime
			// makes, not the method, and the receiver's state matters
			// more than other arguments, so a pointer receiver gets every
			// candidate of its struct.
			if ptr, ok := s.typ.(*types.Pointer); ok {
				cands = nil
				for _, e := range ch.candidates(ptr.Elem(), 0) {
					cands = append(cands, &value{Elems: []*value{e}})
				}
			}
			cands = nonNil(cands)
		}
		lists[i] = cands
	}
	return combine(lists)
}

func nonNil(vs []*value) []*value {
	var out []*value
	for _, v := range vs {
		if !v.Nil {
			out = append(out, v)
		}
	}
	return out
}

// stable reports whether every repeated record has the first run's
// outcome, and there are as many as expected.
func stable(first *record, again []*record, repeats int) bool {
	if len(again) != repeats {
		return false
	}
	want := first.outcome()
	for _, r := range again {
		if r.outcome() != want {
			return false
		}
	}
	return true
}

// describeUnusable explains why no input of a plan could be used.
func describeUnusable(ins []*input, recs map[int][]*record) string {
	timeouts, setups := 0, 0
	for _, in := range ins {
		for _, r := range recs[in.id] {
			if r.Timeout {
				timeouts++
			}
			if r.Setup != "" {
				setups++
			}
		}
	}
	switch {
	case len(ins) == 0:
		return "no candidate inputs could be built for its parameters"
	case timeouts == len(ins):
		return "every input timed out"
	case setups == len(ins):
		return "building the receiver failed for every input"
	}
	return "no input gave a result that can be written as a Go literal"
}

func (g *Generator) timeout() time.Duration {
	if g.Timeout > 0 {
		return g.Timeout
	}
	return DefaultTimeout
}

func (g *Generator) callTimeout() time.Duration {
	if g.CallTimeout > 0 {
		return g.CallTimeout
	}
	return DefaultCallTimeout
}

var _ generate.Generator = (*Generator)(nil)

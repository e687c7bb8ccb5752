// Command llmbench measures the LLM call economics of testgen: the number
// of Chat Completions calls and the wall time of testgen runs against an
// llmtest server on 127.0.0.1 that answers every request after a fixed
// latency.
//
// It generates a module of 240 functions in 40 files (8 packages of 5
// files, each package with a test file that tests none of them), then runs
// each scenario -runs times, the scenarios taking turns:
//
//	report    testgen ./...                          no LLM call
//	naive     testgen -fix -batch=1 -cache=off       one call per function
//	batch     testgen -fix                           batches, empty cache
//	warm      testgen -fix                           the batch run's cache
//	edit      testgen -fix, F0_0 edited              the warm cache
//	gotest    go test -count=1 ./... after testgen -fix -verify=false
//	vetreport go vet -vettool=testgen                go vet's cache salted
//	vetfix    go vet -vettool=testgen -fix           empty cache, salted
//
// The -fix runs pass -verify=false unless -verify is set. Each run starts
// from a fresh copy of the module in the same directory, so go's build
// cache stays warm. The endpoint's address is part of the LLM cache key,
// so the batch, warm and edit runs of one round share an llmtest server
// and count their calls as differences. The others get a server of their
// own. For every scenario it prints the median wall time, the calls
// of the last run, the server's maximum requests in flight and the floor:
// ceil(calls / concurrency) × latency plus the median of the report-only
// scenario of the same driver.
//
// Usage:
//
//	llmbench [-testgen path] [-latency 300ms] [-runs 5] [-concurrency 5] [-verify]
//	         [-only scenario,...] [-packages 8 -files 5 -funcs 6] [-vet-p n] [-bare-answers]
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-testgen/testgen/bench/internal/synth"
	"github.com/go-testgen/testgen/llm/llmtest"
)

// spec is the benchmark's module, by default 240 functions in 40 files;
// flags change its size.
var spec = synth.Spec{TestFile: true}

type config struct {
	testgen     string
	latency     time.Duration
	runs        int
	concurrency int
	verify      bool
	work        string
	only        string
	vetParallel int
	bareAnswers bool
}

// A sample is the outcome of one run.
type sample struct {
	wall        time.Duration
	maxRSSKB    int64
	calls       int
	maxInFlight int
	exit        int
}

// A scenario is one way of running testgen.
type scenario struct {
	name string
	// floorOf names the report-only scenario whose median is added to
	// the floor.
	floorOf string
	// usesServer is false for the report-only scenarios.
	usesServer bool
	// sharesServer makes the scenario use the server of the batch run
	// with the same index, because a warm cache needs the same endpoint
	// URL, which is part of the LLM cache key.
	sharesServer bool
	// run performs one measured run in the module directory.
	run func(c *config, dir string, i int, srvURL string) (sample, error)
}

func main() {
	var c config
	flag.StringVar(&c.testgen, "testgen", "", "testgen binary (default: testgen on PATH)")
	flag.DurationVar(&c.latency, "latency", 300*time.Millisecond, "time the server holds back every response")
	flag.IntVar(&c.runs, "runs", 5, "runs of each scenario")
	flag.IntVar(&c.concurrency, "concurrency", 5, "testgen's -concurrency")
	flag.BoolVar(&c.verify, "verify", false, "verify the generated tests (-verify=true) in the -fix runs")
	flag.StringVar(&c.work, "work", "", "work directory (default: a new temporary directory, removed at the end)")
	flag.StringVar(&c.only, "only", "", "comma-separated scenarios to run (default: all)")
	flag.BoolVar(&c.bareAnswers, "bare-answers", false, "answer with test code that lacks its import declaration, so testgen must add the imports")
	flag.IntVar(&c.vetParallel, "vet-p", 0, "go vet's -p: tool processes run at once (default: go's, the number of CPUs)")
	flag.IntVar(&spec.Packages, "packages", 8, "packages of the generated module")
	flag.IntVar(&spec.FilesPerPackage, "files", 5, "files per package")
	flag.IntVar(&spec.FuncsPerFile, "funcs", 6, "functions per file")
	flag.Parse()

	if err := run(&c); err != nil {
		fmt.Fprintf(os.Stderr, "llmbench: %v\n", err)
		os.Exit(1)
	}
}

func run(c *config) error {
	if c.testgen == "" {
		path, err := exec.LookPath("testgen")
		if err != nil {
			return fmt.Errorf("testgen is not on PATH; pass -testgen: %w", err)
		}
		c.testgen = path
	}
	if c.work == "" {
		dir, err := os.MkdirTemp("", "llmbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		c.work = dir
	}
	dir := filepath.Join(c.work, "mod")

	// Warm go's build cache for the module's path and content.
	if err := reset(dir, spec); err != nil {
		return err
	}
	if _, err := measure(dir, nil, c.testgen, "./..."); err != nil {
		return err
	}

	scenarios := selectScenarios(c, allScenarios())
	samples := map[string][]sample{}
	for i := range c.runs {
		shared := newServer(c)
		for _, sc := range scenarios {
			s, err := runScenario(c, sc, dir, i, shared)
			if err != nil {
				shared.close()
				return fmt.Errorf("%s run %d: %w", sc.name, i+1, err)
			}
			samples[sc.name] = append(samples[sc.name], s)
			fmt.Fprintf(os.Stderr, "%-9s run %d: %6.2fs calls %3d in-flight max %d exit %d\n",
				sc.name, i+1, s.wall.Seconds(), s.calls, s.maxInFlight, s.exit)
		}
		shared.close()
	}

	fmt.Printf("functions %d, files %d, packages %d; latency %v, concurrency %d, verify %v, runs %d\n",
		spec.Functions(), spec.Packages*spec.FilesPerPackage, spec.Packages, c.latency, c.concurrency, c.verify, c.runs)
	fmt.Printf("%-9s %9s %9s %6s %9s %9s %6s %8s\n", "scenario", "median", "min", "calls", "in-flight", "floor", "ratio", "maxRSS")
	for _, sc := range scenarios {
		ss := samples[sc.name]
		med := median(ss, func(s sample) float64 { return s.wall.Seconds() })
		low := slices.MinFunc(ss, func(a, b sample) int { return int(a.wall - b.wall) }).wall.Seconds()
		calls := ss[len(ss)-1].calls
		inFlight := slices.MaxFunc(ss, func(a, b sample) int { return a.maxInFlight - b.maxInFlight }).maxInFlight
		rss := median(ss, func(s sample) float64 { return float64(s.maxRSSKB) })
		floor, ratio := "-", "-"
		if base, ok := samples[sc.floorOf]; ok && sc.usesServer {
			f := math.Ceil(float64(calls)/float64(c.concurrency))*c.latency.Seconds() +
				median(base, func(s sample) float64 { return s.wall.Seconds() })
			floor = fmt.Sprintf("%.2fs", f)
			ratio = fmt.Sprintf("%.2f", med/f)
		}
		fmt.Printf("%-9s %8.2fs %8.2fs %6d %9d %9s %6s %6.0fMB\n", sc.name, med, low, calls, inFlight, floor, ratio, rss/1024)
	}
	return nil
}

func allScenarios() []scenario {
	return []scenario{
		{name: "report", run: func(c *config, dir string, i int, _ string) (sample, error) {
			return measure(dir, nil, c.testgen, "./...")
		}},
		{name: "naive", floorOf: "report", usesServer: true, run: func(c *config, dir string, i int, url string) (sample, error) {
			return measure(dir, llmEnv(url, "off"), c.testgen, fixArgs(c, "-batch=1", "-cache=off")...)
		}},
		{name: "batch", floorOf: "report", usesServer: true, sharesServer: true, run: func(c *config, dir string, i int, url string) (sample, error) {
			return measure(dir, llmEnv(url, cacheDir(c, i)), c.testgen, fixArgs(c)...)
		}},
		{name: "warm", floorOf: "report", usesServer: true, sharesServer: true, run: func(c *config, dir string, i int, url string) (sample, error) {
			return measure(dir, llmEnv(url, cacheDir(c, i)), c.testgen, fixArgs(c)...)
		}},
		{name: "edit", floorOf: "report", usesServer: true, sharesServer: true, run: func(c *config, dir string, i int, url string) (sample, error) {
			if err := synth.EditFunction(dir, i); err != nil {
				return sample{}, err
			}
			return measure(dir, llmEnv(url, cacheDir(c, i)), c.testgen, fixArgs(c)...)
		}},
		{name: "gotest", run: func(c *config, dir string, i int, _ string) (sample, error) {
			// Writes the tests untimed, with testgen -fix -verify=false
			// and a server of its own, then times go test of the
			// packages that hold them.
			srv := newServer(c)
			defer srv.close()
			if _, err := measure(dir, llmEnv(srv.URL, filepath.Join(c.work, "gotestcache")), c.testgen, "-fix", "-verify=false", "./..."); err != nil {
				return sample{}, err
			}
			return measure(dir, nil, "go", "test", "-count=1", "./...")
		}},
		{name: "vetreport", run: func(c *config, dir string, i int, _ string) (sample, error) {
			return measure(dir, nil, "go", vetArgs(c, "./...")...)
		}},
		{name: "vetfix", floorOf: "vetreport", usesServer: true, run: func(c *config, dir string, i int, url string) (sample, error) {
			cache := filepath.Join(c.work, fmt.Sprintf("vetcache%d", i))
			return measure(dir, llmEnv(url, cache), "go", vetArgs(c, "-fix",
				fmt.Sprintf("-testgen.concurrency=%d", c.concurrency), fmt.Sprintf("-testgen.verify=%v", c.verify), "./...")...)
		}},
	}
}

// vetArgs returns the arguments of go vet with testgen as its tool.
func vetArgs(c *config, args ...string) []string {
	out := []string{"vet", "-vettool=" + c.testgen}
	if c.vetParallel > 0 {
		out = append(out, fmt.Sprintf("-p=%d", c.vetParallel))
	}
	return append(out, args...)
}

func selectScenarios(c *config, all []scenario) []scenario {
	if c.only == "" {
		return all
	}
	want := strings.Split(c.only, ",")
	var out []scenario
	for _, sc := range all {
		if slices.Contains(want, sc.name) {
			out = append(out, sc)
		}
	}
	return out
}

// A server is an llmtest server with its own lifetime.
type server struct {
	*llmtest.Server
	tb *serverTB
}

// newServer starts a server that replies to every request after c.latency.
func newServer(c *config) *server {
	tb := &serverTB{}
	srv := llmtest.NewServer(tb, func(req *llmtest.Request) llmtest.Reply {
		reply := answerAll(req, c.bareAnswers)
		reply.Delay = c.latency
		return reply
	})
	return &server{Server: srv, tb: tb}
}

func (s *server) close() { s.tb.close() }

// runScenario prepares a fresh copy of the module and runs sc once, with
// shared as its server when sc shares the batch run's server, else with a
// new one. The maximum in flight of a shared server covers the scenarios
// that used it before, so it is an upper bound for the run.
func runScenario(c *config, sc scenario, dir string, i int, shared *server) (sample, error) {
	s := spec
	if strings.HasPrefix(sc.name, "vet") {
		// A new salt per run keeps go vet from replaying the previous
		// run's output from its cache.
		s.Salt = fmt.Sprintf("%s-%d-%d", sc.name, i, time.Now().UnixNano())
	}
	if err := reset(dir, s); err != nil {
		return sample{}, err
	}
	if !sc.usesServer {
		return sc.run(c, dir, i, "")
	}

	srv := shared
	if !sc.sharesServer {
		srv = newServer(c)
		defer srv.close()
	}
	before := srv.Calls()
	got, err := sc.run(c, dir, i, srv.URL)
	got.calls = srv.Calls() - before
	got.maxInFlight = srv.MaxInFlight()
	return got, err
}

func fixArgs(c *config, extra ...string) []string {
	args := []string{"-fix", fmt.Sprintf("-verify=%v", c.verify), fmt.Sprintf("-concurrency=%d", c.concurrency)}
	args = append(args, extra...)
	return append(args, "./...")
}

// cacheDir is the LLM cache of the i-th batch run, which the warm and
// edit runs that follow reuse.
func cacheDir(c *config, i int) string {
	return filepath.Join(c.work, fmt.Sprintf("cache%d", i))
}

func llmEnv(url, cache string) []string {
	return append(os.Environ(),
		"OPENAI_BASE_URL="+url,
		"OPENAI_API_KEY=sk-bench-not-a-real-key",
		"TESTGEN_MODEL=bench-model",
		"TESTGEN_CACHE="+cache,
	)
}

// reset replaces dir with a fresh copy of the module s describes.
func reset(dir string, s synth.Spec) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return s.Write(dir)
}

// measure runs name with args in dir and returns its wall time and the
// maximum resident set size of the process and its children. Exit codes
// 0, 1 (go vet's code for diagnostics) and 3 (testgen's) are results, not
// failures, since both report untested functions with them.
func measure(dir string, env []string, name string, args ...string) (sample, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start)}
	if cmd.ProcessState == nil {
		return s, err
	}
	s.exit = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.maxRSSKB = ru.Maxrss
	}
	if s.exit != 0 && s.exit != 1 && s.exit != 3 {
		return s, fmt.Errorf("%s %s: exit code %d:\n%s", name, strings.Join(args, " "), s.exit, tail(stderr.String()))
	}
	if s.exit == 1 && !strings.Contains(stderr.String(), "has no test") {
		return s, fmt.Errorf("%s %s: exit code 1:\n%s", name, strings.Join(args, " "), tail(stderr.String()))
	}
	return s, nil
}

func tail(s string) string {
	const max = 2000
	if len(s) > max {
		return "…" + s[len(s)-max:]
	}
	return s
}

func median(ss []sample, value func(sample) float64) float64 {
	vs := make([]float64, len(ss))
	for i, s := range ss {
		vs[i] = value(s)
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}

// functionRx finds each function of a prompt and its test name.
var functionRx = regexp.MustCompile(`(?m)^## (\S+)\nTest name: (\S+)$`)

// answerAll replies to a request with a passing test for each function it
// lists. Every function of the module takes an int and returns at least
// that int. The code carries its import declaration, as the system prompt
// asks, unless bare is set.
func answerAll(req *llmtest.Request, bare bool) llmtest.Reply {
	header := "import \"testing\"\n\n"
	if bare {
		header = ""
	}
	var entries []llmtest.Entry
	for _, m := range functionRx.FindAllStringSubmatch(req.User, -1) {
		name, test := m[1], m[2]
		entries = append(entries, llmtest.Entry{Name: name, Code: header + fmt.Sprintf(
			"func %s(t *testing.T) {\n\tif got := %s(1); got < 1 {\n\t\tt.Errorf(\"%s(1) = %%d, want at least 1\", got)\n\t}\n}\n",
			test, name, name)})
	}
	return llmtest.Reply{Content: llmtest.Tests(entries...), PromptTokens: 100, CompletionTokens: 50}
}

// serverTB is the part of testing.TB that llmtest.NewServer uses, so that
// the server runs outside a test. Other methods are not implemented and
// panic.
type serverTB struct {
	testing.TB
	cleanups []func()
}

func (t *serverTB) Helper() {}

func (t *serverTB) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }

func (t *serverTB) close() {
	for _, f := range slices.Backward(t.cleanups) {
		f()
	}
}

package main

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-testgen/testgen/llm/llmtest"
)

// secretKey is the API key of the reliability tests. It is distinctive, so
// that a search of any output or file for it finds only a leak.
const secretKey = "sk-testgen-SECRET-0123456789"

// secretEnv returns llmEnv for srv with secretKey as the API key.
func secretEnv(srv *llmtest.Server, cache string) []string {
	return append(llmEnv(srv, cache), "OPENAI_API_KEY="+secretKey)
}

// answerWith replies to a batch request with code(name, testName) for
// each function it lists.
func answerWith(code func(name, test string) string) llmtest.Responder {
	return func(req *llmtest.Request) llmtest.Reply {
		var entries []llmtest.Entry
		for _, m := range functionRx.FindAllStringSubmatch(req.User, -1) {
			entries = append(entries, llmtest.Entry{Name: m[1], Code: code(m[1], m[2])})
		}
		return llmtest.Reply{Content: llmtest.Tests(entries...)}
	}
}

// passingTest is the code of answerAll: a test of name that passes.
func passingTest(name, test string) string {
	return fmt.Sprintf("func %s(t *testing.T) {\n\tif got := %s(1); got < 1 {\n\t\tt.Errorf(\"%s(1) = %%d, want at least 1\", got)\n\t}\n}\n", test, name, name)
}

// always returns a Responder that sends reply to every request.
func always(reply llmtest.Reply) llmtest.Responder {
	return func(*llmtest.Request) llmtest.Reply { return reply }
}

// times returns n copies of reply, for llmtest.Script.
func times(n int, reply llmtest.Reply) []llmtest.Reply {
	replies := make([]llmtest.Reply, n)
	for i := range replies {
		replies[i] = reply
	}
	return replies
}

// faultFunctions are the functions of the package that every fault case
// requests tests for.
var faultFunctions = []string{"F0_0", "F0_1", "F0_2"}

// untestedRx finds the report of a function without a test and the reason.
var untestedRx = regexp.MustCompile(`exported function (F0_\d) has no test; (.+)`)

// A faultCase is one fault of the endpoint or of its responses.
type faultCase struct {
	name    string
	respond func() llmtest.Responder
	args    []string // flags besides -fix and -concurrency

	maxCalls int
	// tested lists the functions that end with a verified test; every
	// other function must be reported with the reason it has none.
	tested []string
	// failRun is set when no test at all can be generated, so the run
	// ends with exit status 1 and one message for the package.
	failRun bool
	// wantOutput is part of the output: the reason, in the user's words.
	wantOutput string
	// check makes further checks of the written test file.
	check func(t *testing.T, testFile string)

	// abandons is set when testgen gives up on requests that the server
	// still holds: the server notices a closed connection a moment after
	// the client moved on, so it may count one abandoned request more.
	abandons bool
}

// faultConcurrency is the -concurrency of the fault cases, below the 3
// single-function requests that a failed batch turns into.
const faultConcurrency = 2

func faultCases() []faultCase {
	limited := llmtest.Reply{Status: 429, Header: map[string]string{"retry-after-ms": "50"}, ErrorMessage: "rate limited"}
	cases := []faultCase{
		{
			name:     "429 storm with Retry-After",
			respond:  func() llmtest.Responder { return llmtest.Script(answerAll, times(5, limited)...) },
			maxCalls: 3 + 3*3, // the batch's 3 attempts, then 3 attempts per function
			tested:   faultFunctions,
		},
		{
			name:       "429 on every request",
			respond:    func() llmtest.Responder { return always(limited) },
			maxCalls:   3 + 3*3,
			failRun:    true,
			wantOutput: "endpoint returned 429 Too Many Requests: rate limited",
		},
		{
			name:       "503 on every request",
			respond:    func() llmtest.Responder { return always(llmtest.Reply{Status: 503, ErrorMessage: "overloaded"}) },
			args:       []string{"-retries=2"},
			maxCalls:   2 + 3*2,
			failRun:    true,
			wantOutput: "completion failed after 2 attempts: endpoint returned 503 Service Unavailable: overloaded",
		},
		{
			name: "connection reset before the response",
			respond: func() llmtest.Responder {
				return llmtest.Script(answerAll, times(2, llmtest.Reply{Reset: true})...)
			},
			maxCalls: 3,
			tested:   faultFunctions,
		},
		{
			name: "connection reset in the middle of the body",
			respond: func() llmtest.Responder {
				return llmtest.Script(answerAll, times(2, llmtest.Reply{Content: llmtest.Tests(), CutAfter: 30})...)
			},
			maxCalls: 3,
			tested:   faultFunctions,
		},
		{
			name: "answers slower than -timeout",
			respond: func() llmtest.Responder {
				return llmtest.Script(answerAll, times(2, llmtest.Reply{Delay: 5 * time.Second})...)
			},
			args:     []string{"-timeout=400ms"},
			maxCalls: 3,
			tested:   faultFunctions,
			abandons: true,
		},
		{
			name:       "hung server",
			respond:    func() llmtest.Responder { return always(llmtest.Reply{Delay: time.Hour}) },
			args:       []string{"-timeout=300ms", "-retries=2"},
			maxCalls:   2 + 3*2,
			failRun:    true,
			wantOutput: "completion timed out after 300ms",
			abandons:   true,
		},
		{
			name:       "HTML page with status 200",
			respond:    func() llmtest.Responder { return always(llmtest.Reply{Body: "<html><body>Log in</body></html>"}) },
			maxCalls:   1 + 3, // not retried; the batch is asked again per function
			failRun:    true,
			wantOutput: "returned a response that is not a chat completion: invalid character '<'",
		},
		{
			name:       "invalid JSON",
			respond:    func() llmtest.Responder { return always(llmtest.Reply{Body: `{"choices": oops}`}) },
			maxCalls:   1 + 3,
			failRun:    true,
			wantOutput: "returned a response that is not a chat completion: invalid character 'o'",
		},
		{
			name:       "incomplete JSON",
			respond:    func() llmtest.Responder { return always(llmtest.Reply{Body: `{"choices": [`}) },
			args:       []string{"-retries=2"},
			maxCalls:   2 + 3*2, // retried, as a body cut by the network is
			failRun:    true,
			wantOutput: "sent an incomplete response: unexpected EOF",
		},
		{
			name:       "JSON of the wrong shape",
			respond:    func() llmtest.Responder { return always(llmtest.Reply{Body: `{"choices": {"text": "hi"}}`}) },
			maxCalls:   1 + 3,
			failRun:    true,
			wantOutput: "returned a response that is not a chat completion: json: cannot unmarshal object",
		},
		{
			name:       "empty choices",
			respond:    func() llmtest.Responder { return always(llmtest.Reply{Body: `{"choices": []}`}) },
			maxCalls:   1 + 3,
			failRun:    true,
			wantOutput: "returned no choices",
		},
		{
			name: "content without the tests",
			respond: func() llmtest.Responder {
				return always(llmtest.Reply{Content: `{"answer": "Here are your tests!"}`})
			},
			maxCalls:   1 + 3,
			failRun:    true,
			wantOutput: "no valid test for F0_0 in the response: missing from the response",
		},
		{
			name: "truncated answer",
			respond: func() llmtest.Responder {
				full := answerAll(&llmtest.Request{User: "## F0_0\nTest name: TestF0_0\n\n## F0_1\nTest name: TestF0_1\n"}).Content
				cut := full[:strings.Index(full, `"F0_1"`)+12]
				return llmtest.Script(answerAll, llmtest.Reply{Content: cut, FinishReason: "length"})
			},
			maxCalls: 1 + 2, // F0_0 comes from the cut answer
			tested:   faultFunctions,
		},
		{
			name: "answer larger than 8 MiB",
			respond: func() llmtest.Responder {
				return llmtest.Script(answerAll, llmtest.Reply{Content: strings.Repeat("x", 9<<20)})
			},
			maxCalls: 1 + 3,
			tested:   faultFunctions,
		},
		{
			name: "code that does not parse",
			respond: func() llmtest.Responder {
				return answerWith(func(name, test string) string {
					if name == "F0_1" {
						return "func " + test + "(t *testing.T) {\n\tif F0_1(1) != 2 {"
					}
					return passingTest(name, test)
				})
			},
			maxCalls:   1 + 1,
			tested:     []string{"F0_0", "F0_2"},
			wantOutput: "F0_1 has no test; no test was generated: no valid test for F0_1 in the response: invalid Go code",
		},
		{
			name: "package main",
			respond: func() llmtest.Responder {
				return answerWith(func(name, test string) string {
					return "package main\n\nimport \"testing\"\n\n" + passingTest(name, test)
				})
			},
			maxCalls: 1,
			tested:   faultFunctions,
			check: func(t *testing.T, file string) {
				if !strings.HasPrefix(file, "package calc\n") || strings.Contains(file, "package main") {
					t.Errorf("test file is not in package calc:\n%s", file)
				}
			},
		},
		{
			name: "another package",
			respond: func() llmtest.Responder {
				return answerWith(func(name, test string) string {
					return "package calc_other\n\n" + passingTest(name, test)
				})
			},
			maxCalls: 1,
			tested:   faultFunctions,
			check: func(t *testing.T, file string) {
				if strings.Contains(file, "calc_other") {
					t.Errorf("test file has the answer's package clause:\n%s", file)
				}
			},
		},
		{
			name: "init and non-test functions",
			respond: func() llmtest.Responder {
				return answerWith(func(name, test string) string {
					return fmt.Sprintf("func init() {\n\tpanic(\"init of %s ran\")\n}\n\nfunc main() {}\n\n"+
						"func F0_9(x int) int { return x }\n\nfunc helper%s() int { return 1 }\n\n"+
						"func %s(t *testing.T) {\n\tif %s(helper%s()) < 1 {\n\t\tt.Error(\"too small\")\n\t}\n}\n",
						test, test, test, name, test)
				})
			},
			maxCalls: 1,
			tested:   faultFunctions,
			check: func(t *testing.T, file string) {
				for _, unwanted := range []string{"func init()", "func main()", "func F0_9("} {
					if strings.Contains(file, unwanted) {
						t.Errorf("test file declares %s:\n%s", unwanted, file)
					}
				}
				if !strings.Contains(file, "func helperTestF0_0() int") {
					t.Errorf("test file lacks the helper that a test uses:\n%s", file)
				}
			},
		},
		{
			name: "import of a module that go.mod lacks",
			respond: func() llmtest.Responder {
				return answerWith(func(name, test string) string {
					if name != "F0_2" {
						return passingTest(name, test)
					}
					return "import (\n\t\"testing\"\n\n\t\"github.com/stretchr/testify/require\"\n)\n\n" +
						"func " + test + "(t *testing.T) {\n\trequire.Equal(t, 3, F0_2(1))\n}\n"
				})
			},
			args:       []string{"-repairs=1"},
			maxCalls:   1 + 1, // the batch and one repair
			tested:     []string{"F0_0", "F0_1"},
			wantOutput: "F0_2 has no test; the generated test failed verification",
		},
	}
	for _, status := range []int{500, 502, 503, 529} {
		failing := llmtest.Reply{Status: status, Header: map[string]string{"retry-after-ms": "50"}, ErrorMessage: "try later"}
		cases = append(cases, faultCase{
			name:     fmt.Sprintf("%d twice", status),
			respond:  func() llmtest.Responder { return llmtest.Script(answerAll, failing, failing) },
			maxCalls: 3,
			tested:   faultFunctions,
		})
	}
	return cases
}

// TestReliability_llmFaults runs testgen -fix against an endpoint that
// fails or responds badly in one way per case. In every case the calls are
// bounded, the requests in flight stay within -concurrency, each function
// ends with a verified test or a message that says why it has none, the
// written files pass go vet, and no output shows the API key.
func TestReliability_llmFaults(t *testing.T) {
	cases := faultCases()
	// One module holds a package per case, so one go vet checks them all.
	files := map[string]string{}
	for i := range cases {
		src := calcModule(1, len(faultFunctions))["calc/f0.go"]
		files[fmt.Sprintf("c%02d/f0.go", i)] = src
	}
	dir := writeModule(t, files)
	goModBefore := readFile(t, filepath.Join(dir, "go.mod"))

	t.Run("cases", func(t *testing.T) {
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				runFaultCase(t, tc, dir, fmt.Sprintf("c%02d", i))
			})
		}
	})

	if out, code := runCmd(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet after the fault cases:\n%s", out)
	}
	if got := readFile(t, filepath.Join(dir, "go.mod")); got != goModBefore {
		t.Errorf("go.mod changed:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.sum")); err == nil {
		t.Error("go.sum was created")
	}
}

func runFaultCase(t *testing.T, tc faultCase, dir, pkg string) {
	srv := llmtest.NewServer(t, tc.respond())
	cache := t.TempDir()
	args := append([]string{"-fix", fmt.Sprintf("-concurrency=%d", faultConcurrency), "-verify-runs=1", "-repairs=0"}, tc.args...)
	args = append(args, "./"+pkg)

	start := time.Now()
	out, code := runWithEnv(t, dir, secretEnv(srv, cache), args...)
	t.Logf("testgen %s: exit status %d after %v:\n%s", strings.Join(args, " "), code, time.Since(start).Round(time.Millisecond), out)

	if n := srv.Calls(); n > tc.maxCalls {
		t.Errorf("made %d calls, want at most %d", n, tc.maxCalls)
	}
	maxInFlight := faultConcurrency
	if tc.abandons {
		maxInFlight++
	}
	if n := srv.MaxInFlight(); n > maxInFlight {
		t.Errorf("%d requests were in flight at once, want at most %d", n, maxInFlight)
	}
	if strings.Contains(out, secretKey) {
		t.Errorf("the output shows the API key")
	}
	if tc.wantOutput != "" && !strings.Contains(out, tc.wantOutput) {
		t.Errorf("the output lacks %q", tc.wantOutput)
	}

	testFile := filepath.Join(dir, pkg, "f0_test.go")
	if tc.failRun {
		if code != exitFailure {
			t.Errorf("exit status %d, want %d", code, exitFailure)
		}
		if want := "testgen: generating tests for example.com/m/" + pkg + ": no test generated for 3 functions"; !strings.Contains(out, want) {
			t.Errorf("the output lacks %q", want)
		}
		if _, err := os.Stat(testFile); err == nil {
			t.Errorf("%s was written although no test was generated", testFile)
		}
		return
	}

	if code != exitOK {
		t.Errorf("exit status %d, want %d", code, exitOK)
	}
	written := ""
	if b, err := os.ReadFile(testFile); err == nil {
		written = string(b)
	}
	reasons := map[string]string{}
	for _, m := range untestedRx.FindAllStringSubmatch(out, -1) {
		reasons[m[1]] = m[2]
	}
	for _, name := range faultFunctions {
		hasTest := strings.Contains(written, "func Test"+name+"(")
		wantTest := false
		for _, n := range tc.tested {
			wantTest = wantTest || n == name
		}
		switch {
		case wantTest && !hasTest:
			t.Errorf("%s has no test; reason: %q", name, reasons[name])
		case !wantTest && hasTest:
			t.Errorf("%s has a test, want none", name)
		case !wantTest && reasons[name] == "":
			t.Errorf("%s has no test and no message saying why", name)
		}
	}
	if tc.check != nil {
		tc.check(t, written)
	}
}

// TestReliability_connectionRefused points testgen at a port on 127.0.0.1
// that was opened and closed, so nothing listens there.
func TestReliability_connectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	dir := writeModule(t, calcModule(1, 3))
	env := append(os.Environ(),
		"OPENAI_BASE_URL=http://"+addr+"/v1",
		"OPENAI_API_KEY="+secretKey,
		"TESTGEN_CACHE="+t.TempDir(),
	)
	start := time.Now()
	out, code := runWithEnv(t, dir, env, "-fix", "-retries=2", "./...")
	elapsed := time.Since(start)

	if code != exitFailure {
		t.Errorf("exit status %d, want %d:\n%s", code, exitFailure, out)
	}
	if !strings.Contains(out, "connection refused") || !strings.Contains(out, addr) {
		t.Errorf("the output does not say that %s refused the connection:\n%s", addr, out)
	}
	if !strings.Contains(out, "completion failed after 2 attempts") {
		t.Errorf("the output does not give the attempts:\n%s", out)
	}
	if strings.Contains(out, secretKey) {
		t.Errorf("the output shows the API key:\n%s", out)
	}
	// 4 requests of 2 attempts each, with one backoff of at most 500ms.
	if elapsed > 15*time.Second {
		t.Errorf("the run took %v", elapsed)
	}
	if _, err := os.Stat(filepath.Join(dir, "calc", "f0_test.go")); err == nil {
		t.Error("a test file was written")
	}
}

// TestReliability_hungListener points testgen at a listener that accepts
// connections and never reads or answers.
func TestReliability_hungListener(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	var accepted atomic.Int32
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			conns = append(conns, c)
		}
	}()

	dir := writeModule(t, calcModule(1, 3))
	env := append(os.Environ(),
		"OPENAI_BASE_URL=http://"+l.Addr().String()+"/v1",
		"OPENAI_API_KEY="+secretKey,
		"TESTGEN_CACHE="+t.TempDir(),
	)
	start := time.Now()
	out, code := runWithEnv(t, dir, env, "-fix", "-timeout=300ms", "-retries=2", "-concurrency=2", "./...")
	elapsed := time.Since(start)

	if code != exitFailure {
		t.Errorf("exit status %d, want %d:\n%s", code, exitFailure, out)
	}
	if !strings.Contains(out, "completion timed out after 300ms") {
		t.Errorf("the output does not say that the requests timed out:\n%s", out)
	}
	if n := accepted.Load(); n > 2+3*2 {
		t.Errorf("%d connections, want at most one per attempt (8)", n)
	}
	if elapsed > 15*time.Second {
		t.Errorf("the run took %v", elapsed)
	}
}

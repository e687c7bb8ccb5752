package verify

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"regexp"
	"strings"
)

// A testEvent is one line of go test -json output, as documented by
// go doc test2json, with the build events that go test adds since Go 1.24.
type testEvent struct {
	Action      string
	Package     string
	Test        string
	Output      string
	ImportPath  string
	FailedBuild string
}

// A testResult gathers the events of one top-level test over all runs.
type testResult struct {
	started, passed, failed, skipped int

	// output holds the test's output and its subtests', without the
	// "=== RUN" lines that go test -v prints for every run.
	output []string
}

// finished returns the number of runs that ended with a verdict.
func (r *testResult) finished() int { return r.passed + r.failed + r.skipped }

// A runReport is what one go test invocation reported.
type runReport struct {
	tests map[string]*testResult

	// buildOutput holds the compiler and vet output, and buildFailed is
	// set when the test binary could not be built.
	buildOutput []string
	buildFailed bool

	// passed is set when go test reported the package as passed.
	passed bool

	// timeout is the -timeout value from a "test timed out after" panic,
	// empty when the binary did not time out.
	timeout string

	// other holds the output lines of the package that no test claimed,
	// and events counts the JSON events read.
	other  []string
	events int
}

var timedOut = regexp.MustCompile(`^panic: test timed out after (\S+)`)

// parseEvents reads go test -json output. A line that is not JSON, which
// the go command prints for errors before the build starts, goes to other.
func parseEvents(r io.Reader) *runReport {
	rep := &runReport{tests: map[string]*testResult{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var ev testEvent
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if err := json.Unmarshal(line, &ev); err != nil {
			rep.other = append(rep.other, string(line))
			continue
		}
		rep.events++
		rep.add(&ev)
	}
	return rep
}

func (rep *runReport) add(ev *testEvent) {
	switch ev.Action {
	case "build-output":
		rep.buildOutput = append(rep.buildOutput, strings.TrimRight(ev.Output, "\n"))
		return
	case "build-fail":
		rep.buildFailed = true
		return
	}
	if ev.FailedBuild != "" {
		rep.buildFailed = true
	}
	if m := timedOut.FindStringSubmatch(ev.Output); m != nil {
		rep.timeout = m[1]
	}

	if ev.Test == "" {
		if ev.Action == "pass" {
			rep.passed = true
		}
		if ev.Action == "output" {
			rep.other = append(rep.other, strings.TrimRight(ev.Output, "\n"))
		}
		return
	}

	// Subtests are named "TestX/sub". Their output counts for TestX, but
	// only the top-level test's own verdict counts as a run.
	top, _, isSub := strings.Cut(ev.Test, "/")
	res := rep.tests[top]
	if res == nil {
		res = &testResult{}
		rep.tests[top] = res
	}
	switch ev.Action {
	case "output":
		out := strings.TrimRight(ev.Output, "\n")
		trimmed := strings.TrimSpace(out)
		if strings.HasPrefix(trimmed, "=== ") {
			return
		}
		res.output = append(res.output, out)
	case "run":
		if !isSub {
			res.started++
		}
	case "pass":
		if !isSub {
			res.passed++
		}
	case "fail":
		if !isSub {
			res.failed++
		}
	case "skip":
		if !isSub {
			res.skipped++
		}
	}
}

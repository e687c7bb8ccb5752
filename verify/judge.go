package verify

import (
	"bytes"
	"fmt"
	"strings"
)

// judgeRun decides what it can about the active candidates from one go
// test run. A candidate that is left out of the result was not decided,
// because the test binary stopped before its tests finished every run, and
// goes into the next round.
func (r *Runner) judgeRun(dir string, ov *overlay, active []*prepared, run *goRun) (map[*prepared]verdict, error) {
	rep := parseEvents(bytes.NewReader(run.stdout))
	decided := map[*prepared]verdict{}

	if rep.buildFailed || (len(rep.tests) == 0 && len(rep.buildOutput) > 0 && !rep.passed) {
		blame := attributeBuild(dir, ov, rep.buildOutput)
		for p, msgs := range blame.errors {
			decided[p] = verdict{reason: firstLines(strings.Join(msgs, "\n"), maxReasonLines), cacheable: true}
		}
		if len(decided) == 0 {
			reason := "the package does not build with the generated tests, and the errors are outside them:\n" +
				strings.Join(append(blame.unattributed, rep.other...), "\n")
			for _, p := range active {
				decided[p] = verdict{reason: firstLines(reason, maxReasonLines)}
			}
		}
		return decided, nil
	}

	if rep.events == 0 && run.err != nil && !run.killed {
		// The go command failed before building, as it does for an
		// invalid go.mod, so no candidate is to blame.
		return nil, fmt.Errorf("go test in %s failed: %s", dir,
			firstLines(strings.TrimSpace(string(run.stderr)+"\n"+strings.Join(rep.other, "\n")), maxReasonLines))
	}

	runs := r.runs()
	for _, p := range active {
		v, ok := judgeCandidate(p, rep, run, runs, r.killLimit().String())
		if ok {
			decided[p] = v
		}
	}

	if len(decided) == 0 {
		// Nothing finished, so another round would see the same.
		reason := "go test reported no result for the test"
		if run.killed {
			reason = fmt.Sprintf("timed out after %s: the go command was killed", r.killLimit())
		}
		output := strings.TrimSpace(strings.Join(rep.other, "\n") + "\n" + string(run.stderr))
		if output != "" {
			reason += ":\n" + output
		}
		for _, p := range active {
			decided[p] = verdict{reason: firstLines(strings.TrimSpace(reason), maxReasonLines)}
		}
	}
	return decided, nil
}

// judgeCandidate decides one candidate from the run's events. It reports
// false when the candidate's tests did not finish every run and none
// failed.
func judgeCandidate(p *prepared, rep *runReport, run *goRun, runs int, killLimit string) (verdict, bool) {
	complete := true
	for _, name := range p.runs {
		// The testing package runs examples once per test binary, whatever
		// the -count flag is.
		// NOTE: so a flaky example is not detected.
		want := runs
		if strings.HasPrefix(name, "Example") {
			want = 1
		}
		res := rep.tests[name]
		if res == nil {
			res = &testResult{}
		}
		switch {
		case res.failed > 0 && res.failed < res.finished():
			reason := fmt.Sprintf("flaky: failed %d of %d runs", res.failed, res.finished())
			return verdict{reason: reason + "\n" + firstLines(failureOutput(res), maxReasonLines-1), cacheable: true}, true

		case res.failed > 0:
			return verdict{reason: firstLines(failureOutput(res), maxReasonLines), cacheable: true}, true

		case res.started > res.finished():
			// The test was running when the binary stopped.
			switch {
			case rep.timeout != "":
				return verdict{reason: "timed out after " + rep.timeout}, true
			case run.killed:
				return verdict{reason: "timed out after " + killLimit + ": the go command was killed"}, true
			}
			reason := "the test binary exited while the test was running:\n" + failureOutput(res)
			return verdict{reason: firstLines(reason, maxReasonLines), cacheable: true}, true

		case res.finished() < want && !rep.passed:
			// Another test stopped the binary before this one finished
			// every run.
			complete = false
		}
	}
	if !complete {
		return verdict{}, false
	}
	return verdict{passed: true, cacheable: true}, true
}

// failureOutput returns a test's output without the lines of the runs that
// passed.
func failureOutput(res *testResult) string {
	var lines []string
	for _, l := range res.output {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "--- PASS") || strings.HasPrefix(t, "--- SKIP") || t == "" {
			continue
		}
		// go test indents a test's log lines by four spaces per level.
		lines = append(lines, strings.TrimPrefix(l, "    "))
	}
	return strings.Join(lines, "\n")
}

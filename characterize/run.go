package characterize

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A record is the outcome the probe observed for one call of one input.
type record struct {
	ID      int      `json:"id"`
	Setup   string   `json:"setup,omitempty"`
	Timeout bool     `json:"timeout,omitempty"`
	Results []*value `json:"results,omitempty"`
	Err     *string  `json:"err,omitempty"`
	Is      []string `json:"is,omitempty"`
	Panic   *string  `json:"panic,omitempty"`
	Recv    *value   `json:"recv,omitempty"`
	Cover   []int    `json:"cover,omitempty"`
}

// outcome returns what the call did, without its coverage: two records
// with equal outcomes describe the same behaviour.
func (r *record) outcome() string {
	c := *r
	c.ID, c.Cover = 0, nil
	data, _ := json.Marshal(c)
	return string(data)
}

// A prober runs probes in one package directory.
type prober struct {
	dir     string
	pkgName string
	lp      *loadedPackage
	timeout time.Duration
	// callTimeout bounds one call inside the probe, so an input that
	// loops forever costs one input and not the whole run.
	callTimeout time.Duration
	log         *slog.Logger
}

// maxProbeAttempts bounds how often a probe is rerun after leaving out the
// plans that broke its compilation or the input that crashed it.
const maxProbeAttempts = 4

// run runs inputs in one go test process, each repeats times, with the
// package instrumented for coverage when cover is set. It returns the
// records by input id, and the plans it had to give up with the reason.
func (pr *prober) run(ctx context.Context, inputs []*input, cover bool, repeats int) (map[int][]*record, map[*plan]string, error) {
	tmp, err := os.MkdirTemp("", "testgen-characterize-*")
	if err != nil {
		return nil, nil, fmt.Errorf("creating a temporary directory for the probe: %w", err)
	}
	defer os.RemoveAll(tmp)

	replace := map[string]string{}
	var vars []coverVar
	if cover {
		replace, vars, err = instrument(ctx, tmp, pr.lp.nonTestFiles())
		if err != nil {
			// Without coverage, inputs are still chosen by their results.
			pr.log.Debug("coverage instrumentation failed", "dir", pr.dir, "err", err)
			replace, vars = map[string]string{}, nil
		}
	}

	failed := map[*plan]string{}
	for attempt := 1; ; attempt++ {
		ps, kept, err := writeProbe(pr.pkgName, inputs, vars, repeats, int(pr.callTimeout/time.Millisecond))
		if err != nil {
			return nil, failed, err
		}
		if len(kept) == 0 {
			return map[int][]*record{}, failed, nil
		}
		probePath := filepath.Join(tmp, probeFile)
		if err := os.WriteFile(probePath, ps.src, 0o600); err != nil {
			return nil, failed, fmt.Errorf("writing the probe: %w", err)
		}
		replace[filepath.Join(pr.dir, probeFile)] = probePath
		ovPath := filepath.Join(tmp, "overlay.json")
		data, _ := json.Marshal(map[string]any{"Replace": replace})
		if err := os.WriteFile(ovPath, data, 0o600); err != nil {
			return nil, failed, fmt.Errorf("writing the overlay: %w", err)
		}

		out, runErr := pr.goTest(ctx, ovPath)
		if ctx.Err() != nil {
			return nil, failed, ctx.Err()
		}
		recs, starts, done := parseProbeOutput(out)
		if done {
			return recs, failed, nil
		}
		if attempt == maxProbeAttempts {
			return nil, failed, fmt.Errorf("the probe failed %d times; last failure: %w: %s", attempt, runErr, tail(out, 20))
		}

		// A compile error in the probe belongs to the plan whose calls sit
		// on that line; leave that plan out and try again.
		if bad := plansAtLines(ps, probeErrorLines(out)); len(bad) > 0 {
			for p, msg := range bad {
				failed[p] = "the probe did not compile: " + msg
			}
			inputs = withoutPlans(kept, bad)
			continue
		}

		// A crash (os.Exit, stack overflow, fatal error) happened in the
		// last input that started without a record; leave it out.
		if len(starts) > 0 {
			last := starts[len(starts)-1]
			if _, ok := recs[last]; !ok {
				pr.log.Debug("probe input crashed the test process", "dir", pr.dir, "input", last)
				inputs = withoutInput(kept, last)
				continue
			}
		}
		return nil, failed, fmt.Errorf("go test failed to run the probe: %w: %s", runErr, tail(out, 20))
	}
}

// goTest runs the probe test and returns its combined output.
func (pr *prober) goTest(ctx context.Context, overlay string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, pr.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-vet=off", "-overlay="+overlay,
		"-run=^TestTestgenProbe$", "-count=1", "-v", "-timeout="+pr.timeout.String(), ".")
	cmd.Dir = pr.dir
	setProcessGroup(cmd)
	cmd.WaitDelay = 2 * time.Second
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	start := time.Now()
	err := cmd.Run()
	pr.log.Debug("probe ran", "dir", pr.dir, "duration", time.Since(start), "err", err)
	if ctx.Err() == context.DeadlineExceeded {
		err = fmt.Errorf("timed out after %s; raise the probe timeout: %w", pr.timeout, err)
	}
	return buf.Bytes(), err
}

// parseProbeOutput returns the records by input id, the ids in the order
// they started, and whether the probe ran to its end.
func parseProbeOutput(out []byte) (map[int][]*record, []int, bool) {
	recs := map[int][]*record{}
	var starts []int
	done := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, startMarker):
			if id, err := strconv.Atoi(strings.TrimPrefix(line, startMarker)); err == nil {
				starts = append(starts, id)
			}
		case strings.HasPrefix(line, recordMarker):
			var r record
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, recordMarker)), &r); err == nil {
				recs[r.ID] = append(recs[r.ID], &r)
			}
		case line == doneMarker:
			done = true
		}
	}
	return recs, starts, done
}

var probeErrorLine = regexp.MustCompile(regexp.QuoteMeta(probeFile) + `:(\d+):\d+: (.*)`)

// probeErrorLines maps the probe's line numbers in compiler output to the
// error messages on them.
func probeErrorLines(out []byte) map[int]string {
	lines := map[int]string{}
	for _, m := range probeErrorLine.FindAllSubmatch(out, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		if _, ok := lines[n]; !ok {
			lines[n] = string(m[2])
		}
	}
	return lines
}

func plansAtLines(ps *probeSource, lines map[int]string) map[*plan]string {
	bad := map[*plan]string{}
	for n, msg := range lines {
		for p, r := range ps.lines {
			if n >= r[0] && n <= r[1] {
				bad[p] = msg
			}
		}
	}
	return bad
}

func withoutPlans(inputs []*input, bad map[*plan]string) []*input {
	var out []*input
	for _, in := range inputs {
		if _, ok := bad[in.plan]; !ok {
			out = append(out, in)
		}
	}
	return out
}

func withoutInput(inputs []*input, id int) []*input {
	var out []*input
	for _, in := range inputs {
		if in.id != id {
			out = append(out, in)
		}
	}
	return out
}

var coverCount = regexp.MustCompile(`Count\s+\[(\d+)\]uint32`)

// instrument runs go tool cover on each file, writing the instrumented
// copies below dir, and returns the overlay replacements and the counter
// variables. Set mode is enough because only whether a block ran matters.
func instrument(ctx context.Context, dir string, files []string) (map[string]string, []coverVar, error) {
	replace := map[string]string{}
	var vars []coverVar
	for i, f := range files {
		name := fmt.Sprintf("testgenCover%d", i)
		out := filepath.Join(dir, "cover", strconv.Itoa(i), filepath.Base(f))
		if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
			return nil, nil, fmt.Errorf("creating a directory for instrumented files: %w", err)
		}
		cmd := exec.CommandContext(ctx, "go", "tool", "cover", "-mode=set", "-var="+name, "-o", out, f)
		if msg, err := cmd.CombinedOutput(); err != nil {
			return nil, nil, fmt.Errorf("go tool cover %s: %w: %s", f, err, msg)
		}
		src, err := os.ReadFile(out)
		if err != nil {
			return nil, nil, fmt.Errorf("reading the instrumented %s: %w", f, err)
		}
		m := coverCount.FindSubmatch(src)
		if m == nil {
			return nil, nil, errors.New("go tool cover wrote no counters for " + f)
		}
		n, _ := strconv.Atoi(string(m[1]))
		replace[f] = out
		vars = append(vars, coverVar{name: name, blocks: n})
	}
	return replace, vars, nil
}

// tail returns the last n lines of out, for error messages.
func tail(out []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

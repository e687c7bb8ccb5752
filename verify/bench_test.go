package verify

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"testing"
)

// BenchmarkVerify measures a Verify call on a package with n passing
// candidates, without the cache: one go test build and Runs runs.
func BenchmarkVerify(b *testing.B) {
	for _, n := range []int{1, 10, 50} {
		b.Run("candidates="+strconv.Itoa(n), func(b *testing.B) {
			dir := newModule(b, map[string]string{"m.go": mSource})
			target := newTarget(dir, "m_test.go", "m")
			req := &Request{Dir: dir, TestPkgName: "m", Targets: map[string]Target{target.Path: target}}
			for i := range n {
				req.Candidates = append(req.Candidates, Candidate{
					Name:    "Add",
					File:    target.Path,
					Imports: testingImport,
					Code: fmt.Sprintf("func TestAdd%d(t *testing.T) {\n\tif Add(%d, 1) != %d {\n\t\tt.Fatal(\"wrong sum\")\n\t}\n}",
						i, i, i+1),
				})
			}
			r := &Runner{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}

			for b.Loop() {
				outcomes, err := r.Verify(context.Background(), req)
				if err != nil {
					b.Fatal(err)
				}
				for _, o := range outcomes {
					if !o.Passed {
						b.Fatalf("%s failed: %s", o.Name, o.Reason)
					}
				}
			}
		})
	}
}

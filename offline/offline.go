// Package offline writes tests without an LLM.
package offline

import (
	"context"

	"github.com/go-testgen/testgen/generate"
)

// Generator writes table-driven test skeletons.
type Generator struct{}

// Generate returns a skeleton for each request.
func (Generator) Generate(ctx context.Context, reqs []*generate.Request) ([]generate.Test, error) {
	out := make([]generate.Test, len(reqs))
	for i, r := range reqs {
		out[i] = skeleton(r)
	}
	return out, nil
}

package llm

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-testgen/testgen/generate"
)

// maxRepairOutput bounds the failure output sent back to the model: the
// first lines carry the cause, and the rest costs tokens.
const maxRepairOutput = 4000

var _ generate.Repairer = (*Generator)(nil)

// Repair asks the model once for a new version of code, the test generated
// for req, showing it output, the compiler or test output of the failure.
// The request skips the cache: a response without a valid test would be
// stored and returned again, and a failure output rarely repeats.
func (g *Generator) Repair(ctx context.Context, req *generate.Request, code, output string) (generate.Test, error) {
	test := generate.Test{Name: req.Name}
	format := formatOrder[g.formatLevel.Load()]
	creq := g.request([]*generate.Request{req}, format)
	creq.User = repairPrompt(creq.User, code, output)

	resp, err := g.client.uncached.Complete(ctx, creq)
	if err != nil {
		return test, fmt.Errorf("repair request for %s: %w", req.Name, err)
	}
	found, invalid := matchEntries(parseResponse(resp.Text, format, resp.FinishReason == "length"), []*generate.Request{req}, g.opts.Logger)
	repaired, ok := found[req.Name]
	if !ok {
		if why := invalid[req.Name]; why != "" {
			return test, fmt.Errorf("the repair response has no valid test for %s: %s", req.Name, why)
		}
		return test, fmt.Errorf("the repair response has no valid test for %s", req.Name)
	}
	test.Code = repaired
	return test, nil
}

// repairPrompt adds the failed attempt and its output to the prompt of a
// single-function request.
func repairPrompt(prompt, code, output string) string {
	if len(output) > maxRepairOutput {
		output = strings.ToValidUTF8(output[:maxRepairOutput], "") + "\n…"
	}
	var b strings.Builder
	b.WriteString(prompt)
	b.WriteString("\nA previous answer for this function failed verification with go test. Fix it and answer in the same format.\n")
	writeCode(&b, "Previous answer", code)
	writeCode(&b, "Output of go test", output)
	return b.String()
}

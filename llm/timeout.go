package llm

import (
	"context"
	"fmt"
	"time"
)

// WithTimeout returns a Provider that ends each call of p after d. A call
// that runs out of time returns an error that wraps
// context.DeadlineExceeded, which WithRetry retries.
func WithTimeout(p Provider, d time.Duration) Provider {
	if d <= 0 {
		return p
	}
	return ProviderFunc(func(ctx context.Context, req CompletionRequest) (CompletionResponse, error) {
		callCtx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		resp, err := p.Complete(callCtx, req)
		if err != nil && ctx.Err() == nil && callCtx.Err() == context.DeadlineExceeded {
			return resp, fmt.Errorf("completion timed out after %v: %w", d, err)
		}
		return resp, err
	})
}

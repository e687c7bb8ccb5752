package llm

import (
	"context"
	"sync/atomic"

	"golang.org/x/sync/singleflight"
)

// WithSingleFlight returns a Provider that makes one call of p for
// identical requests in flight at the same time, and returns its response or
// error to every caller. Requests are identical when key returns the same
// Key.
//
// The shared call runs with the context of the caller that started it. When
// that caller's context ends first, the other callers whose contexts are
// still live call p again on their own.
func WithSingleFlight(p Provider, key KeyFunc) Provider {
	var group singleflight.Group
	return ProviderFunc(func(ctx context.Context, req CompletionRequest) (CompletionResponse, error) {
		var leader atomic.Bool
		ch := group.DoChan(key(req).String(), func() (any, error) {
			leader.Store(true)
			resp, err := p.Complete(ctx, req)
			return flight{resp: resp, err: err, canceled: ctx.Err() != nil}, nil
		})

		var res singleflight.Result
		select {
		case res = <-ch:
		case <-ctx.Done():
			if !leader.Load() {
				return CompletionResponse{}, ctx.Err()
			}
			// The call runs with this ctx and so returns soon, with an
			// error more specific than ctx.Err().
			res = <-ch
		}

		f := res.Val.(flight)
		if f.err != nil && f.canceled && ctx.Err() == nil {
			return p.Complete(ctx, req)
		}
		return f.resp, f.err
	})
}

// flight is the outcome of a shared call. canceled reports that the context
// of the caller that made the call had ended.
type flight struct {
	resp     CompletionResponse
	err      error
	canceled bool
}

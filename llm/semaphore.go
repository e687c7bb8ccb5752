package llm

import (
	"context"
	"log/slog"

	"golang.org/x/sync/semaphore"
)

// WithLimit returns a Provider that lets at most n calls of p run at once.
// A semaphore limits the calls of this process. File locks on n slot files
// in slotDir limit the calls of all processes that pass the same slotDir.
//
// go vet runs one testgen process per package in parallel, so only the
// cross-process limit keeps the endpoint below n requests in flight. With an
// empty slotDir, or where file locks are not available, the limit holds
// within this process only.
//
// Each call takes its own slot and returns it when p returns, so a retry
// middleware outside WithLimit holds no slot while it waits to retry.
// Waiting for a slot ends when ctx ends.
func WithLimit(p Provider, n int, slotDir string, logger *slog.Logger) Provider {
	if n <= 0 {
		n = DefaultConcurrency
	}
	if logger == nil {
		logger = slog.Default()
	}
	sem := semaphore.NewWeighted(int64(n))
	var slots *slotFiles
	if slotDir != "" {
		slots = newSlotFiles(slotDir, n, logger)
	}

	return ProviderFunc(func(ctx context.Context, req CompletionRequest) (CompletionResponse, error) {
		// The in-process semaphore comes first, so that at most n goroutines
		// of this process poll the slot files.
		if err := sem.Acquire(ctx, 1); err != nil {
			return CompletionResponse{}, err
		}
		defer sem.Release(1)

		if slots != nil {
			release, err := slots.acquire(ctx)
			if err != nil {
				return CompletionResponse{}, err
			}
			defer release()
		}
		return p.Complete(ctx, req)
	})
}

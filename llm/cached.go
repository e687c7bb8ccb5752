package llm

import (
	"context"
	"encoding/json"
	"log/slog"
)

// WithCache returns a Provider that returns the cached response when cache holds the
// key of a request, and otherwise calls p and stores its response.
//
// A response cut by max_tokens (FinishReason "length") or an empty one is
// not stored, so that a later run can ask again with other limits. Errors
// are never stored. With a nil cache, WithCache returns p.
func WithCache(p Provider, cache *Cache, key KeyFunc, logger *slog.Logger) Provider {
	if cache == nil {
		return p
	}
	if logger == nil {
		logger = slog.Default()
	}
	return ProviderFunc(func(ctx context.Context, req CompletionRequest) (CompletionResponse, error) {
		k := key(req)
		if data, ok := cache.Get(k); ok {
			var resp CompletionResponse
			if err := json.Unmarshal(data, &resp); err == nil {
				// The tokens were paid for by the run that stored the response.
				resp.Usage = Usage{}
				return resp, nil
			}
		}

		resp, err := p.Complete(ctx, req)
		if err != nil || resp.FinishReason == "length" || resp.Text == "" {
			return resp, err
		}
		data, err := json.Marshal(resp)
		if err == nil {
			err = cache.Put(k, data)
		}
		if err != nil {
			logger.Warn("cannot store completion in the cache", "dir", cache.Dir(), "error", err)
		}
		return resp, nil
	})
}

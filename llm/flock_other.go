//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package llm

import (
	"context"
	"log/slog"
	"sync"
)

// slotFiles is the cross-process limit where flock(2) is not available. It
// does nothing, so the limit holds within each process only.
type slotFiles struct {
	dir      string
	logger   *slog.Logger
	warnOnce sync.Once
}

func newSlotFiles(dir string, n int, logger *slog.Logger) *slotFiles {
	return &slotFiles{dir: dir, logger: logger}
}

func (s *slotFiles) acquire(ctx context.Context) (release func(), err error) {
	s.warnOnce.Do(func() {
		s.logger.Debug("file locks are not supported on this system; limiting concurrency within this process only", "dir", s.dir)
	})
	return func() {}, ctx.Err()
}

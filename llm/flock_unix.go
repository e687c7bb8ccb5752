//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// slotPollInterval is the mean wait between two scans of the slot files
// while all of them are locked.
const slotPollInterval = 20 * time.Millisecond

// slotFiles is a counting semaphore shared between processes: n files
// slot-0 … slot-(n-1) in dir, each held by an exclusive flock(2).
//
// flock locks belong to the open file description, so two opens of one
// slot file in the same process exclude each other too, and the kernel
// releases the locks of a process that dies.
//
// NOTE: flock on NFS may not exclude processes on other hosts, and
// processes started with different n share only the first min(n) slots.
type slotFiles struct {
	dir    string
	n      int
	logger *slog.Logger

	warnOnce sync.Once
}

func newSlotFiles(dir string, n int, logger *slog.Logger) *slotFiles {
	return &slotFiles{dir: dir, n: n, logger: logger}
}

// acquire locks a free slot file and returns the function that unlocks it.
// It polls until a slot is free or ctx ends. When the slot files cannot be
// created it logs one warning and returns at once, leaving only the
// in-process limit.
func (s *slotFiles) acquire(ctx context.Context) (release func(), err error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		s.warn(err)
		return func() {}, nil
	}

	// Each scan starts at a random slot, so that waiting processes do not
	// all contend for slot-0.
	start := rand.IntN(s.n)
	for {
		for i := range s.n {
			f, locked, err := tryLock(filepath.Join(s.dir, fmt.Sprintf("slot-%d", (start+i)%s.n)))
			if err != nil {
				s.warn(err)
				return func() {}, nil
			}
			if locked {
				return func() {
					// Closing the file releases the lock as well.
					_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
					f.Close()
				}, nil
			}
		}

		wait := slotPollInterval/2 + rand.N(slotPollInterval)
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case <-timer.C:
		}
	}
}

// tryLock opens path and takes an exclusive lock on it without waiting.
// It returns the open file when the lock was taken.
func tryLock(path string) (f *os.File, locked bool, err error) {
	f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err == nil {
		return f, true, nil
	}
	f.Close()
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return nil, false, nil
	}
	return nil, false, fmt.Errorf("cannot lock %s: %w", path, err)
}

func (s *slotFiles) warn(err error) {
	s.warnOnce.Do(func() {
		s.logger.Warn("cannot use slot files; limiting concurrency within this process only", "dir", s.dir, "error", err)
	})
}

package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/go-testgen/testgen/analyzer"
)

// progressInterval is how often the progress line is redrawn.
const progressInterval = 500 * time.Millisecond

// isTerminal reports whether f is a character device, such as a terminal.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// showProgress redraws one line on w with the units analyzed so far and,
// for an LLM, its calls, cache hits and retries, until the returned
// function is called, which erases the line.
func showProgress(w io.Writer, a *analysis.Analyzer, units int) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		ticker := time.NewTicker(progressInterval)
		defer ticker.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-ticker.C:
				passes, stats, isLLM := analyzer.Progress(a)
				line := fmt.Sprintf("testgen: %d/%d packages", min(passes, int64(units)), units)
				if isLLM {
					line += fmt.Sprintf(", LLM calls %d, cache hits %d, retries %d", stats.Calls, stats.Hits, stats.Retries)
				}
				fmt.Fprint(w, "\r\033[K"+line)
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

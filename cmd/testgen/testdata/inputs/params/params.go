package params

// Sum adds xs.
func Sum(base int, xs ...int) int {
	for _, x := range xs {
		base += x
	}
	return base
}

// Apply calls f.
func Apply(f func(int) int, x int) int { return f(x) }

// Drain reads c until it closes.
func Drain(c <-chan int) int {
	n := 0
	for range c {
		n++
	}
	return n
}

// Describe formats v.
func Describe(v interface{ String() string }) string { return v.String() }

// Any returns v.
func Any(v any) any { return v }

package ext

type secret struct{ n int }

// Reveal returns s's number.
func Reveal(s secret) int { return s.n }

// Visible doubles x.
func Visible(x int) int { return 2 * x }

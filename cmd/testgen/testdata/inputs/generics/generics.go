package generics

import "fmt"

// Stringer is a constraint with a method.
type Stringer interface {
	~int
	String() string
}

// Show formats x.
func Show[T Stringer](x T) string { return x.String() }

// Max returns the larger value.
func Max[T int | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// Print prints any value.
func Print[T fmt.Stringer](x T) string { return x.String() }

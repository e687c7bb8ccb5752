// Package generic holds small generic helpers.
package generic

import "cmp"

// Max returns the larger of a and b.
func Max[T cmp.Ordered](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// Sum adds the numbers in xs.
func Sum[T int | float64](xs []T) T {
	var total T
	for _, x := range xs {
		total += x
	}
	return total
}

// Index returns the position of v in xs, or -1.
func Index[T comparable](xs []T, v T) int {
	for i, x := range xs {
		if x == v {
			return i
		}
	}
	return -1
}

// Reverse returns xs in reverse order, as a new slice.
func Reverse[T any](xs []T) []T {
	if xs == nil {
		return nil
	}
	out := make([]T, len(xs))
	for i, x := range xs {
		out[len(xs)-1-i] = x
	}
	return out
}

// Pair holds two values.
type Pair[K comparable, V any] struct {
	Key   K
	Value V
}

// Swap returns the pair with Key and Value exchanged.
func Swap[T comparable](p Pair[T, T]) Pair[T, T] {
	return Pair[T, T]{Key: p.Value, Value: p.Key}
}

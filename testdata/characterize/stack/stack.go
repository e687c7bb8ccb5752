// Package stack is a bounded stack of ints.
package stack

import "errors"

// Errors returned by the stack's methods.
var (
	ErrFull  = errors.New("stack is full")
	ErrEmpty = errors.New("stack is empty")
)

// Stack holds at most max ints.
type Stack struct {
	items []int
	max   int
}

// NewStack returns an empty stack that holds at most max items.
func NewStack(max int) (*Stack, error) {
	if max <= 0 {
		return nil, errors.New("max must be positive")
	}
	return &Stack{max: max}, nil
}

// Push adds v on top.
func (s *Stack) Push(v int) error {
	if len(s.items) >= s.max {
		return ErrFull
	}
	s.items = append(s.items, v)
	return nil
}

// Pop removes and returns the top item.
func (s *Stack) Pop() (int, error) {
	if len(s.items) == 0 {
		return 0, ErrEmpty
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, nil
}

// Peek returns the top item; it panics on an empty stack.
func (s *Stack) Peek() int {
	return s.items[len(s.items)-1]
}

// Len returns the number of items.
func (s *Stack) Len() int { return len(s.items) }

// Counter counts events in steps.
type Counter struct {
	N    int
	Step int
}

// Add adds k steps and returns the new count.
func (c *Counter) Add(k int) int {
	if k < 0 {
		panic("negative step count")
	}
	c.N += k * c.Step
	return c.N
}

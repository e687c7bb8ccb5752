//go:build reference

package stack

import (
	"errors"
	"reflect"
	"testing"
)

func TestPushReference(t *testing.T) {
	s, _ := NewStack(2)
	if err := s.Push(1); err != nil {
		t.Fatal(err)
	}
	if err := s.Push(2); err != nil {
		t.Fatal(err)
	}
	if err := s.Push(3); !errors.Is(err, ErrFull) {
		t.Errorf("Push on a full stack = %v, want ErrFull", err)
	}
	if !reflect.DeepEqual(s.items, []int{1, 2}) {
		t.Errorf("items = %v", s.items)
	}
}

func TestPopReference(t *testing.T) {
	s, _ := NewStack(3)
	if _, err := s.Pop(); !errors.Is(err, ErrEmpty) {
		t.Errorf("Pop on an empty stack = %v, want ErrEmpty", err)
	}
	s.Push(4)
	s.Push(5)
	if v, err := s.Pop(); v != 5 || err != nil {
		t.Errorf("Pop = %d, %v, want 5", v, err)
	}
	if s.Len() != 1 {
		t.Errorf("Len after Pop = %d, want 1", s.Len())
	}
}

func TestPeekReference(t *testing.T) {
	s, _ := NewStack(3)
	s.Push(7)
	s.Push(8)
	if got := s.Peek(); got != 8 {
		t.Errorf("Peek = %d, want 8", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("Peek on an empty stack did not panic")
		}
	}()
	e, _ := NewStack(1)
	e.Peek()
}

func TestLenReference(t *testing.T) {
	s, _ := NewStack(3)
	if s.Len() != 0 {
		t.Errorf("Len = %d, want 0", s.Len())
	}
	s.Push(1)
	if s.Len() != 1 {
		t.Errorf("Len = %d, want 1", s.Len())
	}
}

func TestCounterAddReference(t *testing.T) {
	c := &Counter{N: 1, Step: 3}
	if got := c.Add(2); got != 7 || c.N != 7 {
		t.Errorf("Add(2) = %d, N = %d, want 7", got, c.N)
	}
	if got := c.Add(0); got != 7 {
		t.Errorf("Add(0) = %d, want 7", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("Add(-1) did not panic")
		}
	}()
	c.Add(-1)
}

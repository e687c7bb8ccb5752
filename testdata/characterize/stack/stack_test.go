package stack

import "testing"

func TestNewStack(t *testing.T) {
	if _, err := NewStack(0); err == nil {
		t.Error("NewStack(0) returned no error")
	}
	s, err := NewStack(2)
	if err != nil || s.max != 2 {
		t.Errorf("NewStack(2) = %+v, %v", s, err)
	}
}

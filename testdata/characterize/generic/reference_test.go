//go:build reference

package generic

import (
	"reflect"
	"testing"
)

func TestMaxReference(t *testing.T) {
	if got := Max(1, 2); got != 2 {
		t.Errorf("Max(1, 2) = %d, want 2", got)
	}
	if got := Max(3, 3); got != 3 {
		t.Errorf("Max(3, 3) = %d, want 3", got)
	}
	if got := Max("a", "b"); got != "b" {
		t.Errorf("Max(a, b) = %q, want b", got)
	}
}

func TestSumReference(t *testing.T) {
	if got := Sum([]int{1, 2, 3}); got != 6 {
		t.Errorf("Sum = %d, want 6", got)
	}
	if got := Sum([]float64(nil)); got != 0 {
		t.Errorf("Sum(nil) = %v, want 0", got)
	}
}

func TestIndexReference(t *testing.T) {
	xs := []string{"a", "b", "b"}
	if got := Index(xs, "b"); got != 1 {
		t.Errorf("Index(b) = %d, want 1", got)
	}
	if got := Index(xs, "z"); got != -1 {
		t.Errorf("Index(z) = %d, want -1", got)
	}
}

func TestReverseReference(t *testing.T) {
	if got := Reverse([]int{1, 2, 3}); !reflect.DeepEqual(got, []int{3, 2, 1}) {
		t.Errorf("Reverse = %v", got)
	}
	if got := Reverse[int](nil); got != nil {
		t.Errorf("Reverse(nil) = %v, want nil", got)
	}
	if got := Reverse([]int{}); got == nil || len(got) != 0 {
		t.Errorf("Reverse(empty) = %#v, want empty non-nil", got)
	}
}

func TestSwapReference(t *testing.T) {
	if got := Swap(Pair[int, int]{1, 2}); got != (Pair[int, int]{2, 1}) {
		t.Errorf("Swap = %v", got)
	}
}

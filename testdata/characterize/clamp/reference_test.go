//go:build reference

package clamp

import "testing"

func TestClampReference(t *testing.T) {
	tests := []struct{ v, lo, hi, want int }{
		{-1, 0, 10, 0}, {0, 0, 10, 0}, {10, 0, 10, 10}, {11, 0, 10, 10}, {5, 0, 10, 5},
	}
	for _, tt := range tests {
		if got := Clamp(tt.v, tt.lo, tt.hi); got != tt.want {
			t.Errorf("Clamp(%d, %d, %d) = %d, want %d", tt.v, tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestGradeReference(t *testing.T) {
	tests := []struct {
		score int
		want  string
	}{
		{-1, "invalid"}, {0, "F"}, {59, "F"}, {60, "D"}, {69, "D"}, {70, "C"}, {79, "C"},
		{80, "B"}, {89, "B"}, {90, "A"}, {100, "A"}, {101, "invalid"},
	}
	for _, tt := range tests {
		if got := Grade(tt.score); got != tt.want {
			t.Errorf("Grade(%d) = %q, want %q", tt.score, got, tt.want)
		}
	}
}

func TestSignReference(t *testing.T) {
	tests := []struct {
		x    float64
		want int
	}{{-2, -1}, {0, 0}, {3, 1}}
	for _, tt := range tests {
		if got := Sign(tt.x); got != tt.want {
			t.Errorf("Sign(%v) = %d, want %d", tt.x, got, tt.want)
		}
	}
}

func TestLerpReference(t *testing.T) {
	tests := []struct{ a, b, t, want float64 }{
		{0, 10, 0.5, 5}, {0, 10, -1, 0}, {0, 10, 2, 10}, {2, 4, 0, 2}, {2, 4, 1, 4},
	}
	for _, tt := range tests {
		if got := Lerp(tt.a, tt.b, tt.t); got != tt.want {
			t.Errorf("Lerp(%v, %v, %v) = %v, want %v", tt.a, tt.b, tt.t, got, tt.want)
		}
	}
}

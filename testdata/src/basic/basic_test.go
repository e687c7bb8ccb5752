package basic

import "testing"

func TestPoint_Scale(t *testing.T) {}

func TestParse_empty(t *testing.T) {}

func TestUses(t *testing.T) {
	p := Point{1, 2}
	_ = p.Add(p)
	norm := p.Norm
	_ = norm
	f := Origin
	_ = f
}

func TestLen(t *testing.T) {
	tests := []struct {
		name string
		pts  []Point
		want int
	}{}
	if len(tests) == 0 {
		t.Skip("no test cases yet")
	}
	for _, tt := range tests {
		if got := Len(tt.pts); got != tt.want {
			t.Errorf("Len() = %v", got)
		}
	}
}

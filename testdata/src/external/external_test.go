package external_test

import (
	"testing"

	"external"
)

func TestPerimeter(t *testing.T) {
	if got := external.Perimeter(*external.NewShape(1, 2)); got != 6 {
		t.Errorf("Perimeter() = %d, want 6", got)
	}
}

package effects

import "testing"

func TestNothing(t *testing.T) {}

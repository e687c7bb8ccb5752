package ext_test

import (
	"testing"

	"example.com/m/ext"
)

func TestUse(t *testing.T) { _ = ext.Visible }

package parse

import "testing"

func TestParseLineSimple(t *testing.T) {
	k, v, err := ParseLine("a=b")
	if err != nil || k != "a" || v != "b" {
		t.Errorf("ParseLine(a=b) = %q, %q, %v", k, v, err)
	}
}

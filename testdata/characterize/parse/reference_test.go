//go:build reference

package parse

import (
	"errors"
	"testing"
)

func TestParseLineReference(t *testing.T) {
	tests := []struct {
		line, key, value string
		wantIs           error
		wantErr          string
	}{
		{line: " a = b ", key: "a", value: "b"},
		{line: "a=", key: "a", value: ""},
		{line: "a=b=c", key: "a", value: "b=c"},
		{line: "   ", wantIs: ErrEmpty},
		{line: "# note", wantIs: ErrComment},
		{line: "x#=1", key: "x#", value: "1"},
		{line: "novalue", wantIs: ErrNoSeparator, wantErr: `line "novalue": missing '='`},
		{line: " =v", wantErr: "empty key"},
	}
	for _, tt := range tests {
		k, v, err := ParseLine(tt.line)
		if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
			t.Errorf("ParseLine(%q) error = %v, want %v", tt.line, err, tt.wantIs)
		}
		if tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr) {
			t.Errorf("ParseLine(%q) error = %v, want %q", tt.line, err, tt.wantErr)
		}
		if tt.wantIs == nil && tt.wantErr == "" && (err != nil || k != tt.key || v != tt.value) {
			t.Errorf("ParseLine(%q) = %q, %q, %v, want %q, %q", tt.line, k, v, err, tt.key, tt.value)
		}
	}
}

func TestParsePortReference(t *testing.T) {
	tests := []struct {
		s       string
		want    int
		wantErr string
	}{
		{"1", 1, ""}, {"65535", 65535, ""}, {"8080", 8080, ""},
		{"0", 0, "port 0 out of range"}, {"65536", 0, "port 65536 out of range"},
		{"x", 0, `port "x" is not a number`},
	}
	for _, tt := range tests {
		got, err := ParsePort(tt.s)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParsePort(%q) error = %v, want %q", tt.s, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParsePort(%q) = %d, %v, want %d", tt.s, got, err, tt.want)
		}
	}
}

func TestParseBoolReference(t *testing.T) {
	for _, s := range []string{"true", "YES", "on"} {
		if got, err := ParseBool(s); err != nil || !got {
			t.Errorf("ParseBool(%q) = %v, %v, want true", s, got, err)
		}
	}
	for _, s := range []string{"false", "no", "Off"} {
		if got, err := ParseBool(s); err != nil || got {
			t.Errorf("ParseBool(%q) = %v, %v, want false", s, got, err)
		}
	}
	if _, err := ParseBool("maybe"); err == nil || err.Error() != `invalid boolean "maybe"` {
		t.Errorf("ParseBool(maybe) error = %v", err)
	}
}

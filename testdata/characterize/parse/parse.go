// Package parse reads key=value settings.
package parse

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Errors returned by ParseLine.
var (
	ErrEmpty       = errors.New("empty line")
	ErrComment     = errors.New("comment line")
	ErrNoSeparator = errors.New("missing '='")
)

// ParseLine splits "key=value", trimming spaces around both parts.
func ParseLine(line string) (key, value string, err error) {
	line = strings.TrimSpace(line)
	if line == "" {
		return "", "", ErrEmpty
	}
	if strings.HasPrefix(line, "#") {
		return "", "", ErrComment
	}
	k, v, ok := strings.Cut(line, "=")
	if !ok {
		return "", "", fmt.Errorf("line %q: %w", line, ErrNoSeparator)
	}
	k = strings.TrimSpace(k)
	if k == "" {
		return "", "", errors.New("empty key")
	}
	return k, strings.TrimSpace(v), nil
}

// ParsePort parses a TCP port number between 1 and 65535.
func ParsePort(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("port %q is not a number", s)
	}
	if n < 1 || n > 65535 {
		return 0, fmt.Errorf("port %d out of range", n)
	}
	return n, nil
}

// ParseBool accepts yes/no and on/off besides true/false.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "yes", "on":
		return true, nil
	case "false", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("invalid boolean %q", s)
}

package llm

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"none", nil, 0},
		{"seconds", map[string]string{"Retry-After": "2"}, 2 * time.Second},
		{"fractional seconds", map[string]string{"Retry-After": "0.5"}, 500 * time.Millisecond},
		{"HTTP date", map[string]string{"Retry-After": "Sat, 01 Mar 2025 12:00:03 GMT"}, 3 * time.Second},
		{"date in the past", map[string]string{"Retry-After": "Sat, 01 Mar 2025 11:59:00 GMT"}, 0},
		{"milliseconds first", map[string]string{"retry-after-ms": "250", "Retry-After": "9"}, 250 * time.Millisecond},
		{"invalid milliseconds", map[string]string{"retry-after-ms": "soon", "Retry-After": "1"}, time.Second},
		{"negative", map[string]string{"Retry-After": "-4"}, 0},
		{"huge", map[string]string{"Retry-After": "1e300"}, 0},
		{"garbage", map[string]string{"Retry-After": "later"}, 0},
	}
	for _, c := range cases {
		h := http.Header{}
		for k, v := range c.header {
			h.Set(k, v)
		}
		if got := parseRetryAfter(h, now); got != c.want {
			t.Errorf("%s: parseRetryAfter = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestRetryDelay(t *testing.T) {
	p := RetryPolicy{}.withDefaults()
	for attempt := 1; attempt <= 10; attempt++ {
		d := p.delay(attempt, errTest)
		want := min(p.BaseDelay<<(attempt-1), p.MaxDelay)
		if d > want || d < want*3/4 {
			t.Errorf("delay after attempt %d = %v, want %v minus up to 25%%", attempt, d, want)
		}
	}
	capped := p.delay(1, &StatusError{StatusCode: 429, RetryAfter: time.Hour})
	if capped != p.MaxRetryAfter {
		t.Errorf("delay for Retry-After of an hour = %v, want the cap %v", capped, p.MaxRetryAfter)
	}
}

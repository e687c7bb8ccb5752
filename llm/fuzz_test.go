package llm

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// The seed corpora live in testdata/fuzz/<FuzzName>.

func FuzzParseBatch(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string) {
		entries := parseBatchJSON(text)
		for _, format := range formatOrder {
			parseResponse(text, format, false)
			parseResponse(text, format, true)
		}
		if len(entries) > 0 && !strings.ContainsAny(text, "{[") {
			t.Errorf("entries %q from text without JSON", entries)
		}
	})
}

func FuzzParseBatchRoundTrip(f *testing.F) {
	f.Add("Centroid", "func TestCentroid(t *testing.T) {}", "Point.Scale", "```go\nfunc TestPoint_Scale(t *testing.T) {}\n```")
	f.Add("", "", "{", "}]\"")
	f.Fuzz(func(t *testing.T, name1, code1, name2, code2 string) {
		data, err := json.Marshal(map[string]any{"tests": []map[string]string{
			{"name": name1, "code": code1},
			{"name": name2, "code": code2},
		}})
		if err != nil {
			t.Skip()
		}
		// encoding/json replaces invalid UTF-8, so the entries expected are
		// those that the JSON carries.
		var envelope struct {
			Tests []responseEntry
		}
		if err := json.Unmarshal(data, &envelope); err != nil {
			t.Fatalf("decoding %s: %v", data, err)
		}
		want := envelope.Tests
		text := string(data)

		if got := parseBatchJSON(text); !slices.Equal(got, want) {
			t.Fatalf("parseBatchJSON(%s) = %q, want %q", text, got, want)
		}
		// A cut response yields the entries that it holds whole.
		for _, cut := range []int{len(text) / 3, len(text) / 2, len(text) - 3} {
			if cut < 0 {
				continue
			}
			got := parseBatchJSON(text[:cut])
			if len(got) > len(want) || !slices.Equal(got, want[:len(got)]) {
				t.Fatalf("parseBatchJSON(%s) = %q, want a prefix of %q", text[:cut], got, want)
			}
		}
	})
}

func FuzzParseDelimited(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string, truncated bool) {
		for _, e := range parseDelimited(text, truncated) {
			if e.Name == "" || strings.ContainsAny(e.Name, "\r\n") {
				t.Errorf("entry name %q from a delimiter line", e.Name)
			}
			if !strings.Contains(text, e.Code) {
				t.Errorf("entry code %q is not part of the response", e.Code)
			}
		}
	})
}

func FuzzExtractCode(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		code := extractCode(s)
		if again := extractCode(code); again != code {
			t.Errorf("extractCode is not idempotent: %q, then %q", code, again)
		}
		normalizeName(s)
		checkCode(code)
	})
}

func FuzzDecodeEntry(f *testing.F) {
	f.Fuzz(func(t *testing.T, payload []byte, cut uint) {
		entry := encodeEntry(payload)
		got, err := decodeEntry(entry)
		if err != nil || !bytes.Equal(got, payload) {
			t.Fatalf("decodeEntry(encodeEntry(%q)) = %q, %v", payload, got, err)
		}
		n := int(cut % uint(len(entry)))
		if got, err := decodeEntry(entry[:n]); err == nil {
			t.Errorf("entry cut to %d of %d bytes decoded as %q", n, len(entry), got)
		}
		if len(entry) > 0 {
			flipped := bytes.Clone(entry)
			flipped[n] ^= 0x20
			if got, err := decodeEntry(flipped); err == nil && !bytes.Equal(got, payload) {
				t.Errorf("entry with byte %d changed decoded as %q", n, got)
			}
		}
	})
}

package llm

import (
	"slices"
	"strings"
	"testing"
)

func TestParseBatchJSON(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []responseEntry
	}{
		{"envelope", `{"tests": [{"name": "A", "code": "x"}, {"name": "B.M", "code": "y"}]}`,
			[]responseEntry{{"A", "x"}, {"B.M", "y"}}},
		{"prose and fence", "Here you go:\n```json\n{\"tests\": [{\"name\": \"A\", \"code\": \"x\"}]}\n```\n",
			[]responseEntry{{"A", "x"}}},
		{"bare array", `[{"name": "A", "code": "x"}]`, []responseEntry{{"A", "x"}}},
		{"map of names", `{"tests": {"A": "x", "B": "y"}}`, []responseEntry{{"A", "x"}, {"B", "y"}}},
		{"code as lines", `{"tests": [{"name": "A", "code": ["l1", "l2"]}]}`, []responseEntry{{"A", "l1\nl2"}}},
		{"other keys first", `{"note": {"deep": [1, 2]}, "tests": [{"name": "A", "code": "x"}]}`,
			[]responseEntry{{"A", "x"}}},
		{"truncated", `{"tests": [{"name": "A", "code": "x"}, {"name": "B", "code": "func Te`,
			[]responseEntry{{"A", "x"}}},
		{"wrong types skipped", `{"tests": [{"name": 3, "code": "x"}, {"name": "B", "code": {}}, {"name": "C", "code": "z"}]}`,
			[]responseEntry{{"C", "z"}}},
		{"not JSON", "I cannot do that.", nil},
		{"empty", "", nil},
	}
	for _, c := range cases {
		got := parseBatchJSON(c.text)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: parseBatchJSON = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestParseDelimited(t *testing.T) {
	text := "Sure.\n=== TEST A ===\nfunc TestA(t *testing.T) {}\n=== TEST B.M ===\n```go\nfunc TestB(t *testing.T) {}\n```\n=== END ===\ntrailing prose\n"
	want := []responseEntry{
		{"A", "func TestA(t *testing.T) {}\n"},
		{"B.M", "```go\nfunc TestB(t *testing.T) {}\n```\n"},
	}
	if got := parseDelimited(text, false); !slices.Equal(got, want) {
		t.Errorf("parseDelimited = %q, want %q", got, want)
	}

	open := "=== TEST A ===\nfunc TestA(t *testing.T) {}\n=== TEST B ===\nfunc TestB(t *testing.T) {\n"
	if got := parseDelimited(open, true); len(got) != 1 || got[0].Name != "A" {
		t.Errorf("parseDelimited of a cut response = %q, want A alone", got)
	}
	if got := parseDelimited(open, false); len(got) != 2 {
		t.Errorf("parseDelimited of an response without end line = %q, want A and B", got)
	}

	heading := "### === TEST A ===\ncode\n**=== END ===**\n"
	if got := parseDelimited(heading, false); len(got) != 1 || got[0] != (responseEntry{"A", "code\n"}) {
		t.Errorf("parseDelimited with markdown marks = %q", got)
	}
}

func TestParseAnswerFallsBack(t *testing.T) {
	delimited := "=== TEST A ===\ncode\n=== END ===\n"
	if got := parseResponse(delimited, FormatJSONObject, false); len(got) != 1 {
		t.Errorf("JSON format with a delimited response: %v", got)
	}
	json := `{"tests": [{"name": "A", "code": "code"}]}`
	if got := parseResponse(json, FormatText, false); len(got) != 1 {
		t.Errorf("text format with a JSON response: %v", got)
	}
}

func TestExtractCode(t *testing.T) {
	cases := []struct{ in, want string }{
		{"  func TestA() {}\n", "func TestA() {}"},
		{"```go\nfunc TestA() {}\n```", "func TestA() {}"},
		{"Text\n```\nfunc A() {}\n```\nmore\n```go\nfunc B() {}\n```\n", "func A() {}\n\nfunc B() {}"},
		{"```text\nout\n```\n```go\nfunc A() {}\n```", "func A() {}"},
		{"```shell\nls\n```", "ls"},
		{"```go\nfunc A() {\n", "func A() {"},
	}
	for _, c := range cases {
		if got := extractCode(c.in); got != c.want {
			t.Errorf("extractCode(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	cases := map[string]string{
		"Centroid":            "Centroid",
		" `Point.Scale` ":     "Point.Scale",
		"(*Point).Scale":      "Point.Scale",
		"Stack[T].Push":       "Stack.Push",
		"(*Map[K, V]).Lookup": "Map.Lookup",
	}
	for in, want := range cases {
		if got := normalizeName(in); got != want {
			t.Errorf("normalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckCode(t *testing.T) {
	valid := []string{
		"func TestA(t *testing.T) {}",
		"import \"testing\"\n\nfunc TestA(t *testing.T) {}",
		"package p_test\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {}",
	}
	for _, code := range valid {
		if err := checkCode(code); err != nil {
			t.Errorf("checkCode(%q): %v", code, err)
		}
	}
	invalid := []string{"", "   ", "func TestA(t *testing.T) {", "var x = 1", "not go"}
	for _, code := range invalid {
		if err := checkCode(code); err == nil {
			t.Errorf("checkCode(%q) = nil, want an error", code)
		}
	}
}

func TestUserPromptListsNames(t *testing.T) {
	reqs := testRequests(2)
	reqs[1].Name = "Point.Scale"
	prompt := userPrompt(reqs)
	if !strings.Contains(prompt, namesMarker+`["F0","Point.Scale"]`) {
		t.Errorf("user prompt does not list the requested names:\n%s", prompt)
	}
	if !strings.Contains(prompt, `import "example.com/geo"`) {
		t.Errorf("user prompt of an external test does not say what to import:\n%s", prompt)
	}
}

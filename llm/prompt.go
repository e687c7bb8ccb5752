package llm

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/go-testgen/testgen/generate"
)

// promptVersion identifies the prompt templates and the response parsing. It
// is part of every cache key, so changing either one and this constant
// keeps old responses from being reused.
const promptVersion = "1"

// The delimiter lines of the plain-text response format.
const (
	delimTestPrefix = "=== TEST "
	delimSuffix     = " ==="
	delimEnd        = "=== END ==="
)

// namesMarker starts the line of the user prompt that lists the requested
// names as a JSON array.
const namesMarker = "Requested names: "

const systemRules = `You write Go unit tests. For each function or method that the user lists, write one test function with exactly the test name given for it.

Rules:
- The test must compile as part of the test package named in the request and use only the standard library and the packages the code under test already imports.
- Check observable results with t.Errorf or t.Fatalf. Prefer a table of cases with t.Run subtests.
- Name the test function exactly as the request's "Test name" says, and keep helper names unique by prefixing them with the test name.
- Do not use the network, files outside t.TempDir(), or time.Sleep.
- Write the code only: no explanations.`

// systemPrompt returns the instructions for the response format and the
// user's style hint.
func systemPrompt(format FormatType, styleHint string) string {
	var b strings.Builder
	b.WriteString(systemRules)
	b.WriteString("\n\n")
	if format == FormatText {
		fmt.Fprintf(&b, "Answer with one section per requested name. Start each section with the line\n%s<name>%s\nwhere <name> is the requested name exactly as given, followed by the Go source of the test: import declarations if needed, no package clause. After the last section write the line\n%s\n", delimTestPrefix, delimSuffix, delimEnd)
	} else {
		b.WriteString(`Answer with one JSON object of the form {"tests": [{"name": "<name>", "code": "<Go source>"}]}, with one entry per requested name. "name" is the requested name exactly as given, for example "Centroid" or "Point.Scale". "code" holds the Go source of the test: import declarations if needed, no package clause.` + "\n")
	}
	if hint := strings.TrimSpace(styleHint); hint != "" {
		b.WriteString("\nStyle: " + hint + "\n")
	}
	return b.String()
}

// userPrompt describes the package and each requested function. All reqs
// belong to the same package and test package.
func userPrompt(reqs []*generate.Request) string {
	var b strings.Builder
	b.WriteString(packageHeader(reqs[0]))
	for _, r := range reqs {
		writeFunction(&b, r)
	}

	names := make([]string, len(reqs))
	for i, r := range reqs {
		names[i] = r.Name
	}
	quoted, _ := json.Marshal(names)
	fmt.Fprintf(&b, "\n%s%s\n", namesMarker, quoted)
	return b.String()
}

// packageHeader describes the package under test and its test package.
func packageHeader(first *generate.Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Package under test: %s, import path %q.\n", first.PkgName, first.PkgPath)
	if first.External() {
		fmt.Fprintf(&b, "Test package: %s, an external test package: import %q and refer to its exported names as %s.Name.\n", first.TestPkgName, first.PkgPath, first.PkgName)
	} else {
		fmt.Fprintf(&b, "Test package: %s, the package itself, so its unexported names are in scope.\n", first.TestPkgName)
	}
	// The existing tests stay out of the prompt, which is part of every
	// function's cache key: adding a test would otherwise send all the
	// package's other functions again. Test names are unique already, and
	// verification renames any helper that collides.
	if len(first.TestLibraries) > 0 {
		fmt.Fprintf(&b, "The package's tests already use %s; use them the same way where they fit.\n", strings.Join(first.TestLibraries, ", "))
	} else {
		b.WriteString("The package's tests use only the standard library; do the same.\n")
	}
	return b.String()
}

func writeFunction(b *strings.Builder, r *generate.Request) {
	fmt.Fprintf(b, "\n## %s\n", r.Name)
	fmt.Fprintf(b, "Test name: %s\n", r.TestName)
	if r.Signature != "" {
		fmt.Fprintf(b, "Signature: %s\n", r.Signature)
	}
	switch {
	case r.Source != "":
		// Source includes the doc comment.
		writeCode(b, "Source", r.Source)
	case r.Doc != "":
		writeCode(b, "Doc", r.Doc)
	}
	if r.ReceiverDecl != "" {
		writeCode(b, "Receiver type", r.ReceiverDecl)
	}
	if len(r.Constructors) > 0 {
		writeCode(b, "Constructors of the receiver type", strings.Join(r.Constructors, "\n"))
	}
	if len(r.TypeDecls) > 0 {
		writeCode(b, "Types in the signature", strings.Join(r.TypeDecls, "\n\n"))
	}
}

func writeCode(b *strings.Builder, label, code string) {
	fmt.Fprintf(b, "%s:\n```go\n%s\n```\n", label, strings.TrimRight(code, "\n"))
}

// responseSchema returns the JSON schema of the batch response, with the names
// limited to those requested.
func responseSchema(names []string) json.RawMessage {
	schema := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"tests": map[string]any{
				"type": "array",
				"items": map[string]any{
					"type": "object",
					"properties": map[string]any{
						"name": map[string]any{"type": "string", "enum": names},
						"code": map[string]any{"type": "string"},
					},
					"required":             []string{"name", "code"},
					"additionalProperties": false,
				},
			},
		},
		"required":             []string{"tests"},
		"additionalProperties": false,
	}
	data, err := json.Marshal(schema)
	if err != nil {
		panic(err) // the map holds only strings, maps and slices
	}
	return data
}

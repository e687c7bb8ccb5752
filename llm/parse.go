package llm

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// An responseEntry is one test read from an response, not yet checked.
type responseEntry struct {
	Name string
	Code string
}

// parseResponse returns the entries that can be read from the text of a
// response in the given format, and skips the parts it cannot read. When the
// format's parser finds nothing it tries the other one,
// because models do not always follow the format they were asked for.
// truncated reports that max_tokens cut the response, so that an unfinished
// last section of a plain-text response is dropped.
func parseResponse(text string, format FormatType, truncated bool) []responseEntry {
	if format == FormatText {
		if entries := parseDelimited(text, truncated); len(entries) > 0 {
			return entries
		}
		return parseBatchJSON(text)
	}
	if entries := parseBatchJSON(text); len(entries) > 0 {
		return entries
	}
	return parseDelimited(text, truncated)
}

// maxJSONStarts bounds how many '{' or '[' positions parseBatchJSON tries
// as the start of the response, for prose before the JSON value.
const maxJSONStarts = 8

// parseBatchJSON reads {"tests": [{"name": …, "code": …}, …]} from text,
// which may have prose or a markdown fence around it. It also accepts a
// bare array of entries and a "tests" object that maps names to code. The
// entries before a syntax error or the end of a cut response are returned.
func parseBatchJSON(text string) []responseEntry {
	tried := 0
	for i := 0; i < len(text) && tried < maxJSONStarts; i++ {
		if text[i] != '{' && text[i] != '[' {
			continue
		}
		tried++
		if entries := decodeBatch(json.NewDecoder(strings.NewReader(text[i:]))); len(entries) > 0 {
			return entries
		}
	}
	return nil
}

func decodeBatch(dec *json.Decoder) []responseEntry {
	tok, err := dec.Token()
	if err != nil {
		return nil
	}
	switch tok {
	case json.Delim('['):
		return decodeEntryArray(dec)
	case json.Delim('{'):
	default:
		return nil
	}

	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		if key, _ := tok.(string); strings.EqualFold(key, "tests") {
			tok, err := dec.Token()
			if err != nil {
				return nil
			}
			switch tok {
			case json.Delim('['):
				return decodeEntryArray(dec)
			case json.Delim('{'):
				return decodeEntryMap(dec)
			}
			return nil
		}
		var skipped json.RawMessage
		if err := dec.Decode(&skipped); err != nil {
			return nil
		}
	}
	return nil
}

// decodeEntryArray reads entries up to the end of the array or the first
// error; the opening bracket has been read.
func decodeEntryArray(dec *json.Decoder) []responseEntry {
	var entries []responseEntry
	for dec.More() {
		var raw struct {
			Name json.RawMessage `json:"name"`
			Code json.RawMessage `json:"code"`
		}
		if err := dec.Decode(&raw); err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) {
				continue // the decoder has read the whole value
			}
			return entries
		}
		var name string
		if json.Unmarshal(raw.Name, &name) != nil {
			continue
		}
		code, ok := decodeCode(raw.Code)
		if !ok {
			continue
		}
		entries = append(entries, responseEntry{Name: name, Code: code})
	}
	return entries
}

// decodeEntryMap reads {"Name": "code", …}; the opening brace has been
// read.
func decodeEntryMap(dec *json.Decoder) []responseEntry {
	var entries []responseEntry
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return entries
		}
		name, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return entries
		}
		if code, ok := decodeCode(raw); ok {
			entries = append(entries, responseEntry{Name: name, Code: code})
		}
	}
	return entries
}

// decodeCode accepts the code as a string or as an array of lines.
func decodeCode(raw json.RawMessage) (string, bool) {
	var code string
	if json.Unmarshal(raw, &code) == nil {
		return code, true
	}
	var lines []string
	if json.Unmarshal(raw, &lines) == nil {
		return strings.Join(lines, "\n"), true
	}
	return "", false
}

// parseDelimited reads the plain-text format: sections that start with a
// line "=== TEST <name> ===" and end at the next such line or at
// "=== END ===". A last section with no end line is kept unless truncated.
func parseDelimited(text string, truncated bool) []responseEntry {
	var (
		entries []responseEntry
		current *responseEntry
		body    strings.Builder
	)
	finish := func() {
		if current != nil {
			current.Code = body.String()
			entries = append(entries, *current)
			current = nil
		}
		body.Reset()
	}

	for line := range strings.Lines(text) {
		trimmed := strings.TrimSpace(line)
		if name, ok := delimitedHeader(trimmed); ok {
			finish()
			current = &responseEntry{Name: name}
			continue
		}
		if strings.Trim(trimmed, "#*` ") == delimEnd {
			finish()
			continue
		}
		if current != nil {
			body.WriteString(line)
		}
	}
	if !truncated {
		finish()
	}
	return entries
}

// delimitedHeader returns the name of a "=== TEST <name> ===" line, which
// a model may have set in markdown heading or emphasis marks.
func delimitedHeader(line string) (string, bool) {
	line = strings.Trim(line, "#*` ")
	rest, ok := strings.CutPrefix(line, delimTestPrefix)
	if !ok {
		return "", false
	}
	name, ok := strings.CutSuffix(rest, delimSuffix)
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return "", false
	}
	return name, true
}

// extractCode returns the Go source in s. When s contains markdown code
// fences, it returns the contents of the fences marked go or unmarked,
// joined by blank lines. When no fence is marked so, it returns the contents
// of all fences. An unclosed fence runs to the end of s. Without fences it
// returns s trimmed.
func extractCode(s string) string {
	type block struct {
		lang string
		body strings.Builder
	}
	var (
		blocks []*block
		open   *block
	)
	for line := range strings.Lines(s) {
		trimmed := strings.TrimSpace(line)
		if fence, ok := strings.CutPrefix(trimmed, "```"); ok {
			if open != nil {
				open = nil
				continue
			}
			open = &block{lang: strings.ToLower(strings.TrimSpace(fence))}
			blocks = append(blocks, open)
			continue
		}
		if open != nil {
			open.body.WriteString(line)
		}
	}
	if len(blocks) == 0 {
		return strings.TrimSpace(s)
	}

	var goBlocks, all []string
	for _, b := range blocks {
		code := strings.TrimSpace(b.body.String())
		if code == "" {
			continue
		}
		all = append(all, code)
		if b.lang == "" || b.lang == "go" || b.lang == "golang" {
			goBlocks = append(goBlocks, code)
		}
	}
	if len(goBlocks) > 0 {
		return strings.Join(goBlocks, "\n\n")
	}
	return strings.Join(all, "\n\n")
}

// normalizeName maps the forms in which a model may spell a method,
// "(*Point).Scale", "Point[T].Scale" or "`Point.Scale`", to "Point.Scale".
func normalizeName(name string) string {
	name = strings.Trim(strings.TrimSpace(name), "`\"'")
	var b strings.Builder
	depth := 0
	for _, r := range name {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth = max(depth-1, 0)
		case depth > 0, r == '(', r == ')', r == '*', r == ' ':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// checkCode reports whether code is Go source that declares at least one
// function, with or without a package clause.
func checkCode(code string) error {
	if strings.TrimSpace(code) == "" {
		return errors.New("empty code")
	}
	fset := token.NewFileSet()
	src := code
	if _, err := parser.ParseFile(fset, "", src, parser.PackageClauseOnly); err != nil {
		src = "package p\n\n" + code
	}
	f, err := parser.ParseFile(fset, "test.go", src, parser.SkipObjectResolution)
	if err != nil {
		return fmt.Errorf("invalid Go code: %w", err)
	}
	for _, d := range f.Decls {
		if _, ok := d.(*ast.FuncDecl); ok {
			return nil
		}
	}
	return errors.New("code declares no function")
}

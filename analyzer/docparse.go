package analyzer

import (
	"errors"
	"go/parser"
	"go/token"
	"strings"
)

// parseDoc returns the text of the "# Analyzer testgen" section of a doc.go
// source, in the form analysis.Analyzer.Doc expects: a one-line summary,
// then the rest.
func parseDoc(src string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	if f.Doc == nil {
		return "", errors.New("doc.go has no package documentation")
	}

	const heading = "# Analyzer testgen"
	text := f.Doc.Text()
	_, section, ok := strings.Cut(text, heading+"\n")
	if !ok {
		return "", errors.New("doc.go has no " + heading + " section")
	}
	return strings.TrimSpace(section), nil
}

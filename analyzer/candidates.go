package analyzer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/go-testgen/testgen/internal/goast"
)

// A candidate is an exported function or method that needs a test.
type candidate struct {
	fn   *types.Func
	decl *ast.FuncDecl
	file *ast.File
	// name is "F" for a function and "T.M" for a method.
	name string
}

// findCandidates returns the exported functions and methods declared in the
// non-test, non-generated files of the pass, in source order.
func (r *runner) findCandidates(pass *analysis.Pass) []*candidate {
	var out []*candidate
	for _, f := range pass.Files {
		if isTestFile(pass, f) || isGenerated(pass, f) {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			if hasIgnoreDirective(fd.Doc) {
				continue
			}
			if !r.settings.deprecated && isDeprecated(fd.Doc) {
				continue
			}

			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			name := fd.Name.Name
			if fd.Recv != nil {
				recv := receiverTypeName(fd)
				if recv == "" || !ast.IsExported(recv) {
					continue
				}
				name = recv + "." + name
			}
			out = append(out, &candidate{fn: fn, decl: fd, file: f, name: name})
		}
	}
	return out
}

// receiverTypeName returns the name of a method's receiver base type, ""
// for a function.
func receiverTypeName(fd *ast.FuncDecl) string {
	return goast.ReceiverTypeName(fd.Recv)
}

// hasIgnoreDirective reports whether a doc comment holds //testgen:ignore.
func hasIgnoreDirective(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	return slices.ContainsFunc(doc.List, func(c *ast.Comment) bool {
		text := strings.TrimSpace(c.Text)
		return text == "//testgen:ignore" || strings.HasPrefix(text, "//testgen:ignore ")
	})
}

// isDeprecated reports whether a doc comment has a paragraph that starts
// with "Deprecated: ", the convention that pkg.go.dev and gopls follow.
func isDeprecated(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for para := range strings.SplitSeq(doc.Text(), "\n\n") {
		if strings.HasPrefix(strings.TrimSpace(para), "Deprecated: ") {
			return true
		}
	}
	return false
}

// isGenerated reports whether f is marked generated. cgo rewrites a file
// that imports "C" into a file marked generated in the build cache, whose
// //line directives name the original, so such a file counts as marked
// when its original is.
func isGenerated(pass *analysis.Pass, f *ast.File) bool {
	if !ast.IsGenerated(f) {
		return false
	}
	orig := pass.Fset.Position(f.Package).Filename
	if orig == "" || orig == pass.Fset.File(f.Pos()).Name() {
		return true
	}
	src, err := os.ReadFile(orig)
	if err != nil {
		return true
	}
	of, err := parser.ParseFile(token.NewFileSet(), orig, src, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil {
		return true
	}
	return ast.IsGenerated(of)
}

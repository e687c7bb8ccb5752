package verify

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/go-testgen/testgen/internal/goast"
	"github.com/go-testgen/testgen/internal/testfile"
)

// A composedFile is a target's content with the active candidates added,
// written to a temporary file that the overlay puts in the target's place.
type composedFile struct {
	target  Target
	tmpPath string

	// ranges maps each candidate to the lines its declarations occupy in
	// the composed file.
	ranges map[*prepared][]lineRange

	// importers maps each import path added for the candidates to the
	// candidates that listed it.
	importers map[string][]*prepared
}

type lineRange struct{ start, end int }

// An overlay is one round's set of composed files and the overlay file
// that maps the targets to them.
type overlay struct {
	path  string
	files []*composedFile
}

// writeOverlay composes every target that has candidates with the active
// ones and writes the files and the overlay JSON below dir. It uses
// testfile.Compose, as the command does when it writes the tests, so the
// go command compiles the bytes that would be written.
func writeOverlay(dir string, req *Request, active []*prepared) (*overlay, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating overlay directory: %w", err)
	}

	byTarget := map[string][]*prepared{}
	for _, p := range active {
		byTarget[p.cand.File] = append(byTarget[p.cand.File], p)
	}

	ov := &overlay{path: filepath.Join(dir, "overlay.json")}
	replace := map[string]string{}
	for _, path := range slices.Sorted(maps.Keys(req.Targets)) {
		target := req.Targets[path]
		cands := byTarget[path]
		if target.Base == nil && len(cands) == 0 {
			// A new file without candidates does not exist at all.
			continue
		}

		var decls []string
		var imps []testfile.Import
		for _, p := range cands {
			decls = append(decls, p.code)
			imps = append(imps, p.imports...)
		}
		content, err := testfile.Compose(target.Path, target.Base, target.New, decls, imps)
		if err != nil {
			return nil, fmt.Errorf("composing %s with the generated tests: %w", target.Path, err)
		}

		tmpPath := filepath.Join(dir, strconv.Itoa(len(ov.files)), filepath.Base(target.Path))
		if err := os.MkdirAll(filepath.Dir(tmpPath), 0o700); err != nil {
			return nil, fmt.Errorf("creating overlay directory: %w", err)
		}
		if err := os.WriteFile(tmpPath, content, 0o600); err != nil {
			return nil, fmt.Errorf("writing overlay file for %s: %w", target.Path, err)
		}
		cf := &composedFile{target: target, tmpPath: tmpPath, importers: map[string][]*prepared{}}
		cf.ranges, err = candidateRanges(tmpPath, content, cands)
		if err != nil {
			return nil, err
		}
		for _, p := range cands {
			for _, imp := range p.imports {
				cf.importers[imp.Path] = append(cf.importers[imp.Path], p)
			}
		}
		ov.files = append(ov.files, cf)
		replace[target.Path] = tmpPath
	}

	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return nil, fmt.Errorf("encoding overlay: %w", err)
	}
	if err := os.WriteFile(ov.path, data, 0o600); err != nil {
		return nil, fmt.Errorf("writing overlay: %w", err)
	}
	return ov, nil
}

// candidateRanges finds each candidate's declarations in the composed
// content by their keys, which renaming made unique in the test package.
func candidateRanges(path string, content []byte, cands []*prepared) (map[*prepared][]lineRange, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, content, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parsing the composed %s: %w", path, err)
	}

	owner := map[string]*prepared{}
	for _, p := range cands {
		for _, k := range p.keys {
			owner[k] = p
		}
	}
	ranges := map[*prepared][]lineRange{}
	for _, d := range f.Decls {
		start := d.Pos()
		var keys []string
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Doc != nil {
				start = d.Doc.Pos()
			}
			if d.Recv != nil {
				keys = []string{goast.ReceiverTypeName(d.Recv) + "." + d.Name.Name}
			} else {
				keys = []string{d.Name.Name}
			}
		case *ast.GenDecl:
			if d.Doc != nil {
				start = d.Doc.Pos()
			}
			for _, s := range d.Specs {
				keys = append(keys, specNames(s)...)
			}
		}
		for _, k := range keys {
			if p := owner[k]; p != nil {
				r := lineRange{fset.Position(start).Line, fset.Position(d.End()).Line}
				ranges[p] = append(ranges[p], r)
				break
			}
		}
	}
	return ranges, nil
}

// candidateAt returns the candidate whose declarations contain line.
func (cf *composedFile) candidateAt(line int) *prepared {
	for p, rs := range cf.ranges {
		for _, r := range rs {
			if line >= r.start && line <= r.end {
				return p
			}
		}
	}
	return nil
}

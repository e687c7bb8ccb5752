package verify

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// compilerPosition matches a compiler or vet message, "file:line:col: msg"
// or "file:line: msg".
var compilerPosition = regexp.MustCompile(`^(.+?\.go):(\d+)(?::(\d+))?: (.*)$`)

// unusedImport matches the compiler's message for an unused import.
var unusedImport = regexp.MustCompile(`^"([^"]+)" imported (?:as \S+ )?and not used`)

// missingPackage matches the go command's messages for an import that the
// module cannot provide: a package of no required module, a module that
// -mod=readonly may not look up, or a path that is not in the standard
// library. They are reported at the import's line.
var missingPackage = regexp.MustCompile(`^(?:no required module provides package|cannot find module providing package|package) (\S+?)(?:;|:| is not in std)`)

// A buildBlame is the attribution of one failed build's output.
type buildBlame struct {
	// errors holds the messages for each candidate that caused one, with
	// the temporary path replaced by the target's path relative to Dir.
	errors map[*prepared][]string

	// unattributed holds the messages that no candidate could be blamed
	// for.
	unattributed []string
}

// attributeBuild assigns each compiler and vet message in output to the
// candidate whose lines in the composed file contain its position. An
// unused import is blamed on the candidates that listed it but do not use
// it, or on all that listed it when that cannot be determined. An import
// of a package that the module cannot provide is blamed on the candidates
// that listed it.
func attributeBuild(dir string, ov *overlay, output []string) *buildBlame {
	blame := &buildBlame{errors: map[*prepared][]string{}}
	var last *prepared // the candidate of the previous message, for continuation lines
	lastBlamed := false
	for _, line := range output {
		if line == "" || strings.HasPrefix(line, "# ") {
			continue
		}
		m := compilerPosition.FindStringSubmatch(line)
		if m == nil {
			// Indented lines continue the message before them, for
			// example the "have" and "want" lines of a type mismatch.
			if lastBlamed && (strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " ")) {
				blame.errors[last] = append(blame.errors[last], line)
			} else if !strings.HasPrefix(line, "too many errors") {
				blame.unattributed = append(blame.unattributed, line)
				lastBlamed = false
			}
			continue
		}

		lineNo, _ := strconv.Atoi(m[2])
		cf := ov.fileAt(dir, m[1])
		if cf == nil {
			blame.unattributed = append(blame.unattributed, line)
			lastBlamed = false
			continue
		}
		msg := cf.relPath(dir) + strings.TrimPrefix(line, m[1])
		var blamed []*prepared
		if p := cf.candidateAt(lineNo); p != nil {
			blamed = []*prepared{p}
		} else if im := unusedImport.FindStringSubmatch(m[4]); im != nil {
			blamed = cf.unusedImportOwners(im[1])
		} else if mp := missingPackage.FindStringSubmatch(m[4]); mp != nil {
			blamed = cf.importers[mp[1]]
		}
		if len(blamed) == 0 {
			blame.unattributed = append(blame.unattributed, msg)
			lastBlamed = false
			continue
		}
		for _, p := range blamed {
			blame.errors[p] = append(blame.errors[p], msg)
		}
		last, lastBlamed = blamed[0], true
	}
	return blame
}

// unusedImportOwners returns the candidates to blame for an unused import
// of path: those that listed it without referring to its package name.
func (cf *composedFile) unusedImportOwners(path string) []*prepared {
	listed := cf.importers[path]
	var nonUsers []*prepared
	for _, p := range listed {
		name := guessPackageName(path)
		for _, imp := range p.imports {
			if imp.Path == path && imp.Name != "" {
				name = imp.Name
			}
		}
		if !strings.Contains(p.code, name+".") {
			nonUsers = append(nonUsers, p)
		}
	}
	if len(nonUsers) > 0 {
		return nonUsers
	}
	return listed
}

// fileAt returns the composed file that the go command reported as path,
// relative to dir, or nil when path is another file. The go command names
// an overlaid file by its replacement's path.
func (ov *overlay) fileAt(dir, path string) *composedFile {
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	path = filepath.Clean(path)
	for _, cf := range ov.files {
		if path == cf.tmpPath || path == cf.target.Path {
			return cf
		}
	}

	// The paths may differ by symbolic links, as when the temporary
	// directory is below a linked /tmp.
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	for _, cf := range ov.files {
		if tfi, err := os.Stat(cf.tmpPath); err == nil && os.SameFile(fi, tfi) {
			return cf
		}
	}
	return nil
}

// relPath returns the target's path relative to dir, as messages show it.
func (cf *composedFile) relPath(dir string) string {
	if rel, err := filepath.Rel(dir, cf.target.Path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return cf.target.Path
}

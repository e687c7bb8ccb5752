package analyzer

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/go-testgen/testgen/generate"
)

// A finding is one untested function that this unit reports.
type finding struct {
	name string
	pos  token.Pos
	fn   *types.Func
	ctor *types.Func
	text requestText
	// srcFile is the path of the file that declares the function.
	srcFile string
	// skeleton names an unfilled skeleton test that is already for it.
	skeleton string
	// header is the copyright and build-constraint text of that file,
	// empty when the unit does not have the file's syntax.
	header string
}

func (r *runner) run(pass *analysis.Pass) (any, error) {
	defer r.passes.Add(1)
	res := &Result{}

	// A unit from export data has no files to inspect, and the standard
	// library is no user's code: go vet runs the analyzer over every
	// dependency to compute facts, and this keeps that cheap.
	if len(pass.Files) == 0 || inGOROOT(pass) {
		return res, nil
	}

	// An invalid setting fails every run, not only those that generate.
	if err := r.settings.check(); err != nil {
		return nil, r.fail(err)
	}

	var findings []*finding
	if isExternalTestUnit(pass) {
		findings = r.externalFindings(pass)
	} else {
		if pass.Pkg.Name() == "main" {
			return res, nil
		}
		var deferred bool
		findings, deferred = r.internalFindings(pass)
		if deferred {
			return res, nil
		}
	}
	if len(findings) == 0 {
		return res, nil
	}

	// A function whose skeleton waits for cases needs no second test.
	var toGenerate []*finding
	for _, f := range findings {
		if f.skeleton != "" {
			pass.Reportf(f.pos, "%s; %s has no test cases yet", untestedMessage(f.name), f.skeleton)
			continue
		}
		toGenerate = append(toGenerate, f)
	}
	if len(toGenerate) > 0 {
		if err := r.report(pass, toGenerate, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// untestedMessage is the diagnostic message for an untested function.
func untestedMessage(name string) string {
	kind := "function"
	if strings.Contains(name, ".") {
		kind = "method"
	}
	return fmt.Sprintf("exported %s %s has no test", kind, name)
}

// internalFindings returns the functions of the package that its internal
// tests leave untested. When the package also has external tests, it
// exports them as a fact for the p_test unit instead, and reports
// deferred.
func (r *runner) internalFindings(pass *analysis.Pass) (findings []*finding, deferred bool) {
	dir := packageDir(pass)
	internalTests, externalTests := testPackages(dir, pass.Pkg.Name(), pass.Pkg.Path())

	// Drivers that analyze a package with its tests also analyze it
	// without them (the checker and analysistest do). Only the variant
	// that contains the internal test files can tell what they test.
	if internalTests && len(unitTestFiles(pass)) == 0 {
		return nil, true
	}

	ev := gatherEvidence(pass)
	idx := newSourceIndex(pass)
	var fact deferredFact
	for _, c := range r.findCandidates(pass) {
		if ev.tested(c.fn, c.name) {
			continue
		}
		text := idx.text(c)
		var ctor *types.Func
		if recv := receiverTypeName(c.decl); recv != "" {
			if fd := idx.constructor(recv); fd != nil {
				ctor, _ = pass.TypesInfo.Defs[fd.Name].(*types.Func)
			}
		}
		posn := pass.Fset.Position(c.decl.Name.Pos())
		findings = append(findings, &finding{
			name:     c.name,
			pos:      c.decl.Name.Pos(),
			fn:       c.fn,
			ctor:     ctor,
			text:     text,
			srcFile:  posn.Filename,
			header:   idx.fileHeader(c.file),
			skeleton: ev.skeleton(c.fn, c.name),
		})
		fact.Funcs = append(fact.Funcs, deferredFunc{
			Name:     c.name,
			Filename: posn.Filename,
			Line:     posn.Line,
			Column:   posn.Column,
			Text:     text,
			Skeleton: ev.skeleton(c.fn, c.name),
		})
	}

	if externalTests {
		if len(fact.Funcs) > 0 {
			pass.ExportPackageFact(&fact)
		}
		return nil, true
	}
	return findings, false
}

// externalFindings returns the functions that the internal unit deferred
// and that the external test files do not test either.
func (r *runner) externalFindings(pass *analysis.Pass) []*finding {
	pkgPath := strings.TrimSuffix(pass.Pkg.Path(), "_test")
	var pkg *types.Package
	for _, imp := range pass.Pkg.Imports() {
		if imp.Path() == pkgPath {
			pkg = imp
		}
	}
	// The internal unit defers only to external tests that import it.
	if pkg == nil {
		return nil
	}
	var fact deferredFact
	if !pass.ImportPackageFact(pkg, &fact) {
		return nil
	}

	ev := gatherEvidence(pass)
	var findings []*finding
	for _, df := range fact.Funcs {
		fn := lookupFunc(pkg, df.Name)
		if fn == nil || ev.tested(fn, df.Name) {
			continue
		}
		var ctor *types.Func
		if recv, _, ok := strings.Cut(df.Name, "."); ok {
			if obj, ok := pkg.Scope().Lookup("New" + recv).(*types.Func); ok && returnsNamed(obj, recv) {
				ctor = obj
			}
		}
		skeleton := df.Skeleton
		if skeleton == "" {
			skeleton = ev.skeleton(fn, df.Name)
		}
		findings = append(findings, &finding{
			name:     df.Name,
			pos:      positionOf(pass, fn, df),
			fn:       fn,
			ctor:     ctor,
			text:     df.Text,
			srcFile:  df.Filename,
			skeleton: skeleton,
		})
	}
	return findings
}

// A draft is a finding on its way to a diagnostic: its generated code, the
// files the code goes into, and why it has no test when it has none.
type draft struct {
	*finding
	req  *generate.Request
	code *testCode
	// why is the reason the finding has no fix, empty when it has one.
	why string

	// fixFile is the unit's test file that the suggested fix edits, nil
	// when the unit has none. plan is what the testgen command writes.
	fixFile     *ast.File
	fixFileName string
	plan        *PlannedTest
}

// report reports the findings of a unit, generating and verifying their
// tests and turning them into suggested fixes and planned tests.
func (r *runner) report(pass *analysis.Pass, findings []*finding, res *Result) error {
	drafts := r.requests(pass, findings)
	// Generation takes the longest, so the files are hashed before it: the
	// testgen command then leaves alone a file that was edited meanwhile.
	hashes := hashFiles(pass, drafts)

	if r.shouldGenerate() {
		if err := r.setup(); err != nil {
			return err
		}
		reqs := make([]*generate.Request, len(drafts))
		for i, d := range drafts {
			reqs[i] = d.req
		}
		if err := r.failure(); err != nil {
			return err
		}
		tests, err := r.generate(reqs)
		if errors.Is(err, ErrEarlierFailure) {
			return err
		}
		if err != nil {
			// Nothing could be generated: the credentials were rejected,
			// the endpoint is down or the run was interrupted. Later
			// passes would fail the same way, so the run stops here.
			return r.fail(fmt.Errorf("generating tests for %s: %w", pass.Pkg.Path(), err))
		}
		for i, d := range drafts {
			// A variable of its own, so that one function's error does not
			// become the generator error of the functions after it.
			var codeErr error
			d.code, codeErr = generatedCode(tests, i, err, d.req)
			if codeErr != nil {
				d.why = "no test was generated: " + codeErr.Error()
			}
		}
		r.placeTests(pass, drafts, hashes)
		r.verifyTests(pass, drafts)
	}

	hasTestFile := len(unitTestFiles(pass)) > 0
	for _, d := range drafts {
		diag := analysis.Diagnostic{Pos: d.pos, Message: untestedMessage(d.name)}
		switch {
		case d.why != "":
			diag.Message += "; " + d.why
		case d.fixFile != nil:
			msg := fixMessage(d.name)
			if !r.verified() {
				msg += " (unverified)"
			}
			diag.SuggestedFixes = []analysis.SuggestedFix{{Message: msg, TextEdits: fixEdits(d.fixFile, d.code)}}
			if r.cfg.ReportInTestFile {
				posn := pass.Fset.Position(d.pos)
				diag.Pos = d.fixFile.Name.Pos()
				diag.Message = fmt.Sprintf("%s (declared at %s:%d)", diag.Message, filepath.Base(posn.Filename), posn.Line)
			}
		case !hasTestFile && !r.cfg.CreatesFiles:
			// No fix of a standard driver can create the file.
			diag.Message += fmt.Sprintf("; run testgen -fix to create %s", filepath.Base(siblingTestFile(d.srcFile)))
		}
		pass.Report(diag)

		if d.code != nil && d.why == "" && d.plan != nil {
			d.plan.Code = d.code.decls
			d.plan.Imports = d.code.imports
			res.Tests = append(res.Tests, d.plan)
		}
	}
	return nil
}

// requests names each finding's test after Go's convention, unique in the
// test package among its declarations and the other generated tests, and
// builds its request.
func (r *runner) requests(pass *analysis.Pass, findings []*finding) []*draft {
	ev := gatherEvidence(pass)
	taken := map[string]bool{}
	drafts := make([]*draft, len(findings))
	for i, f := range findings {
		name := baseTestName(f.name)
		for n := 2; pass.Pkg.Scope().Lookup(name) != nil || taken[name]; n++ {
			name = fmt.Sprintf("%s%d", baseTestName(f.name), n)
		}
		taken[name] = true
		drafts[i] = &draft{
			finding: f,
			req:     newRequest(f.name, name, f.fn, f.ctor, f.text, pass.Pkg.Name(), packageDir(pass), ev),
		}
	}
	return drafts
}

// placeTests chooses the files each generated test goes into. The fix edits
// the sibling test file (shapes.go → shapes_test.go) when it is in the
// unit, else another test file of the unit. The testgen command writes to
// the sibling, creating it when it does not exist.
func (r *runner) placeTests(pass *analysis.Pass, drafts []*draft, hashes map[string][32]byte) {
	testFiles := unitTestFiles(pass)
	for _, d := range drafts {
		if d.code == nil {
			continue
		}
		sibling := siblingTestFile(d.srcFile)
		d.fixFile, d.fixFileName = testFiles[sibling], sibling
		if d.fixFile == nil {
			d.fixFileName, d.fixFile = firstFile(testFiles)
		}
		if d.fixFile != nil {
			if err := d.code.adaptTo(d.fixFile); err != nil {
				d.why = "no test was generated: " + err.Error()
				continue
			}
		}

		plan := &PlannedTest{Name: d.name, Pos: pass.Fset.Position(d.pos)}
		if hash, ok := hashes[d.srcFile]; ok {
			plan.Source, plan.SourceHash = d.srcFile, hash
		}
		switch {
		case testFiles[sibling] == nil && !fileExists(sibling):
			plan.File = sibling
			plan.Create = true
			plan.PackageName = pass.Pkg.Name()
			plan.Header = d.header
		case d.fixFile != nil:
			// A sibling of the other test package cannot take this test,
			// so it goes where the fix puts it.
			hash, ok := hashes[d.fixFileName]
			if !ok {
				continue
			}
			plan.File = d.fixFileName
			plan.Hash = hash
		default:
			continue
		}
		d.plan = plan
	}
}

// hashFiles returns the SHA-256 of the content of each file of the unit and
// of each draft's source file, by path. A file that cannot be read is left
// out.
func hashFiles(pass *analysis.Pass, drafts []*draft) map[string][32]byte {
	hashes := map[string][32]byte{}
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if content, err := pass.ReadFile(name); err == nil {
			hashes[name] = sha256.Sum256(content)
		}
	}
	// The source file of an external test unit's finding belongs to
	// another unit, which pass.ReadFile does not read.
	for _, d := range drafts {
		if _, ok := hashes[d.srcFile]; ok || d.srcFile == "" {
			continue
		}
		if content, err := os.ReadFile(d.srcFile); err == nil {
			hashes[d.srcFile] = sha256.Sum256(content)
		}
	}
	return hashes
}

// generatedCode returns the normalized code of the i-th test, or why there
// is none.
func generatedCode(tests []generate.Test, i int, genErr error, req *generate.Request) (*testCode, error) {
	if genErr != nil {
		return nil, genErr
	}
	if i >= len(tests) {
		return nil, fmt.Errorf("the generator returned no test")
	}
	if tests[i].Err != nil {
		return nil, tests[i].Err
	}
	return normalizeTest(tests[i], req)
}

// lookupFunc finds the function "F" or method "T.M" in pkg.
func lookupFunc(pkg *types.Package, name string) *types.Func {
	typeName, method, isMethod := strings.Cut(name, ".")
	if !isMethod {
		fn, _ := pkg.Scope().Lookup(name).(*types.Func)
		return fn
	}
	tn, ok := pkg.Scope().Lookup(typeName).(*types.TypeName)
	if !ok {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(tn.Type(), true, pkg, method)
	fn, _ := obj.(*types.Func)
	return fn
}

// positionOf returns the position of a deferred function's name in the
// p_test unit. Loaded from source, the object has it exactly. From export
// data it has only the line, so a position with the recorded column is
// added to the file set.
func positionOf(pass *analysis.Pass, fn *types.Func, df deferredFunc) token.Pos {
	posn := pass.Fset.Position(fn.Pos())
	if posn.Filename == df.Filename && posn.Line == df.Line && posn.Column == df.Column {
		return fn.Pos()
	}
	tf := pass.Fset.AddFile(df.Filename, -1, 1)
	tf.AddLineColumnInfo(0, df.Filename, df.Line, df.Column)
	return tf.Pos(0)
}

// isExternalTestUnit reports whether the pass analyzes a p_test package.
func isExternalTestUnit(pass *analysis.Pass) bool {
	return strings.HasSuffix(pass.Pkg.Name(), "_test") && strings.HasSuffix(pass.Pkg.Path(), "_test")
}

// unitTestFiles maps the path of each _test.go file of the unit to its
// syntax.
func unitTestFiles(pass *analysis.Pass) map[string]*ast.File {
	files := map[string]*ast.File{}
	for _, f := range pass.Files {
		if isTestFile(pass, f) {
			files[pass.Fset.File(f.Pos()).Name()] = f
		}
	}
	return files
}

// firstFile returns the file with the smallest path, for a choice that
// does not depend on map order.
func firstFile(files map[string]*ast.File) (string, *ast.File) {
	var name string
	for n := range files {
		if name == "" || n < name {
			name = n
		}
	}
	return name, files[name]
}

// siblingTestFile returns the test file beside a source file:
// shapes.go → shapes_test.go.
func siblingTestFile(src string) string {
	return strings.TrimSuffix(src, ".go") + "_test.go"
}

// fileHeader returns the comments above a file's package clause other than
// the package doc: the copyright notice and build constraints a new test
// file should copy.
func (idx *sourceIndex) fileHeader(f *ast.File) string {
	tf := idx.pass.Fset.File(f.Pos())
	content, err := idx.read(tf.Name())
	if err != nil || len(content) != tf.Size() {
		return ""
	}
	var parts []string
	for _, cg := range f.Comments {
		if cg.Pos() >= f.Package {
			break
		}
		if cg == f.Doc {
			continue
		}
		parts = append(parts, string(content[tf.Offset(cg.Pos()):tf.Offset(cg.End())]))
	}
	return strings.Join(parts, "\n\n")
}

// packageDir returns the directory of the unit's files.
func packageDir(pass *analysis.Pass) string {
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if strings.HasSuffix(name, ".go") {
			return filepath.Dir(name)
		}
		// cgo makes files without the .go suffix in the build cache. The
		// //line directive of those made from a file importing "C" names
		// the original.
		if orig := pass.Fset.Position(f.Package).Filename; strings.HasSuffix(orig, ".go") {
			return filepath.Dir(orig)
		}
	}
	return ""
}

// inGOROOT reports whether the unit is a package of the Go distribution.
func inGOROOT(pass *analysis.Pass) bool {
	dir := packageDir(pass)
	root := build.Default.GOROOT
	return root != "" && strings.HasPrefix(dir, filepath.Join(root, "src")+string(filepath.Separator))
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

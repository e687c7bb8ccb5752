package offline_test

import (
	"context"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/go-testgen/testgen/generate"
	"github.com/go-testgen/testgen/offline"
)

const shapesSrc = `package shapes

import "errors"

type Point struct{ X, Y float64 }

type secret struct{}

func Centroid(pts []Point) (Point, error) {
	if len(pts) == 0 {
		return Point{}, errors.New("no points")
	}
	return pts[0], nil
}

func Sum(base int, rest ...int) int { return base }

func Max[T int | float64](a, b T) T { return a }

func Keys[M ~map[K]V, K comparable, V any](m M) []K { return nil }

type Number interface{ Digits() string }

func Show[N Number](n N) string { return n.Digits() }

type Stack struct{ items []int }

func NewStack(capacity int) (*Stack, error) { return &Stack{}, nil }

func (s *Stack) Push(v int) error { return nil }

func (s *Stack) Len() int { return len(s.items) }

func Open(s secret) {}

func Callback() func() { return nil }
`

// loadShapes type-checks shapesSrc.
func loadShapes(t *testing.T) *types.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "shapes.go", shapesSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("example.com/shapes", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

// request builds the request for "F" or "T.M" in pkg.
func request(t *testing.T, pkg *types.Package, name, testPkgName string) *generate.Request {
	t.Helper()
	req := &generate.Request{
		Name:        name,
		TestName:    "Test" + strings.ReplaceAll(name, ".", "_"),
		PkgName:     pkg.Name(),
		PkgPath:     pkg.Path(),
		TestPkgName: testPkgName,
	}
	if typeName, method, ok := strings.Cut(name, "."); ok {
		tn := pkg.Scope().Lookup(typeName).(*types.TypeName)
		obj, _, _ := types.LookupFieldOrMethod(tn.Type(), true, pkg, method)
		req.Func = obj.(*types.Func)
		if ctor, ok := pkg.Scope().Lookup("New" + typeName).(*types.Func); ok {
			req.Constructor = ctor
		}
	} else {
		req.Func = pkg.Scope().Lookup(name).(*types.Func)
	}
	return req
}

func TestGenerator_Generate(t *testing.T) {
	pkg := loadShapes(t)
	tests := []struct {
		name        string
		fn          string
		testPkgName string
		want        []string
	}{
		{"error result", "Centroid", "shapes", []string{
			"pts     []Point", "wantErr bool", "got, err := Centroid(tt.pts)",
			"if (err != nil) != tt.wantErr {", "if !reflect.DeepEqual(got, tt.want) {",
		}},
		{"external package", "Centroid", "shapes_test", []string{
			"pts     []shapes.Point", "got, err := shapes.Centroid(tt.pts)",
		}},
		{"variadic", "Sum", "shapes", []string{"rest []int", "got := Sum(tt.base, tt.rest...)", "if got != tt.want {"}},
		{"generic", "Max", "shapes", []string{"a    int", "got := Max[int](tt.a, tt.b)"}},
		{"generic with core type", "Keys", "shapes", []string{"m    map[string]int", "Keys[map[string]int, string, int](tt.m)"}},
		{"method with constructor", "Stack.Push", "shapes", []string{
			"newCapacity int", "s, err := NewStack(tt.newCapacity)", "t.Fatalf(\"NewStack() error = %v\", err)",
			"err = s.Push(tt.v)",
		}},
		{"func result", "Callback", "shapes", []string{"if (got == nil) != (tt.want == nil) {"}},
		{"skip while empty", "Sum", "shapes", []string{"if len(tests) == 0 {", "t.Skip("}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := request(t, pkg, tt.fn, tt.testPkgName)
			out, err := offline.Generator{}.Generate(context.Background(), []*generate.Request{req})
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != 1 {
				t.Fatalf("got %d tests, want 1", len(out))
			}
			if out[0].Err != nil {
				t.Fatalf("Err = %v", out[0].Err)
			}
			if _, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+out[0].Code, 0); err != nil {
				t.Errorf("generated code does not parse: %v\n%s", err, out[0].Code)
			}
			for _, w := range tt.want {
				if !strings.Contains(out[0].Code, w) {
					t.Errorf("generated code lacks %q:\n%s", w, out[0].Code)
				}
			}
		})
	}
}

func TestGenerator_GenerateReasons(t *testing.T) {
	pkg := loadShapes(t)
	tests := []struct {
		name        string
		fn          string
		testPkgName string
		wantErr     string
	}{
		{"unexported type from external package", "Open", "shapes_test", "unexported type secret"},
		{"no type argument satisfies", "Show", "shapes", "no type arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := request(t, pkg, tt.fn, tt.testPkgName)
			out, err := offline.Generator{}.Generate(context.Background(), []*generate.Request{req})
			if err != nil {
				t.Fatal(err)
			}
			if out[0].Err == nil || !strings.Contains(out[0].Err.Error(), tt.wantErr) {
				t.Errorf("Err = %v, want it to contain %q", out[0].Err, tt.wantErr)
			}
			if out[0].Code != "" {
				t.Errorf("Code = %q, want none", out[0].Code)
			}
		})
	}
}

package generate_test

import (
	"context"
	"testing"

	"github.com/go-testgen/testgen/generate"
)

func TestGeneratorFunc_Generate(t *testing.T) {
	var got []*generate.Request
	g := generate.GeneratorFunc(func(ctx context.Context, reqs []*generate.Request) ([]generate.Test, error) {
		got = reqs
		return []generate.Test{{Name: reqs[0].Name, Code: "func TestF(t *testing.T) {}"}}, nil
	})

	reqs := []*generate.Request{{Name: "F"}}
	tests, err := g.Generate(context.Background(), reqs)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != reqs[0] {
		t.Errorf("the function received %v, want the requests passed in", got)
	}
	if len(tests) != 1 || tests[0].Name != "F" {
		t.Errorf("Generate() = %+v, want one test for F", tests)
	}
}

func TestRequest_External(t *testing.T) {
	tests := []struct {
		name        string
		pkgName     string
		testPkgName string
		want        bool
	}{
		{"internal", "shapes", "shapes", false},
		{"external", "shapes", "shapes_test", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &generate.Request{PkgName: tt.pkgName, TestPkgName: tt.testPkgName}
			if got := r.External(); got != tt.want {
				t.Errorf("External() = %v, want %v", got, tt.want)
			}
		})
	}
}

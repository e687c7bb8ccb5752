package analyzer

import (
	"testing"

	"github.com/go-testgen/testgen/generate"
)

// BenchmarkNormalizeTest measures turning one generated test into the
// declarations and imports that are inserted into a test file, when the
// code declares the imports it needs and when goimports must add them.
func BenchmarkNormalizeTest(b *testing.B) {
	const body = `func TestAdd(t *testing.T) {
	tests := []struct{ in, want string }{{"a", "A"}}
	for _, tt := range tests {
		if got := strings.ToUpper(tt.in); got != tt.want {
			t.Errorf("ToUpper(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
`
	req := &generate.Request{Name: "Add", TestName: "TestAdd", PkgName: "calc", PkgPath: "example.com/calc", TestPkgName: "calc", Dir: b.TempDir()}
	cases := []struct {
		name string
		code string
	}{
		{"imports=declared", "import (\n\t\"strings\"\n\t\"testing\"\n)\n\n" + body},
		{"imports=missing", body},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				code, err := normalizeTest(generate.Test{Name: "Add", Code: c.code}, req)
				if err != nil {
					b.Fatal(err)
				}
				if len(code.imports) != 2 {
					b.Fatalf("got imports %v, want strings and testing", code.imports)
				}
			}
		})
	}
}

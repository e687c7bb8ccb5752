package testfile_test

import (
	"strings"
	"testing"

	"github.com/go-testgen/testgen/internal/testfile"
)

const testDecl = `func TestF(t *testing.T) {
	if !reflect.DeepEqual(F(), 1) {
		t.Error("F() != 1")
	}
}`

func TestCompose(t *testing.T) {
	tests := []struct {
		name string
		base string
		nf   testfile.NewFile
		want string
	}{
		{
			name: "new file with header",
			nf:   testfile.NewFile{Header: "// Copyright 2026 A.\n\n//go:build linux", PackageName: "p"},
			want: "// Copyright 2026 A.\n\n//go:build linux\n\npackage p\n\nimport (\n\t\"reflect\"\n\t\"testing\"\n)\n\n" + testDecl + "\n",
		},
		{
			name: "existing file keeps its content",
			base: "package p\n\nimport \"testing\"\n\n// TestOld is old.\nfunc TestOld(t *testing.T) {}\n",
			want: "package p\n\nimport (\n\t\"reflect\"\n\t\"testing\"\n)\n\n// TestOld is old.\nfunc TestOld(t *testing.T) {}\n\n" + testDecl + "\n",
		},
	}
	imports := []testfile.Import{{Path: "reflect"}, {Path: "testing"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var base []byte
			if tt.base != "" {
				base = []byte(tt.base)
			}
			got, err := testfile.Compose("p_test.go", base, tt.nf, []string{testDecl}, imports)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Compose() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestCompose_invalidBase(t *testing.T) {
	_, err := testfile.Compose("p_test.go", []byte("package p\nfunc {"), testfile.NewFile{}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "parsing p_test.go") {
		t.Errorf("Compose() error = %v, want a parse error naming the file", err)
	}
}

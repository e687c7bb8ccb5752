package goast

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

func TestReceiverTypeName(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"func (s Stack) M() {}", "Stack"},
		{"func (s *Stack) M() {}", "Stack"},
		{"func (s (*Stack)) M() {}", "Stack"},
		{"func (s Stack[T]) M() {}", "Stack"},
		{"func (s *Map[K, V]) M() {}", "Map"},
		{"func F() {}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+tt.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			fd := f.Decls[0].(*ast.FuncDecl)
			if got := ReceiverTypeName(fd.Recv); got != tt.want {
				t.Errorf("ReceiverTypeName() = %q, want %q", got, tt.want)
			}
		})
	}
}

// Package goast holds small syntax helpers shared by the analyzer and
// verification.
package goast

import "go/ast"

// ReceiverTypeName returns the name of a method receiver's base type:
// "Stack" for receivers written as Stack, *Stack, (Stack), Stack[T] or
// *Stack[K, V]. It returns "" for a nil or empty list and for receiver
// types of any other form.
func ReceiverTypeName(recv *ast.FieldList) string {
	if recv == nil || len(recv.List) == 0 {
		return ""
	}
	expr := recv.List[0].Type
	for {
		switch e := expr.(type) {
		case *ast.StarExpr:
			expr = e.X
		case *ast.ParenExpr:
			expr = e.X
		case *ast.IndexExpr:
			expr = e.X
		case *ast.IndexListExpr:
			expr = e.X
		case *ast.Ident:
			return e.Name
		default:
			return ""
		}
	}
}

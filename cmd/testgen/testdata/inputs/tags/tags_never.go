//go:build never

package tags

// Never is never built.
func Never() bool { return false }

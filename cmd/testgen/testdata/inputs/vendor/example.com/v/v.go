package v

// Vendored is vendored.
func Vendored() int { return 1 }

package notests

// Double has no test file to go into, so standard drivers get no fix.
func Double(n int) int { return 2 * n } // want "exported function Double has no test; run testgen -fix to create notests_test.go"

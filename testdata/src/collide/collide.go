package collide

// Parse is untested, and TestParse is taken.
func Parse(s string) int { return len(s) } // want "exported function Parse has no test"

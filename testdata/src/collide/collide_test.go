package collide

// TestParse is a variable, not a test, so it neither tests Parse nor lets a
// new test take its name.
var TestParse = "taken"

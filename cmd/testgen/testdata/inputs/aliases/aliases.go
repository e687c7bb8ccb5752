package aliases

// Point is a point.
type Point struct{ X, Y int }

// Alias names Point.
type Alias = Point

// Sum returns the sum of the coordinates.
func (a Alias) Sum() int { return a.X + a.Y }

// Ints is an alias of a slice type.
type Ints = []int

// Len returns len(v).
func Len(v Ints) int { return len(v) }

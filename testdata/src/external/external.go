package external // want package:"untested\\(Area, Shape.Grow\\)"

// Shape is a rectangle.
type Shape struct{ W, H int }

// NewShape returns a shape.
func NewShape(w, h int) *Shape { return &Shape{w, h} }

// Area is untested.
func Area(s Shape) int { return s.W * s.H } // want "exported function Area has no test"

// Grow is untested.
func (s *Shape) Grow(d int) { s.W += d; s.H += d } // want "exported method Shape.Grow has no test"

// Perimeter is tested by the external test.
func Perimeter(s Shape) int { return 2 * (s.W + s.H) }

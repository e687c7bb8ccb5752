package embedded

// Base has a method.
type Base struct{ N int }

// Hello greets.
func (b Base) Hello() string { return "hello" }

// Derived embeds Base.
type Derived struct{ Base }

// Own is Derived's own method.
func (d *Derived) Own() int { return d.N }

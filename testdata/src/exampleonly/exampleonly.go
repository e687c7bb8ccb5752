package exampleonly // want package:"untested\\(Hand.Shake\\)"

// Greet is tested by an example only.
func Greet(name string) string { return "hello, " + name }

// Wave is tested by an example of its method: ExampleHand_Wave.
type Hand struct{}

// Wave waves.
func (Hand) Wave() string { return "wave" }

// Shake is untested.
func (Hand) Shake() string { return "shake" } // want "exported method Hand.Shake has no test"

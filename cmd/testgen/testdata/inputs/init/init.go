package init_

var ready bool

func init() { ready = true }

// Ready reports readiness.
func Ready() bool { return ready }

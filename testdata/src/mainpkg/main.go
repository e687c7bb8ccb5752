package main

// Run is in package main: not reported.
func Run() {}

func main() { Run() }

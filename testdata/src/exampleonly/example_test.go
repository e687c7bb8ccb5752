package exampleonly_test

import (
	"fmt"

	"exampleonly"
)

func ExampleGreet() {
	fmt.Println(exampleonly.Greet("gopher"))
	// Output: hello, gopher
}

func ExampleHand_Wave() {
	fmt.Println("wave")
	// Output: wave
}

// Package effects has functions whose results depend on the world.
package effects

import (
	"math/rand"
	"os"
	"time"
)

// Stamp returns the current Unix time.
func Stamp() int64 { return time.Now().Unix() }

// ReadConfig returns the content of the file at path.
func ReadConfig(path string) (string, error) {
	data, err := os.ReadFile(path)
	return string(data), err
}

// Roll returns a die roll.
func Roll() int { return rand.Intn(6) + 1 }

// Label prefixes name with the current hour, through a helper.
func Label(name string) string { return hour() + name }

func hour() string { return time.Now().Format("15") }

// Double returns 2*x.
func Double(x int) int { return 2 * x }

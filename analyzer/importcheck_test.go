package analyzer

import "testing"

func TestImportsComplete(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want bool
	}{
		{"all imports used", `package p
import "testing"
func TestF(t *testing.T) {
	for _, tt := range []struct{ want int }{{1}} {
		if F(1) != tt.want {
			t.Errorf("F(1) = %d", F(1))
		}
	}
}`, true},
		{"named import used", `package p
import tst "testing"
func TestF(t *tst.T) {}`, true},
		{"missing import", `package p
func TestF(t *testing.T) {}`, false},
		{"unused import", `package p
import ("strings"; "testing")
func TestF(t *testing.T) {}`, false},
		{"package name differs from path", `package p
import ("testing"; "gopkg.in/yaml.v3")
func TestF(t *testing.T) { yaml.Marshal(1) }`, false},
		{"blank import", `package p
import ("testing"; _ "embed")
func TestF(t *testing.T) {}`, false},
		{"package-level qualifier", `package p
import "testing"
func TestF(t *testing.T) { _ = config.Name }`, false},
		{"local variable shadows import", `package p
import ("strings"; "testing")
func TestF(t *testing.T) { strings := struct{ N int }{}; _ = strings.N }`, false},
		{"invalid source", `package p
func TestF(`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := importsComplete([]byte(tt.src)); got != tt.want {
				t.Errorf("importsComplete() = %v, want %v", got, tt.want)
			}
		})
	}
}

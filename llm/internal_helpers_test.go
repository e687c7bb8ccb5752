package llm

import (
	"fmt"

	"github.com/go-testgen/testgen/generate"
)

// testRequests returns n requests for functions F0 … F(n-1) of package geo
// with an external test package.
func testRequests(n int) []*generate.Request {
	reqs := make([]*generate.Request, n)
	for i := range reqs {
		name := fmt.Sprintf("F%d", i)
		reqs[i] = &generate.Request{
			Name:        name,
			TestName:    "Test" + name,
			Source:      "func " + name + "() int { return 1 }",
			PkgName:     "geo",
			PkgPath:     "example.com/geo",
			TestPkgName: "geo_test",
		}
	}
	return reqs
}

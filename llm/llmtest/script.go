package llmtest

import (
	"encoding/json"
	"sync"
)

// Script returns a Responder that replies to the first requests with
// replies, in order, and to every later request with then.
func Script(then Responder, replies ...Reply) Responder {
	var (
		mu   sync.Mutex
		next int
	)
	return func(req *Request) Reply {
		mu.Lock()
		i := next
		next++
		mu.Unlock()
		if i < len(replies) {
			return replies[i]
		}
		return then(req)
	}
}

// An Entry is one test of a batch response.
type Entry struct {
	Name string `json:"name"`
	Code string `json:"code"`
}

// Tests returns the JSON batch response {"tests": [entries…]}.
func Tests(entries ...Entry) string {
	if entries == nil {
		entries = []Entry{}
	}
	data, err := json.Marshal(map[string][]Entry{"tests": entries})
	if err != nil {
		panic(err) // strings only
	}
	return string(data)
}

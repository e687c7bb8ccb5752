package llmtest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-testgen/testgen/llm/llmtest"
)

// chatBody is the body of a chat completion request with the given user
// message.
func chatBody(user string) string {
	return `{"model":"test-model","messages":[{"role":"system","content":"sys"},{"role":"user","content":` +
		mustJSON(user) + `}],"max_tokens":100}`
}

func mustJSON(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(data)
}

// post sends body to the chat completions endpoint of srv and returns the
// response status, headers and body.
func post(t *testing.T, srv *llmtest.Server, body string) (int, http.Header, []byte) {
	t.Helper()
	resp, err := http.Post(srv.URL+"/chat/completions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading response: %v", err)
	}
	return resp.StatusCode, resp.Header, data
}

// completion is the part of a chat completion response that the tests
// check.
type completion struct {
	Choices []struct {
		Message struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
		TotalTokens      int `json:"total_tokens"`
	} `json:"usage"`
	Error struct {
		Message string `json:"message"`
	} `json:"error"`
}

func decodeCompletion(t *testing.T, data []byte) completion {
	t.Helper()
	var c completion
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("response %s: %v", data, err)
	}
	return c
}

// content returns the message content of the only choice of c.
func content(t *testing.T, c completion) string {
	t.Helper()
	if len(c.Choices) != 1 {
		t.Fatalf("response has %d choices, want 1", len(c.Choices))
	}
	return c.Choices[0].Message.Content
}

func TestNewServer(t *testing.T) {
	var got *llmtest.Request
	srv := llmtest.NewServer(t, func(req *llmtest.Request) llmtest.Reply {
		got = req
		return llmtest.Reply{Content: "hello", PromptTokens: 7, CompletionTokens: 3}
	})

	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Errorf("URL = %s, want a server on 127.0.0.1", srv.URL)
	}
	if !strings.HasSuffix(srv.URL, "/v1") {
		t.Errorf("URL = %s, want it to end in /v1", srv.URL)
	}

	body := `{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],` +
		`"max_completion_tokens":42,"temperature":0.5,"response_format":{"type":"json_object"}}`
	status, header, data := post(t, srv, body)
	if status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", status, data)
	}
	if ct := header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	c := decodeCompletion(t, data)
	if text := content(t, c); text != "hello" {
		t.Errorf("content = %q, want hello", text)
	}
	if role := c.Choices[0].Message.Role; role != "assistant" {
		t.Errorf("role = %q, want assistant", role)
	}
	if finish := c.Choices[0].FinishReason; finish != "stop" {
		t.Errorf("finish_reason = %q, want the default stop", finish)
	}
	if c.Usage.PromptTokens != 7 || c.Usage.CompletionTokens != 3 || c.Usage.TotalTokens != 10 {
		t.Errorf("usage = %+v, want 7 + 3 = 10", c.Usage)
	}

	if got == nil {
		t.Fatal("responder was not called")
	}
	if got.Call != 1 {
		t.Errorf("Call = %d, want 1", got.Call)
	}
	for _, field := range []struct{ name, got, want string }{
		{"Model", got.Model, "m"},
		{"System", got.System, "be brief"},
		{"User", got.User, "hi"},
	} {
		if field.got != field.want {
			t.Errorf("%s = %q, want %q", field.name, field.got, field.want)
		}
	}
	if got.MaxTokens != 42 {
		t.Errorf("MaxTokens = %d, want max_completion_tokens 42", got.MaxTokens)
	}
	if got.Temperature == nil || *got.Temperature != 0.5 {
		t.Errorf("Temperature = %v, want 0.5", got.Temperature)
	}
	if got.ResponseFormat != "json_object" {
		t.Errorf("ResponseFormat = %q, want json_object", got.ResponseFormat)
	}
	if string(got.Body) != body {
		t.Errorf("Body = %s, want the request body", got.Body)
	}
}

func TestNewServerReplies(t *testing.T) {
	tests := []struct {
		name       string
		reply      llmtest.Reply
		wantStatus int
		check      func(t *testing.T, header http.Header, data []byte)
	}{
		{
			name:       "error status with headers",
			reply:      llmtest.Reply{Status: 429, Header: map[string]string{"Retry-After": "2"}, ErrorMessage: "rate limited"},
			wantStatus: 429,
			check: func(t *testing.T, header http.Header, data []byte) {
				if got := header.Get("Retry-After"); got != "2" {
					t.Errorf("Retry-After = %q, want 2", got)
				}
				if got := decodeCompletion(t, data).Error.Message; got != "rate limited" {
					t.Errorf("error message = %q, want rate limited", got)
				}
			},
		},
		{
			name:       "raw body",
			reply:      llmtest.Reply{Body: "{not json"},
			wantStatus: 200,
			check: func(t *testing.T, _ http.Header, data []byte) {
				if string(data) != "{not json" {
					t.Errorf("body = %q, want the raw body", data)
				}
			},
		},
		{
			name:       "finish reason",
			reply:      llmtest.Reply{Content: "cut", FinishReason: "length"},
			wantStatus: 200,
			check: func(t *testing.T, _ http.Header, data []byte) {
				if got := decodeCompletion(t, data).Choices[0].FinishReason; got != "length" {
					t.Errorf("finish_reason = %q, want length", got)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply { return tt.reply })
			status, header, data := post(t, srv, chatBody("hi"))
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", status, tt.wantStatus, data)
			}
			tt.check(t, header, data)
		})
	}
}

func TestNewServerReset(t *testing.T) {
	srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply { return llmtest.Reply{Reset: true} })

	resp, err := http.Post(srv.URL+"/chat/completions", "application/json", strings.NewReader(chatBody("hi")))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("POST got status %d, want a connection error", resp.StatusCode)
	}
	if got := srv.Calls(); got != 1 {
		t.Errorf("Calls() = %d, want 1", got)
	}
}

func TestNewServerInvalidRequest(t *testing.T) {
	srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply {
		t.Error("responder called for an invalid request body")
		return llmtest.Reply{}
	})

	status, _, data := post(t, srv, "{not json")
	if status != http.StatusBadRequest {
		t.Errorf("status %d, want 400: %s", status, data)
	}
	if msg := decodeCompletion(t, data).Error.Message; !strings.Contains(msg, "invalid request body") {
		t.Errorf("error message = %q, want invalid request body", msg)
	}

	resp, err := http.Get(srv.URL + "/chat/completions")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET status %d, want 405", resp.StatusCode)
	}
}

func TestServerCallsAndBodies(t *testing.T) {
	srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply { return llmtest.Reply{Content: "ok"} })
	if srv.Calls() != 0 || len(srv.Bodies()) != 0 {
		t.Fatalf("new server: Calls() = %d, %d bodies; want 0 and 0", srv.Calls(), len(srv.Bodies()))
	}

	users := []string{"first", "second", "third"}
	for _, u := range users {
		post(t, srv, chatBody(u))
	}

	if got := srv.Calls(); got != len(users) {
		t.Errorf("Calls() = %d, want %d", got, len(users))
	}
	bodies := srv.Bodies()
	if len(bodies) != len(users) {
		t.Fatalf("Bodies() has %d bodies, want %d", len(bodies), len(users))
	}
	for i, u := range users {
		if want := chatBody(u); string(bodies[i]) != want {
			t.Errorf("body %d = %s, want %s", i, bodies[i], want)
		}
	}

	// Bodies returns a copy of the list, so changing it changes no later result.
	bodies[0] = []byte("changed")
	if again := srv.Bodies(); !bytes.Equal(again[0], []byte(chatBody("first"))) {
		t.Errorf("Bodies()[0] = %s after the caller changed its copy", again[0])
	}
}

func TestServerMaxInFlight(t *testing.T) {
	const clients = 4
	// The responder holds each request until all clients have sent theirs,
	// so that the server handles all of them at once.
	arrived := make(chan struct{}, clients+1)
	allArrived := make(chan struct{})
	srv := llmtest.NewServer(t, func(*llmtest.Request) llmtest.Reply {
		arrived <- struct{}{}
		<-allArrived
		return llmtest.Reply{Content: "ok"}
	})
	if got := srv.MaxInFlight(); got != 0 {
		t.Errorf("MaxInFlight() = %d before any request, want 0", got)
	}

	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			resp, err := http.Post(srv.URL+"/chat/completions", "application/json", strings.NewReader(chatBody("hi")))
			if err != nil {
				t.Errorf("POST: %v", err)
				return
			}
			resp.Body.Close()
		})
	}
	for range clients {
		select {
		case <-arrived:
		case <-time.After(5 * time.Second):
			t.Fatal("timed out waiting for the concurrent requests to arrive")
		}
	}
	close(allArrived)
	wg.Wait()
	if got := srv.MaxInFlight(); got != clients {
		t.Errorf("MaxInFlight() = %d for %d requests held at once, want %d", got, clients, clients)
	}

	// A request on its own leaves the maximum as it was.
	post(t, srv, chatBody("after"))
	if got := srv.MaxInFlight(); got != clients {
		t.Errorf("MaxInFlight() = %d after a single request, want it to stay %d", got, clients)
	}
}

func TestScript(t *testing.T) {
	then := func(req *llmtest.Request) llmtest.Reply { return llmtest.Reply{Content: "then:" + req.User} }
	respond := llmtest.Script(then,
		llmtest.Reply{Status: 503, ErrorMessage: "busy"},
		llmtest.Reply{Content: "second"},
	)
	srv := llmtest.NewServer(t, respond)

	status, _, data := post(t, srv, chatBody("a"))
	if status != 503 {
		t.Errorf("request 1: status %d, want the first scripted reply 503", status)
	}
	if msg := decodeCompletion(t, data).Error.Message; msg != "busy" {
		t.Errorf("request 1: error message %q, want busy", msg)
	}

	_, _, data = post(t, srv, chatBody("b"))
	if got := content(t, decodeCompletion(t, data)); got != "second" {
		t.Errorf("request 2: content %q, want the second scripted reply", got)
	}

	for _, user := range []string{"c", "d"} {
		_, _, data = post(t, srv, chatBody(user))
		if got := content(t, decodeCompletion(t, data)); got != "then:"+user {
			t.Errorf("request for %s: content %q, want the reply of then", user, got)
		}
	}
}

func TestScriptConcurrent(t *testing.T) {
	const replies = 10
	scripted := make([]llmtest.Reply, replies)
	for i := range scripted {
		scripted[i] = llmtest.Reply{Content: "scripted"}
	}
	respond := llmtest.Script(func(*llmtest.Request) llmtest.Reply { return llmtest.Reply{Content: "then"} }, scripted...)

	var (
		mu     sync.Mutex
		counts = map[string]int{}
		wg     sync.WaitGroup
	)
	for range 2 * replies {
		wg.Go(func() {
			r := respond(&llmtest.Request{})
			mu.Lock()
			counts[r.Content]++
			mu.Unlock()
		})
	}
	wg.Wait()

	if counts["scripted"] != replies || counts["then"] != replies {
		t.Errorf("got %v, want each of the %d scripted replies once and then for the rest", counts, replies)
	}
}

func TestTests(t *testing.T) {
	tests := []struct {
		name    string
		entries []llmtest.Entry
		want    string
	}{
		{"none", nil, `{"tests":[]}`},
		{"one", []llmtest.Entry{{Name: "F", Code: "func TestF(t *testing.T) {}"}}, `{"tests":[{"name":"F","code":"func TestF(t *testing.T) {}"}]}`},
		{
			"two with escapes",
			[]llmtest.Entry{{Name: "T.M", Code: "x := \"a\"\n"}, {Name: "G", Code: "<&>"}},
			`{"tests":[{"name":"T.M","code":"x := \"a\"\n"},{"name":"G","code":"\u003c\u0026\u003e"}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := llmtest.Tests(tt.entries...)
			if got != tt.want {
				t.Errorf("Tests() = %s, want %s", got, tt.want)
			}

			var decoded struct {
				Tests []llmtest.Entry `json:"tests"`
			}
			if err := json.Unmarshal([]byte(got), &decoded); err != nil {
				t.Fatalf("Tests() is not valid JSON: %v", err)
			}
			if len(decoded.Tests) != len(tt.entries) {
				t.Fatalf("decoded %d entries, want %d", len(decoded.Tests), len(tt.entries))
			}
			for i, e := range tt.entries {
				if decoded.Tests[i] != e {
					t.Errorf("entry %d = %+v, want %+v", i, decoded.Tests[i], e)
				}
			}
		})
	}
}

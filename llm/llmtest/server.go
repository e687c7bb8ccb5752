// Package llmtest provides an OpenAI Chat Completions endpoint on
// 127.0.0.1 for tests: a real HTTP server whose responses and faults a test
// scripts, and which records what it received.
package llmtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// A Server is a Chat Completions endpoint at URL + "/chat/completions".
type Server struct {
	// URL is the base URL to configure a client with, ending in /v1.
	URL string

	respond Responder

	mu          sync.Mutex
	calls       int
	bodies      [][]byte
	inFlight    int
	maxInFlight int
}

// A Responder returns the reply to one request.
type Responder func(req *Request) Reply

// A Request is one chat completion request that the server received.
type Request struct {
	// Call numbers the requests from 1 in the order they arrived.
	Call int

	Header http.Header
	Body   []byte

	// The fields of the JSON body.
	Model          string
	System         string
	User           string
	MaxTokens      int // max_tokens, or max_completion_tokens when that is set
	Temperature    *float64
	ResponseFormat string // the response_format type, "" when absent
}

// A Reply scripts the server's response to one request. The zero Reply is a
// 200 response with empty content.
type Reply struct {
	// Status is the HTTP status; zero means 200.
	Status int

	// Header holds extra response headers, such as Retry-After.
	Header map[string]string

	// Content and FinishReason fill choices[0] of a 200 response;
	// FinishReason defaults to "stop".
	Content      string
	FinishReason string

	// PromptTokens and CompletionTokens fill the usage object.
	PromptTokens     int
	CompletionTokens int

	// ErrorMessage is the message of the error object sent with a status
	// of 400 or more.
	ErrorMessage string

	// Body, when set, is sent as the whole response body instead, for
	// example invalid JSON.
	Body string

	// Delay holds the response back; the server stops waiting when the
	// client goes away.
	Delay time.Duration

	// Reset closes the connection without any response.
	Reset bool

	// CutAfter, when above zero, sends the status, the headers with the
	// full Content-Length and the first CutAfter bytes of the body, then
	// closes the connection: a reset in the middle of the body.
	CutAfter int
}

// NewServer starts a server on 127.0.0.1 that replies to each request with
// respond, and closes it when the test ends.
func NewServer(t testing.TB, respond Responder) *Server {
	t.Helper()
	s := &Server{respond: respond}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.serve)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.URL = srv.URL + "/v1"
	return s
}

// Calls returns the number of requests received.
func (s *Server) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Bodies returns the request bodies received, in order of arrival.
func (s *Server) Bodies() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.bodies...)
}

// MaxInFlight returns the largest number of requests that the server was
// handling at the same time.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}

	s.mu.Lock()
	s.calls++
	s.bodies = append(s.bodies, body)
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	req := &Request{Call: s.calls, Header: r.Header.Clone(), Body: body}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()

	if err := req.decode(); err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody("invalid request body: "+err.Error()))
		return
	}
	reply := s.respond(req)

	if reply.Delay > 0 {
		timer := time.NewTimer(reply.Delay)
		select {
		case <-r.Context().Done():
			timer.Stop()
			return
		case <-timer.C:
		}
	}

	if reply.Reset {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}

	for k, v := range reply.Header {
		w.Header().Set(k, v)
	}
	status := reply.Status
	if status == 0 {
		status = http.StatusOK
	}
	if reply.CutAfter > 0 {
		writeCut(w, status, reply, req)
		return
	}
	if reply.Body != "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, reply.Body)
		return
	}
	if status >= 400 {
		writeJSON(w, status, errorBody(reply.ErrorMessage))
		return
	}
	writeJSON(w, status, completion(req, reply))
}

// writeCut sends the first reply.CutAfter bytes of the response body that
// reply describes and aborts the connection.
func writeCut(w http.ResponseWriter, status int, reply Reply, req *Request) {
	body := []byte(reply.Body)
	if reply.Body == "" {
		var v any = completion(req, reply)
		if status >= 400 {
			v = errorBody(reply.ErrorMessage)
		}
		var err error
		if body, err = json.Marshal(v); err != nil {
			panic(err) // maps of strings and numbers only
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body[:min(reply.CutAfter, len(body))])
	_ = http.NewResponseController(w).Flush()
	// The server closes the connection without logging the panic.
	panic(http.ErrAbortHandler)
}

func (req *Request) decode() error {
	var body struct {
		Model    string `json:"model"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
		MaxTokens           int      `json:"max_tokens"`
		MaxCompletionTokens int      `json:"max_completion_tokens"`
		Temperature         *float64 `json:"temperature"`
		ResponseFormat      *struct {
			Type string `json:"type"`
		} `json:"response_format"`
	}
	if err := json.Unmarshal(req.Body, &body); err != nil {
		return err
	}
	req.Model = body.Model
	for _, m := range body.Messages {
		switch m.Role {
		case "system":
			req.System += m.Content
		case "user":
			req.User += m.Content
		}
	}
	req.MaxTokens = body.MaxTokens
	if body.MaxCompletionTokens > 0 {
		req.MaxTokens = body.MaxCompletionTokens
	}
	req.Temperature = body.Temperature
	if body.ResponseFormat != nil {
		req.ResponseFormat = body.ResponseFormat.Type
	}
	return nil
}

func completion(req *Request, reply Reply) map[string]any {
	finish := reply.FinishReason
	if finish == "" {
		finish = "stop"
	}
	return map[string]any{
		"id":      "chatcmpl-" + strconv.Itoa(req.Call),
		"object":  "chat.completion",
		"created": time.Now().Unix(),
		"model":   req.Model,
		"choices": []map[string]any{{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": reply.Content},
			"finish_reason": finish,
		}},
		"usage": map[string]any{
			"prompt_tokens":     reply.PromptTokens,
			"completion_tokens": reply.CompletionTokens,
			"total_tokens":      reply.PromptTokens + reply.CompletionTokens,
		},
	}
}

func errorBody(message string) map[string]any {
	return map[string]any{"error": map[string]any{"message": message, "type": "invalid_request_error"}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// The client may have gone away, which the test detects on its side.
	_ = json.NewEncoder(w).Encode(v)
}

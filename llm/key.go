package llm

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"
	"strconv"
)

// A Key is the SHA-256 hash of everything that determines a response. It
// names a cache entry and a single-flight call.
type Key [sha256.Size]byte

// String returns the key in hexadecimal.
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// A KeyFunc returns the key of a completion request.
type KeyFunc func(CompletionRequest) Key

// NewKeyFunc returns the KeyFunc of completions sent to the endpoint at
// baseURL, the one that NewClient uses for its cache and single flight.
func NewKeyFunc(baseURL string) (KeyFunc, error) {
	ep, err := parseEndpoint(baseURL)
	if err != nil {
		return nil, err
	}
	return completionKeyFunc(ep), nil
}

// completionKeyFunc returns the KeyFunc of completions sent to ep. The key
// covers the endpoint kind and host, the prompt template version and every
// field of the request. The API key is not part of it, so changing keys
// keeps the cache.
func completionKeyFunc(ep endpoint) KeyFunc {
	return func(req CompletionRequest) Key {
		h := sha256.New()
		writeFields(h,
			"testgen completion",
			promptVersion,
			ep.kind,
			ep.host,
			req.Model,
			strconv.FormatUint(uint64(math.Float32bits(req.Temperature)), 16),
			strconv.Itoa(req.MaxTokens),
			string(req.ResponseFormat.Type),
			req.ResponseFormat.Name,
			string(req.ResponseFormat.Schema),
			req.System,
			req.User,
		)
		var k Key
		h.Sum(k[:0])
		return k
	}
}

// testKey returns the key of the per-function cache entry that belongs to
// the completion key of a single-function request. It differs from the
// completion key, so that a stored test and a stored completion never share
// a file.
func testKey(completion Key) Key {
	h := sha256.New()
	writeFields(h, "testgen test", string(completion[:]))
	var k Key
	h.Sum(k[:0])
	return k
}

// writeFields writes each field with its length in front, so that no two
// different field lists hash the same bytes.
func writeFields(h hash.Hash, fields ...string) {
	var n [8]byte
	for _, f := range fields {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
}

package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// cacheVersion changes whenever the key or the entry format changes, so
// that old entries become misses.
const cacheVersion = "testgen-verify-1"

// A cacheEntry is the stored verdict on one prepared candidate. Key is
// stored as well and checked on read, so a truncated or misplaced file is
// a miss.
type cacheEntry struct {
	Key    string `json:"key"`
	Passed bool   `json:"passed"`
	Reason string `json:"reason,omitempty"`
}

// cacheKey returns the hex SHA-256 of everything a verdict depends on: the
// candidate's code and imports as prepared, the target it goes into, the
// package's source files, the go version and the number of runs.
//
// NOTE: changes outside the package directory, such as a dependency's
// source or go.mod, are not part of the key, so a stale verdict can be
// served after them until the package's own files change.
func cacheKey(p *prepared, req *Request, scope *packageScope, goVersion string, runs int) string {
	h := sha256.New()
	field := func(s string) {
		// Length prefixes keep distinct field lists from hashing alike.
		fmt.Fprintf(h, "%d:%s\x00", len(s), s)
	}
	field(cacheVersion)
	field(p.code)
	for _, imp := range p.imports {
		field(imp.Name)
		field(imp.Path)
	}
	field("target")
	target := req.Targets[p.cand.File]
	field(filepath.Base(target.Path))
	field(req.TestPkgName)
	if target.Base == nil {
		field("new")
		field(target.New.Header)
		field(target.New.PackageName)
	} else {
		field("base")
		writeField(h, target.Base)
	}
	field(hex.EncodeToString(scope.sourceHash[:]))
	field(goVersion)
	field(strconv.Itoa(runs))
	return hex.EncodeToString(h.Sum(nil))
}

func writeField(h hash.Hash, b []byte) {
	fmt.Fprintf(h, "%d:", len(b))
	h.Write(b)
	h.Write([]byte{0})
}

func (r *Runner) cachePath(key string) string {
	return filepath.Join(r.CacheDir, key[:2], key+".json")
}

// cacheGet returns the stored verdict for key. A missing, unreadable or
// corrupt entry is a miss.
func (r *Runner) cacheGet(key string) (cacheEntry, bool) {
	data, err := os.ReadFile(r.cachePath(key))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			r.logger().Warn("verification cache entry unreadable; verifying again", "key", key, "error", err)
		}
		return cacheEntry{}, false
	}
	var e cacheEntry
	if err := json.Unmarshal(data, &e); err != nil || e.Key != key {
		r.logger().Debug("verification cache entry corrupt; verifying again", "key", key)
		return cacheEntry{}, false
	}
	return e, true
}

// cachePut stores a verdict. The entry is written to a temporary file and
// renamed, so a reader sees either no entry or the whole entry. A failed
// write is logged and otherwise ignored, since it only costs a later run.
func (r *Runner) cachePut(e cacheEntry) {
	if err := r.writeEntry(e); err != nil {
		r.logger().Warn("verification cache entry not written", "key", e.Key, "error", err)
	}
}

func (r *Runner) writeEntry(e cacheEntry) error {
	path := r.cachePath(e.Key)
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

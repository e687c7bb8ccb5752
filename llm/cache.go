package llm

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
)

// entryMagic starts every cache entry. Changing the entry layout changes
// the version number in it, and entries of other versions read as misses.
const entryMagic = "testgen-llm-cache-v1"

// maxEntrySize bounds the size of a cache entry that Get reads.
const maxEntrySize = 16 << 20

// A Cache is an on-disk, content-addressed store of responses, safe for use
// by many goroutines and processes at once.
//
// Each entry is one file named by its key. Writers write a temporary file in
// the entry's directory and rename it into place, so readers see a whole
// entry or none. Each entry starts with a header that contains the format
// version, the payload size and the payload's SHA-256 checksum. So a
// truncated, corrupt or empty entry, or one of another format version, is a
// miss, and the next Put replaces it.
//
// A nil *Cache is a disabled cache: Get misses and Put stores nothing.
//
// TODO: entries are never removed, so the directory grows until the user
// deletes it.
type Cache struct {
	dir     string
	hits    atomic.Int64
	misses  atomic.Int64
	entries atomic.Int64
}

// DefaultCacheDir returns the default cache directory, testgen inside the
// user's cache directory (os.UserCacheDir).
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("testgen: no default cache directory: %w; set TESTGEN_CACHE to a directory or to off", err)
	}
	return filepath.Join(dir, "testgen"), nil
}

// OpenCache opens the cache in dir, creating dir with mode 0700 if needed.
func OpenCache(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("testgen: cannot create cache directory: %w; set TESTGEN_CACHE to a writable directory or to off", err)
	}
	return &Cache{dir: dir}, nil
}

// Dir returns the cache directory, or "" for a disabled cache.
func (c *Cache) Dir() string {
	if c == nil {
		return ""
	}
	return c.dir
}

func (c *Cache) path(key Key) string {
	name := key.String()
	return filepath.Join(c.dir, "llm", name[:2], name)
}

// Get returns the payload stored under key. It reports false when there is
// no valid entry.
func (c *Cache) Get(key Key) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	payload, err := readEntry(c.path(key))
	if err != nil {
		c.misses.Add(1)
		return nil, false
	}
	c.hits.Add(1)
	return payload, true
}

// Put stores payload under key, replacing any entry there.
func (c *Cache) Put(key Key, payload []byte) error {
	if c == nil {
		return nil
	}
	path := c.path(key)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("cannot store cache entry: %w", err)
	}

	// os.CreateTemp creates the file with mode 0600.
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot store cache entry: %w", err)
	}
	_, err = f.Write(encodeEntry(payload))
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("cannot store cache entry: %w", err)
	}
	c.entries.Add(1)
	return nil
}

// encodeEntry returns the header line "magic checksum size" followed by the
// payload.
func encodeEntry(payload []byte) []byte {
	sum := sha256.Sum256(payload)
	header := fmt.Sprintf("%s %s %d\n", entryMagic, hex.EncodeToString(sum[:]), len(payload))
	return append([]byte(header), payload...)
}

var errBadEntry = errors.New("invalid cache entry")

// readEntry returns the payload of the entry file at path after checking
// its header, size and checksum.
func readEntry(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Size() > maxEntrySize {
		return nil, errBadEntry
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return decodeEntry(data)
}

func decodeEntry(data []byte) ([]byte, error) {
	header, payload, ok := bytes.Cut(data, []byte("\n"))
	if !ok {
		return nil, errBadEntry
	}
	fields := bytes.Fields(header)
	if len(fields) != 3 || string(fields[0]) != entryMagic {
		return nil, errBadEntry
	}
	size, err := strconv.Atoi(string(fields[2]))
	if err != nil || size != len(payload) {
		return nil, errBadEntry
	}
	sum := sha256.Sum256(payload)
	if hex.EncodeToString(sum[:]) != string(fields[1]) {
		return nil, errBadEntry
	}
	return payload, nil
}

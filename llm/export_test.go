package llm

// ReadEntry exposes readEntry to the external tests, which check that no
// cache file is corrupt after several processes wrote to one cache.
var ReadEntry = readEntry

// Package llm generates tests with a large language model behind an
// OpenAI-compatible Chat Completions endpoint.
//
// A Provider sends one completion request. Middleware values wrap a
// Provider in another Provider: an on-disk cache, single flight for
// identical requests, retry with backoff and a concurrency limit shared by
// all testgen processes that use one cache directory. NewClient assembles
// them in one place, and Generator uses the resulting Client to generate tests for the
// requests of a package in batches.
package llm
